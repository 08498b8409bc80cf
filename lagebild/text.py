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
_NEWLINE = 4
_STOPS = frozenset(".…")
_QUOTES_OPENING = frozenset("„\"“‚'«»(‘")
CLOSERS = frozenset("\"“”’'»«)]")
# The token pattern plus line breaks: a line break always ends a sentence, and finding
# it in the same scan saves a search between every pair of tokens.
_SCAN_RE = re.compile(TOKEN_RE.pattern + r"|(?P<nl>\n)")


def tokenize(text: str) -> tuple[list[Token], list[Sentence]]:
    """Split ``text`` into tokens and sentences.

    Line breaks always end a sentence (titles and headings have no full stop);
    within a line, ``.``, ``!`` and ``?`` do, except after abbreviations, ordinal
    day numbers and initials.
    """
    tokens, sentences, _ = tokenize_ranges(text)
    return tokens, sentences


def tokenize_ranges(text: str) -> tuple[list[Token], list[Sentence], list[tuple[int, int]]]:
    """``tokenize`` plus the token index range ``[first, last)`` of every sentence.

    One left-to-right scan.  Whether a full stop ends its sentence depends on the
    next token, so the decision waits for it (``pending``); after an ending stop,
    closing quotes and brackets that touch it still belong to the sentence
    (``closing``).
    """
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    ranges: list[tuple[int, int]] = []
    append = tokens.append
    kinds = _KINDS
    first = 0          # token index where the current sentence starts
    pending = 0        # 0: nothing; 1: a stop that ends the sentence if the next token
                       # starts a new one; 2: the same, after a short number (German ordinal
                       # "19. Juni": a following word or number continues the sentence)
    closing = False    # the sentence has ended; absorbing touching closers
    prev_end = -1      # end offset of the last token
    prev_text = ""
    prev_kind = ""

    def close() -> None:
        nonlocal first
        n = len(tokens)
        if n > first:
            sentences.append(Sentence(len(sentences), tokens[first].start, tokens[n - 1].end))
            ranges.append((first, n))
            first = n

    for m in _SCAN_RE.finditer(text):
        li = m.lastindex
        if li == _NEWLINE:
            close()
            pending, closing = 0, False
            prev_end, prev_text, prev_kind = -1, "", ""
            continue
        tok = m.group()
        s = m.start()
        e = m.end()
        kind = kinds[li]
        if li == 2 and tok[-1] == "-":
            # "Nord- und Südkorea": keep the dangling hyphen out of the word.
            e -= 1
            tok = tok[:-1]
        if closing:
            if tok in CLOSERS and s == prev_end:
                append(Token(tok, s, e, kind, len(sentences)))
                prev_end, prev_text, prev_kind = e, tok, kind
                continue
            close()
            closing = False
        elif pending:
            if tok in CLOSERS and s == prev_end:
                # „Wir werden siegen.“ — the closing quote ends the sentence with the stop.
                append(Token(tok, s, e, kind, len(sentences)))
                prev_end, prev_text, prev_kind = e, tok, kind
                pending, closing = 0, True
                continue
            c = tok[0]
            # A new sentence starts with a capital, a digit or an opening quote.
            if not (pending == 2 and li != 3) and (c.isupper() or c.isdigit() or c in _QUOTES_OPENING):
                close()
            pending = 0
        append(Token(tok, s, e, kind, len(sentences)))
        if li == 3:
            if tok == "!" or tok == "?":
                closing = True
            elif tok in _STOPS:
                touching = prev_end == s
                if touching and prev_kind == "word" and (
                        prev_text in ABBREVIATIONS or (len(prev_text) == 1 and prev_text.isupper())):
                    pass  # "z.B.", "Dr.", initials ("Kim J. Un", "U.S.")
                elif touching and prev_kind == "num" and len(prev_text) <= 2:
                    pending = 2
                else:
                    pending = 1
        prev_end, prev_text, prev_kind = e, tok, kind
    close()
    return tokens, sentences, ranges
