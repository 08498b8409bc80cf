"""Fast matching of token-sequence patterns (gazetteer aliases, lexicon cues).

Pattern syntax, shared by every file under ``data/gazetteer`` and ``data/lexicon``:
tokens separated by spaces; a trailing ``*`` on a token is a stem taking up to
``max_ending`` lowercase letters ("nordkoreanisch*" → nordkoreanische, -en, -er);
a leading ``*`` is a compound suffix ("*minister" → Verteidigungsminister).
Both may combine ("*minister*" → Verteidigungsministers).

Patterns are indexed by their first token (a dict lookup, plus a few prefix
lookups for stems), so matching costs a handful of hash lookups per token
instead of one regular expression per alias.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from .text import TOKEN_RE


@dataclass(frozen=True, slots=True)
class TokenPattern:
    text: str
    stem: bool = False    # trailing *
    suffix: bool = False  # leading *

    def matches(self, token: str, max_ending: int) -> bool:
        t = self.text
        if self.suffix:
            if self.stem:
                for k in range(0, max_ending + 1):
                    body = token[: len(token) - k] if k else token
                    if len(body) > len(t) and body.endswith(t) and _is_ending(token[len(body):]):
                        return True
                return False
            return len(token) > len(t) and token.endswith(t)
        if self.stem:
            return token.startswith(t) and len(token) - len(t) <= max_ending and _is_ending(token[len(t):])
        return token == t


def _is_ending(rest: str) -> bool:
    return rest == "" or (rest.isalpha() and rest.islower())


@dataclass(frozen=True, slots=True)
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


class PhraseIndex:
    def __init__(self, case_sensitive: bool = True, max_ending: int = 4):
        self.case_sensitive = case_sensitive
        self.max_ending = max_ending
        self._exact: dict[str, list[tuple[tuple[TokenPattern, ...], Any]]] = {}
        self._stems: dict[str, list[tuple[tuple[TokenPattern, ...], Any]]] = {}
        self._suffixes: list[tuple[tuple[TokenPattern, ...], Any]] = []
        self._min_stem = 10**9

    def _norm(self, s: str) -> str:
        return s if self.case_sensitive else s.lower()

    def add(self, pattern: str, payload: Any) -> None:
        parts = split_pattern(pattern)
        if not parts:
            return
        toks = tuple(
            TokenPattern(self._norm(p.strip("*")), stem=p.endswith("*"), suffix=p.startswith("*"))
            for p in parts
        )
        entry = (toks, payload)
        first = toks[0]
        if first.suffix:
            self._suffixes.append(entry)
        elif first.stem:
            self._stems.setdefault(first.text, []).append(entry)
            self._min_stem = min(self._min_stem, len(first.text))
        else:
            self._exact.setdefault(first.text, []).append(entry)

    def add_all(self, items: Iterable[tuple[str, Any]]) -> None:
        for pattern, payload in items:
            self.add(pattern, payload)

    def _candidates(self, tok: str):
        yield from self._exact.get(tok, ())
        if self._stems:
            n = len(tok)
            for k in range(0, self.max_ending + 1):
                body_len = n - k
                if body_len < self._min_stem:
                    break
                if k and not _is_ending(tok[body_len:]):
                    continue
                yield from self._stems.get(tok[:body_len], ())
        for entry in self._suffixes:
            if entry[0][0].matches(tok, self.max_ending):
                yield entry

    def match_at(self, words: Sequence[str], i: int) -> list[Match]:
        """Every pattern that matches starting at token ``i``, longest first."""
        found = []
        tok = self._norm(words[i])
        for toks, payload in self._candidates(tok):
            n = len(toks)
            if i + n > len(words):
                continue
            ok = True
            for j in range(1, n):
                if not toks[j].matches(self._norm(words[i + j]), self.max_ending):
                    ok = False
                    break
            if ok:
                found.append(Match(i, i + n, payload))
        found.sort(key=lambda m: m.end - m.start, reverse=True)
        return found

    def find(self, words: Sequence[str]) -> list[Match]:
        """Leftmost-longest, non-overlapping matches over a token list."""
        out = []
        i = 0
        n = len(words)
        while i < n:
            ms = self.match_at(words, i)
            if ms:
                best = ms[0]
                longest = [m for m in ms if m.end == best.end]
                out.extend(longest)  # equally long matches are all kept; caller decides
                i = best.end
            else:
                i += 1
        return out
