"""What counts as a count of people: a number or range and its qualifier, the counted noun after it, or
the phrase that ties a bare number to people ("die Zahl … bei 11.000", "4.700 von ihnen", "weitere 6.000",
"3,000 more", "Davon seien 8.000", "two brigades of 5,000 each").  Words: data/lexicon/figure_words.csv.
What the count *is* (kind, whose, where, claimant, scope) is ``figures``' business."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from lagebild.extraction.facts.doc import Doc, Mention
from lagebild.extraction.facts.numbers import read_number
from lagebild.extraction.lexicon import word_roles


class Counted(Protocol):
    """What a reference needs of a figure found before (``figures.Figure``)."""
    sentence: int


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



def _qualifier_before(doc: Doc, i: int, a: int):
    idx = doc.lexicon["qualifiers"]
    for k in range(max(a, i - 3), i):
        for m in idx.match_at(doc.lower, k):
            if m.end == i:
                return k, m.payload
    return None


def counted_noun(doc: Doc, j: int, b: int, actor_tok: dict[int, Mention], fw: FigureWords) -> int | None:
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



@dataclass
class Count:
    """A number or range as read, before it is known to count people."""
    first: int  # first token, qualifier or "zwischen" included
    number: int  # the (first) number's token
    end: int    # one past the last number token
    value: int
    low: int | None
    high: int | None
    qualifier: str | None


def read_range(doc: Doc, i: int, a: int, b: int, fw: FigureWords) -> tuple[int, int, int | None, int] | None:
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


def read_bounds(doc: Doc, i: int, a: int, read: tuple[int, int, int | None, int]) -> Count:
    """Value, bounds and qualifier: a range's midpoint and ends, or the qualifier's factors
    (data/lexicon/qualifiers.csv); an unqualified number is exact."""
    first, v1, v2, j = read
    if v2 is not None:
        qualifier = doc.text[doc.ends[first]:doc.starts[j - 1]].strip() if first == i else doc.words[first]
        return Count(first, i, j, round((v1 + v2) / 2), v1, v2, qualifier or "range")
    q = _qualifier_before(doc, i, a)
    if q is None:
        return Count(first, i, j, v1, v1, v1, None)
    k, (lowf, highf) = q
    s, e = doc.span(k, i)
    return Count(k, i, j, v1, round(v1 * float(lowf)) if lowf else None,
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


def _antecedent(figures: list, sentence: int, reach: int = 1) -> Counted | None:
    """The last figure in this or the ``reach`` previous sentences."""
    if figures and sentence - figures[-1].sentence <= reach:
        return figures[-1]
    return None


def _count_phrase(doc: Doc, c: Count, a: int, fw: FigureWords) -> tuple[int, int] | None:
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


def bare_reference(doc: Doc, c: Count, s_idx: int, a: int, b: int, out: list, fw: FigureWords):
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


