"""What a troop figure counts: a total, an increment, a part, or unclear — and since when.

A briefing that reads "an additional 3,000" or "seit September rund 5000" as the size of the
force says something the article does not.  The rules, each with its words as data in
``data/lexicon/figure_scope.csv`` (per language, by role):

* **unclear**: a rate or a share ("500 pro Tag", "per cent");
* **increment**: more on top of an earlier figure, a cue right before the count or inside the
  counted phrase ("weitere 6.000", "an additional 3,000", "3,000 more troops") — unless the count
  before it is of another kind ("300 getötet … etwa 2700 weitere … verletzt": the wounded besides the
  dead are a total of their own); or a deployment counted **since** a date ("Seit September wurden …
  rund 5000 … entsandt") where the article has described the deployment before, which is then the
  figure's own start date (``since``), apart from its report date;
* **part**: a subset of a larger force or figure — each of several units ("zwei Brigaden mit jeweils
  6000 Mann"), one unit ("ein Regiment mit 2.000", "Soldaten eines Pionierregiments"), some of the ones
  just counted ("1.000 dieser Soldaten", "darunter 500 Offiziere"; of the same kind), one episode's
  losses ("während des 120-tägigen Einsatzes", "in a single attack"; not "during the war"), a capture
  (a raid's count, unless a running total: "bislang", "so far"), or those in a region of a country for
  which the sentence before gave the larger count of the same kind ("11.000 bis 12.000 in Russland …
  mindestens 10.000 in der Region Kursk");
* **total**: everything else (a running total "bislang", "insgesamt", "so far" is always one).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass
from functools import lru_cache

from lagebild.extraction.facts.doc import Doc
from lagebild.extraction.lexicon import word_roles

SCOPES = ("total", "increment", "part", "unclear")
CASUALTY_KINDS = frozenset({"killed", "wounded", "killed_or_wounded", "casualties", "captured", "missing"})
UNIT_BEFORE = 4    # tokens between a unit noun and the count it holds ("Brigaden mit jeweils 6000")
EPISODE_WINDOW = 8  # tokens of the clause before a count where its episode may be named
WHOLE_AFTER = 5     # tokens after an episode cue in which "Krieg", "war" make it the whole war


_INDEXES: dict[int, tuple] = {}


@dataclass(frozen=True)
class ScopeWords:
    # role -> first word -> the role's phrases starting with it (lower-cased token tuples, longest first)
    roles: dict[str, dict[str, tuple[tuple[str, ...], ...]]]
    stems: dict[str, tuple[str, ...]]              # role -> stems ("brigade*")

    def _marks(self, doc: Doc, sentence: int) -> tuple[dict[tuple[str, int], int], dict[str, list[int]]]:
        """(role, token) -> tokens its phrase covers, and role -> sorted tokens where one starts, for the
        document's sentences looked at so far; a sentence is read once (every count in it asks)."""
        state = doc._cue_cache.get(("scope_marks", id(self)))
        if state is None:
            state = doc._cue_cache[("scope_marks", id(self))] = ({}, {}, set())
        marks, starts, done = state
        if sentence in done:
            return marks, starts
        done.add(sentence)
        a, b = doc.sentence_tokens[sentence]
        lower = doc.lower
        first_words, all_stems = self._index()
        for k in range(a, b):
            w = lower[k]
            for role, phrase in first_words.get(w, ()):
                n = len(phrase)
                if (role, k) not in marks and (n == 1 or tuple(lower[k:k + n]) == phrase):
                    marks[(role, k)] = n
                    insort(starts.setdefault(role, []), k)
            if all_stems and w.startswith(all_stems):
                for role, stems in self.stems.items():
                    if stems and (role, k) not in marks and w.startswith(stems):
                        marks[(role, k)] = 1
                        insort(starts.setdefault(role, []), k)
        return marks, starts

    def _index(self) -> tuple[dict[str, list[tuple[str, tuple[str, ...]]]], tuple[str, ...]]:
        """Every role's phrases by first word (longest first), and every stem: one lookup a token."""
        hit = _INDEXES.get(id(self))
        if hit is None or hit[0] is not self:
            first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
            for role, by_first in self.roles.items():
                for w, phrases in by_first.items():
                    first.setdefault(w, []).extend((role, p) for p in phrases)
            for w in first:
                first[w].sort(key=lambda rp: -len(rp[1]))
            hit = _INDEXES[id(self)] = (self, first, tuple(st for v in self.stems.values() for st in v))
        return hit[1], hit[2]

    def at(self, doc: Doc, role: str, k: int) -> int:
        """Tokens the role's phrase covers starting at token ``k`` (0: none)."""
        if k < 0 or k >= len(doc.lower):
            return 0
        return self._marks(doc, doc.sentence_of[k])[0].get((role, k), 0)

    def ending_at(self, doc: Doc, role: str, k: int) -> bool:
        """Does a phrase of the role end right before token ``k``?"""
        return any(self.at(doc, role, k - n) == n for n in range(1, 4))

    def within(self, doc: Doc, role: str, lo: int, hi: int) -> int | None:
        """First token in [lo, hi) where a phrase of the role starts, or None (one sentence's tokens)."""
        lo = max(lo, 0)
        if lo >= hi:
            return None
        starts = self._marks(doc, doc.sentence_of[lo])[1].get(role)
        if not starts:
            return None
        i = bisect_left(starts, lo)
        return starts[i] if i < len(starts) and starts[i] < hi else None


@lru_cache(maxsize=4)
def scope_words(language: str) -> ScopeWords:
    roles, stems = {}, {}
    for role, words in word_roles("figure_scope", language).items():
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for w in words:
            if not w.endswith("*"):
                by_first.setdefault(w.split()[0], []).append(tuple(w.split()))
        roles[role] = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}
        stems[role] = tuple(w.rstrip("*") for w in words if w.endswith("*"))
    return ScopeWords(roles, stems)


def since_date(doc: Doc, sentence: int, first: int, last: int) -> tuple[int, str, str] | None:
    """The date a deployment is counted from ("Seit September", "since October"), in the count's clause:
    (the date mention's first token, ISO date, precision), or None."""
    sw = scope_words(doc.language)
    a, b = doc.sentence_tokens[sentence]
    # From the sentence's start ("Since October, 3,000 more have arrived") to the count's clause end,
    # not past another count before it.
    lo = max([a] + [k + 1 for k in range(a, first) if doc.kinds[k] == "num" and not any(
        d.first <= k < d.last for d in doc.dates if d.sentence == sentence)])
    hi = doc.clause_end(last, b) if last < b else b
    for d in doc.dates:
        if d.sentence != sentence or not d.date or not lo <= d.first < hi:
            continue
        # "seit September", "seit Anfang September", "since early October"
        if any(sw.ending_at(doc, "since", d.first - gap) for gap in (0, 1)):
            return d.first, d.date, d.precision
    return None


def _described_before(doc: Doc, sentence: int) -> bool:
    """Has the article spoken of a deployment before this sentence (a cue of the deployed kind)?"""
    return any(m.payload[0] == "deployed" for s in range(sentence) for m in doc.cues("figure_kinds", s))


def scope(doc: Doc, sentence: int, first: int, number: int, noun_end: int, kind: str, location: str | None,
          value: int, earlier: list, since: tuple | None) -> str:
    """The scope of a count: tokens [first, noun_end) with its number at ``number``; ``earlier`` the
    document's figures before it (objects with sentence, kind, value, high, location)."""
    sw = scope_words(doc.language)
    a, b = doc.sentence_tokens[sentence]
    prev = next((f for f in reversed(earlier) if sentence - f.sentence <= 1), None)
    marks, starts = sw._marks(doc, sentence)
    if not starts:  # no cue word anywhere in the sentence (most counts): only the rules without words apply
        return _wordless(doc, sentence, kind, location, value, prev, since, False, False)
    lo = doc.clause_start(a, first)
    after = min(b, noun_end + 3)
    if sw.within(doc, "rate", max(lo, first - 2), after) is not None:
        return "unclear"
    cumulative = sw.within(doc, "cumulative", lo, after) is not None

    def at(role: str, k: int) -> int:
        return marks.get((role, k), 0)

    def ending_at(role: str, k: int) -> bool:
        return any(marks.get((role, k - n)) == n for n in (1, 2, 3))

    # More on top: "weitere 6.000", "an additional 3,000", "3,000 more troops" (not "more than").
    cue = any(ending_at("increment", k) for k in (first, number)) or any(
        at("increment", k) and not (doc.lower[k] == "more" and k + 1 < b and doc.lower[k + 1] == "than")
        for k in range(number + 1, noun_end))
    if cue and not cumulative:
        if prev is not None and prev.kind != kind and prev.sentence == sentence or \
                prev is not None and prev.kind != kind and kind in CASUALTY_KINDS and prev.kind in CASUALTY_KINDS:
            return "total"  # "300 getötet … 2700 weitere verletzt": another kind, not more of the same
        return "increment"
    # Some of several units, one unit, some of those just counted.
    if sw.within(doc, "distributive", max(lo, first - 2), noun_end) is not None:
        return "part"
    if sw.within(doc, "unit", max(lo, first - UNIT_BEFORE), first) is not None or \
            sw.within(doc, "unit", noun_end, min(b, noun_end + 3)) is not None:
        return "part"
    partitive = any(at("part_after", k) for k in range(number + 1, min(b, noun_end + 1))) or \
        any(ending_at("part_before", k) for k in (first, first - 1) if k > a)
    if partitive and prev is not None and (prev.kind == kind or kind == "other"):
        return "part"
    if sw.within(doc, "part_after_noun", noun_end, min(b, noun_end + 3)) is not None:
        return "part"  # "200 officers are among the troops"
    period = not cumulative and sw.within(doc, "period", max(lo, first - EPISODE_WINDOW),
                                          doc.clause_end(noun_end, b) if noun_end < b else b) is not None
    if kind in CASUALTY_KINDS and not cumulative:
        k = sw.within(doc, "episode", max(lo, first - EPISODE_WINDOW), doc.clause_end(noun_end, b) if noun_end < b else b)
        if k is not None and sw.within(doc, "whole", k, min(b, k + WHOLE_AFTER)) is None:
            return "part"
    return _wordless(doc, sentence, kind, location, value, prev, since, cumulative, period)


def _wordless(doc: Doc, sentence: int, kind: str, location: str | None, value: int, prev, since: tuple | None,
              cumulative: bool, period: bool) -> str:
    """The rules past the cue words: a capture, what came since a date or over a period, a region's
    share of a country's count given just before."""
    if kind == "captured" and not cumulative:
        return "part"  # a capture is a raid's count, not the whole of the prisoners
    if kind in CASUALTY_KINDS and period and not cumulative:
        return "part"  # "in the past week alone": one period's losses
    if since is not None and kind == "deployed" and not cumulative and _described_before(doc, sentence):
        return "increment"
    if period and kind == "deployed":
        return "increment"  # "5,000 troops arrived in the past two weeks": what came in that time
    if location is not None and prev is not None and prev.kind == kind and prev.location \
            and prev.location != location and _inside(doc, location, prev.location) \
            and value <= max(prev.value, prev.high or 0):
        return "part"
    return "total"


def _inside(doc: Doc, place: str, country: str) -> bool:
    """Is ``place`` a region or city of the country place ``country``?"""
    p, c = doc.place(place), doc.place(country)
    return p is not None and c is not None and c.kind == "country" and p.kind in ("region", "city", "area") \
        and p.country is not None and p.country == c.country
