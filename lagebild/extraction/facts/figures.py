"""Reported troop figures: every count of personnel, as a claim.

A figure is a number (digits in any common format, or number words) or a range
("11.000 bis 12.000", "between 11,000 and 12,000"), followed within a few
modifier words by a personnel noun ("Soldaten", "troops") or a demonym
("Nordkoreaner").  Its qualifier ("etwa", "mehr als", "up to") sets the bounds,
with factors from data/lexicon/qualifiers.csv: approximate ±10 %, "more than"
open above, "up to" open below.  Kind, subject, location, claimant and date come
from the sentence around it (see the helpers below for each rule).
"""

from __future__ import annotations

from dataclasses import dataclass

from lagebild.extraction.facts import attribution
from lagebild.extraction.facts.doc import Doc, Mention
from lagebild.extraction.facts.events import figure_modality
from lagebild.extraction.facts.numbers import read_number

RANGE_WORDS = {"bis", "to", "-", "–", "—"}
BETWEEN = {"zwischen": "und", "between": "and"}
EN_NP_MODIFIERS = {"more", "additional", "further", "new", "elite", "special", "regular", "active",
                   "combat", "military", "army", "troops", "of", "their", "its", "the"}
MAX_NP_GAP = 4  # words allowed between the number and the counted noun
# First three letters of spelled-out numbers: other words are skipped without parsing.
NUMBER_WORD_STARTS = {
    "de": {"ein", "zwe", "dre", "vie", "fün", "sec", "sie", "ach", "neu", "zeh", "elf", "zwö", "zwa", "hun", "tau"},
    "en": {"one", "two", "thr", "fou", "fiv", "six", "sev", "eig", "nin", "ten", "ele", "twe", "thi", "fif",
           "for", "hun", "tho", "a"},
}


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


def _qualifier_before(doc: Doc, i: int, a: int):
    idx = doc.lexicon["qualifiers"]
    for k in range(max(a, i - 3), i):
        for m in idx.match_at(doc.lower, k):
            if m.end == i:
                return k, m.payload
    return None


def _counted_noun(doc: Doc, j: int, b: int, actor_tok: dict[int, Mention]) -> int | None:
    """Index one past the counted noun that follows a number ending at ``j``, or None."""
    personnel = doc.lexicon["personnel"]
    for k in range(j, min(b, j + MAX_NP_GAP + 1)):
        ms = personnel.match_at(doc.lower, k)
        if ms:
            return ms[0].end
        m = actor_tok.get(k)
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
        if doc.language == "de":
            if not (w[0].islower() and w.endswith(("e", "en", "er", "es", "em"))):
                return None
        elif w.lower() not in EN_NP_MODIFIERS:
            return None
    return None


def _kind(doc: Doc, a: int, b: int, first: int, noun_end: int) -> str:
    best = None
    for m in doc.cues("figure_kinds", doc.sentence_of[a]):
        s, e = m.start, m.end
        if first <= s < noun_end:  # the counted noun itself ("Tote", "casualties")
            return m.payload[0]
        # The predicate usually follows the count ("4.700 … seien getötet"): on a tie, after wins.
        dist = s - noun_end if s >= noun_end else first - e + 0.5
        if best is None or dist < best[0]:
            best = (dist, m.payload[0])
    return best[1] if best else "other"


def _subject_actor(doc: Doc, first: int, noun_end: int, a: int, b: int, actor_ms: list[Mention]) -> str | None:
    gaz = doc.gazetteer
    # 1. Nationality inside the counted phrase: "nordkoreanische Soldaten".
    for m in actor_ms:
        if first <= m.first < noun_end:
            st = gaz.state_for(m.entity_id)
            if st:
                return st
    # 2. Right after it: "Soldaten aus Nordkorea", "troops from North Korea".
    if noun_end + 1 < b and doc.words[noun_end].lower() in ("aus", "from", "of"):
        for m in actor_ms:
            if m.first in (noun_end + 1, noun_end + 2):
                st = gaz.state_for(m.entity_id)
                if st:
                    return st
    # 3. The owner of the phrase just before: "Russlands Mobilisierung von 50.000 Soldaten".
    for m in reversed(actor_ms):
        if m.last <= first and first - m.last <= 3 and "," not in doc.words[m.last:first]:
            actor = doc.actor(m.entity_id)
            if actor is not None and actor.type != "person":
                st = gaz.state_for(m.entity_id)
                if st:
                    return st
    return None


def _sender(doc: Doc, first: int, a: int, actor_ms: list[Mention], kind: str) -> str | None:
    """Who sends or mobilises the counted troops: the state or organisation heading the
    clause ("Nordkorea hat … 3000 Soldaten nach Russland geschickt")."""
    if kind not in ("deployed", "mobilised"):
        return None
    in_roles = attribution.role_tokens(doc.mentions_in(doc.sentence_of[first]))
    for m in actor_ms:
        if m.last > first:
            break
        if m.first in in_roles or "," in doc.words[m.last:first]:
            continue
        actor = doc.actor(m.entity_id)
        if actor is not None and actor.type in ("state", "organisation"):
            return doc.gazetteer.state_for(m.entity_id)
    return None


def _location(doc: Doc, sentence: int, first: int) -> str | None:
    src = attribution.explicit_source(doc, sentence)
    source_tokens = set(range(src[0].first, src[0].last)) if src else set()
    # A place naming the source ("nach Angaben aus Seoul") is not where the troops are.
    places = [m for m in doc.mentions_in(sentence) if m.entity_kind == "place" and m.first not in source_tokens]
    if places:
        after = [m for m in places if m.first >= first]
        return (after[0] if after else places[-1]).entity_id
    if sentence > 0:
        prev = [m for m in doc.mentions_in(sentence - 1) if m.entity_kind == "place"]
        if prev:
            return prev[-1].entity_id
    return None


def _date(doc: Doc, sentence: int, first: int):
    ds = [d for d in doc.dates if d.sentence == sentence and d.date]
    if ds:
        d = min(ds, key=lambda d: abs(d.first - first))
        return d.date, d.precision
    # No date in the sentence: the claim is as of the document's publication.
    if doc.published is not None:
        if doc.published_precision == "day":
            return doc.published.isoformat(), "day"
        return f"{doc.published.year:04d}-{doc.published.month:02d}", "month"
    return None, None


def _previous_subject(figures: list[Figure], sentence: int) -> str | None:
    """"300 North Korean soldiers killed and 2,700 wounded": the second count is of the same people."""
    if figures and figures[-1].sentence == sentence:
        return figures[-1].subject_actor
    return None


def extract_figures(doc: Doc) -> list[Figure]:
    out: list[Figure] = []
    date_tokens = {i for d in doc.dates for i in range(d.first, d.last)}
    starts = NUMBER_WORD_STARTS[doc.language]
    for s_idx, (a, b) in enumerate(doc.sentence_tokens):
        actor_ms = [m for m in doc.mentions_in(s_idx) if m.entity_kind == "actor"]
        actor_tok = {i: m for m in actor_ms for i in range(m.first, m.last)}
        i = a
        while i < b:
            if i in date_tokens or i in actor_tok or (
                    doc.kinds[i] != "num" and doc.lower[i][:3] not in starts):
                i += 1
                continue
            num = read_number(doc.words, doc.kinds, i, doc.language)
            if num is None:
                i += 1
                continue
            v1, j = num
            first, low, high, qualifier = i, None, None, None
            v2 = None
            # Ranges: "11.000 bis 12.000", "11,000-12,000", "zwischen 11.000 und 12.000".
            if j < b and doc.words[j].lower() in RANGE_WORDS and j + 1 < b:
                nxt = read_number(doc.words, doc.kinds, j + 1, doc.language)
                if nxt and nxt[0] > v1:
                    v2, j = nxt
            elif i - 1 >= a and doc.words[i - 1].lower() in BETWEEN and j < b \
                    and doc.words[j].lower() == BETWEEN[doc.words[i - 1].lower()] and j + 1 < b:
                nxt = read_number(doc.words, doc.kinds, j + 1, doc.language)
                if nxt and nxt[0] > v1:
                    v2, j = nxt
                    first = i - 1
            noun_end = _counted_noun(doc, j, b, actor_tok)
            # "etwa 4.700 von ihnen": counted by reference to the previous figure.
            if noun_end is None and out and out[-1].sentence == s_idx and \
                    doc.lower[j:j + 2] in (["von", "ihnen"], ["of", "them"], ["von", "denen"], ["of", "whom"]):
                noun_end = j + 2
            if noun_end is None:
                i = j
                continue
            if v2 is not None:
                value, low, high = round((v1 + v2) / 2), v1, v2
                qualifier = doc.text[doc.ends[first]:doc.starts[j - 1]].strip() \
                    if first == i else doc.words[first]
                qualifier = qualifier or "range"
            else:
                value = v1
                q = _qualifier_before(doc, i, a)
                if q is not None:
                    k, (lowf, highf) = q
                    first = k
                    s, e = doc.span(k, i)
                    qualifier = doc.text[s:e]
                    low = round(value * float(lowf)) if lowf else None
                    high = round(value * float(highf)) if highf else None
                else:
                    low = high = value
            span_tokens = set(range(first, noun_end))
            subj_s, subj_e = doc.span(j, noun_end) if noun_end > j else (None, None)
            date, precision = _date(doc, s_idx, first)
            kind = _kind(doc, a, b, first, noun_end)
            out.append(Figure(
                sentence=s_idx, first=first, last=noun_end, value=int(value), low=low, high=high,
                qualifier=qualifier, kind=kind,
                subject=doc.text[subj_s:subj_e] if subj_s is not None else None,
                subject_actor=_subject_actor(doc, first, noun_end, a, b, actor_ms) or _previous_subject(out, s_idx)
                or _sender(doc, first, a, actor_ms, kind),
                location=_location(doc, s_idx, first),
                claimed_by=attribution.claimant(doc, s_idx, exclude=span_tokens),
                date=date, date_precision=precision,
                modality=figure_modality(doc, a, b, first, noun_end),
            ))
            i = noun_end
    return out
