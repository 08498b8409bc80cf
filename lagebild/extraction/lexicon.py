"""Per-language cue lexicons (``data/lexicon/*.csv``) as phrase matchers.

Every rule of the extraction that depends on words — event triggers, modality
cues, qualifiers, personnel nouns, figure kinds, attribution phrases, locative
prepositions, relative dates — reads its words from here, so supporting a new
phrasing is a data change.  Matching is case-insensitive.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.dates import get_day_names, get_month_names

from lagebild import paths
from lagebild.extraction.phrases import PhraseIndex

FILES = {
    "events": ("type", "cameo", "form"),
    "modality": ("modality", "scope"),
    "qualifiers": ("low_factor", "high_factor"),
    "personnel": (),
    "figure_kinds": ("kind",),
    "attribution": ("kind",),
    "locative": (),
    "relative_dates": ("unit", "offset"),
    "date_direction": ("scope",),
}


@dataclass(frozen=True)
class Separable:
    """A cue whose particle comes later in the clause ("wies … zurück"); see Doc.cues."""
    particle: str
    payload: tuple


@dataclass
class Lexicon:
    language: str
    indexes: dict[str, PhraseIndex]
    months: dict[str, int]    # lower-cased month name or abbreviation -> 1..12
    weekdays: dict[str, int]  # lower-cased weekday name -> 0 (Monday)..6
    month_forms: tuple[str, ...] = ()    # as written in text: "Juni", "JUNI", "juni"
    weekday_forms: tuple[str, ...] = ()  # "Dienstag"

    def __getitem__(self, name: str) -> PhraseIndex:
        return self.indexes[name]


def _calendar_words(language: str) -> tuple[dict[str, int], dict[str, int]]:
    """Month and weekday names from CLDR via babel (incl. regional variants like "Jänner")."""
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    locales = ["de", "de_AT", "de_CH"] if language == "de" else ["en", "en_GB"]
    for loc in locales:
        for width in ("wide", "abbreviated"):
            for ctx in ("format", "stand-alone"):
                for num, name in get_month_names(width, ctx, locale=loc).items():
                    key = name.lower().rstrip(".")
                    if len(key) >= 3:
                        months.setdefault(key, num)
        for num, name in get_day_names("wide", locale=loc).items():
            weekdays[name.lower()] = num
    return months, weekdays


@lru_cache(maxsize=16)
def word_roles(name: str, language: str, folder: Path | str = paths.LEXICON) -> dict[str, dict[str, str]]:
    """Closed word lists of ``data/lexicon/<name>.csv`` by role: role -> lower-cased
    word or phrase -> its partner (``partner`` column, "" if none).  Language ``*``
    rows (punctuation) hold for every language."""
    roles: dict[str, dict[str, str]] = {}
    with open(Path(folder) / f"{name}.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["language"].strip() in ("*", language):
                roles.setdefault(row["role"].strip(), {})[row["pattern"].strip().lower()] = (row.get("partner") or "").strip()
    return roles


@lru_cache(maxsize=4)
def load(language: str, folder: Path | str = paths.LEXICON) -> Lexicon:
    folder = Path(folder)
    indexes: dict[str, PhraseIndex] = {}
    for name, cols in FILES.items():
        idx = PhraseIndex(case_sensitive=False, max_ending=5)
        with open(folder / f"{name}.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["language"].strip() != language:
                    continue
                payload = tuple((row.get(c) or "").strip() or None for c in cols) if cols else row["pattern"]
                pattern = row["pattern"].strip()
                if " ... " in pattern:
                    # German separable verb: "wies ... zurück" — the particle closes the clause.
                    head, particle = (p.strip() for p in pattern.split(" ... ", 1))
                    idx.add(head, Separable(particle.lower(), payload))
                else:
                    idx.add(pattern, payload)
        indexes[name] = idx
    months, weekdays = _calendar_words(language)
    month_forms = tuple(sorted(set(months) | {k.capitalize() for k in months} | {k.upper() for k in months}))
    weekday_forms = tuple(sorted({k.capitalize() for k in weekdays}))
    return Lexicon(language, indexes, months, weekdays, month_forms, weekday_forms)
