"""Whether a fetched text is about the crisis: it names an actor or place of the gazetteer (the same
names the extraction finds, with their spellings and endings), or one of a source's own words."""

from __future__ import annotations

import re
from functools import lru_cache

from lagebild.extraction import gazetteer
from lagebild.extraction.text import tokenize_columns


@lru_cache(maxsize=64)
def _words(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)


def on_topic(text: str, topics: tuple[str, ...] | str) -> bool:
    if topics == "all":
        return True
    if isinstance(topics, tuple):
        return _words(topics).search(text) is not None
    index = gazetteer.load().index
    # Most reports name an actor or place in the headline or the first lines: look there first.
    return any(index.find(tokenize_columns(part).words) for part in (text[:1500], text[1400:50_000]) if part)
