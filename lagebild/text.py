"""Tokens and sentences with character offsets into the original text.

A regular-expression tokenizer rather than spaCy: the extraction has to run at
hundreds of documents per second per core, and the only linguistic knowledge a
blank spaCy pipeline would add here (punctuation-based sentence boundaries) is
the abbreviation handling below.  Offsets always index the untouched text, so
every span can be quoted back exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Numbers with thousands separators ("11.000", "11,000", "12 000" with a normal,
# no-break or narrow no-break space), plain numbers and decimals, then words
# (letters first, may contain digits, inner hyphens and apostrophes: "US-amerikanische",
# "Russia's", "Su-35"), then any single other non-space character.
TOKEN_RE = re.compile(
    r"(?P<num>\d{1,3}(?:(?:[.,]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)"
    r"|(?P<word>(?:[A-Z]\.){2,}|[^\W\d_][\w]*(?:[-'’][\w]+)*-?)"
    r"|(?P<punct>[^\w\s])"
)

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "z", "B", "bzw", "ca", "Dr", "Prof", "Nr", "St", "usw", "vgl", "u", "a", "d", "h",
    "etc", "Mr", "Mrs", "Ms", "Jr", "Sr", "Gen", "Lt", "Col", "Sgt", "No", "vs", "rd",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Okt", "Nov",
    "Dec", "Dez", "Abs", "Art", "Hr", "Fr", "U", "S", "N", "K", "inkl", "evtl", "ggf",
    "sog", "Mio", "Mrd", "bspw", "zB", "i", "e", "v", "Chr",
}


# Plain (not frozen) slotted classes: a document makes hundreds of tokens and a
# frozen dataclass's __init__ costs several times more.
@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "num" | "word" | "punct"
    sentence: int

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def is_capitalised(self) -> bool:
        return self.kind == "word" and self.text[0].isupper()


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int


_KINDS = {1: "num", 2: "word", 3: "punct"}


def _raw_tokens(text: str) -> list[tuple[str, int, int, str]]:
    out = []
    append = out.append
    kinds = _KINDS
    for m in TOKEN_RE.finditer(text):
        tok = m.group()
        s = m.start()
        e = s + len(tok)
        kind = kinds[m.lastindex]
        if kind == "word" and tok[-1] == "-":
            # "Nord- und Südkorea": keep the dangling hyphen out of the word.
            e -= 1
            tok = tok[:-1]
        append((tok, s, e, kind))
    return out


def _ends_sentence(raw: list[tuple[str, int, int, str]], i: int, text: str) -> bool:
    """Is the punctuation token raw[i] the end of a sentence?"""
    tok = raw[i][0]
    if tok in "!?":
        return True
    if tok not in ".…":
        return False
    if i + 1 >= len(raw):
        return True
    nxt = raw[i + 1]
    # Closing quotes/brackets after the stop belong to this sentence; the caller
    # extends over them.
    prev = raw[i - 1] if i > 0 else None
    if prev is not None and prev[2] == raw[i][1]:  # no space between word and stop
        if prev[3] == "word" and prev[0] in ABBREVIATIONS:
            return False
        # German ordinal day ("am 19. Juni"): a one- or two-digit number before the stop.
        if prev[3] == "num" and len(prev[0]) <= 2 and nxt[3] in ("word", "num"):
            return False
        # Initials ("Kim J. Un", "U.S."): a single capital letter.
        if prev[3] == "word" and len(prev[0]) == 1 and prev[0].isupper():
            return False
    # A new sentence starts with a capital, a digit or an opening quote.
    first = nxt[0][0]
    return first.isupper() or first.isdigit() or first in "„\"“‚'«»(‘"


CLOSERS = set("\"“”’'»«)]")


def tokenize(text: str) -> tuple[list[Token], list[Sentence]]:
    """Split ``text`` into tokens and sentences.

    Line breaks always end a sentence (titles and headings have no full stop);
    within a line, ``.``, ``!`` and ``?`` do, except after abbreviations, ordinal
    day numbers and initials.
    """
    raw = _raw_tokens(text)
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    sent_start_tok = 0
    n = len(raw)

    def close(last: int) -> None:
        nonlocal sent_start_tok
        if last < sent_start_tok:
            return
        idx = len(sentences)
        s = raw[sent_start_tok][1]
        e = raw[last][2]
        sentences.append(Sentence(idx, s, e))
        for t, ts, te, k in raw[sent_start_tok:last + 1]:
            tokens.append(Token(t, ts, te, k, idx))
        sent_start_tok = last + 1

    i = 0
    while i < n:
        end_here = False
        if raw[i][3] == "punct" and _ends_sentence(raw, i, text):
            while i + 1 < n and raw[i + 1][0] in CLOSERS and raw[i + 1][1] == raw[i][2]:
                i += 1
            end_here = True
        elif i + 1 < n and text.find("\n", raw[i][2], raw[i + 1][1]) != -1:
            end_here = True
        if end_here:
            close(i)
        i += 1
    close(n - 1)
    return tokens, sentences
