"""Reported troop figures: every count of personnel, as a claim.

A figure is a number (digits in any common format, or number words) or a range
("11.000 bis 12.000", "between 11,000 and 12,000"), followed within a few
modifier words by a personnel noun ("Soldaten", "troops") or a demonym
("Nordkoreaner").  Its qualifier ("etwa", "mehr als", "up to") sets the bounds,
with factors from data/lexicon/qualifiers.csv (approximate ±10 %, "more than" open above, "up to" open
below).  Kind, subject, location, claimant and date come from the sentence around it (whose, who sends and where: facts/figure_roles.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from lagebild.extraction.facts import figure_scope
from lagebild.extraction.facts.doc import Doc, Mention
from lagebild.extraction.facts.figure_claimant import (Said, claimant_words, figure_claimant, restatements,
                                                       source_tokens)
from lagebild.extraction.facts.figure_roles import location as place_of, sender
from lagebild.extraction.facts.figure_roles import subject_actor as who_of
from lagebild.extraction.facts.modality import figure_modality
from lagebild.extraction.facts.figure_counts import (NUMBER_WORD_STARTS, FigureWords, read_bounds, Count,
                                                     counted_noun, read_range, bare_reference, figure_words)


@dataclass
class Figure:
    sentence: int
    first: int
    last: int
    value: int
    low: int | None
    high: int | None
    qualifier: str | None
    kind: str
    subject: str | None
    subject_actor: str | None
    location: str | None
    claimed_by: str | None
    date: str | None
    date_precision: str | None
    modality: str = "asserted"
    scope: str = "total"
    # The deployment's own start ("seit September"), apart from the report date: the *since when*.
    since: str | None = None
    since_precision: str | None = None
    # Who passes the claimant's figure on: a lawmaker citing the NIS, an outlet quoting a speaker.
    relayed_by: str | None = None



def _kind(doc: Doc, a: int, b: int, first: int, noun_end: int) -> str:
    """The counted noun itself ("Tote", "casualties"); else the predicate after the count
    ("300 von Nordkorea entsandte Soldaten … getötet": killed); else a modifier inside
    the phrase ("1,200 wounded troops"); else the nearest cue before it."""
    best, inner, captured_in_clause = None, None, False
    # A concession is the setting, not the count's predicate ("two soldiers who, although
    # wounded, survived" are not counted as wounded).
    aside = doc.opened_tokens(doc.sentence_of[a], doc.clause_words.concessive)
    for m in doc.cues("figure_kinds", doc.sentence_of[a]):
        s, e = m.start, m.end
        if s in aside and first not in aside:
            continue
        if m.payload[0] == "captured" and not (first <= s < noun_end) and \
                not doc.crosses_predication(min(e, first), max(s, noun_end)):
            captured_in_clause = True
        if first <= s < noun_end:
            if e >= noun_end:
                return m.payload[0]
            inner = inner or m.payload[0]
            continue
        # The predicate usually follows the count ("4.700 … seien getötet"): on a tie, after wins.
        dist = s - noun_end if s >= noun_end else first - e + 0.5
        if best is None or dist < best[0]:
            best = (dist, m.payload[0])
    if best is not None and (best[0] == int(best[0]) or inner is None):
        return best[1]  # a predicate after the phrase, or the only cue there is
    if inner is not None and captured_in_clause:
        # "Ukraine captured two wounded soldiers": the capture is what happened to them;
        # "wounded" only describes them.
        return "captured"
    return inner or "other"



def _date(doc: Doc, sentence: int, first: int, skip: int | None = None):
    """The report date: the date in the sentence nearest the count (not its ``since`` date at token
    ``skip``), else the publication."""
    ds = [d for d in doc.dates if d.sentence == sentence and d.date and d.first != skip]
    if ds:
        d = min(ds, key=lambda d: abs(d.first - first))
        return d.date, d.precision
    # No date in the sentence: the claim is as of the document's publication.
    if doc.published is not None:
        if doc.published_precision == "day":
            return doc.published.isoformat(), "day"
        return f"{doc.published.year:04d}-{doc.published.month:02d}", "month"
    return None, None


def _stationed(doc: Doc, sentence: int, place: str | None, fw: FigureWords) -> bool:
    """Does the sentence say the counted people are *in* the place ("in der Region Kursk", "inside
    Russia"), not only brought or sent to it?"""
    if place is None:
        return False
    for m in doc.mentions_in(sentence):
        if m.entity_kind == "place" and m.entity_id == place:
            lo = max(doc.sentence_tokens[sentence][0], m.first - 3)
            if any(doc.lower[k] in fw.located for k in range(lo, m.first)):
                return True
    return False


def _previous_subject(figures: list[Figure], sentence: int) -> str | None:
    """"300 North Korean soldiers killed and 2,700 wounded": the second count is of the same people."""
    if figures and figures[-1].sentence == sentence:
        return figures[-1].subject_actor
    return None



def _figure(doc: Doc, c: Count, noun_end: int, s_idx: int, actor_ms: list[Mention], out: list[Figure],
            said: dict[int, Said], counted: tuple[int, int] | None = None, antecedent: Figure | None = None) -> Figure:
    a, b = doc.sentence_tokens[s_idx]
    first = c.first
    subj = counted or ((c.end, noun_end) if noun_end > c.end else None)
    kind = _kind(doc, a, b, first, noun_end)
    if kind == "other" and antecedent is not None:
        kind = antecedent.kind  # "weitere 6.000": more of what the text was counting
    outlets = claimant_words(doc.language).outlets
    # A wire credit or an outlet ("WARSAW (Reuters) -") and a source ("laut ukrainischen Angaben") are
    # never whose troops.
    sources = source_tokens(doc, s_idx)
    owners = [m for m in actor_ms if m.entity_id not in outlets and m.first not in sources]
    subject_actor = who_of(doc, *(subj or (first, noun_end)), a, b, owners) if counted else \
        who_of(doc, first, noun_end, a, b, owners)
    if subject_actor is None and antecedent is not None:
        subject_actor = antecedent.subject_actor
    location = place_of(doc, s_idx, first)
    if kind == "other" and _stationed(doc, s_idx, location, figure_words(doc.language)):
        kind = "deployed"  # a count of a force in a place: "die Zahl der Streitkräfte in Russland … 11.000"
    since = figure_scope.since_date(doc, s_idx, first, noun_end)
    date, precision = _date(doc, s_idx, first, skip=since[0] if since else None)
    # Neither the count nor the counted phrase ("die Zahl nordkoreanischer Streitkräfte") is the claimant.
    exclude = set(range(min(first, (subj or (first,))[0]), max(noun_end, subj[1] if subj else 0)))
    who = figure_claimant(doc, s_idx, exclude, said)
    if who.claimed_by or s_idx not in said:
        said[s_idx] = who
    if subject_actor is None and who.accused:
        subject_actor = doc.gazetteer.state_for(who.accused) or who.accused  # "werfen Nordkorea vor, … entsandt zu haben"
    scope = figure_scope.scope(doc, s_idx, first, c.number, noun_end, kind, location, int(c.value), out, since)
    if kind == "other" and scope == "part" and out and s_idx - out[-1].sentence <= 1:
        kind = out[-1].kind  # "1.500 Offiziere entsandt. Darunter seien 500 Generäle": some of those counted
    return Figure(
        sentence=s_idx, first=first, last=noun_end, value=int(c.value), low=c.low, high=c.high,
        qualifier=c.qualifier, kind=kind,
        subject=doc.text[doc.starts[subj[0]]:doc.ends[subj[1] - 1]] if subj else None,
        subject_actor=subject_actor or _previous_subject(out, s_idx) or sender(doc, first, a, owners, kind),
        location=location, claimed_by=who.claimed_by,
        date=date, date_precision=precision,
        modality=figure_modality(doc, a, b, first, noun_end),
        scope=scope,
        since=since[1] if since else None, since_precision=since[2] if since else None,
        relayed_by=who.relayed_by,
    )


def extract_figures(doc: Doc) -> list[Figure]:
    out: list[Figure] = []
    said: dict[int, Said] = {}  # sentence -> its claimant, for the sentences after it
    fw = figure_words(doc.language)
    date_tokens = {i for d in doc.dates for i in range(d.first, d.last)}
    starts = NUMBER_WORD_STARTS[doc.language]
    for s_idx, (a, b) in enumerate(doc.sentence_tokens):
        actor_ms = [m for m in doc.mentions_in(s_idx) if m.entity_kind == "actor"]
        actor_tok = {i: m for m in actor_ms for i in range(m.first, m.last)}
        i = a
        while i < b:
            if i in date_tokens or i in actor_tok or (doc.kinds[i] != "num" and doc.lower[i][:3] not in starts):
                i += 1
                continue
            read = read_range(doc, i, a, b, fw)
            if read is None:
                i += 1
                continue
            c = read_bounds(doc, i, a, read)
            noun_end = counted_noun(doc, c.end, b, actor_tok, fw)
            if noun_end is not None:
                out.append(_figure(doc, c, noun_end, s_idx, actor_ms, out, said))
                i = noun_end
                continue
            ref = bare_reference(doc, c, s_idx, a, b, out, fw)
            if ref is not None:
                out.append(_figure(doc, c, ref[0], s_idx, actor_ms, out, said, counted=ref[1], antecedent=ref[2]))
            i = ref[0] if ref else c.end
    restatements(doc, out)
    return out

