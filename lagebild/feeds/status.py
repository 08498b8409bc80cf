"""What the "Sources and feeds" page shows, read from the store: per configured source its last
poll, what the last poll brought, totals by outcome and the last error; the fetch log; the stories
several outlets carried.  Pure reads, no Streamlit."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine

from lagebild.store.db import feeds as fdb
from lagebild.feeds.config import Config


def _when(value: dt.datetime | None) -> str | None:
    value = fdb.last_poll(value)
    return None if value is None else value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _every(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)} {unit}"
    return f"{seconds:g} s"


def source_rows(engine: Engine, config: Config) -> pd.DataFrame:
    """One row per configured source (and per source the store knows that the file no longer lists)."""
    with engine.connect() as conn:
        states = {s["source"]: s for s in fdb.states(conn)}
        counts = fdb.item_counts(conn)
    rows = []
    names = [s.name for s in config.sources] + sorted(set(states) - {s.name for s in config.sources})
    by_name = {s.name: s for s in config.sources}
    for name in names:
        src, st, c = by_name.get(name), states.get(name, {}), counts.get(name, {})
        rows.append({
            "source": name,
            "url": src.url if src else st.get("url"),
            "enabled": bool(src and src.enabled),
            "every": _every(src.every) if src else None,
            "last poll": _when(st.get("last_poll")),
            "new at last poll": st.get("n_new"),
            "documents stored": c.get(fdb.STORED, 0),
            "copies of stored stories": c.get(fdb.SAME_TEXT, 0) + c.get(fdb.NEAR_DUPLICATE, 0),
            "off topic (skipped)": c.get(fdb.OFF_TOPIC, 0),
            "last error": st.get("last_error"),
        })
    return pd.DataFrame(rows, columns=["source", "url", "enabled", "every", "last poll", "new at last poll",
                                       "documents stored", "copies of stored stories", "off topic (skipped)",
                                       "last error"])


def log_rows(engine: Engine, limit: int = 100) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = fdb.fetch_log(conn, limit)
    return pd.DataFrame({"when": [_when(r["at"]) for r in rows], "source": [r["source"] for r in rows],
                         "failure": [r["message"] for r in rows]}, columns=["when", "source", "failure"])


def multi_outlet_rows(engine: Engine) -> pd.DataFrame:
    """Stories more than one outlet carried: the document and every outlet, first one first."""
    with engine.connect() as conn:
        outlets = fdb.outlets(conn)
    rows = [{"doc_id": d, "outlets": "; ".join(o), "n_outlets": len(o)} for d, o in outlets.items() if len(o) > 1]
    return pd.DataFrame(rows, columns=["doc_id", "outlets", "n_outlets"]).sort_values(
        ["n_outlets", "doc_id"], ascending=[False, True], ignore_index=True)


def outlets_of(engine: Engine, doc_id: str) -> list[str]:
    with engine.connect() as conn:
        return fdb.outlets(conn, [doc_id]).get(doc_id, [])
