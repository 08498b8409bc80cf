"""The shared filter widgets in the sidebar, their keys, and the callbacks pages use to set them."""

from __future__ import annotations

import streamlit as st

from lagebild import schemas
from lagebild.dashboard.app.catalog import Catalog
from lagebild.dashboard.filters import FilterState
from lagebild.dashboard.app.widgets import show_notice
from lagebild.dashboard.viewstate import TYPED_HINT, typed_date

K_ACTORS, K_FROM, K_TO, K_TYPES, K_DOCS = "f_actor", "f_from", "f_to", "f_type", "f_doc"
K_REVIEWED = "f_reviewed"
K_CLAIMANTS = "f_claimant"
# Above this many documents the "Source documents" filter lists only the documents that match a search
# (newest first, at most this many) plus those already picked: ten thousand options would be sent to
# the browser on every run.
DOC_OPTION_LIMIT = 200
K_DOC_SEARCH = "f_doc_search"
K_DATED = "f_dated"


def state_from_widgets() -> FilterState:
    ss = st.session_state
    # The date fields hold text ("2024-11-06", or "2024-11" for the month); text that is no date
    # filters nothing (the field says so).
    f, t = typed_date(ss.get(K_FROM) or "")[0], typed_date(ss.get(K_TO) or "", end=True)[0]
    if f and t and f > t:
        f, t = t, f
    return FilterState(
        actors=tuple(ss.get(K_ACTORS) or ()), date_from=f, date_to=t,
        types=tuple(ss.get(K_TYPES) or ()), docs=tuple(ss.get(K_DOCS) or ()), text_dated=bool(ss.get(K_DATED)),
        reviewed=bool(ss.get(K_REVIEWED)), claimants=tuple(ss.get(K_CLAIMANTS) or ()),
    )


def state_to_widgets(state: FilterState) -> None:
    ss = st.session_state
    ss[K_ACTORS] = list(state.actors)
    ss[K_FROM] = state.date_from.isoformat() if state.date_from else ""
    ss[K_TO] = state.date_to.isoformat() if state.date_to else ""
    ss[K_TYPES] = list(state.types)
    ss[K_DOCS] = list(state.docs)
    ss[K_DATED] = state.text_dated
    ss[K_REVIEWED] = state.reviewed
    ss[K_CLAIMANTS] = list(state.claimants)


def widgets_drawn() -> bool:
    """Whether the filter widgets hold a state in this session (they are not drawn on the briefing page)."""
    return K_ACTORS in st.session_state


def reset_filters() -> None:
    """Widget callback: back to the default view."""
    state_to_widgets(FilterState())


def focus_actor(actor_id: str) -> None:
    """Widget callback (Actors page): make ``actor_id`` the only actor filter."""
    st.session_state[K_ACTORS] = [actor_id]


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


def _keep_valid_picks(cat: Catalog) -> None:
    """Keep widget values valid for the current options (a rebuilt store may have dropped some)."""
    ss = st.session_state
    for key, options in ((K_ACTORS, set(cat.actor_ids)), (K_CLAIMANTS, set(cat.actor_ids)), (K_TYPES, set(schemas.EVENT_TYPES)), (K_DOCS, cat.doc_id_set)):
        if key in ss:
            ss[key] = [v for v in (ss[key] or []) if v in options]


def _date_inputs(cat: Catalog) -> None:
    """Two text fields, one above the other (side by side the sidebar cuts a date in half).

    Text, not ``st.date_input``: measured on 1.67, a typed date in ``date_input`` applies only when
    the focus leaves the widget and its calendar (Enter and Tab do nothing), so an analyst typing a
    date at the projector saw no change.  A text field applies on Enter, and takes a month or a
    year as well ("2024-11")."""
    lo, hi = cat.extent if cat.extent else (None, None)
    for label, key, end, extreme in (("From", K_FROM, False, f"Earliest fact: {lo}. " if lo else ""),
                                     ("To", K_TO, True, f"Latest fact: {hi}. " if hi else "")):
        st.text_input(label, key=key, placeholder="YYYY-MM-DD, then Enter",
                      help=f"{extreme}Enter applies. {TYPED_HINT[0].upper() + TYPED_HINT[1:]} "
                           f"({'its first day' if not end else 'its last day'}).")
        problem = typed_date(st.session_state.get(key) or "", end=end)[1]
        if problem:
            show_notice(problem, icon=":material/event_busy:")
    st.toggle("Only facts dated in the text", key=K_DATED,
              help="Off: a fact the text does not date counts at its article's publication date (marked "
                   "“undated (article of …)”), in the charts, the counts and the date range alike.")
    if st.session_state.get(K_FROM) or st.session_state.get(K_TO):
        st.caption("A date range keeps facts whose date (at its precision) overlaps it; a fact the text does not "
                   "date counts at its article's publication date.")


def _document_picker(cat: Catalog) -> None:
    label_of = lambda d: cat.doc_labels.get(d, d)  # noqa: E731
    if cat.n_docs <= DOC_OPTION_LIMIT:
        st.multiselect("Source documents", list(cat.doc_ids), key=K_DOCS, format_func=label_of,
                       placeholder="All documents")
        return
    query = st.text_input("Find source documents", key=K_DOC_SEARCH, placeholder="title, date or source",
                          help=f"Lists at most {DOC_OPTION_LIMIT} matching documents, newest first.")
    options, n_match = doc_options(cat, query, list(st.session_state.get(K_DOCS) or []))
    st.multiselect("Source documents", options, key=K_DOCS, format_func=label_of, placeholder="All documents")
    listed = min(n_match, DOC_OPTION_LIMIT)
    st.caption(f"Listing {listed:,} of {n_match:,} matching document{'s' if n_match != 1 else ''}"
               + ("; search to find others." if n_match > listed else "."))


def filter_sidebar(cat: Catalog) -> FilterState:
    """Draws the shared filters; returns the state they hold."""
    _keep_valid_picks(cat)
    with st.sidebar:
        st.header("Filters")
        st.multiselect(
            "Actors", list(cat.actor_ids), key=K_ACTORS, format_func=lambda a: cat.actor_labels.get(a, a),
            placeholder="All actors — type a name, type, country or side",
            help="Search by name, type (person, state, organisation), country code or side.",
        )
        st.multiselect(
            "Claimants", list(cat.claimant_ids), key=K_CLAIMANTS, format_func=lambda a: cat.actor_labels.get(a, a),
            placeholder="All claimants",
            help="Troop figures claimed by these actors, alone or jointly, or relayed by them (the NIS's figure a "
                 "lawmaker cites is found under either). Events are not filtered by claimant.",
        )
        _date_inputs(cat)
        st.multiselect("Event types", schemas.EVENT_TYPES, key=K_TYPES, format_func=lambda t: t.replace("_", " "),
                       placeholder="All event types")
        _document_picker(cat)
        st.toggle("Reviewed facts only", key=K_REVIEWED,
                  help="Only events and troop figures an analyst confirmed or edited (for briefings).")
        state = state_from_widgets()
        st.button("Reset filters", on_click=reset_filters, disabled=state.is_default, icon=":material/restart_alt:",
                  width="stretch")
        n_docs = cat.n_docs
        # One caption, two lines (every element is a message and a render on every run of every page).
        st.caption("The address bar holds this view: copy it to share.  \n"
                   f"{n_docs:,} document{'s' if n_docs != 1 else ''} · as of {cat.as_of or 'unknown'}")
    return state
