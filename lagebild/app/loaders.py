"""Cached loading: parquet tables and map geometry, keyed on the files' mtimes.

The tables folder is ``$LAGEBILD_TABLES`` if set, else ``lagebild.paths.TABLES``
(``data/tables``).  A rebuild changes the files' mtimes, so the next page load
reads the new tables; nothing is ever re-extracted here.  Cached objects are
shared between sessions: treat every returned DataFrame as read-only.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from .. import paths, schemas, store
from ..filters import FilterState, apply_filters
from ..geo import VIEWS, PreparedView, prepare_view, read_geo

TABLES_ENV = "LAGEBILD_TABLES"
GEO_ENV = "LAGEBILD_GEO"


def tables_folder() -> Path:
    return Path(os.environ.get(TABLES_ENV) or paths.TABLES)


def geo_folder() -> Path:
    return Path(os.environ.get(GEO_ENV) or paths.GEO)


def fingerprint(folder: Path, names) -> tuple:
    """(name, mtime_ns, size) per file; a missing file gives (name, None, None)."""
    out = []
    for name in names:
        p = folder / name
        try:
            s = p.stat()
            out.append((name, s.st_mtime_ns, s.st_size))
        except OSError:
            out.append((name, None, None))
    return tuple(out)


def _table_files() -> list[str]:
    return [f"{name}.parquet" for name in schemas.TABLES]


@st.cache_resource(show_spinner="Loading the fact tables…", max_entries=4)
def _read_tables(folder: str, _fingerprint: tuple, key: tuple) -> dict[str, pd.DataFrame]:
    return store.read_tables(folder)


def load_tables() -> dict[str, pd.DataFrame]:
    """All validated tables of the tables folder; raises ``store.StoreError`` (one-line message with the rebuild command)."""
    folder = tables_folder()
    fp = fingerprint(folder, _table_files())
    return _read_tables(str(folder), fp, fp)


@st.cache_resource(max_entries=64, show_spinner=False)
def _filtered(folder: str, key: tuple, state_key: tuple, _tables: dict, _state: FilterState) -> dict[str, pd.DataFrame]:
    return apply_filters(_tables, _state)


def filtered_tables(tables: dict[str, pd.DataFrame], state: FilterState) -> dict[str, pd.DataFrame]:
    """``apply_filters`` memoised per (tables files, filter state)."""
    folder = tables_folder()
    fp = fingerprint(folder, _table_files())
    state_key = (state.actors, state.date_from, state.date_to, state.types, state.docs, id(tables))
    return _filtered(str(folder), fp, state_key, tables, state)


@st.cache_resource(show_spinner="Preparing the maps…", max_entries=2)
def _map_views(folder: str, key: tuple) -> dict[str, PreparedView]:
    layers = read_geo(folder)
    return {name: prepare_view(layers, spec) for name, spec in VIEWS.items()}


def load_map_views() -> dict[str, PreparedView]:
    """The three map views (overview, kursk, korea), clipped, simplified and projected once."""
    folder = geo_folder()
    return _map_views(str(folder), fingerprint(folder, ["countries.geojson", "admin1.geojson"]))
