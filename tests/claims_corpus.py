"""The annotated corpus documents the claim tests run on: read from ``seeds/`` where a
document is there (the extraction branch copies the corpus into it), else from the
fixture copy in ``tests/claims/corpus/``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lagebild import paths

FIXTURE = Path(__file__).parent / "claims" / "corpus"
STEMS = ["16_ovb-300-nordkoreaner-gefallen", "19_kurier-nis-2000-gefallen",
         "25_digitaljournal-afp-pows", "28_donga-uk-defence-intelligence-6000"]
PER_DOC = ["documents", "mentions", "troop_figures", "events"]


def corpus_file(stem: str) -> Path:
    seeded = paths.SEEDS / f"{stem}.txt"
    return seeded if seeded.exists() else FIXTURE / f"{stem}.txt"


def combine(parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """One set of tables from per-document tables, in the order given."""
    return {name: pd.concat([p[name] for p in parts], ignore_index=True) for name in PER_DOC}
