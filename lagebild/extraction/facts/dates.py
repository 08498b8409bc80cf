"""Dates in German and English news text, normalised to ISO with a precision.

Absolute dates keep the year they are written with.  A date without a year
("19. Juni", "Mitte Oktober"), a weekday ("am Dienstag") or a relative phrase
("letzte Woche", "last year") is resolved against the publication date — the
latest such date not after it — and marked ``resolution="publication_date"``.
Without a publication date it stays ``date=None`` (``unresolved``); its text is
kept either way.  Month and weekday names come from CLDR via babel.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from lagebild.extraction.facts.doc import DateMention, Doc

PART_OF_MONTH = {
    "de": r"Anfang|Mitte|Ende",
    "en": r"early|mid|late|the middle of|the end of|the beginning of|the start of",
}
MONTH_PREPOSITIONS = {
    "de": r"im|seit|bis|ab|vom|zum|bis zum|Ende|Anfang|Mitte|des|den",
    "en": r"in|since|until|till|by|through|during|from|of|early|mid|late|last|this|next",
}
YEAR_CUES = {
    "de": r"im Jahr|im Jahre|Jahr|seit|bis|ab|Anfang|Mitte|Ende|Frühjahr|Frühling|Sommer|Herbst|Winter|im",
    "en": r"in|since|until|by|of|early|late|mid|spring|summer|autumn|fall|winter|year",
}
REL_YEAR = {
    "de": r"(?P<rel>letzten|vergangenen|dieses|diesen|nächsten|kommenden)\s+Jahres",
    "en": r"(?:of\s+)?(?P<rel>last|this|next)\s+year",
}
REL_YEAR_OFFSET = {"letzten": -1, "vergangenen": -1, "dieses": 0, "diesen": 0, "nächsten": 1,
                   "kommenden": 1, "last": -1, "this": 0, "next": 1}
AGO_UNITS = {
    "tag": "day", "tagen": "day", "woche": "week", "wochen": "week", "monat": "month",
    "monaten": "month", "jahr": "year", "jahren": "year",
    "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
    "months": "month", "year": "year", "years": "year",
}
SMALL_NUMBERS = {
    "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "zwölf": 12, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12,
}


@dataclass(frozen=True)
class _Patterns:
    # (kind, pattern, guard, needs a month name)
    full: list[tuple[str, re.Pattern, str | None, bool]]
    month: re.Pattern  # any month name


# How far a date can reach before and after its month name ("the beginning of June",
# "19. Juni", "June 19th, 2024", "Juni vergangenen Jahres").
_BEFORE_MONTH, _AFTER_MONTH = 40, 60
_WORD_END = re.compile(r"\w*")


# Text a pattern cannot match without: a substring test is far cheaper than a scan.
GUARDS = {("en", "ago"): " ago", ("de", "ago"): "vor ", ("de", "iso"): "-", ("en", "iso"): "-",
          ("en", "numeric"): "/"}


def _cased(alternatives: str) -> list[str]:
    """Cue words as written mid-sentence and capitalised at a sentence start ("Im April")."""
    words = alternatives.split("|")
    return words + [w[0].upper() + w[1:] for w in words if w[0].islower()]


def _alt(words) -> str:
    """A regex matching any of ``words``, longest first, written as a trie
    ("J(?:an(?:uar)?|u(?:ni|li))"): the regex engine then decides on one character
    at a time instead of trying 78 month forms at every position (3x faster scans)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy optional tail: the longer word is tried first.
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@lru_cache(maxsize=4)
def _patterns(language: str, months: tuple[str, ...], weekdays: tuple[str, ...]) -> _Patterns:
    M = f"(?P<month>{_alt(months)})\\.?"
    W = f"(?P<weekday>{_alt(weekdays)})"
    Y = r"(?P<year>(?:19|20)\d{2})"
    P = f"(?P<part>{_alt(PART_OF_MONTH[language].split('|'))})"
    R = REL_YEAR[language]
    ps: list[tuple[str, str]] = []
    ps.append(("iso", r"\b(?P<year>(?:19|20)\d{2})-(?P<mon>\d{2})-(?P<day>\d{2})\b"))
    if language == "de":
        ps.append(("numeric", r"\b(?P<day>\d{1,2})\.\s?(?P<mon>\d{1,2})\.(?:\s?(?P<year>(?:19|20)?\d{2})\b)?"))
        ps.append(("day_month", rf"\b(?P<day>\d{{1,2}})\.\s?{M}(?:\s+{Y}\b|\s+{R})?"))
    else:
        ps.append(("numeric", r"\b(?P<mon>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d{2})\b"))
        ps.append(("day_month", rf"\b{M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{Y}\b|\s+{R})?"))
        ps.append(("day_month", rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{M}(?:,?\s+{Y}\b|\s+{R})?"))
    ps.append(("month_year", rf"\b{P}[\s-]+{M}(?:\s+{Y}\b|\s+{R})"))
    ps.append(("month_year", rf"\b{M}(?:\s+{Y}\b|\s+{R})"))
    ps.append(("month", rf"\b{P}[\s-]+{M}"))
    ps.append(("month", rf"\b(?:{_alt(_cased(MONTH_PREPOSITIONS[language]))})\s+{M}(?![\w])"))
    ps.append(("weekday", rf"\b{W}(?:abend|morgen|nachmittag|vormittag|nacht)?\b"))
    if language == "de":
        ps.append(("ago", r"\bvor\s+(?P<n>\w+)\s+(?P<unit>Tag(?:en)?|Wochen?|Monat(?:en)?|Jahr(?:en)?)\b"))
    else:
        ps.append(("ago", r"\b(?P<n>\w+)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b"))
    ps.append(("year", rf"\b(?:{_alt(_cased(YEAR_CUES[language]))})\s+{Y}\b"))
    # A leading \b stops the regex engine from skipping ahead to a likely first
    # character and makes each scan several times slower; the word boundary is
    # checked on the match instead (see extract_dates).
    return _Patterns([(k, re.compile(p[2:] if p.startswith(r"\b") else p), GUARDS.get((language, k)), M in p)
                      for k, p in ps], re.compile(_alt(months)))


def _month_windows(text: str, month: re.Pattern) -> list[tuple[int, int]]:
    """Stretches of ``text`` around its month names, merged, each starting and ending
    at a word boundary: the patterns that need a month name scan only these."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in month.finditer(text):
        lo = max(0, m.start() - _BEFORE_MONTH)
        while lo > 0 and (text[lo - 1].isalnum() or text[lo - 1] == "_"):
            lo -= 1
        hi = _WORD_END.match(text, min(n, m.end() + _AFTER_MONTH)).end()
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _fmt(d: dt.date, precision: str) -> str:
    if precision in ("day", "week"):
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _latest_not_after(pub: dt.date, month: int, day: int | None) -> dt.date | None:
    try:
        cand = dt.date(pub.year, month, day or 1)
    except ValueError:
        return None
    if cand > pub:
        try:
            cand = dt.date(pub.year - 1, month, day or 1)
        except ValueError:
            return None
    return cand


def _earliest_not_before(pub: dt.date, month: int, day: int | None) -> dt.date | None:
    """The coming date: "ab dem 3. Dezember", "bis Ende Januar" in an October article."""
    try:
        cand = dt.date(pub.year, month, day or 1)
        if (cand < pub) if day else month < pub.month:
            cand = dt.date(pub.year + 1, month, day or 1)
    except ValueError:
        return None
    return cand


def _period_end(pub: dt.date, precision: str) -> dt.date:
    """The last day a publication known to the month or year can be."""
    if precision == "month":
        return pub + relativedelta(day=31)
    if precision == "year":
        return dt.date(pub.year, 12, 31)
    return pub


PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _coarsen(date: str, precision: str, doc: Doc) -> tuple[str, str]:
    """A date counted from a publication known only to the month or year keeps that
    uncertainty ("am Dienstag" in an article from October 2024 is 2024-10)."""
    pp = doc.published_precision
    if PRECISION_RANK.get(pp, 0) > PRECISION_RANK[precision]:
        return date[: 7 if pp == "month" else 4], pp
    return date, precision


def _valid(y: int, m: int, d: int | None) -> bool:
    try:
        dt.date(y, m, d or 1)
        return True
    except ValueError:
        return False


def _resolve(kind: str, m: re.Match, doc: Doc, ahead: bool):
    """(date string | None, precision, resolution) for one match, or None to reject it;
    ``ahead``: the text points forward, so a year-less date or weekday is the coming one."""
    lex = doc.lexicon
    pub = doc.published
    g = m.groupdict()
    month = None
    if g.get("month"):
        name = g["month"].lower().rstrip(".")
        # Month names must be capitalised ("May" the month, not "may" the verb).
        if not g["month"][0].isupper():
            return None
        # Bare abbreviations ("Mar", "Dez") only with a day or year.
        if len(name) <= 4 and name not in ("mai", "juni", "juli", "june", "july", "may") and kind == "month":
            return None
        month = lex.months.get(name)
    elif g.get("mon"):
        month = int(g["mon"])
    day = int(g["day"]) if g.get("day") else None
    year = g.get("year")
    if year is not None and len(year) == 2:
        year = "20" + year
    year = int(year) if year else None
    rel = g.get("rel")

    if kind in ("iso", "numeric", "day_month", "month_year", "month"):
        if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            return None
        precision = "day" if day is not None else "month"
        if year is not None:
            if not _valid(year, month, day):
                return None
            return _fmt(dt.date(year, month, day or 1), precision), precision, "explicit"
        if pub is None:
            return None, precision, "unresolved"
        if rel is not None:
            y = pub.year + REL_YEAR_OFFSET[rel]
            if not _valid(y, month, day):
                return None
            return _fmt(dt.date(y, month, day or 1), precision), precision, "publication_date"
        if ahead:
            d = _earliest_not_before(pub, month, day)
        else:
            d = _latest_not_after(_period_end(pub, doc.published_precision), month, day)
        if d is None:
            return None
        return _fmt(d, precision), precision, "publication_ahead" if ahead else "publication_date"
    if kind == "weekday":
        wd = lex.weekdays.get(g["weekday"].lower())
        if wd is None or not g["weekday"][0].isupper():
            return None
        if pub is None:
            return None, "day", "unresolved"
        if ahead:
            d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
        else:
            d = pub - dt.timedelta(days=(pub.weekday() - wd) % 7)
        return (*_coarsen(d.isoformat(), "day", doc), "publication_ahead" if ahead else "publication_date")
    if kind == "ago":
        n = g["n"].lower()
        count = int(n) if n.isdigit() else SMALL_NUMBERS.get(n)
        if count is None:
            return None
        unit = AGO_UNITS[g["unit"].lower()]
        if pub is None:
            return None, unit, "unresolved"
        return (*_coarsen(_shift(pub, unit, -count), unit, doc), "publication_date")
    if kind == "year":
        return _fmt(dt.date(year, 1, 1), "year"), "year", "explicit"
    return None


def _shift(pub: dt.date, unit: str, offset: int) -> str:
    if unit == "day":
        return (pub + dt.timedelta(days=offset)).isoformat()
    if unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday())
        return (monday + dt.timedelta(weeks=offset)).isoformat()
    if unit == "month":
        return _fmt(pub + relativedelta(months=offset), "month")
    return f"{pub.year + offset:04d}"


# Kinds a text can point forward with (the others carry their year or count back).
AHEAD_KINDS = {"numeric", "day_month", "month", "weekday"}
AHEAD_BEFORE = 3  # tokens between a forward preposition ("bis", "by the end of") and the date


def _points_ahead(doc: Doc, m: re.Match) -> bool:
    """Does the text put a year-less date ahead of the publication?  A forward
    preposition just before it ("ab dem 3. Dezember", "by the end of January"), or a
    future or planning verb in its clause ("wird am Dienstag reisen")."""
    if m.groupdict().get("year") or m.groupdict().get("rel") or doc.published is None:
        return False
    i = bisect.bisect_right(doc.starts, m.start()) - 1
    sentence = doc.sentence_of[i]
    a, b = doc.sentence_tokens[sentence]
    lo = doc.clause_start(a, i)
    for cue in doc.cues("date_direction", sentence):
        if cue.payload[0] == "before" and i - AHEAD_BEFORE <= cue.end <= i and cue.start >= lo:
            return True
        if cue.payload[0] == "sentence" and cue.start >= lo and not doc.crosses_clause(min(cue.end, i), max(cue.start, i)):
            return True
    return False


def extract_dates(doc: Doc) -> None:
    lex = doc.lexicon
    text = doc.text
    # Month names match in any case here; _resolve insists on a capital ("May", not "may").
    pats = _patterns(doc.language, lex.month_forms, lex.weekday_forms)
    found: list[tuple[int, int, tuple]] = []
    whole = [(0, len(text))]
    windows = None
    for kind, pat, guard, needs_month in pats.full:
        if guard is not None and guard not in text:
            continue
        if needs_month and windows is None:
            windows = _month_windows(text, pats.month)
        for m in (m for lo, hi in (windows if needs_month else whole) for m in pat.finditer(text, lo, hi)):
            if m.start() and text[m.start() - 1].isalnum():
                continue  # not at a word boundary
            res = _resolve(kind, m, doc, _points_ahead(doc, m) if kind in AHEAD_KINDS else False)
            if res is None:
                continue
            s, e = m.span()
            # Leading prepositions are context, not the date ("im Oktober" → "Oktober").
            if kind == "month" and not m.groupdict().get("part"):
                s = m.start("month")
            elif kind == "year":
                s = m.start("year")
            # A full stop after a full month name ends the sentence, not an abbreviation.
            if text[e - 1] == "." and m.groupdict().get("month") and m.end("month") == e - 1 \
                    and len(m.group("month")) > 4:
                e -= 1
            found.append((s, e, res))
    # Relative phrases from the lexicon ("letzte Woche", "last year", "gestern").
    idx = lex["relative_dates"]
    for sm in idx.find(doc.lower):
        unit, offset = sm.payload
        s, e = doc.span(sm.start, sm.end)
        if doc.published is None:
            found.append((s, e, (None, unit, "unresolved")))
        else:
            found.append((s, e, (*_coarsen(_shift(doc.published, unit, int(offset)), unit, doc), "publication_date")))
    # Longest first, then leftmost; drop anything overlapping a kept span.
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    kept: list[tuple[int, int, tuple]] = []
    # Kept spans are disjoint, so only the one starting last before ``e`` can overlap:
    # a bisect instead of a scan over all kept spans (quadratic in dates per document).
    kept_starts: list[int] = []
    kept_ends: list[int] = []
    for s, e, res in found:
        k = bisect.bisect_left(kept_starts, e) - 1
        if k >= 0 and kept_ends[k] > s:
            continue
        kept_starts.insert(k + 1, s)
        kept_ends.insert(k + 1, e)
        kept.append((s, e, res))
    kept.sort()
    starts = doc.starts
    sent_starts = [x.start for x in doc.sentences]
    for s, e, (date, precision, resolution) in kept:
        si = max(0, bisect.bisect_right(sent_starts, s) - 1)
        first = max(0, bisect.bisect_right(starts, s) - 1)
        last = bisect.bisect_left(starts, e)
        doc.dates.append(DateMention(si, first, max(last, first + 1), s, e, date, precision, resolution))
