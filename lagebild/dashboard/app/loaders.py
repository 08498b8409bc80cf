"""Cached loading: parquet tables and map geometry, keyed on the files' mtimes.

The tables folder is ``$LAGEBILD_TABLES`` if set, else ``lagebild.paths.TABLES``
(``data/tables``).  A rebuild changes the files' mtimes, so the next page load
reads the new tables; nothing is ever re-extracted here.  Cached objects are
shared between sessions: treat every returned DataFrame as read-only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from lagebild import paths, schemas, store
from lagebild.dashboard.colors import SIDE_LABELS
from lagebild.dashboard.filters import FilterState, apply_filters, date_extent
from lagebild.dashboard.geo import VIEWS, PreparedView, prepare_view, read_geo

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


def state_key(state: FilterState) -> tuple:
    """A hashable key of a filter state (for caches)."""
    return (state.actors, state.date_from, state.date_to, state.types, state.docs, state.text_dated)


@st.cache_resource(max_entries=64, show_spinner=False)
def _filtered(folder: str, key: tuple, state_key: tuple, _tables: dict, _state: FilterState) -> dict[str, pd.DataFrame]:
    return apply_filters(_tables, _state)


def filtered_tables(tables: dict[str, pd.DataFrame], state: FilterState) -> dict[str, pd.DataFrame]:
    """``apply_filters`` memoised per (tables files, filter state)."""
    folder = tables_folder()
    fp = fingerprint(folder, _table_files())
    return _filtered(str(folder), fp, (*state_key(state), id(tables)), tables, state)


@st.cache_resource(max_entries=256, show_spinner=False)
def _derived(what: str, folder: str, key: tuple, state_key: tuple, _fn, _args: tuple, _kwargs: dict):
    return _fn(*_args, **_kwargs)


def per_view(what: str, tables: dict[str, pd.DataFrame], state: FilterState, fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` memoised per (``what``, tables files, filter state): for the work a page
    derives from the tables and the filtered tables (figures, aggregates).  ``fn`` must be pure and its
    arguments must follow from ``what``, the tables and the state.  The result is shared between sessions
    and reruns: treat it as read-only."""
    folder = tables_folder()
    fp = fingerprint(folder, _table_files())
    return _derived(what, str(folder), fp, (*state_key(state), id(tables)), fn, args, kwargs)


def actor_label(row: dict) -> str:
    """The sidebar's label of an actor; the German name too when it differs, so "Selenskyj" finds Zelensky."""
    country = row["country"] if isinstance(row["country"], str) else "—"
    de = row.get("name_de")
    name = f"{row['name']} ({de})" if isinstance(de, str) and de and de != row["name"] else row["name"]
    return f"{name} · {row['type']} · {country} · {SIDE_LABELS.get(row['side'], row['side'])}"


def doc_label(row: dict) -> str:
    title = str(row["title"])
    title = title if len(title) <= 60 else title[:59] + "…"
    return f"{row['published'] or 'undated'} · {title}"


@dataclass(frozen=True)
class Catalog:
    """What the frame and pages look up in the (unfiltered) tables on every run, computed once per tables."""

    actor_ids: tuple[str, ...]          # sorted by side, type, name (the Actors filter's order)
    actor_labels: dict[str, str]
    actor_names: dict[str, str]
    doc_ids: tuple[str, ...]            # newest first, undated last (the documents filter's order)
    doc_id_set: frozenset[str]
    doc_labels: dict[str, str]
    doc_titles: dict[str, str]
    doc_published: dict[str, str | None]
    doc_search: pd.Series               # lower-case label + source per doc, indexed like doc_ids
    place_names: dict[str, str]
    extent: tuple[date, date] | None
    n_docs: int
    as_of: object                       # latest publication date (as the table has it)


def build_catalog(tables: dict[str, pd.DataFrame]) -> Catalog:
    actors = tables["actors"].sort_values(["side", "type", "name"])
    docs = tables["documents"].drop(columns=["text"]).sort_values("published", ascending=False, na_position="last")
    rows = docs.to_dict("records")
    doc_ids = tuple(r["doc_id"] for r in rows)
    labels = {r["doc_id"]: doc_label(r) for r in rows}
    search = pd.Series([f"{labels[r['doc_id']]} {r['source'] or ''} {r['doc_id']}".lower() for r in rows],
                       index=list(doc_ids), dtype="str")
    as_of = tables["documents"]["published"].dropna().max()
    return Catalog(
        actor_ids=tuple(actors["id"]),
        actor_labels={r["id"]: actor_label(r) for r in actors.to_dict("records")},
        actor_names=dict(zip(tables["actors"]["id"], tables["actors"]["name"])),
        doc_ids=doc_ids, doc_id_set=frozenset(doc_ids), doc_labels=labels,
        doc_titles=dict(zip(docs["doc_id"], docs["title"])), doc_published=dict(zip(docs["doc_id"], docs["published"])),
        doc_search=search,
        place_names=dict(zip(tables["places"]["id"], tables["places"]["name"])),
        extent=date_extent(tables), n_docs=len(tables["documents"]),
        as_of=as_of,
    )


@st.cache_resource(max_entries=4, show_spinner=False)
def _catalog(folder: str, key: tuple, tables_id: int, _tables: dict) -> Catalog:
    return build_catalog(_tables)


def catalog(tables: dict[str, pd.DataFrame]) -> Catalog:
    """``build_catalog(tables)`` memoised per tables files."""
    folder = tables_folder()
    return _catalog(str(folder), fingerprint(folder, _table_files()), id(tables), tables)


@st.cache_resource(show_spinner="Preparing the maps…", max_entries=2)
def _map_views(folder: str, key: tuple) -> dict[str, PreparedView]:
    layers = read_geo(folder)
    return {name: prepare_view(layers, spec) for name, spec in VIEWS.items()}


def map_key() -> tuple:
    """The map geometry files' fingerprint (part of the key of anything derived from the map views)."""
    folder = geo_folder()
    return (str(folder), fingerprint(folder, ["countries.geojson", "admin1.geojson"]))


def load_map_views() -> dict[str, PreparedView]:
    """The three map views (overview, kursk, korea), clipped, simplified and projected once."""
    folder = geo_folder()
    return _map_views(str(folder), fingerprint(folder, ["countries.geojson", "admin1.geojson"]))
