"""Sources and feeds: the followed sources, their last poll, new items and errors; Fetch now."""

import streamlit as st

from lagebild.dashboard.app.feedsview import ask_fetch, fetch_asked, fetch_now, load_config, log_table, outlets_table, sources_table
from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.intake import require_store

current_view()
st.title("Sources and feeds")
st.caption("Feeds and web pages listed in the sources file arrive by themselves (python -m lagebild watch, or "
           "fetch on a schedule); syndicated copies of one story are stored once with every outlet.")
require_store()
config = load_config()
if config is not None:
    enabled = config.enabled
    if not enabled:
        st.info("No source is enabled in the sources file: nothing is fetched from the web.", icon=":material/cloud_off:")
    # A callback, not the button's return value: the frame may rerun the script once (URL sync), which
    # would lose a button's one-run "clicked".
    st.button("Fetch now", type="primary", icon=":material/sync:", disabled=not enabled, on_click=ask_fetch)
    if fetch_asked():
        fetch_now(config)
    sources_table(config)
outlets_table()
log_table()
