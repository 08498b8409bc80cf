"""Every spelling the gazetteer knows for an actor, for searching by any of them.

Shared by both wings' neighbours without either importing the other: the dashboard's actor
search reads it, the extraction keeps its own matcher.  Reads ``data/gazetteer/actors.csv``:
name, German name and the ``|``-separated aliases; a trailing ``*`` (an inflection wildcard for
the matcher) is dropped, so "nordkoreanisch*" is searchable as "nordkoreanisch".
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from lagebild import paths


def fold(text: str) -> str:
    """Lower case without blanks, hyphens and dots: "Kim Jong Un", "Kim Jong-un" and "kim jong-un" agree."""
    return re.sub(r"[\s\-‐.’']+", "", str(text).lower())


@lru_cache(maxsize=4)
def actor_spellings(path: Path | str = paths.ACTORS_CSV) -> dict[str, tuple[str, ...]]:
    """Actor id -> its spellings (name, German name, aliases), in the gazetteer's order, without repeats."""
    out: dict[str, tuple[str, ...]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            names = [row.get("name") or "", row.get("name_de") or ""] + (row.get("aliases") or "").split("|")
            out[row["id"]] = tuple(dict.fromkeys(n.strip().rstrip("*").strip() for n in names if n.strip()))
    return out
