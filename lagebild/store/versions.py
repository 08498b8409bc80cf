"""Which engine and which rules a run's facts come from: the hashes a run records, and what tells an
upgraded app that the stored facts were extracted by older code or rules (``reextract`` brings them up
to date).  Hashes of the files themselves, so nobody has to remember to bump a number."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from lagebild import paths

EXTRACTION_CODE = Path(__file__).resolve().parent.parent / "extraction"  # lagebild/extraction


def _tree_hash(folders: Iterable[Path], pattern: str) -> str:
    h = hashlib.sha256()
    for folder in folders:
        for f in sorted(folder.rglob(pattern)):
            h.update(str(f.relative_to(folder)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def engine_version() -> str:
    """A hash of the extraction code: changes whenever the engine does, with nobody bumping a number."""
    return "code-" + _tree_hash([EXTRACTION_CODE], "*.py")[:12]


def rules_hash() -> str:
    """A hash of the lexicons and the gazetteer (the rules as data)."""
    return _tree_hash([paths.LEXICON, paths.GAZETTEER], "*.csv")
