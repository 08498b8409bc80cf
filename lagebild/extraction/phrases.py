"""Fast matching of token-sequence patterns (gazetteer aliases, lexicon cues).

Pattern syntax, shared by every file under ``data/gazetteer`` and ``data/lexicon``:
tokens separated by spaces; a trailing ``*`` on a token is a stem taking up to
``max_ending`` lowercase letters ("nordkoreanisch*" → nordkoreanische, -en, -er);
a leading ``*`` is a compound suffix ("*minister" → Verteidigungsminister).
Both may combine ("*minister*" → Verteidigungsministers).

Patterns are indexed by their first token (a dict lookup, plus a few prefix
lookups for stems, plus one regular expression for compound suffixes), so
matching costs a handful of hash lookups per token instead of one regular
expression per alias.  Callers pass words already normalised with ``norm``
(lower-cased for a case-insensitive index) so a document is lower-cased once.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any, Sequence

from lagebild.extraction.text import TOKEN_RE


def _is_ending(rest: str) -> bool:
    return rest == "" or (rest.isalpha() and rest.islower())


@dataclass(frozen=True, slots=True)
class TokenPattern:
    text: str
    stem: bool = False    # trailing *
    suffix: bool = False  # leading *

    def matches(self, token: str, max_ending: int) -> bool:
        t = self.text
        if not self.stem and not self.suffix:
            return token == t
        if self.suffix:
            if self.stem:
                for k in range(0, max_ending + 1):
                    body = token[: len(token) - k] if k else token
                    if len(body) > len(t) and body.endswith(t) and _is_ending(token[len(body):]):
                        return True
                return False
            return len(token) > len(t) and token.endswith(t)
        return token.startswith(t) and len(token) - len(t) <= max_ending and _is_ending(token[len(t):])


# Not frozen: a frozen dataclass sets every field through object.__setattr__, and
# matching makes tens of thousands of these per hundred documents.
@dataclass(slots=True)
class Match:
    start: int  # first token index
    end: int    # one past the last token index
    payload: Any


def split_pattern(pattern: str) -> list[str]:
    """Tokenise a pattern with the document tokenizer, keeping ``*`` markers."""
    out: list[str] = []
    for part in pattern.split():
        lead = part.startswith("*") and len(part) > 1
        trail = part.endswith("*") and len(part) > 1
        core = part.strip("*")
        pieces = [m.group() for m in TOKEN_RE.finditer(core)]
        if not pieces:
            continue
        if lead:
            pieces[0] = "*" + pieces[0]
        if trail:
            pieces[-1] = pieces[-1] + "*"
        out.extend(pieces)
    return out


_Entry = tuple[tuple[TokenPattern, ...], Any]
_MISSING = object()


class _Candidates:
    """The patterns that can start at one word, split for fast verification."""

    __slots__ = ("single", "by_second", "other_second", "multi")

    def __init__(self, entries: list[_Entry]):
        self.single = [payload for toks, payload in entries if len(toks) == 1]
        self.by_second: dict[str, list[_Entry]] = {}
        self.other_second: list[_Entry] = []
        for e in entries:
            toks = e[0]
            if len(toks) == 1:
                continue
            second = toks[1]
            if second.stem or second.suffix:
                self.other_second.append(e)
            else:
                self.by_second.setdefault(second.text, []).append(e)
        # Second word -> the multi-word entries whose second token it matches (memo).
        self.multi: dict[str, list[_Entry]] = {}

    def multi_for(self, second: str, max_ending: int) -> list[_Entry]:
        hit = self.multi.get(second)
        if hit is None:
            if len(self.multi) > 1000:
                self.multi.clear()
            hit = self.multi[second] = [*self.by_second.get(second, ()), *(
                e for e in self.other_second if e[0][1].matches(second, max_ending))]
        return hit


class PhraseIndex:
    def __init__(self, case_sensitive: bool = True, max_ending: int = 4):
        self.case_sensitive = case_sensitive
        self.max_ending = max_ending
        self._exact: dict[str, list[_Entry]] = {}
        self._stems: dict[str, list[_Entry]] = {}
        self._suffixes: list[_Entry] = []
        self._suffix_re: re.Pattern | None = None
        self._stem_lengths: tuple[int, ...] = ()
        # token -> candidate entries; most tokens have none, so after the first
        # sighting of a word the common case is one dict lookup.  Bounded so a
        # long run over many documents keeps flat memory.
        self._cache: dict[str, _Candidates | None] = {}

    def norm(self, s: str) -> str:
        return s if self.case_sensitive else s.lower()

    def add(self, pattern: str, payload: Any) -> None:
        parts = split_pattern(pattern)
        if not parts:
            return
        toks = tuple(
            TokenPattern(self.norm(p.strip("*")), stem=p.endswith("*"), suffix=p.startswith("*"))
            for p in parts
        )
        entry = (toks, payload)
        first = toks[0]
        if first.suffix:
            self._suffixes.append(entry)
            alts = "|".join(sorted({re.escape(e[0][0].text) for e in self._suffixes}, key=len, reverse=True))
            # One C-level test per token decides whether any compound suffix can match.
            self._suffix_re = re.compile(rf"(?:{alts})[^\W\d_]{{0,{self.max_ending}}}$")
        elif first.stem:
            self._stems.setdefault(first.text, []).append(entry)
            self._stem_lengths = tuple(sorted({len(k) for k in self._stems}))
        else:
            self._exact.setdefault(first.text, []).append(entry)

    def _candidates(self, tok: str) -> "_Candidates | None":
        hit = self._cache.get(tok, _MISSING)
        if hit is not _MISSING:
            return hit
        if len(self._cache) > 100_000:
            self._cache.clear()
        entries = self._compute_candidates(tok)
        out = self._cache[tok] = _Candidates(entries) if entries else None
        return out

    def _compute_candidates(self, tok: str) -> list[_Entry]:
        out = self._exact.get(tok)
        out = list(out) if out else []
        if self._stem_lengths:
            n = len(tok)
            for L in self._stem_lengths:
                if L > n:
                    break
                if n - L <= self.max_ending and (L == n or _is_ending(tok[L:])):
                    hit = self._stems.get(tok[:L])
                    if hit:
                        out.extend(hit)
        if self._suffix_re is not None and self._suffix_re.search(tok):
            for entry in self._suffixes:
                if entry[0][0].matches(tok, self.max_ending):
                    out.append(entry)
        return out

    def match_at(self, words: Sequence[str], i: int, limit: int | None = None) -> list[Match]:
        """Every pattern matching at token ``i`` of normalised ``words`` (and ending
        before ``limit``), longest first."""
        cands = self._candidates(words[i])
        if cands is None:
            return []
        n_words = len(words) if limit is None else limit
        found = [Match(i, i + 1, payload) for payload in cands.single]
        if i + 1 >= n_words:
            return found
        max_ending = self.max_ending
        # Multi-word patterns are grouped by their second word, so most are skipped by one lookup.
        multi = cands.multi_for(words[i + 1], max_ending) if (cands.by_second or cands.other_second) else ()
        for toks, payload in multi:
            n = len(toks)
            if i + n > n_words:
                continue
            ok = True
            for j in range(2, n):
                if not toks[j].matches(words[i + j], max_ending):
                    ok = False
                    break
            if ok:
                found.append(Match(i, i + n, payload))
        if len(found) > 1:
            found.sort(key=lambda m: m.end - m.start, reverse=True)
        return found

    def start_positions(self, words: Sequence[str]) -> list[int]:
        """Token positions of ``words`` where some pattern could start (ascending).

        One pass over a document; ``find`` given these positions then visits only
        them, so querying sentence after sentence costs no further scan."""
        cache = self._cache
        candidates = self._candidates
        return [i for i, w in enumerate(words)
                if cache.get(w, _MISSING) is not None and candidates(w) is not None]

    def find(self, words: Sequence[str], start: int = 0, stop: int | None = None,
             starts: Sequence[int] | None = None) -> list[Match]:
        """Leftmost-longest, non-overlapping matches in ``words[start:stop]`` (normalised),
        with absolute token positions; equally long matches at one place are all kept.
        ``starts``: the ``start_positions`` of ``words``, if known."""
        out: list[Match] = []
        stop = len(words) if stop is None else stop
        if starts is None:
            starts = self.start_positions(words[start:stop])
            offset = start
            j = 0
        else:
            offset = 0
            j = bisect_left(starts, start)
        i = start  # first token not inside a match already found
        n = len(starts)
        cache = self._cache
        while j < n:
            p = starts[j] + offset
            j += 1
            if p >= stop:
                break
            if p < i:
                continue
            # Most starts have no multi-word pattern whose second word follows: their
            # matches are all one word long, so they need neither match_at's checks nor its sort.
            cands = cache.get(words[p], _MISSING)
            if cands is not _MISSING and cands is not None and (
                    p + 1 >= stop or not (cands.by_second or cands.other_second)
                    or not cands.multi_for(words[p + 1], self.max_ending)):
                if cands.single:
                    out.extend([Match(p, p + 1, payload) for payload in cands.single])
                    i = p + 1
                continue
            ms = self.match_at(words, p, stop)
            if ms:
                end = ms[0].end
                out.extend(m for m in ms if m.end == end)
                i = end
        return out


class StartFinder:
    """``start_positions`` of several indexes (same normalisation) in one pass over a document.

    Which indexes a word can start a pattern of is worked out once per distinct
    word and remembered, so a document costs one dictionary lookup per token
    instead of one per token and index."""

    def __init__(self, indexes: Sequence[PhraseIndex]):
        self.indexes = list(indexes)
        self._which: dict[str, tuple[int, ...]] = {}

    def _compute(self, word: str) -> tuple[int, ...]:
        if len(self._which) > 200_000:  # bounded, like the indexes' own caches
            self._which.clear()
        hit = self._which[word] = tuple(k for k, idx in enumerate(self.indexes) if idx._candidates(word) is not None)
        return hit

    def positions(self, words: Sequence[str]) -> list[list[int]]:
        """For each index (in order), the positions of ``words`` where one of its patterns could start."""
        out: list[list[int]] = [[] for _ in self.indexes]
        which = self._which
        for i, w in enumerate(words):
            ks = which.get(w)
            if ks is None:
                ks = self._compute(w)
            if ks:
                for k in ks:
                    out[k].append(i)
        return out
