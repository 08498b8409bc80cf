"""Cached loading: the source's state, the effective tables from the database (or parquet), the page results
memoised per view, and map geometry.  The catalog the frame lists is in ``catalog.py``.

By default the tables come from the database store (``lagebild.store.db``): the URL in
``[connections.lagebild] url`` of the secrets, else ``$LAGEBILD_DATABASE_URL``, else the
embedded SQLite file ``data/lagebild.db``, which is created and filled from ``seeds/`` on
first start.  Every run asks the database for its revision (one small query), so a new
document or a review decision shows on every page at the next rerun, in every session.

``$LAGEBILD_TABLES`` set: the parquet tables of that folder instead, read-only (review off),
keyed on the files' mtimes.  Cached objects are shared between sessions: treat every returned
DataFrame as read-only.
"""

from __future__ import annotations

from functools import lru_cache

import os
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from lagebild.store.db.faults import describe

from lagebild import paths, schemas
from lagebild.store import StoreError, db, ingest, parquet
from lagebild.store.db import records
from lagebild.store.db.anchors import fact_ids
from lagebild.dashboard.filters import FilterState, apply_filters
from lagebild.dashboard.app.store_tables import StoreTables
from lagebild.dashboard.geo import VIEWS, PreparedView, prepare_view, read_geo

TABLES_ENV = "LAGEBILD_TABLES"
GEO_ENV = "LAGEBILD_GEO"
# The source key of each loaded tables object (by id): what the derived caches are keyed on.
_SOURCE_KEYS: dict[int, tuple] = {}


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


def parquet_override() -> bool:
    """Whether the pages read a parquet tables folder (``$LAGEBILD_TABLES``) instead of the database."""
    return bool(os.environ.get(TABLES_ENV))


def review_enabled() -> bool:
    return not parquet_override()


def configured_url() -> str:
    """The database URL: secrets ``[connections.lagebild] url``, else ``$LAGEBILD_DATABASE_URL``, else the SQLite file."""
    try:
        section = st.secrets.get("connections", {}).get("lagebild", {})
        url = section.get("url") if hasattr(section, "get") else None
    except Exception:  # no secrets file
        url = None
    return db.database_url(str(url) if url else None)


@st.cache_resource(show_spinner="Opening the database…", max_entries=4)
def _engine(url: str) -> Engine:
    engine = db.open_store(url)
    ingest.ensure_seeded(engine)  # first start: fill the empty store from seeds/
    return engine


def store_engine() -> Engine:
    """The migrated (and, on first start, seeded) database engine; raises ``StoreError`` in one line."""
    try:
        return _engine(configured_url())
    except db.StoreUnavailable as exc:
        raise StoreError(str(exc)) from None
    except ingest.BatchStopped as exc:  # the first start's seeding: what it stored is kept, the next start goes on
        raise StoreError(f"filling the new database from seeds/ stopped: {exc}") from None
    except SQLAlchemyError as exc:
        raise StoreError(describe(exc)) from None


def with_review_columns(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Parquet tables with the effective tables' ``fact_id`` and ``review_status`` (all machine)."""
    out = dict(tables)
    for name in schemas.FACT_TABLES:
        df = tables[name]
        ids = fact_ids(name, df[["doc_id", "start", "end", *(["type"] if name == "events" else [])]].to_dict("records"))
        out[name] = df.assign(fact_id=pd.Series(ids, index=df.index, dtype=object), review_status="machine")
    return out


@st.cache_resource(show_spinner="Loading the fact tables…", max_entries=4)
def _read_tables(folder: str, _fingerprint: tuple, key: tuple) -> dict[str, pd.DataFrame]:
    return with_review_columns(parquet.read_tables(folder))


# The last tables read per database (revision, tables): a review decision changes a few facts and a new
# document adds its own, so the next read patches those into them instead of reading every fact again.
_LAST_READ: dict[str, tuple[tuple, dict[str, pd.DataFrame]]] = {}


def decisions_only(before: tuple | None, now: tuple) -> bool:
    """Whether the store went from revision ``before`` to ``now`` by review decisions alone (the same
    extractions and runs, a later decision): what ``db.patch_effective`` can bring tables up to date with."""
    return before is not None and before[:2] == now[:2] and (before[2] or 0) < (now[2] or 0)


def more_extractions(before: tuple | None, now: tuple) -> bool:
    """Whether extractions were added since ``before`` (new documents, or a re-extraction: which of the
    two, ``db.patch_new_documents`` tells) and no decision was taken back (the log only grows)."""
    return before is not None and now[0] > before[0] and (now[1] or 0) >= (before[1] or 0) \
        and (now[2] or 0) >= (before[2] or 0)


# One entry: a newer revision replaces the tables (patched from them, see ``_LAST_READ``) instead of
# keeping two versions of every table in memory.
@st.cache_resource(show_spinner="Loading the fact tables…", max_entries=1)
def _read_db_tables(url: str, revision: tuple) -> dict[str, pd.DataFrame]:
    engine = _engine(url)
    last = _LAST_READ.get(url)
    tables = None
    if last is not None and decisions_only(last[0], revision):
        tables = db.patch_effective(engine, last[1], last[0][2])
    elif last is not None and more_extractions(last[0], revision):
        tables = db.patch_new_documents(engine, last[1], last[0], revision)
    if tables is None:
        _LAST_READ.pop(url, None)  # let the old tables go before the full read builds new ones
        tables = db.effective_tables(engine)
    _LAST_READ[url] = (revision, tables)
    return tables


@st.cache_resource(show_spinner=False, max_entries=4)
def _outdated(url: str, revision: tuple, mine: tuple[str, str]) -> bool:
    with _engine(url).connect() as conn:
        versions = records.current_rule_versions(conn)
    return any(v != mine for v in versions)


@lru_cache(maxsize=1)
def _rules_hash() -> str:
    return ingest.rules_hash()  # the lexicons and gazetteer as this process loaded them


def extraction_outdated(key: tuple) -> bool:
    """Whether the database's facts come from older rules or code than this app's (an upgraded app on an
    existing store: the facts a newer engine would correct are still shown until ``reextract``).
    Checked once per store revision (``key``: the source key ``load_source`` gave)."""
    if key[0] != "db":
        return False
    try:
        return _outdated(key[1], key[2], (ingest.engine_version(), _rules_hash()))
    except SQLAlchemyError:
        return False


def load_source() -> tuple:
    """What the pages show now, as a key: ``("db", url, revision)`` (one small query: no fact is read) or
    ``("parquet", folder, fingerprint)``; raises ``StoreError`` with a one-line message."""
    if parquet_override():
        folder = tables_folder()
        if not folder.exists():
            parquet.recover(folder)  # a write killed between its renames: put the last complete tables back
        fp = fingerprint(folder, _table_files())
        key = ("parquet", str(folder), fp)
    else:
        try:
            key = ("db", configured_url(), records.revision(store_engine()))
        except SQLAlchemyError as exc:
            raise StoreError(describe(exc)) from None
    if _LAST_KEY.get(key[1], key) != key:
        # The store changed: what was derived from the tables before (filtered copies, page results) is
        # keyed on the old state and never asked for again; let it go now, not when newer entries push it
        # out (64 filtered copies of a large store's tables are gigabytes).
        _filtered.clear()
        _derived.clear()
        _answers.clear()
        _store_tables.clear()
    _LAST_KEY[key[1]] = key
    return key


def load_tables() -> dict[str, pd.DataFrame]:
    """All validated tables (effective tables from the database, or the ``$LAGEBILD_TABLES`` parquet
    folder); raises ``StoreError`` with a one-line message.  A page that asks the store its questions
    (``answer``) never loads them: at a year of reporting they are gigabytes."""
    key = load_source()
    if key[0] == "parquet":
        tables = _read_tables(key[1], key[2], key[2])
    else:
        try:
            tables = _read_db_tables(key[1], key[2])
        except SQLAlchemyError as exc:
            raise StoreError(describe(exc)) from None
    if len(_SOURCE_KEYS) > 64:  # ids of tables no cache holds any more
        _SOURCE_KEYS.clear()
    _SOURCE_KEYS[id(tables)] = key
    return tables


@st.cache_resource(max_entries=128, show_spinner="Asking the database…")
def _answers(what: str, key: tuple, state_key: tuple, _fn, _args: tuple):
    with _engine(key[1]).connect() as conn:
        return _fn(conn, *_args)


def answer(what: str, key: tuple, state: FilterState, fn, *args):
    """``fn(conn, *args)`` on a connection to the store of ``key`` (a database source), memoised per
    (``what``, store revision, filter state): a page's question to the database.  ``fn`` must follow from
    ``what``, the store and the state; the result is shared between sessions: treat it as read-only."""
    try:
        return _answers(what, key, state_key(state), fn, args)
    except SQLAlchemyError as exc:
        raise StoreError(describe(exc)) from None


_LAST_KEY: dict[str, tuple] = {}  # per database URL or tables folder: the source key last loaded


# One object per view (store revision, filter state), shared by its sessions and reruns: what it read stays
# read, and ``per_view`` memos keyed on it hold.  A new revision drops them all (``load_source``).
@st.cache_resource(max_entries=32, show_spinner=False)
def _store_tables(key: tuple, state_key: tuple, _state: FilterState, _catalog_tables: dict) -> StoreTables:
    return StoreTables(_engine(key[1]), key, _state, _catalog_tables)


def store_tables(key: tuple, state: FilterState, catalog_tables: dict[str, pd.DataFrame]) -> StoreTables:
    """The tables of the database source ``key`` under the filter ``state``, each read on first use
    (``catalog_tables``: the catalog's documents, actors and places, which they narrow)."""
    return _store_tables(key, state_key(state), state, catalog_tables)


def source_key(tables: dict[str, pd.DataFrame]) -> tuple:
    """What ``tables`` were loaded from, at which state: the key of everything derived from them."""
    if isinstance(tables, StoreTables):
        return tables.key
    return _SOURCE_KEYS.get(id(tables), ("unknown", id(tables)))


def state_key(state: FilterState) -> tuple:
    """A hashable key of a filter state (for caches)."""
    return (state.actors, state.date_from, state.date_to, state.types, state.docs, state.text_dated, state.reviewed,
            state.claimants)


@st.cache_resource(max_entries=64, show_spinner=False)
def _filtered(key: tuple, state_key: tuple, _tables: dict, _state: FilterState) -> dict[str, pd.DataFrame]:
    return apply_filters(_tables, _state)


def filtered_tables(tables: dict[str, pd.DataFrame], state: FilterState) -> dict[str, pd.DataFrame]:
    """``apply_filters`` memoised per (tables source, filter state)."""
    return _filtered(source_key(tables), (*state_key(state), id(tables)), tables, state)


@st.cache_resource(max_entries=256, show_spinner=False)
def _derived(what: str, key: tuple, state_key: tuple, _fn, _args: tuple, _kwargs: dict):
    return _fn(*_args, **_kwargs)


def per_view(what: str, tables: dict[str, pd.DataFrame], state: FilterState, fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` memoised per (``what``, tables files, filter state): for the work a page
    derives from the tables and the filtered tables (figures, aggregates).  ``fn`` must be pure and its
    arguments must follow from ``what``, the tables and the state.  The result is shared between sessions
    and reruns: treat it as read-only."""
    return _derived(what, source_key(tables), (*state_key(state), id(tables)), fn, args, kwargs)


REVIEW_LOG_COLUMNS = ["fact_id", "doc_id", "table", "quote", "action", "changed", "reviewer", "reason", "decided_at",
                      "status_after"]


@st.cache_resource(max_entries=8, show_spinner=False)
def _review_log(url: str, revision: tuple, since: str) -> pd.DataFrame:
    after = datetime.combine(date.fromisoformat(since) + timedelta(days=1), time(), tzinfo=timezone.utc)
    return pd.DataFrame(db.review_log(_engine(url), after), columns=REVIEW_LOG_COLUMNS)


def review_log(tables: dict[str, pd.DataFrame], since: str) -> pd.DataFrame | None:
    """The analysts' decisions made after the day ``since`` (memoised per store revision), as the
    store's decision log has them; None where there is no store (parquet tables: no review)."""
    key = source_key(tables)
    if key[0] != "db":
        return None
    try:
        return _review_log(key[1], key[2], since)
    except SQLAlchemyError as exc:
        raise StoreError(describe(exc)) from None


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
