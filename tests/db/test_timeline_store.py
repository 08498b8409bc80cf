"""The Timeline of a view with too many events to draw one by one, asked of the database (events counted per
type, month, dating and source: ``timelinecounts``), is the figure ``eventcharts.timeline_chart`` draws from the
filtered tables, on the grid of filter states of ``test_queries``, on SQLite and PostgreSQL.  (The seeds hold
117 events: the limit is lowered so that most states are "too many".)"""

from __future__ import annotations

import json

from lagebild.dashboard import eventcharts as charts
from lagebild.dashboard.filters import FilterState, apply_filters
from lagebild.dashboard.timelinecounts import store_event_type_counts
from test_queries import _states, store  # noqa: F401 - the fixture: the seeds with review decisions


def test_the_store_counts_a_crowded_timeline_as_the_tables_drew_it(store, monkeypatch):  # noqa: F811
    engine, tables = store
    monkeypatch.setattr(charts, "TIMELINE_POINT_LIMIT", 12)
    sides = dict(zip(tables["actors"]["id"], tables["actors"]["side"]))
    bubbles = marks = 0
    with engine.connect() as conn:
        for state in [FilterState(), *_states(tables)]:
            t = apply_filters(tables, state)
            counts = store_event_type_counts(conn, state)
            assert int(counts["n"].sum()) == len(t["events"]), state
            got = charts.timeline_from_type_counts(counts, sides)
            if len(t["events"]) == 0:
                assert got is None
                continue
            want = charts.timeline_chart(t["events"], tables["documents"], tables["actors"], dates=tables["dates"])
            if got is None:  # few enough for a mark each: the page draws the events themselves
                assert "Events per month" not in str(want.layout.title.text), state
                marks += 1
                continue
            assert json.loads(got.to_json()) == json.loads(want.to_json()), state
            bubbles += 1
    assert bubbles > 15 and marks > 3
