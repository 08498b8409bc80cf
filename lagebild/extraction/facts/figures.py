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
from functools import lru_cache

from lagebild.extraction.facts import figure_scope
from lagebild.extraction.facts.doc import Doc, Mention
from lagebild.extraction.facts.figure_claimant import (Said, claimant_words, figure_claimant, restatements,
                                                       source_tokens)
from lagebild.extraction.facts.figure_roles import location as place_of, sender
from lagebild.extraction.facts.figure_roles import subject_actor as who_of
from lagebild.extraction.facts.modality import figure_modality
from lagebild.extraction.facts.numbers import read_number
from lagebild.extraction.lexicon import word_roles

MAX_NP_GAP = 4  # words allowed between the number and the counted noun
# First three letters of spelled-out numbers: other words are skipped without parsing.
NUMBER_WORD_STARTS = {
    "de": {"ein", "zwe", "dre", "vie", "fün", "sec", "sie", "ach", "neu", "zeh", "elf", "zwö", "zwa", "hun", "tau"},
    "en": {"one", "two", "thr", "fou", "fiv", "six", "sev", "eig", "nin", "ten", "ele", "twe", "thi", "fif",
           "for", "hun", "tho", "a"},
}


@dataclass(frozen=True)
class FigureWords:
    """The closed word lists of data/lexicon/figure_words.csv, by role."""
    range: frozenset[str]          # "11.000 bis 12.000"
    between: dict[str, str]        # "zwischen" -> "und"
    np_modifiers: frozenset[str]   # English words inside a counted phrase ("2,000 wounded troops")
    agents: frozenset[str]         # "300 von Nordkorea entsandte Soldaten"
    vague: frozenset[str]          # "mehrere tausend": no count
    further: frozenset[str]        # "weitere 6.000", "a further 900": more of the same
    count_nouns: frozenset[str]    # "die Zahl der Soldaten … bei 11.000"
    partitive: tuple[tuple[str, ...], ...]  # "4.700 von ihnen"
    quotes: frozenset[str]
    not_count: frozenset[str]      # "30 %"
    bare_follow: frozenset[str]    # English words that may follow a number standing alone
    multipliers: frozenset[str]
    coordinators: frozenset[str]   # "300 getötet und 2.700 verletzt"
    located: frozenset[str] = frozenset()  # "in", "inside": where a force *is* ("in der Region Kursk")
    more_after: frozenset[str] = frozenset()  # "3,000 more have arrived"
    part_before: tuple[tuple[str, ...], ...] = ()  # "Davon seien 8.000 in Kursk"
    units: tuple[str, ...] = ()  # stems of unit nouns ("brigade"): "two brigades of 5,000 each"
    unit_links: frozenset[str] = frozenset()  # "of", "mit" between the unit and its strength


@lru_cache(maxsize=4)
def figure_words(language: str) -> FigureWords:
    r = word_roles("figure_words", language)

    def words(role: str) -> frozenset[str]:
        return frozenset(r.get(role, ()))

    return FigureWords(words("range"), dict(r.get("between", {})), words("np_modifier"), words("agent"),
                       words("vague"), words("further"), words("count_noun"),
                       tuple(tuple(p.split()) for p in r.get("partitive", ())), words("quote"),
                       words("not_count"), words("bare_follow"), words("multiplier"),
                       words("coordinator"), words("located"), words("more_after"),
                       tuple(tuple(p.split()) for p in r.get("part_before", ())),
                       tuple(w.rstrip("*") for w in r.get("unit", ())), words("unit_link"))


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


def _qualifier_before(doc: Doc, i: int, a: int):
    idx = doc.lexicon["qualifiers"]
    for k in range(max(a, i - 3), i):
        for m in idx.match_at(doc.lower, k):
            if m.end == i:
                return k, m.payload
    return None


def _counted_noun(doc: Doc, j: int, b: int, actor_tok: dict[int, Mention], fw: FigureWords) -> int | None:
    """Index one past the counted noun that follows a number ending at ``j``, or None."""
    personnel = doc.lexicon["personnel"]
    attribute = None  # "two wounded soldiers", "zwei verwundete Soldaten": the adjective is no head
    for k in range(j, min(b, j + MAX_NP_GAP + 1)):
        ms = personnel.match_at(doc.lower, k)
        if ms:
            if attribute is None and _attributive_noun(doc, ms[0].end, b, fw):
                attribute = ms[0].end
                continue
            return ms[0].end
        m = actor_tok.get(k)
        if m is not None and k > j and doc.lower[m.first - 1] in fw.agents:
            continue  # the agent inside the phrase ("von Nordkorea entsandte"), not the counted noun
        if m is not None:
            actor = doc.actor(m.entity_id)
            w = doc.words[m.last - 1]
            # A demonym used as a noun: "Nordkoreaner", "North Koreans" (not "Russlands").
            if actor is not None and actor.type in ("state", "group") and m.last - 1 == k and w[0].isupper() \
                    and (doc.language == "en" and w.endswith("s") or doc.language == "de" and not w.endswith("s")):
                if k + 1 >= b or not personnel.match_at(doc.lower, k + 1):
                    return m.last
            continue
        if doc.kinds[k] != "word":
            return None
        w = doc.words[k]
        if doc.lower[k] in fw.agents and k + 1 in actor_tok:
            continue  # "300 von Nordkorea entsandte Soldaten"
        if doc.language == "de":
            if not (w[0].islower() and w.endswith(("e", "en", "er", "es", "em"))):
                return None
        elif doc.lower[k] not in fw.np_modifiers:
            return attribute
    return attribute


def _attributive_noun(doc: Doc, end: int, b: int, fw: FigureWords) -> bool:
    """Is a personnel word ("wounded", "Verwundete") used as an adjective of the noun that
    follows ("wounded soldiers", "verwundete Soldaten")?  In German it is then written in
    lower case (if no noun follows after all, it stays the head: the caller falls back to
    it); in English it is a modifier with a personnel noun or a name after it."""
    if end >= b or doc.kinds[end] != "word":
        return False
    w = doc.words[end - 1]
    if doc.language == "de":
        return w[0].islower()  # a German noun is capitalised: "verwundete" is an adjective
    if doc.language == "en" and doc.lower[end - 1] not in fw.np_modifiers:
        return False
    nxt = doc.words[end]
    return bool(doc.lexicon["personnel"].match_at(doc.lower, end)) or nxt[0].isupper()


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


@dataclass
class _Count:
    """A number or range as read, before it is known to count people."""
    first: int  # first token, qualifier or "zwischen" included
    number: int  # the (first) number's token
    end: int    # one past the last number token
    value: int
    low: int | None
    high: int | None
    qualifier: str | None


def _read_range(doc: Doc, i: int, a: int, b: int, fw: FigureWords) -> tuple[int, int, int | None, int] | None:
    """(first token, first value, second value of a range or None, end) of the number at ``i``."""
    num = read_number(doc.words, doc.kinds, i, doc.language)
    if num is None:
        return None
    v1, j = num
    opener = doc.lower[i - 1] if i - 1 >= a else None
    if opener in fw.vague and doc.lower[i] in fw.multipliers:
        return None  # "mehrere tausend", "several thousand": no count
    # "11.000 bis 12.000", "11,000-12,000"; "zwischen 11.000 und 12.000".
    if j + 1 < b and doc.lower[j] in fw.range:
        nxt = read_number(doc.words, doc.kinds, j + 1, doc.language)
        if nxt and nxt[0] > v1:
            return i, v1, nxt[0], nxt[1]
    elif opener in fw.between and j + 1 < b and doc.lower[j] == fw.between[opener]:
        nxt = read_number(doc.words, doc.kinds, j + 1, doc.language)
        if nxt and nxt[0] > v1:
            return i - 1, v1, nxt[0], nxt[1]
    return i, v1, None, j


def _bounds(doc: Doc, i: int, a: int, read: tuple[int, int, int | None, int]) -> _Count:
    """Value, bounds and qualifier: a range's midpoint and ends, or the qualifier's factors
    (data/lexicon/qualifiers.csv); an unqualified number is exact."""
    first, v1, v2, j = read
    if v2 is not None:
        qualifier = doc.text[doc.ends[first]:doc.starts[j - 1]].strip() if first == i else doc.words[first]
        return _Count(first, i, j, round((v1 + v2) / 2), v1, v2, qualifier or "range")
    q = _qualifier_before(doc, i, a)
    if q is None:
        return _Count(first, i, j, v1, v1, v1, None)
    k, (lowf, highf) = q
    s, e = doc.span(k, i)
    return _Count(k, i, j, v1, round(v1 * float(lowf)) if lowf else None,
                  round(v1 * float(highf)) if highf else None, doc.text[s:e])


def _stands_alone(doc: Doc, j: int, b: int, fw: FigureWords) -> bool:
    """No noun follows the number: the sentence ends, a clause or quote closes, or a
    verb follows (German nouns are capitalised; English takes a short list)."""
    k = j + 1 if j < b and doc.words[j] in fw.quotes else j
    if k >= b:
        return True
    w = doc.words[k]
    if w in fw.not_count or doc.lower[k] in fw.not_count:
        return False
    if doc.kinds[k] == "punct":
        return True
    return w[0].islower() if doc.language == "de" else doc.lower[k] in fw.bare_follow


def _antecedent(figures: list[Figure], sentence: int, reach: int = 1) -> Figure | None:
    """The last figure in this or the ``reach`` previous sentences."""
    if figures and sentence - figures[-1].sentence <= reach:
        return figures[-1]
    return None


def _count_phrase(doc: Doc, c: _Count, a: int, fw: FigureWords) -> tuple[int, int] | None:
    """"die Zahl nordkoreanischer Streitkräfte … bei 11.000": the counted phrase's token span."""
    lo = doc.clause_start(a, c.first)
    personnel = doc.lexicon["personnel"]
    demonyms = {m.first: m.last for m in doc.mentions_in(doc.sentence_of[c.first]) if m.entity_kind == "actor"
                and m.last == m.first + 1 and doc.words[m.first][:1].isupper()}
    for k in range(c.first - 1, lo - 1, -1):
        if doc.lower[k] in fw.count_nouns:
            for n in range(k + 1, min(c.first, k + 5)):
                ms = personnel.match_at(doc.lower, n)
                if ms:
                    return k + 1, ms[0].end
                # "die Zahl der Nordkoreaner in Russland auf 12.000": a demonym as the counted noun
                if n in demonyms and (doc.language == "de" and not doc.words[n].endswith("s")
                                      or doc.language == "en" and doc.words[n].endswith("s")):
                    return k + 1, demonyms[n]
            return None
    return None


def _reference(doc: Doc, c: _Count, s_idx: int, a: int, b: int, out: list[Figure], fw: FigureWords):
    """A count without its noun that the text ties to people: (end token, counted
    phrase span or None, antecedent figure or None), or None.

    * partitive: "4.700 von ihnen" (the previous figure's people);
    * a count noun: "die Zahl der Soldaten könne bei 11.000 liegen", "diese Zahl … auf 15.000";
    * quoted: '"more than 8,000," the official said' after a sentence about troops;
    * more of the same: "weitere 6.000", "a further 900", "… getötet und 2.700 verletzt"."""
    prev = _antecedent(out, s_idx)
    for phrase in fw.partitive:
        if tuple(doc.lower[c.end:c.end + len(phrase)]) == phrase and prev is not None:
            return c.end + len(phrase), None, prev
    unit = _unit_before(doc, c.first, a, fw)
    if unit is not None:
        # "zwei Brigaden mit jeweils 6000", "two brigades of 5,000 each": a unit's strength counts people.
        return c.end, (unit, unit + 1), None
    if not _stands_alone(doc, c.end, b, fw):
        return None
    span = _count_phrase(doc, c, a, fw)
    if span is not None:
        return c.end, span, None
    lo = doc.clause_start(a, c.first)
    if prev is not None and any(doc.lower[k] in fw.count_nouns for k in range(lo, c.first)):
        return c.end, None, prev  # "Diese Zahl könnte auf 15.000 wachsen"
    before = doc.lower[c.first - 1] if c.first > a else None
    close = c.end + 1 if c.end + 1 < b and doc.words[c.end] in (",", ".") else c.end  # '"8,000," he said'
    quoted = before in fw.quotes and close < b and doc.words[close] in fw.quotes
    # "300 Soldaten wurden getötet und 2.700 verletzt": the same people, another kind.
    gapped = before in fw.coordinators and prev is not None and prev.sentence == s_idx and \
        any(m.start == c.end for m in doc.cues("figure_kinds", s_idx))
    if (quoted or before in fw.further or gapped) and prev is not None:
        return c.end, None, prev
    more = c.end < b and doc.lower[c.end] in fw.more_after
    if prev is not None and (more or _after_phrase(doc, c.first, a, fw.part_before)):
        # "Since October, 3,000 more have arrived", "Davon seien 8.000 in Kursk": of the people just counted.
        return c.end + more, None, prev
    return None


def _after_phrase(doc: Doc, first: int, a: int, phrases) -> bool:
    """Does one of ``phrases`` end right before token ``first`` (a comma between allowed)?"""
    k = first - 1 if first - 1 >= a and doc.words[first - 1] == "," else first
    for p in phrases:
        if k - len(p) >= a and tuple(doc.lower[k - len(p):k]) == p:
            return True
    # a verb between: "Davon seien 8.000"
    return any(k - 1 - len(p) >= a and tuple(doc.lower[k - 1 - len(p):k - 1]) == p for p in phrases)


def _unit_before(doc: Doc, first: int, a: int, fw: FigureWords) -> int | None:
    """The unit noun a strength belongs to ("Brigaden mit jeweils 6000", "brigades of 5,000"), or None."""
    for k in range(first - 1, max(a, first - 4) - 1, -1):
        if doc.lower[k] in fw.unit_links and k - 1 >= a and doc.lower[k - 1].startswith(fw.units):
            return k - 1
    return None


def _figure(doc: Doc, c: _Count, noun_end: int, s_idx: int, actor_ms: list[Mention], out: list[Figure],
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
            read = _read_range(doc, i, a, b, fw)
            if read is None:
                i += 1
                continue
            c = _bounds(doc, i, a, read)
            noun_end = _counted_noun(doc, c.end, b, actor_tok, fw)
            if noun_end is not None:
                out.append(_figure(doc, c, noun_end, s_idx, actor_ms, out, said))
                i = noun_end
                continue
            ref = _reference(doc, c, s_idx, a, b, out, fw)
            if ref is not None:
                out.append(_figure(doc, c, ref[0], s_idx, actor_ms, out, said, counted=ref[1], antecedent=ref[2]))
            i = ref[0] if ref else c.end
    restatements(doc, out)
    return out
