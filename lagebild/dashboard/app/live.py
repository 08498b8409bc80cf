"""An open page follows the store: documents that arrive while it is open (``watch`` polling the feeds,
an upload in another session) show without a click.

A fragment checks the store's revision every ``LIVE_EVERY`` seconds (three small aggregate queries) and
reruns the app only when it changed, so an idle page costs nothing else and an analyst's work is not
interrupted unless there is something new.  Only for the database store (parquet tables do not change).
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from lagebild.dashboard.app.loaders import store_engine
from lagebild.store.db import records

# Seconds between checks: a document another session adds, or a decision, is on an open page within this and
# the page's rerun (issue #20 asks for 5 s).  A check is three aggregate queries of 6–7 ms at 10,000 documents.
LIVE_EVERY = 3


def follow_store(key: tuple | None) -> None:
    """Call once on a page that should follow the store, with the source key of what it shows (``View.key``)."""
    if key is not None and key[0] == "db":
        _check(key[2])


@st.fragment(run_every=LIVE_EVERY)
def _check(shown: tuple) -> None:
    try:
        now = records.revision(store_engine())
    except SQLAlchemyError:
        return  # the page itself says so on its next run
    if now != shown:
        st.rerun(scope="app")
