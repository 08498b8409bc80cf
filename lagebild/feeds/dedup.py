"""One story, many copies: is a fetched text a near-duplicate of a stored one?

Candidates come from MinHash LSH (datasketch) over word 4-gram shingles of the normalised text; each
candidate is then checked exactly: the share of the shorter text's shingles the other one has
(containment).  Containment, not Jaccard: a syndicated copy is the wire text plus or minus an
outlet's own lines (a teaser, an editor's note, "read more"), which lowers Jaccard but not how much
of the shorter text is in the longer.  The thresholds were set on ``benchmarks/feed_bench.py``'s
set of syndicated copies and distinct reports of the same story.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE = 4          # words per shingle
PERMUTATIONS = 128
LSH_THRESHOLD = 0.3  # candidate Jaccard estimate (low: the exact containment check decides)
CONTAINMENT = 0.6    # share of the shorter text's shingles found in the other: the same story text
MIN_SHINGLES = 12    # texts shorter than this are never called copies (a headline is not a story)

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def _minhash(sh: set[str]) -> MinHash:
    m = MinHash(num_perm=PERMUTATIONS)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m


def containment(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class NearDuplicates:
    """The stored texts' signatures; ``match`` a new text against them, ``add`` it once stored.
    ``text_of`` reads a stored document's text back (the candidates' exact check)."""

    def __init__(self, text_of: Callable[[str], str | None]):
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)
        self._text_of = text_of
        self._known: set[str] = set()
        self._last: tuple[str, set[str], MinHash] | None = None  # the text ``match`` saw last (``add`` reuses it)

    def __len__(self) -> int:
        return len(self._known)

    def add(self, doc_id: str, text: str) -> None:
        if doc_id in self._known:
            return
        if self._last is not None and self._last[0] == text:
            _, sh, mh = self._last
        else:
            sh = shingles(text)
            mh = _minhash(sh) if len(sh) >= MIN_SHINGLES else None
        if mh is None:
            return
        self._lsh.insert(doc_id, mh)
        self._known.add(doc_id)

    def add_all(self, docs: Iterable[tuple[str, str]]) -> None:
        for doc_id, text in docs:
            self.add(doc_id, text)

    def match(self, text: str) -> tuple[str, float] | None:
        """(the stored document this text is a copy of, containment) or None."""
        sh = shingles(text)
        if len(sh) < MIN_SHINGLES:
            return None
        mh = _minhash(sh)
        self._last = (text, sh, mh)
        if not self._known:
            return None
        best: tuple[str, float] | None = None
        for doc_id in sorted(self._lsh.query(mh)):
            other = self._text_of(doc_id)
            if other is None:
                continue
            c = containment(sh, shingles(other))
            if c >= CONTAINMENT and (best is None or c > best[1]):
                best = (doc_id, round(float(np.float64(c)), 3))
        return best
