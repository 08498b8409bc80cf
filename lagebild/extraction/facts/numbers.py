"""Numbers as written in news text: "11.000", "11,000", "12 000", "8'000", "1,5 Millionen",
"elftausend", "eleven thousand", "Tausende" (no value: not a count)."""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import text2num


MULTIPLIERS = {
    "de": {"tausend": 1_000, "million": 1_000_000, "millionen": 1_000_000, "mio": 1_000_000},
    "en": {"thousand": 1_000, "million": 1_000_000, "millions": 1_000_000},
}

_GROUPED = re.compile(r"^\d{1,3}(?:[.,'’\s\u00a0\u202f]\d{3})+$")


def parse_digits(tok: str, language: str) -> float | None:
    """Value of a digit token, reading separators by the document's language."""
    if _GROUPED.match(tok):
        seps = {c for c in tok if not c.isdigit()}
        # "1,500" in German and "1.500" in English are decimals only in theory;
        # in counts of people a three-digit group after one separator is thousands.
        if len(seps) == 1:
            return float(re.sub(r"\D", "", tok))
        return None
    if re.fullmatch(r"\d+", tok):
        return float(tok)
    m = re.fullmatch(r"(\d+)[.,](\d+)", tok)
    if m:
        dec = "," if language == "de" else "."
        if dec in tok:
            return float(f"{m.group(1)}.{m.group(2)}")
        return None
    return None


# Spelled-out numbers that text2num accepts (German compounds are one word,
# English ones several). Cached because the same words recur across documents.
@lru_cache(maxsize=4096)
def _word_value(words: str, language: str) -> int | None:
    try:
        v = text2num(words, language)
    except (ValueError, KeyError, IndexError):
        return None
    return v if isinstance(v, int) and v > 0 else None


_DE_NUMBER_WORD = re.compile(
    r"^(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|vierzig|fünfzig|"
    r"sechzig|siebzig|achtzig|neunzig|hundert|tausend)", re.I)
_EN_NUMBER_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "a",
}


def read_number(words: list[str], kinds: list[str], i: int, language: str) -> tuple[int, int] | None:
    """A number starting at token ``i`` (token columns ``words``/``kinds``): (value,
    index one past its last token), or None.

    Handles a multiplier word after digits ("1,5 Millionen", "12 thousand") and
    spelled-out numbers ("elftausend", "eleven thousand", "zwölf").
    """
    mult = MULTIPLIERS[language]
    n = len(words)
    if kinds[i] == "num":
        v = parse_digits(words[i], language)
        if v is None:
            return None
        j = i + 1
        if j < n and words[j].lower().rstrip(".") in mult:
            v *= mult[words[j].lower().rstrip(".")]
            j += 1
        if v != int(v):
            return None
        return int(v), j
    if kinds[i] != "word":
        return None
    low = words[i].lower()
    if language == "de":
        if not _DE_NUMBER_WORD.match(low) or low in ("ein", "eine", "einer", "einen", "einem"):
            return None
        v = _word_value(low, "de")
        if v is None:
            return None
        j = i + 1
        if j < n and words[j].lower() in ("millionen", "million"):
            return v * 1_000_000, j + 1
        return v, j
    # English: a run of number words, possibly with "and" and hyphens ("twenty-five").
    j = i
    run: list[str] = []
    while j < n and kinds[j] == "word":
        w = words[j].lower()
        parts = w.split("-")
        if all(p in _EN_NUMBER_WORDS for p in parts) or (w == "and" and run):
            run.append(w)
            j += 1
        else:
            break
    while run and run[-1] in ("and", "a"):
        run.pop()
        j -= 1
    if not run or run == ["a"]:
        return None
    phrase = " ".join(run).replace("-", " ")
    if phrase.startswith("a "):
        phrase = "one " + phrase[2:]
    v = _word_value(phrase, "en")
    if v is None:
        return None
    return v, j
