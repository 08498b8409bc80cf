"""What the Overview shows — headline counts, key developments, events per month — from the filtered tables
(``summary``) or asked of the database (``store_summary``: a handful of queries, no table in memory).  The
two give the same dict; ``tests/dashboard/test_overview_store.py`` holds them to each other.  Pure."""

from __future__ import annotations

import pandas as pd

from lagebild import schemas
from lagebild.dashboard.charts import with_time
from lagebild.dashboard.eventcharts import compact_timeline, timeline_from_counts
from lagebild.dashboard.filters import actor_ids_of_events
from lagebild.dashboard.fmt import fmt_published
from lagebild.store.db import queries, records
from lagebild.store.db import models as m

KEY_TYPES = ["treaty_signing", "ratification", "ratification_exchange", "entry_into_force", "treaty_termination",
             "troop_deployment", "intelligence_assessment", "casualty_report", "acknowledgement", "denial",
             "warning", "threat", "condemnation", "combat", "capture", "visit", "meeting", "troop_training",
             "repatriation", "statement", "other"]
PER_TYPE = 2  # key developments: at most two of a type among the latest, so both ratifications of a treaty stay in
SHOWN = 8


def key_developments(ev: pd.DataFrame) -> pd.DataFrame:
    """The key developments among events with their dates worked out (``with_time``): what the text dates
    leads, in date order; then undated facts, most important types first; at most ``PER_TYPE`` a type."""
    ev = ev.assign(rank=ev["type"].map({k: i for i, k in enumerate(KEY_TYPES)}).fillna(len(KEY_TYPES)),
                   undated=~ev["in_text"])
    latest = ev.sort_values(["undated", "when", "rank"], ascending=[True, False, True])
    picked = latest.groupby("type", sort=False).head(PER_TYPE).head(SHOWN)
    return picked.sort_values(["undated", "when", "rank"], ascending=[True, True, True])


def summary(t: dict, documents: pd.DataFrame, actors: pd.DataFrame, dates: pd.DataFrame) -> dict:
    """What the page shows, from the filtered tables ``t`` (memoised per view by the page)."""
    events = t["events"]
    actor_ids = actor_ids_of_events(events) | set(t["mentions"].loc[t["mentions"]["entity_kind"] == "actor", "entity_id"].unique())
    picked = timeline = None
    if len(events):
        ev = with_time(events, documents, dates=dates)
        picked = key_developments(ev)
        timeline = compact_timeline(ev, documents, actors, dates=dates)  # ev: the dates worked out once
    return {"n_actors": len(actor_ids), "n_events": len(events), "n_docs": len(t["documents"]),
            "as_of": as_of(t["documents"]), "picked": picked, "timeline": timeline,
            "undated": int((~ev["in_text"]).sum()) if len(events) else 0}


def as_of(documents: pd.DataFrame) -> str:
    """The latest publication date, "~" when that date is itself inferred."""
    dated = documents[documents["published"].notna()]
    if len(dated) == 0:
        return "—"
    row = dated.sort_values("published").iloc[-1]
    return fmt_published(row["published"], row["precision"])


def _in_table_order(rows: list[dict]) -> list[dict]:
    """Rows in the order of a full read of their table: document (byte order), span start, fact id."""
    return sorted(rows, key=lambda r: (r["doc_id"].encode("utf-8", "surrogatepass"), r["start"], r["fact_id"]))


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """Rows of an effective table as the full read types and orders them."""
    if not rows:
        return schemas.validate_effective(name, pd.DataFrame(columns=list(schemas.EFFECTIVE[name].to_schema().columns)))
    return schemas.validate_effective(name, pd.DataFrame(_in_table_order(rows)))


def store_summary(conn, state, sides: dict[str, str]) -> dict:
    """``summary`` asked of the database for the filter ``state`` (``sides``: actor id -> side, the bars' colours): counts and the monthly bars are queries;
    the key developments are picked from the few events that can be among them (``queries.latest_per_kind``),
    with the same code as ``summary``, their dates worked out from their own documents."""
    where = queries.Where(state)
    counts = pd.DataFrame(queries.event_counts(conn, where), columns=["month", "in_text", "source", "n"])
    n_events = int(counts["n"].sum())
    n_docs, latest = queries.documents_summary(conn, where, records.by_doc_id(conn, m.documents.c.doc_id))
    out = {"n_actors": len(queries.actor_ids(conn, where)), "n_events": n_events, "n_docs": n_docs,
           "as_of": fmt_published(*latest) if latest else "—", "picked": None, "timeline": None,
           "undated": int(counts.loc[~counts["in_text"].astype(bool), "n"].sum())}
    if not n_events:
        return out
    rows = queries.latest_per_kind(conn, where, "events", schemas.EVENT_TYPES, PER_TYPE)
    ev = _frame("events", [{**r["data"], "fact_id": r["fact_id"], "review_status": r["status"]} for r in rows])
    doc_ids = sorted(set(ev["doc_id"]))
    documents = pd.DataFrame(records.document_rows(conn, with_text=False, doc_ids=doc_ids))
    dates = _frame("dates", queries.fact_rows(conn, "dates", doc_ids))
    out["picked"] = key_developments(with_time(ev, documents, dates=dates))
    bars = counts[counts["month"].notna()].groupby(["month", "source"], dropna=False)["n"].sum().reset_index()
    bars["month"] = pd.to_datetime(bars["month"] + "-01", format="%Y-%m-%d")
    out["timeline"] = timeline_from_counts(bars, sides)
    return out
