"""The frame every page runs inside: page config, access gate, navigation, data, shared filters, URL.

``run_frame()`` is all ``dashboard.py`` does: it checks access (before any data is read), loads the
tables (cached), draws the sidebar filters, keeps the URL in step with them (``urlsync``), filters
the tables and keeps a ``View`` for the page, draws the sidebar tools, then runs the page.  Pages
start with ``current_view()``.

The briefing page runs in presenter mode: sidebar collapsed, no filter widgets (each slide carries
its own filters); the analyst's filters are kept aside and come back on the next page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lagebild import paths
from lagebild.store import StoreError, parquet
from lagebild.dashboard import auth, registry
from lagebild.store.db.connect import display_url
from lagebild.store.db.faults import describe, is_database_error
from lagebild.dashboard.markup import md_escape
from lagebild.dashboard.app import view as view_slot
from lagebild.dashboard.app.share import current_params
from lagebild.dashboard.app.theme import theme_switch
from lagebild.dashboard.app.catalog import source_catalog
from lagebild.dashboard.app.loaders import configured_url, extraction_outdated, load_source, parquet_override, \
    tables_folder
from lagebild.dashboard.app.sidebar import filter_sidebar, state_to_widgets, widgets_drawn
from lagebild.dashboard.app.tools import sidebar_tools
from lagebild.dashboard.app.urlsync import sync_from_url, write_url
from lagebild.dashboard.app.view import View
from lagebild.dashboard.app.widgets import show_notice, show_notices
from lagebild.dashboard.filters import FilterState

_STASH = "_lagebild_filters_stash"
_NAV_TRIED = "_lagebild_navigation_tried"
# A local favicon: a material-symbol page_icon makes the browser fetch the SVG from Google's font CDN.
ICON = str(Path(__file__).with_name("icon.png"))


def page_setup() -> None:
    st.set_page_config(page_title="Lagebild", page_icon=ICON, layout="wide")
    auth.require_access()  # nothing below runs (no data is read) until the viewer is let in


def navigation_pages() -> list:
    # Absolute paths: the hand-over below may run while a page file, not dashboard.py, is the main script.
    return [st.Page(paths.ROOT / p.path, title=p.title, icon=p.icon, default=(p == registry.DEFAULT))
            for p in registry.PAGES]


def _show_store_error(exc: Exception) -> None:
    show_notice(f"The fact tables cannot be read: {exc}", "error", icon=":material/error:")
    if parquet_override():
        st.markdown("Rebuild them from the seed documents with:")
        st.code(parquet.REBUILD_HINT, language="bash")
        st.caption(f"Tables folder: {tables_folder()} (unset LAGEBILD_TABLES to use the database).")
    else:
        st.caption(f"Database: {display_url(configured_url())} (see docs/hosting.md, *Hosting with a database*).")


def build_view(presenter: bool = False) -> View:
    """Load the tables, draw the sidebar filters, sync the URL, filter; stops the page on a store error.

    ``presenter`` (the briefing page): no filter widgets and the URL's filters left alone.
    """
    try:
        key = load_source()
        cat = source_catalog(key)
    except StoreError as exc:
        view_slot.forget()
        _show_store_error(exc)
        st.stop()
    if extraction_outdated(key):
        show_notice("These facts were extracted by an older version of the rules. To see what the current "
                    "rules find, run: python -m lagebild reextract (review decisions are kept).", "info",
                    icon=":material/update:")
    if presenter:
        return view_slot.remember(View(state=FilterState(), catalog=cat, key=key, presenter=True))
    if not widgets_drawn() and st.session_state.get(_STASH) is not None:
        state_to_widgets(st.session_state[_STASH])  # back from the briefing page: widgets were not drawn there
    notices = sync_from_url(cat)
    state = filter_sidebar(cat)
    write_url(state)
    st.session_state[_STASH] = state
    # The tables and their filtered copies are loaded when a page first asks for them (``View.tables``).
    view = view_slot.remember(View(state=state, notices=notices, catalog=cat, key=key))
    show_notices(notices)
    return view


def current_view() -> View:
    """The View the frame prepared for this run (every page starts with this call)."""
    prepared = view_slot.prepared()
    return prepared if prepared is not None else _page_run_without_frame()


def _page_run_without_frame() -> View:
    """A page file ran without the frame: hand the request to the frame, or (a page run alone) build the view.

    With a ``pages/`` folder beside the entry point, Streamlit starts a server process in its old
    folder-based multipage mode until ``st.navigation`` is called once, so the very first request of a
    process for ``/map`` runs ``pages/map.py`` alone.  Streamlit documents that the ``pages/`` folder is
    ignored once ``st.navigation`` is used: calling it (public API, hidden) and rerunning hands the
    request to the frame.  (AppTest starts every run in that mode, so this path is tested by every
    page test.)  If the frame still did not run after that (a page file run on its own), the page builds
    its view itself rather than loop.
    """
    page_setup()  # first: the local favicon (a page's material icon would be fetched from a font CDN)
    if not st.session_state.get(_NAV_TRIED):
        st.session_state[_NAV_TRIED] = True
        st.navigation(navigation_pages(), position="hidden")
        st.rerun()
    return build_view()


def _back_to_requested_page(pages: list, spec) -> None:
    """Just let in through the gate: go to the page (and filters) the viewer's link asked for."""
    requested = auth.requested_page()
    if requested is None:
        return
    segment, query = requested
    wanted = next((p for s, p in zip(registry.PAGES, pages) if registry.url_path(s) == segment and s != spec), None)
    if wanted is not None:
        st.switch_page(wanted, query_params={k: v for k, v in query.items() if v})


def run_frame() -> None:
    page_setup()
    st.session_state.pop(_NAV_TRIED, None)  # the frame runs: a later page run without it may hand over again
    pages = navigation_pages()
    page = st.navigation(pages)
    spec = next((s for s, p in zip(registry.PAGES, pages) if p is page), registry.DEFAULT)
    _back_to_requested_page(pages, spec)
    switch_slot = st.sidebar.container()  # the theme switch, at the top; filled once the URL is written
    if spec == registry.BRIEFING:
        st.set_page_config(initial_sidebar_state="collapsed")
        build_view(presenter=True)
    elif not spec.analysis:
        build_view(presenter=True)  # the store's pages: the tables, no filter widgets, the URL's filters kept
    else:
        sidebar_tools(build_view(), spec.key, registry.url_path(spec))
    with switch_slot:
        theme_switch(current_params())  # the link keeps the view the filters just wrote to the URL
    try:
        page.run()
    except StoreError as exc:  # a table a page reads on first use could not be read (``StoreTables``): one line
        st.error(md_escape(f"The database cannot be read: {exc}. Nothing stored was lost; this page shows again "
                           "once the database answers."), icon=":material/database:")
    except Exception as exc:  # noqa: BLE001 - a failing store is one line on the page, never a traceback with SQL
        if not is_database_error(exc):
            raise
        st.error(md_escape(f"{describe(exc)[0].upper()}{describe(exc)[1:]}. Nothing stored was lost; this page "
                           "shows again once the database answers."), icon=":material/database:")
