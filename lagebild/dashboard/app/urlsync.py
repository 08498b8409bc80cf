"""The shared filters <-> the address bar, on every run (pure parsing lives in ``viewstate``).

* first run of a session, or the URL's filter parameters changed from outside (a pasted link, a
  ``page_link`` with other filters): the URL wins; values that are unknown or malformed are dropped
  with a visible notice;
* the URL lost its filter parameters (Streamlit drops them on a page switch) or still shows what we
  wrote last run: the widgets win;
* ``write_url`` then writes the widgets' state back, defaults left out, so a page switch keeps the
  view and the address bar can always be shared.

Why not Streamlit's ``bind="query-params"``: measured on 1.67, a bound multiselect writes its
*displayed labels* into the URL ("?actor=Kim+Jong+Un+(person,+KP)") and silently drops our stable ids
("?actor=kim-jong-un"), which every saved briefing, card link and shared link uses; and it drops an
invalid value without telling the viewer.  Widgets whose value is its own label (tabs, toggles) do
use the binding.
"""

from __future__ import annotations

import streamlit as st

from lagebild import schemas
from lagebild.dashboard.app.catalog import Catalog
from lagebild.dashboard.app.sidebar import state_to_widgets
from lagebild.dashboard.filters import FilterState
from lagebild.dashboard.viewstate import FILTER_KEYS, parse_params, to_params

_WRITTEN = "_lagebild_written_params"


def url_filter_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in FILTER_KEYS if st.query_params.get_all(k)}


def sync_from_url(cat: Catalog) -> list[str]:
    """Puts the URL's filters into the widgets when the URL changed from outside; returns the notices."""
    url = url_filter_params()
    written = st.session_state.get(_WRITTEN)
    if written is not None and (url == written or not url):
        return []
    state, notices = parse_params(
        url, actor_ids=cat.actor_ids, event_types=schemas.EVENT_TYPES, doc_ids=cat.doc_id_set,
    )
    state_to_widgets(state)
    return notices


def write_url(state: FilterState) -> None:
    wanted = {k: (v if isinstance(v, list) else [v]) for k, v in to_params(state).items()}
    if url_filter_params() != wanted:
        for k in FILTER_KEYS:
            if k in wanted:
                st.query_params[k] = wanted[k]
            elif k in st.query_params:
                del st.query_params[k]
    st.session_state[_WRITTEN] = wanted
