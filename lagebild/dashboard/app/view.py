"""What a page gets from the frame: the ``View`` of this run (pages fetch it with ``frame.current_view()``)."""

from __future__ import annotations

import dataclasses
import hashlib

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from lagebild.store import StoreError
from lagebild.dashboard.app.catalog import Catalog, catalog, source_catalog
from lagebild.dashboard.app.loaders import answer, filtered_tables, load_tables, store_engine, store_tables
from lagebild.store.db import beside, queries, records
from lagebild.dashboard.markup import md_escape
from lagebild.dashboard.filters import FilterState
from lagebild.dashboard.viewstate import to_params

SLOT = "_lagebild_view"


class View:
    """What a page gets: the filter state, the catalog (labels, names, orders), notices, the source ``key``
    (what the pages show, at which state), and — loaded on first use only — all tables and the filtered
    tables.  A page that asks the database its questions (``ask``) never loads the tables: at a year of
    reporting they are gigabytes, and the answers are a few rows."""

    def __init__(self, state: FilterState, tables: dict | None = None, filtered: dict | None = None,
                 notices: list[str] | None = None, catalog: Catalog | None = None, key: tuple | None = None,
                 presenter: bool = False) -> None:
        self.state, self.notices, self.catalog, self.key = state, list(notices or []), catalog, key
        self._tables, self._filtered, self._presenter = tables, filtered, presenter

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table, unfiltered.  On the database each is read the first time a page asks for it (a
        document's ``text`` is "" there: ``document_text`` reads the one a page shows)."""
        if self._tables is None:
            try:
                self._tables = store_tables(self.key, type(self.state)(), self.lookup().tables) if self.from_store \
                    else load_tables()
            except StoreError as exc:
                st.error(md_escape(f"The fact tables cannot be read: {exc}"), icon=":material/error:")
                st.stop()
        return self._tables

    @property
    def filtered(self) -> dict[str, pd.DataFrame]:
        """The tables as the filters keep them (on the database: only those rows are read)."""
        if self._filtered is None:
            self._filtered = self.tables if self._presenter else self.filtered_for(self.state)
        return self._filtered

    def filtered_for(self, state: FilterState) -> dict[str, pd.DataFrame]:
        """The tables under a filter ``state`` (the view's, or a briefing slide's)."""
        if self.from_store:
            return store_tables(self.key, state, self.lookup().tables)
        return filtered_tables(self.tables, state)

    def of_document(self, doc_id: str, filtered: bool = True) -> dict[str, pd.DataFrame]:
        """Tables holding (at least) every row of document ``doc_id`` that ``filtered`` (else ``tables``) holds:
        on the database only that document's rows are read (the filters keep or drop a fact by its own
        document and sentence, so filtering the one document keeps what filtering all of them keeps of it)."""
        if not self.from_store:
            return self.filtered if filtered else self.tables
        state = self.state if filtered and not self._presenter else type(self.state)()
        if state.docs and doc_id not in state.docs:
            return self.filtered  # the filters keep nothing of it (a link to a document outside them)
        return self.filtered_for(dataclasses.replace(state, docs=(doc_id,)))

    def count(self, name: str) -> int:
        """Rows of the filtered table ``name``, without reading it where the database can count them."""
        t = self.filtered
        return t.count(name) if hasattr(t, "count") else len(t[name])

    def document_text(self, doc_id: str) -> str:
        """A document's full text ("" for an unknown one)."""
        if not self.from_store:
            docs = self.tables["documents"]
            hit = docs.loc[docs["doc_id"] == doc_id, "text"]
            return str(hit.iloc[0]) if len(hit) else ""
        return self.ask(f"text:{doc_id}", _text_of, doc_id)

    def facts_of(self, name: str, doc_ids) -> pd.DataFrame:
        """The (unfiltered) fact table ``name``'s rows of some documents — what working out a few facts' dates
        (``with_time``) or places needs — without reading the whole table; the whole table where it is read
        already, or where the documents are most of the store (one read beats a list of 10,000 ids)."""
        wanted = sorted(set(doc_ids))
        if not self.from_store or self.tables.loaded(name) or len(wanted) > records.IN_CHUNK:
            return self.tables[name]
        # Memoised per store revision and these documents (their digest names the question), so a rerun does
        # not ask again.
        digest = hashlib.sha1("\n".join(wanted).encode("utf-8", "surrogatepass")).hexdigest()
        return self.ask(f"facts:{name}:{digest}", _facts_of, name, tuple(wanted))

    def placing_events(self, types) -> pd.DataFrame:
        """Events that can place the view's deployed troop figures without a place of their own (the Map):
        on the database the placed events of ``types`` in those figures' documents, else every event."""
        if not self.from_store:
            return self.tables["events"]
        return self._beside(f"placing_events:{','.join(types)}", beside.placing_events, tuple(types))

    def sentence_dates(self, of: str) -> pd.DataFrame:
        """Dates that can tell whether the text gives the view's ``of`` facts' own dates (``with_time``): on the
        database those written in their sentences, else every date."""
        if not self.from_store:
            return self.tables["dates"]
        return self._beside(f"sentence_dates:{of}", beside.sentence_dates, of)

    def _beside(self, what: str, question, *args) -> pd.DataFrame:
        """``question(conn, Where(state), *args)`` of ``lagebild.store.db.beside`` for what the page draws (a
        presenter's view draws everything), memoised per view and that state."""
        state = type(self.state)() if self._presenter else self.state
        return self.ask(f"{what}:{'all' if self._presenter else 'filtered'}", _beside, question, state, *args)

    def with_texts(self, documents: pd.DataFrame) -> pd.DataFrame:
        """``documents`` with their texts (for an export: the database's tables leave them out)."""
        if not self.from_store or len(documents) == 0:
            return documents
        try:  # built on click (an export): read once, not kept
            with store_engine().connect() as conn:
                texts = _texts_of(conn, tuple(documents["doc_id"]))
        except (StoreError, SQLAlchemyError) as exc:
            raise StoreError(f"the documents' texts cannot be read: {exc}") from None
        return documents.assign(text=documents["doc_id"].map(texts).fillna(""))

    def export_tables(self, tables: dict[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
        """The filtered tables (or ``tables``) as an export writes them: every table, the documents with their texts."""
        t = dict(self.filtered if tables is None else tables)
        t["documents"] = self.with_texts(t["documents"])
        return t

    @property
    def from_store(self) -> bool:
        """Whether the pages' data comes from the database (which answers queries), not parquet tables."""
        return self.key is not None and self.key[0] == "db"

    def ask(self, what: str, fn, *args):
        """``fn(conn, *args)`` on the store, memoised per (``what``, store revision, filter state)."""
        try:
            return answer(what, self.key, self.state, fn, *args)
        except StoreError as exc:
            st.error(md_escape(f"The database cannot be read: {exc}"), icon=":material/database:")
            st.stop()

    def link_params(self, **extra) -> dict[str, str | list[str]]:
        """Query params of the current view plus ``extra`` (for st.page_link)."""
        return {**to_params(self.state), **{k: str(v) for k, v in extra.items()}}

    def source_link(self, doc_id: str, sentence: int | None = None) -> dict[str, str | list[str]]:
        extra = {"source": doc_id}
        if sentence is not None:
            extra["sentence"] = int(sentence)
        return self.link_params(**extra)

    def actor_name(self, actor_id) -> str:
        if not isinstance(actor_id, str):
            return "unattributed"
        return self.lookup().actor_names.get(actor_id, actor_id)

    def lookup(self) -> Catalog:
        """Labels, names and orders of the unfiltered tables (computed once per tables)."""
        if self.catalog is None:
            self.catalog = source_catalog(self.key) if self.key is not None else catalog(self.tables)
        return self.catalog


def this_run() -> object | None:
    """An object that is new for every script run (to tell this run's View from an older one)."""
    ctx = get_script_run_ctx()
    return getattr(ctx, "parallel_coordinator", None) if ctx is not None else None


def remember(view: View) -> View:
    st.session_state[SLOT] = (this_run(), view)
    return view


def forget() -> None:
    st.session_state.pop(SLOT, None)


def prepared() -> View | None:
    """The View the frame prepared in this run, or None if the frame did not run."""
    slot = st.session_state.get(SLOT)
    if slot is not None and slot[0] is not None and slot[0] is this_run():
        return slot[1]
    return None


def _text_of(conn, doc_id: str) -> str:
    rows = records.document_rows(conn, doc_ids=[doc_id])
    return str(rows[0]["text"]) if rows else ""


def _texts_of(conn, doc_ids: tuple[str, ...]) -> dict[str, str]:
    return {r["doc_id"]: r["text"] for r in records.document_rows(conn, doc_ids=list(doc_ids))}


def _facts_of(conn, name: str, doc_ids: tuple[str, ...]) -> pd.DataFrame:
    return queries.fact_frame(conn, queries.Where(FilterState(docs=doc_ids)), name)


def _beside(conn, question, state: FilterState, *args) -> pd.DataFrame:
    return question(conn, queries.Where(state), *args)
