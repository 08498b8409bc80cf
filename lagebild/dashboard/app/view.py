"""What a page gets from the frame: the ``View`` of this run (pages fetch it with ``frame.current_view()``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from lagebild.dashboard.app.loaders import Catalog, catalog
from lagebild.dashboard.filters import FilterState
from lagebild.dashboard.viewstate import to_params

SLOT = "_lagebild_view"


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
        return self.lookup().actor_names.get(actor_id, actor_id)

    def lookup(self) -> Catalog:
        """Labels, names and orders of the unfiltered tables (computed once per tables)."""
        if self.catalog is None:
            self.catalog = catalog(self.tables)
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
