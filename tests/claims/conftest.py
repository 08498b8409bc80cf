"""The corpus documents (see ``tests/claims_corpus.py``), each extracted once per session."""

from __future__ import annotations

import pandas as pd
import pytest

from claims_corpus import STEMS, combine, corpus_file
from lagebild.extraction import extract_corpus


@pytest.fixture(scope="session")
def corpus_docs() -> dict[str, dict[str, pd.DataFrame]]:
    return {stem: extract_corpus([corpus_file(stem)]) for stem in STEMS}


@pytest.fixture(scope="session")
def corpus(corpus_docs) -> dict[str, pd.DataFrame]:
    return combine(list(corpus_docs.values()))
