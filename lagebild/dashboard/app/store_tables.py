"""The tables a page reads on the database: one view's (a filter state at a store revision), each table read
the first time a page asks for it, and only the rows the filters keep.

Before, every page but the Overview read every effective fact of the store and filtered it in pandas: about a
minute and 4–6 GB at 100,000 documents, for a page that draws the troop figures (issue #20).  Now a page that
reads ``view.filtered["troop_figures"]`` reads the filtered figures (``queries.fact_frame``, the same frame
``apply_filters`` gave: ``tests/db/test_queries.py``) and nothing else; the mentions, the largest table, are
read only by the pages that show them.

* fact tables: the view index's effective rows the filters keep, parsed in bulk;
* documents, actors, places: the catalog's (read once per store, without the texts: a page asks for the one
  text it shows, ``View.document_text``), narrowed to those the filters keep.

Counting a table (``count``) asks the database when the table is not read yet.  Thread-safe: one object
serves every session looking at the same view.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from lagebild import schemas
from lagebild.store import StoreError
from lagebild.store.db import queries
from lagebild.store.db.faults import describe


class StoreTables(Mapping):
    """The tables of the view (``state`` at the source ``key``), read on first use."""

    def __init__(self, engine: Engine, key: tuple, state, catalog_tables: dict[str, pd.DataFrame]) -> None:
        self.engine, self.key, self.state = engine, key, state
        self.where = queries.Where(state)
        self._catalog = catalog_tables
        self._frames: dict[str, pd.DataFrame] = {}
        self._counts: dict[str, int] = {}  # asked once per view: a page asks them on every rerun
        self._lock = threading.Lock()

    def __iter__(self) -> Iterator[str]:
        return iter(schemas.TABLES)

    def __len__(self) -> int:
        return len(schemas.TABLES)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in schemas.TABLES:
            raise KeyError(name)
        with self._lock:
            if name not in self._frames:
                self._frames[name] = self._ask(lambda conn: self._read(conn, name),
                                               spinner=name in queries.FACT_TABLES)
            return self._frames[name]

    def loaded(self, name: str) -> bool:
        return name in self._frames

    def count(self, name: str) -> int:
        """Rows of the table ``name`` (a count query when the table is not read)."""
        if name in self._frames or name not in (*queries.FACT_TABLES, "documents"):
            return len(self[name])
        if name == "documents" and self.where.reach is None and not self.state.docs:
            return len(self._catalog["documents"])
        if name not in self._counts:
            ask = (lambda conn: queries.count_documents(conn, self.where)) if name == "documents" else \
                (lambda conn: queries.count(conn, self.where, name))
            self._counts[name] = self._ask(ask)
        return self._counts[name]

    def _ask(self, fn, spinner: bool = False):
        try:
            if spinner and get_script_run_ctx() is not None:  # in a page's run, not a download's
                with st.spinner("Asking the database…"):
                    return self._run(fn)
            return self._run(fn)
        except SQLAlchemyError as exc:
            raise StoreError(describe(exc)) from None

    def _run(self, fn):
        with self.engine.connect() as conn:
            return fn(conn)

    def _read(self, conn, name: str) -> pd.DataFrame:
        if name in queries.FACT_TABLES:
            return queries.fact_frame(conn, self.where, name)
        full = self._catalog[name]
        if name == "documents":
            if self.where.reach is None and not self.state.docs:
                return full
            keep = set(queries.document_ids(conn, self.where))
            return full[full["doc_id"].isin(keep)]
        if name == "actors":
            ids = self.where.actor_ids()
            return full if ids is None else full[full["id"].isin(set(ids))]
        places = self.where.places()  # places
        return full if places is None else full[full["id"].isin(set(conn.execute(places).scalars()))]
