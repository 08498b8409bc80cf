"""Timeline: events on a time axis by type, with precision and modality visible."""

import streamlit as st

from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.widgets import empty_notice
from lagebild.dashboard.app.loaders import per_view
from lagebild.dashboard.eventcharts import timeline_chart, timeline_from_type_counts
from lagebild.dashboard.dating import dated_in_text
from lagebild.dashboard.timelinecounts import store_event_type_counts

view = current_view()
st.title("Timeline")
if view.count("events") == 0:
    empty_notice("events", view)
    st.stop()
st.caption(
    "Colour = side of the actor the event comes from. Shape = modality: ● asserted, ◉ reported, △ threatened, "
    "○ possible, ✕ denied. Precision: solid marks are exact days; fainter marks with a grey bar span their week, "
    "month or year. Events the text does not date sit at their article's publication date, drawn faint."
)
fig = None
if view.from_store:  # too many events to draw one by one: the database counts them (no event is read)
    counts = view.ask("timeline_counts", store_event_type_counts, view.state)
    fig = timeline_from_type_counts(counts, view.lookup().actor_sides)
    n, undated = int(counts["n"].sum()), int(counts.loc[~counts["in_text"], "n"].sum())
if fig is None:
    events = view.filtered["events"]
    dates = view.sentence_dates("events")  # the dates that can date an event: in its own sentence
    fig = per_view("timeline", view.tables, view.state, timeline_chart, events, view.tables["documents"],
                   view.tables["actors"], dates=dates)
    n, undated = len(events), int((~dated_in_text(events, dates)).sum())
st.plotly_chart(fig, key="timeline")
if undated:
    st.caption(f"{undated} of {n} events have no date in the text.")
