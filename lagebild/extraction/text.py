"""Tokens and sentences with character offsets into the original text.

A regular-expression tokenizer rather than spaCy: the extraction has to run at
hundreds of documents per second per core, and the only linguistic knowledge a
blank spaCy pipeline would add here (punctuation-based sentence boundaries) is
the abbreviation handling below.  Offsets always index the untouched text, so
every span can be quoted back exactly.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Words (letters first, may contain digits, inner hyphens and apostrophes:
# "US-amerikanische", "Russia's", "Su-35"; possessive repeats, as a word never
# gives characters back), numbers with thousands separators ("11.000", "11,000",
# Swiss "8'000", "12 000" with a normal, no-break or narrow no-break space), plain numbers and
# decimals, then any single other non-space character.  The three start with
# different characters, so their order only matters for speed: words are commonest.
TOKEN_RE = re.compile(
    r"(?P<word>(?:[A-Z]\.){2,}|[^\W\d_]\w*+(?:[-'’]\w++)*+-?)"
    r"|(?P<num>\d{1,3}(?:(?:[.,'’]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)"
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


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int


_WORD, _NUM, _PUNCT = 1, 2, 3  # TOKEN_RE group numbers
_KINDS = ("", "word", "num", "punct")
_ENDERS = frozenset(".…!?")
_QUOTES_OPENING = frozenset("„\"“‚'«»(‘")
CLOSERS = frozenset("\"“”’'»«)]")
_NEWLINE_RE = re.compile("\n")
# The extractors look around each fact within its sentence, so their work grows with
# sentence length times facts per sentence: a 1.8 MB "sentence" took minutes.  Real
# sentences stay far below this many tokens; a longer run is cut into pieces (after a
# comma or semicolon where there is one), which keeps extraction linear in size.
MAX_SENTENCE_TOKENS = 300
_SOFT_BREAKS = frozenset(",;:")


@dataclass(slots=True)
class Tokens:
    """The tokens of a text as parallel lists (index i is token i), plus its sentences.

    Columns rather than a Token object per token: a document has hundreds of
    tokens and the extractors read one attribute at a time, so building objects
    would cost more than the whole sentence split."""

    words: list[str]
    starts: list[int]
    ends: list[int]
    kinds: list[str]          # "num" | "word" | "punct"
    sentence_of: list[int]    # sentence index of each token
    sentences: list[Sentence]
    ranges: list[tuple[int, int]]  # token index range [first, last) of each sentence

    def token(self, i: int) -> Token:
        return Token(self.words[i], self.starts[i], self.ends[i], self.kinds[i], self.sentence_of[i])


def _months_before_day() -> frozenset[str]:
    """English month names and abbreviations ("June", "Dec"): a number right after one is a
    day of the month written the English way, so a full stop after it ends the sentence."""
    from babel.dates import get_month_names
    names = set()
    for width in ("wide", "abbreviated"):
        names.update(n.rstrip(".") for n in get_month_names(width, locale="en").values())
    return frozenset(names)


_MONTHS_BEFORE_DAY = _months_before_day()


def tokenize(text: str) -> tuple[list[Token], list[Sentence]]:
    """Split ``text`` into tokens and sentences.

    Line breaks always end a sentence (titles and headings have no full stop);
    within a line, ``.``, ``!`` and ``?`` do, except after abbreviations, ordinal
    day numbers and initials.
    """
    cols = tokenize_columns(text)
    return [cols.token(i) for i in range(len(cols.words))], cols.sentences


def tokenize_columns(text: str) -> Tokens:
    """``tokenize`` as parallel lists.  One regex scan; the sentence rules then look
    only at the full stops, question and exclamation marks and line breaks."""
    ms = list(TOKEN_RE.finditer(text))
    words = [m.group() for m in ms]
    starts = [m.start() for m in ms]
    ends = [m.end() for m in ms]
    codes = [m.lastindex for m in ms]
    n = len(words)
    for i in [i for i, w in enumerate(words) if w[-1] == "-" and codes[i] == _WORD]:
        # "Nord- und Südkorea": keep the dangling hyphen out of the word.
        words[i] = words[i][:-1]
        ends[i] -= 1
    kinds = [_KINDS[c] for c in codes]

    # Token indices after which a sentence ends.
    cuts: set[int] = set()
    # Line breaks always end a sentence (titles and headings have no full stop).
    for m in _NEWLINE_RE.finditer(text):
        j = bisect.bisect_left(starts, m.start())
        if j:
            cuts.add(j - 1)
    for i in [i for i, c in enumerate(codes) if c == _PUNCT and words[i] in _ENDERS]:
        w = words[i]
        if w == "." or w == "…":
            touching = i > 0 and ends[i - 1] == starts[i]
            if touching and codes[i - 1] == _WORD and (
                    words[i - 1] in ABBREVIATIONS or (len(words[i - 1]) == 1 and words[i - 1].isupper())):
                continue  # "z.B.", "Dr.", initials ("Kim J. Un", "U.S.")
            if i + 1 < n and not (words[i + 1] in CLOSERS and starts[i + 1] == ends[i]):
                # German ordinal day ("am 19. Juni"): a short number, then a word or number;
                # not a day after its month, the English order ("on June 4. Shoigu had …").
                if touching and codes[i - 1] == _NUM and len(words[i - 1]) <= 2 and codes[i + 1] != _PUNCT \
                        and not (i >= 2 and words[i - 2] in _MONTHS_BEFORE_DAY):
                    continue
                # A new sentence starts with a capital, a digit or an opening quote.
                c = words[i + 1][0]
                if not (c.isupper() or c.isdigit() or c in _QUOTES_OPENING):
                    continue
        # Closing quotes and brackets touching the stop belong to its sentence, and so
        # do further marks ("Wirklich?!").
        while i + 1 < n and (words[i + 1] in CLOSERS or words[i + 1] in _ENDERS) and starts[i + 1] == ends[i]:
            i += 1
        cuts.add(i)
    cuts.add(n - 1)
    _cut_overlong(cuts, words, codes)

    sentences: list[Sentence] = []
    ranges: list[tuple[int, int]] = []
    sentence_of: list[int] = []
    first = 0
    for last in sorted(cuts):
        if last < first:
            continue
        idx = len(sentences)
        sentences.append(Sentence(idx, starts[first], ends[last]))
        ranges.append((first, last + 1))
        sentence_of += [idx] * (last + 1 - first)
        first = last + 1
    return Tokens(words, starts, ends, kinds, sentence_of, sentences, ranges)


def _cut_overlong(cuts: set[int], words: list[str], codes: list[int]) -> None:
    """Add cuts so that no sentence has more than ``MAX_SENTENCE_TOKENS`` tokens,
    preferring the last comma or semicolon in the second half of each piece."""
    first = 0
    for last in sorted(cuts):
        while last - first + 1 > MAX_SENTENCE_TOKENS:
            hard = first + MAX_SENTENCE_TOKENS - 1
            cut = next((k for k in range(hard, first + MAX_SENTENCE_TOKENS // 2, -1)
                        if codes[k] == _PUNCT and words[k] in _SOFT_BREAKS), hard)
            cuts.add(cut)
            first = cut + 1
        first = max(first, last + 1)
