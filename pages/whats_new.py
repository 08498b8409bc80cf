"""What's new since a date or the last saved briefing: documents, claims, changed figures, events."""

import streamlit as st

from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.live import follow_store
from lagebild.dashboard.app.since import since_control, whats_new_view

view = current_view()
follow_store(view.key)  # new documents (watch, other sessions) show without a click
st.title("What's new")
since = since_control(view)
if since is None:
    st.info("Pick a date (or a saved briefing) to compare with; there is no dated document to start from.")
else:
    whats_new_view(view, since)
