"""Shared fixtures: the small hand-built store and a synthetic store, written with
``lagebild.store.parquet.write_tables`` into temporary folders; the app reads them through
``LAGEBILD_TABLES``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lagebild import paths
from lagebild.store import parquet
from lagebild.extraction import extract_corpus
from benchmarks.synthetic import synthetic_tables
from lagebild_testdata import small_tables


@pytest.fixture(scope="session")
def small() -> dict[str, pd.DataFrame]:
    return small_tables()


@pytest.fixture(scope="session")
def synthetic() -> dict[str, pd.DataFrame]:
    return synthetic_tables(150, seed=1)


@pytest.fixture(scope="session")
def seed_tables() -> dict[str, pd.DataFrame]:
    """The seed article as the extraction reads it today (not the committed tables, which grow)."""
    return extract_corpus([paths.SEEDS / "000_57acf05168c86062.txt"])


@pytest.fixture(scope="session")
def small_store_path(tmp_path_factory, small) -> Path:
    return parquet.write_tables(small, tmp_path_factory.mktemp("small") / "tables")


@pytest.fixture(scope="session")
def synthetic_store_path(tmp_path_factory, synthetic) -> Path:
    return parquet.write_tables(synthetic, tmp_path_factory.mktemp("synthetic") / "tables")


@pytest.fixture
def small_store(small_store_path, monkeypatch) -> Path:
    monkeypatch.setenv("LAGEBILD_TABLES", str(small_store_path))
    return small_store_path


@pytest.fixture
def synthetic_store(synthetic_store_path, monkeypatch) -> Path:
    monkeypatch.setenv("LAGEBILD_TABLES", str(synthetic_store_path))
    return synthetic_store_path



@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """The app on a fresh SQLite store of its own (seeded from seeds/ on first start), not the parquet override."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.delenv("LAGEBILD_TABLES", raising=False)
    monkeypatch.setenv("LAGEBILD_DATABASE_URL", url)
    return url
