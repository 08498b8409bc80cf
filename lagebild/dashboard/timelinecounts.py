"""The Timeline asked of the database when the view holds too many events to draw one by one: the events
counted per type, month, dating and source (``eventcharts.timeline_from_type_counts`` draws them), so the page
reads no event.  ``tests/db/test_timeline_store.py`` holds the figure to ``eventcharts.timeline_chart``'s.  Pure."""

from __future__ import annotations

import pandas as pd

from lagebild.store.db import queries


def store_event_type_counts(conn, state) -> pd.DataFrame:
    """``type``, ``month`` (its first day, NaT where the event has no date at all), ``in_text``, ``source``,
    ``n`` of the filtered events."""
    rows = queries.event_type_counts(conn, queries.Where(state))
    out = pd.DataFrame(rows, columns=["type", "month", "in_text", "source", "n"])
    out["month"] = pd.to_datetime(out["month"].astype(object).where(out["month"].notna(), None) + "-01",
                                  format="%Y-%m-%d", errors="coerce") if len(out) else pd.Series(dtype="datetime64[ns]")
    return out
