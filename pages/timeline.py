"""Timeline: events on a time axis by type, with precision and modality visible."""

import streamlit as st

from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.widgets import empty_notice
from lagebild.dashboard.app.loaders import per_view
from lagebild.dashboard.charts import timeline_chart
from lagebild.dashboard.dating import dated_in_text

view = current_view()
events = view.filtered["events"]
st.title("Timeline")
if len(events) == 0:
    empty_notice("events", view)
    st.stop()
st.caption(
    "Colour = side of the actor the event comes from. Shape = modality: ● asserted, ◉ reported, △ threatened, "
    "○ possible, ✕ denied. Precision: solid marks are exact days; fainter marks with a grey bar span their week, "
    "month or year. Events the text does not date sit at their article's publication date, drawn faint."
)
fig = per_view("timeline", view.tables, view.state, timeline_chart, events, view.tables["documents"], view.tables["actors"],
               dates=view.tables["dates"])
st.plotly_chart(fig, key="timeline")
undated = int((~dated_in_text(events, view.tables["dates"])).sum())
if undated:
    st.caption(f"{undated} of {len(events)} events have no date in the text.")
