"""The frame every page runs inside: page config, navigation, data, shared filters, URL.

``run_frame()`` is all ``dashboard.py`` does.  It loads the tables (cached),
draws the sidebar filters, keeps the URL in step with them, filters the tables
and stores a ``View`` for the page (``current_view()``), then runs the page.

URL <-> filters, on every run:

* first run of a session, or the URL's filter parameters changed from outside
  (a pasted link, a ``page_link`` with other filters): the URL wins; values that
  are unknown or malformed are dropped with a visible notice;
* the URL lost its filter parameters (Streamlit drops them on a page switch)
  or still shows what the frame wrote last run: the widgets win;
* the frame then writes the widgets' state back, defaults left out, so a page
  switch keeps the view and the address bar can always be shared.

Also here: the access gate (``lagebild.dashboard.auth.require_access``, before any data is
loaded), and the sidebar tools of every page but the briefing: "Share this view",
"Add this view to a briefing" and "Export".  The briefing page runs in presenter
mode: sidebar collapsed, no filter widgets (each slide carries its own filters).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from lagebild.dashboard import auth
from lagebild import schemas, store
from lagebild.dashboard.filters import FilterState
from lagebild.dashboard.viewstate import EARLIEST, FILTER_KEYS, LATEST, parse_params, to_params
from lagebild.dashboard.app.loaders import Catalog, catalog, filtered_tables, load_tables, tables_folder

PAGES = [
    ("pages/overview.py", "Overview", ":material/dashboard:"),
    ("pages/map.py", "Map", ":material/map:"),
    ("pages/actors.py", "Actors", ":material/groups:"),
    ("pages/troop_figures.py", "Troop figures", ":material/bar_chart:"),
    ("pages/timeline.py", "Timeline", ":material/timeline:"),
    ("pages/sources.py", "Sources", ":material/description:"),
    ("pages/briefing.py", "Briefing", ":material/slideshow:"),
]
SOURCES_PAGE = "pages/sources.py"
BRIEFING_PAGE = "pages/briefing.py"

K_ACTORS, K_FROM, K_TO, K_TYPES, K_DOCS = "f_actor", "f_from", "f_to", "f_type", "f_doc"
_WRITTEN = "_lagebild_written_params"
_VIEW = "_lagebild_view"
_STASH = "_lagebild_filters_stash"
# A local favicon: a material-symbol page_icon makes the browser fetch the SVG from Google's font CDN.
ICON = str(Path(__file__).with_name("icon.png"))


@dataclass
class View:
    """What a page gets: all tables, the filtered tables, the filter state and notices."""

    tables: dict[str, pd.DataFrame]
    filtered: dict[str, pd.DataFrame]
    state: FilterState
    notices: list[str] = field(default_factory=list)
    catalog: Catalog | None = None

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
        names = self.__dict__.get("_names")
        if names is None:
            names = self.catalog.actor_names if self.catalog is not None else dict(
                zip(self.tables["actors"]["id"], self.tables["actors"]["name"]))
            self.__dict__["_names"] = names
        return names.get(actor_id, actor_id)

    def lookup(self) -> Catalog:
        """Labels, names and orders of the unfiltered tables (computed once per tables)."""
        if self.catalog is None:
            self.catalog = catalog(self.tables)
        return self.catalog


def _this_run() -> object | None:
    """An object that is new for every script run (to tell this run's View from an older one)."""
    ctx = get_script_run_ctx()
    return getattr(ctx, "parallel_coordinator", None) if ctx is not None else None


def current_view() -> View:
    """The View the frame prepared for this run (pages call this).

    If the frame did not run in this run, the page builds the view itself.  That
    happens when Streamlit runs a page file directly: with a ``pages/`` folder
    next to the entry point, the first run of a server process (and every
    AppTest run) starts in the old folder-based multipage mode until
    ``st.navigation`` has been called once, and a request for ``/map`` then runs
    ``pages/map.py`` without ``dashboard.py``.
    """
    slot = st.session_state.get(_VIEW)
    if slot is not None and slot[0] is _this_run() and slot[0] is not None:
        return slot[1]
    if PagesManager.uses_pages_directory:
        # Leave the folder-based mode for good and run this page again, now through the frame.
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.set_page_config(page_title="Lagebild", page_icon=ICON, layout="wide")
    auth.require_access()
    return build_view()


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in FILTER_KEYS if st.query_params.get_all(k)}


def _state_from_widgets() -> FilterState:
    ss = st.session_state
    f, t = ss.get(K_FROM), ss.get(K_TO)
    if f and t and f > t:
        f, t = t, f
    return FilterState(
        actors=tuple(ss.get(K_ACTORS) or ()), date_from=f, date_to=t,
        types=tuple(ss.get(K_TYPES) or ()), docs=tuple(ss.get(K_DOCS) or ()),
    )


def _state_to_widgets(state: FilterState) -> None:
    ss = st.session_state
    ss[K_ACTORS] = list(state.actors)
    ss[K_FROM] = state.date_from
    ss[K_TO] = state.date_to
    ss[K_TYPES] = list(state.types)
    ss[K_DOCS] = list(state.docs)


def reset_filters() -> None:
    """Widget callback: back to the default view."""
    _state_to_widgets(FilterState())


def focus_actor(actor_id: str) -> None:
    """Widget callback (Actors page): make ``actor_id`` the only actor filter."""
    st.session_state[K_ACTORS] = [actor_id]


def _sync_from_url(tables: dict[str, pd.DataFrame], cat: Catalog | None = None) -> list[str]:
    url = _url_params()
    written = st.session_state.get(_WRITTEN)
    if written is not None and (url == written or not url):
        return []
    state, notices = parse_params(
        url, actor_ids=tables["actors"]["id"], event_types=schemas.EVENT_TYPES,
        doc_ids=cat.doc_id_set if cat is not None else tables["documents"]["doc_id"],
    )
    _state_to_widgets(state)
    return notices


def _write_url(state: FilterState) -> None:
    wanted = {k: (v if isinstance(v, list) else [v]) for k, v in to_params(state).items()}
    if _url_params() != wanted:
        for k in FILTER_KEYS:
            if k in wanted:
                st.query_params[k] = wanted[k]
            elif k in st.query_params:
                del st.query_params[k]
    st.session_state[_WRITTEN] = wanted


# Above this many documents the "Source documents" filter lists only the documents that match a search
# (newest first, at most this many) plus those already picked: ten thousand options would be sent to
# the browser on every run.
DOC_OPTION_LIMIT = 200
K_DOC_SEARCH = "f_doc_search"


def doc_options(cat: Catalog, query: str, picked: list[str], limit: int = DOC_OPTION_LIMIT) -> tuple[list[str], int]:
    """Document ids to offer: those picked, then up to ``limit`` matching ``query`` (newest first); and how many match."""
    q = (query or "").strip().lower()
    if q:
        hits = cat.doc_search.str.contains(q, regex=False)
        matching = cat.doc_search.index[hits.to_numpy(dtype=bool)]
    else:
        matching = cat.doc_search.index
    shown = list(dict.fromkeys([*picked, *matching[:limit]]))
    return shown, len(matching)


def _sidebar(tables: dict[str, pd.DataFrame], cat: Catalog) -> FilterState:
    ss = st.session_state
    actor_ids = list(cat.actor_ids)
    # Keep widget values valid for the current options (a rebuilt store may have dropped some).
    for key, options in ((K_ACTORS, set(actor_ids)), (K_TYPES, set(schemas.EVENT_TYPES)), (K_DOCS, cat.doc_id_set)):
        if key in ss:
            ss[key] = [v for v in (ss[key] or []) if v in options]
    extent = cat.extent
    with st.sidebar:
        st.header("Filters")
        st.multiselect(
            "Actors", actor_ids, key=K_ACTORS, format_func=lambda a: cat.actor_labels.get(a, a),
            placeholder="All actors — type a name, type, country or side",
            help="Search by name, type (person, state, organisation), country code or side.",
        )
        c1, c2 = st.columns(2)
        lo = extent[0] if extent else None
        hi = extent[1] if extent else None
        c1.date_input("From", key=K_FROM, value=None, min_value=EARLIEST, max_value=LATEST, format="YYYY-MM-DD",
                      help=f"Earliest dated fact: {lo}" if lo else None)
        c2.date_input("To", key=K_TO, value=None, min_value=EARLIEST, max_value=LATEST, format="YYYY-MM-DD",
                      help=f"Latest dated fact: {hi}" if hi else None)
        if ss.get(K_FROM) or ss.get(K_TO):
            st.caption("A date range keeps facts whose date (at its precision) overlaps it; undated facts are hidden.")
        st.multiselect("Event types", schemas.EVENT_TYPES, key=K_TYPES, format_func=lambda t: t.replace("_", " "),
                       placeholder="All event types")
        doc_label_of = lambda d: cat.doc_labels.get(d, d)  # noqa: E731
        if cat.n_docs > DOC_OPTION_LIMIT:
            query = st.text_input("Find source documents", key=K_DOC_SEARCH, placeholder="title, date or source",
                                  help=f"Lists at most {DOC_OPTION_LIMIT} matching documents, newest first.")
            options, n_match = doc_options(cat, query, list(ss.get(K_DOCS) or []))
            st.multiselect("Source documents", options, key=K_DOCS, format_func=doc_label_of,
                           placeholder="All documents")
            listed = min(n_match, DOC_OPTION_LIMIT)
            st.caption(f"Listing {listed:,} of {n_match:,} matching document{'s' if n_match != 1 else ''}"
                       + ("; search to find others." if n_match > listed else "."))
        else:
            st.multiselect("Source documents", list(cat.doc_ids), key=K_DOCS, format_func=doc_label_of,
                           placeholder="All documents")
        state = _state_from_widgets()
        st.button("Reset filters", on_click=reset_filters, disabled=state.is_default, icon=":material/restart_alt:",
                  width="stretch")
        n_docs = cat.n_docs
        # One caption, two lines (every element is a message and a render on every run of every page).
        st.caption("The address bar holds this view: copy it to share.  \n"
                   f"{n_docs:,} document{'s' if n_docs != 1 else ''} · as of {cat.as_of or 'unknown'}")
    return state


def _show_store_error(exc: Exception) -> None:
    st.error(f"The fact tables cannot be read: {exc}", icon=":material/error:")
    st.markdown("Rebuild them from the seed documents with:")
    st.code(store.REBUILD_HINT, language="bash")
    st.caption(f"Tables folder: {tables_folder()} (set LAGEBILD_TABLES to use another one).")


def build_view(presenter: bool = False) -> View:
    """Load the tables, draw the sidebar filters, sync the URL, filter; stops the page on a store error.

    ``presenter`` (the briefing page): no filter widgets and the URL's filters left alone;
    the analyst's filters are kept aside and come back on the next page.
    """
    try:
        tables = load_tables()
    except store.StoreError as exc:
        st.session_state.pop(_VIEW, None)
        _show_store_error(exc)
        st.stop()
    cat = catalog(tables)
    if presenter:
        view = View(tables=tables, filtered=tables, state=FilterState(), catalog=cat)
        st.session_state[_VIEW] = (_this_run(), view)
        return view
    if K_ACTORS not in st.session_state and st.session_state.get(_STASH) is not None:
        _state_to_widgets(st.session_state[_STASH])  # back from the briefing page: widgets were not drawn there
    notices = _sync_from_url(tables, cat)
    state = _sidebar(tables, cat)
    _write_url(state)
    st.session_state[_STASH] = state
    view = View(tables=tables, filtered=filtered_tables(tables, state), state=state, notices=notices, catalog=cat)
    st.session_state[_VIEW] = (_this_run(), view)
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")
    return view


def page_key(path: str) -> str:
    """The page's URL path as st.navigation derives it (file stem), e.g. ``troop_figures``."""
    return path.rsplit("/", 1)[-1].removesuffix(".py")


def run_frame() -> None:
    st.set_page_config(page_title="Lagebild", page_icon=ICON, layout="wide")
    auth.require_access()  # nothing below runs (no data is read) until the viewer is let in
    pages = [st.Page(path, title=title, icon=icon, default=(i == 0)) for i, (path, title, icon) in enumerate(PAGES)]
    page = st.navigation(pages)
    path = next((p for p, obj in zip((p for p, _, _ in PAGES), pages) if obj is page), PAGES[0][0])
    if path == BRIEFING_PAGE:
        st.set_page_config(initial_sidebar_state="collapsed")
        build_view(presenter=True)
    else:
        view = build_view()
        from lagebild.dashboard.app.tools import sidebar_tools

        sidebar_tools(view, page_key(path), "" if path == PAGES[0][0] else page_key(path))
    page.run()


def empty_notice(what: str, view: View) -> None:
    """The one message for an empty selection."""
    hint = " Widen the filters or reset them in the sidebar." if not view.state.is_default else ""
    st.info(f"No {what} for the current selection.{hint}", icon=":material/filter_alt_off:")


def fmt_date(value, precision=None) -> str:
    if not isinstance(value, str) or not value:
        return "undated"
    return f"{value} ({precision})" if isinstance(precision, str) else value


def today() -> date:
    return date.today()
