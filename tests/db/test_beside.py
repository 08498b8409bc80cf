"""The facts a page asks for beside those it draws (``lagebild.store.db.beside``) give the page what the full
tables gave it, on the grid of filter states of ``test_queries``, on SQLite and PostgreSQL: the Map places and
dates every troop figure (and the Timeline every event) as it did with every event and date of the store, and
reads a fraction of them."""

from __future__ import annotations

import pandas as pd

from lagebild.dashboard.dating import effective_dates
from lagebild.dashboard.filters import FilterState, apply_filters
from lagebild.dashboard.geo.claims import DEPLOYMENT_EVENTS, locate_figures
from lagebild.store.db import beside, queries
from test_queries import _states, store  # noqa: F401 - the fixture: the seeds with review decisions


def test_the_map_places_and_dates_each_figure_as_with_every_event_and_date(store):  # noqa: F811
    engine, tables = store
    placed = dated = 0
    with engine.connect() as conn:
        for state in [FilterState(), *_states(tables)]:
            figs = apply_filters(tables, state)["troop_figures"]
            where = queries.Where(state)
            events = beside.placing_events(conn, where, DEPLOYMENT_EVENTS)
            want = locate_figures(figs, tables["events"], tables["actors"])
            pd.testing.assert_frame_equal(locate_figures(figs, events, tables["actors"]), want, obj=str(state))
            dates = beside.sentence_dates(conn, where, "troop_figures")
            want_dates = effective_dates(figs, tables["documents"], tables["dates"])
            pd.testing.assert_frame_equal(effective_dates(figs, tables["documents"], dates), want_dates, obj=str(state))
            # The Timeline dates its events the same way.
            evs = apply_filters(tables, state)["events"]
            ev_dates = beside.sentence_dates(conn, where, "events")
            want_ev = effective_dates(evs, tables["documents"], tables["dates"])
            pd.testing.assert_frame_equal(effective_dates(evs, tables["documents"], ev_dates), want_ev, obj=str(state))
            dated += int(want_ev["in_text"].sum())
            assert len(events) < len(tables["events"]) and len(dates) <= len(tables["dates"])
            placed += int((want["place_note"] != "").sum())
            dated += int(want_dates["in_text"].sum())
    assert placed >= 10 and dated > 20  # figures placed by an event, and figures the text dates, on many views
