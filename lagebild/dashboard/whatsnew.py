"""What changed since a date (the last briefing): new documents, new claims, changed figures
per claimant, new events, and facts corrected or rejected in review (from the store's decision log,
which the caller reads: ``lagebild.store.db.review_log``).  Pure, no Streamlit.

"Since" compares what had *arrived* by the date with what is there now.  A document arrives at
its ingest time where the documents table has one (``ARRIVAL_COLUMN``, added by the database
store), else at its publication date; an undated document without an ingest time cannot be
placed and is counted as known before (and the view says how many).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lagebild import claims as claims_mod
from lagebild.claims.common import day_numbers, periods
from lagebild.dashboard import claimviews as cv

# The extension point: the column of the documents table that holds when a document was ingested.
ARRIVAL_COLUMN = "ingested_at"


def arrival(documents: pd.DataFrame) -> pd.Series:
    """Each document's arrival day (YYYY-MM-DD), or None where it cannot be told."""
    published = documents["published"].astype("object")
    if ARRIVAL_COLUMN in documents:
        ingested = pd.to_datetime(documents[ARRIVAL_COLUMN], errors="coerce").dt.strftime("%Y-%m-%d")
        out = ingested.where(ingested.notna(), published).astype("object")
        return out.where(out.notna(), None)
    return published


def arrival_period(documents: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each document's arrival as day numbers [first, last possible day] (NaN where it cannot be told):
    the ingest day where there is one, else the publication at its precision (a month-only date spans
    its month, so it is never taken for a day it does not give)."""
    lo, hi = periods(documents["published"], documents["precision"] if "precision" in documents
                     else pd.Series(None, index=documents.index, dtype=object))
    if ARRIVAL_COLUMN in documents:
        ingested = day_numbers(pd.to_datetime(documents[ARRIVAL_COLUMN], errors="coerce").dt.strftime("%Y-%m-%d"))
        lo, hi = np.where(np.isnan(ingested), lo, ingested), np.where(np.isnan(ingested), hi, ingested)
    return lo, hi


def _day(since: str) -> float:
    return float(day_numbers(pd.Series([since]))[0])


def tables_as_of(tables: dict[str, pd.DataFrame], since: str) -> dict[str, pd.DataFrame]:
    """The tables as they stood on ``since``: only documents that had (or may have) arrived by then.
    A document published in the month holding ``since`` counts as known before, so that nothing it
    says is ever called a change since then."""
    lo, _ = arrival_period(tables["documents"])
    known = set(tables["documents"]["doc_id"][np.isnan(lo) | (lo <= _day(since))])
    return {name: (df[df["doc_id"].isin(known)] if "doc_id" in df else df) for name, df in tables.items()}


def novelty(grouped: pd.DataFrame, documents: pd.DataFrame, since: str) -> pd.Series:
    """Per claim (or event group), from the arrival of all its reports (ingest day, else publication date
    at its precision):
    ``new`` (every report after the day), ``possibly new`` (none surely before it, but one published in
    a month or year that holds the day), ``repeated`` (reported by then and again after it), ``known``
    (reported by then only) or ``undated``.  Never says new where it cannot be told."""
    if len(grouped) == 0:
        return pd.Series([], index=grouped.index, dtype=object)
    # By arrival, as the new documents are counted: an uploaded document published long ago is new
    # here and so are its claims (issue #19: the upload was listed as new, its 12,000 claim was not).
    lo, hi = arrival_period(documents)
    bounds = pd.DataFrame({"lo": lo, "hi": hi}, index=documents["doc_id"].to_numpy())
    bounds = bounds[~bounds.index.duplicated()]
    members = grouped["doc_ids"].astype(str).str.split("; ").explode()
    per = bounds.reindex(members.to_numpy()).set_axis(members.index)
    g = per.groupby(level=0)
    min_lo, min_hi, max_lo = g["lo"].min(), g["hi"].min(), g["lo"].max()
    day = _day(since)
    out = np.select([min_lo.isna(), min_lo > day, min_hi > day, max_lo > day],
                    ["undated", "new", "possibly new", "repeated"], default="known")
    return pd.Series(out, index=min_lo.index, dtype=object).reindex(grouped.index)


# What the list says each decision did (accepts are counted, not listed: nothing changed).
REVIEW_ACTIONS = {"edit": "corrected", "reject": "rejected"}
TABLE_WORDS = {"troop_figures": "a troop figure", "events": "an event", "dates": "a date", "mentions": "a mention"}


def review_changes(log: pd.DataFrame | None, since: str, doc_ids=None) -> pd.DataFrame | None:
    """Facts corrected or rejected in review after the day ``since``, newest first: one row per decision
    (``when``, ``reviewer``, ``action`` in words, ``what`` changed, the fact's ``table`` and ``quote``,
    ``doc_id``, ``reason``).  ``log`` is the store's decision log (``lagebild.store.db.review_log``); None (no
    store, e.g. parquet tables) gives None: the view says review changes are not available.  ``doc_ids``
    keeps only decisions on those documents (the filtered selection)."""
    if log is None:
        return None
    when = pd.to_datetime(log["decided_at"], utc=True)
    keep = (when.dt.strftime("%Y-%m-%d") > since) & log["action"].isin(list(REVIEW_ACTIONS))
    if doc_ids is not None:
        keep &= log["doc_id"].isin(list(doc_ids))
    df = log[keep.to_numpy()].assign(_when=when[keep.to_numpy()]).sort_values(["_when", "fact_id"], ascending=[False, True])
    return pd.DataFrame({
        "when": df["_when"].dt.strftime("%Y-%m-%d %H:%M UTC").to_numpy(dtype=object),
        "reviewer": df["reviewer"].to_numpy(dtype=object),
        "action": df["action"].map(REVIEW_ACTIONS).to_numpy(dtype=object),
        "what": [changed_text(c) for c in df["changed"]],
        "table": df["table"].map(lambda t: TABLE_WORDS.get(t, "a fact")).to_numpy(dtype=object),
        "quote": df["quote"].to_numpy(dtype=object),
        "doc_id": df["doc_id"].to_numpy(dtype=object),
        "reason": df["reason"].to_numpy(dtype=object),
        "fact_id": df["fact_id"].to_numpy(dtype=object),
    })


def changed_text(changed) -> str:
    """'value: 3000 → 10000; kind: deployed → killed' ("" for a rejection)."""
    if not isinstance(changed, dict):
        return ""
    return "; ".join(f"{k}: {'—' if a is None else a} → {'—' if b is None else b}" for k, (a, b) in changed.items())


def confirmed_count(log: pd.DataFrame | None, since: str, doc_ids=None) -> int:
    """How many facts were confirmed (accepted unchanged) after the day ``since``."""
    if log is None or len(log) == 0:
        return 0
    when = pd.to_datetime(log["decided_at"], utc=True).dt.strftime("%Y-%m-%d")
    keep = (when > since) & (log["action"] == "accept")
    if doc_ids is not None:
        keep &= log["doc_id"].isin(list(doc_ids))
    return int(log.loc[keep.to_numpy(), "fact_id"].nunique())


@dataclass
class WhatsNew:
    since: str
    new_documents: pd.DataFrame
    undated_documents: int
    new_claims: pd.DataFrame          # first reported after the date (every report surely after it)
    repeated_claims: pd.DataFrame     # known before, reported again since
    changes: list[dict]               # per claimant: {"claimant", "before", "after"} (claims rows as dicts)
    new_events: pd.DataFrame          # event groups first reported after the date
    review: pd.DataFrame | None       # corrected or rejected in review since; None: no review (parquet tables)
    confirmed: int = 0                # facts confirmed in review since (not listed: nothing changed)
    # Reported in a month (or year) that holds the date, and not surely before it: maybe new, maybe not.
    possibly_new_documents: pd.DataFrame | None = None
    possibly_new_claims: pd.DataFrame | None = None
    possibly_new_events: pd.DataFrame | None = None


def _latest_per_claimant(claims: pd.DataFrame) -> dict[tuple, dict]:
    """(claimant, scope) -> its latest deployment claim: a total changes only to a total, and an
    increment is followed as an increment ("+3,000 more"), never read as a new total."""
    df = cv.deployment_claims(claims)
    df = df[df["modality"].isin(cv.DRAWN_MODALITIES) & df["claimant"].notna()]
    df = df.assign(_scope=df["scope"] if "scope" in df else "total").sort_values(
        ["last_reported", "first_reported", "value"], na_position="first")
    df = df[df["_scope"].isin(["total", "increment"])]
    return {(r["claimant"], r["_scope"]): r for r in df.groupby(["claimant", "_scope"], sort=True).tail(1).to_dict("records")}


def whats_new(tables: dict[str, pd.DataFrame], since: str, now: dict[str, pd.DataFrame] | None = None,
              review_log: pd.DataFrame | None = None, before_claims: pd.DataFrame | None = None) -> WhatsNew:
    """Everything new since ``since`` (YYYY-MM-DD); ``now`` is ``claims.derive(tables)`` if already at hand;
    ``review_log`` the store's decisions since then (``lagebild.store.db.review_log``), None without a store;
    ``before_claims`` the claims of ``tables_as_of(tables, since)`` if already at hand (the database's:
    ``storeclaims.store_claims_before``)."""
    now = now or claims_mod.derive(tables)
    if before_claims is None:
        before_claims = claims_mod.derive_claims(tables_as_of(tables, since))
    came = arrival(tables["documents"])
    lo, hi = arrival_period(tables["documents"])
    day = _day(since)
    docs = tables["documents"].assign(arrived=came).drop(columns=["text"])
    new_docs = docs[lo > day].sort_values("arrived", ascending=False)
    maybe_docs = docs[(lo <= day) & (hi > day)].sort_values("arrived", ascending=False)
    claims, groups = now["claims"], now["event_groups"]
    c_new, g_new = novelty(claims, tables["documents"], since), novelty(groups, tables["documents"], since)
    old, new = _latest_per_claimant(before_claims), _latest_per_claimant(claims)
    changes = [{"claimant": k[0], "scope": k[1], "before": old.get(k), "after": row} for k, row in sorted(new.items())
               if k not in old or old[k]["claim_id"] != row["claim_id"]]
    return WhatsNew(
        since=since, new_documents=new_docs, undated_documents=int(np.isnan(lo).sum()),
        new_claims=claims[(c_new == "new").to_numpy()].sort_values("first_reported", ascending=False),
        repeated_claims=claims[(c_new == "repeated").to_numpy()].sort_values("last_reported", ascending=False),
        changes=changes,
        new_events=groups[(g_new == "new").to_numpy()].sort_values("first_reported", ascending=False),
        review=review_changes(review_log, since, doc_ids=tables["documents"]["doc_id"]),
        confirmed=confirmed_count(review_log, since, doc_ids=tables["documents"]["doc_id"]),
        possibly_new_documents=maybe_docs,
        possibly_new_claims=claims[(c_new == "possibly new").to_numpy()].sort_values("first_reported", ascending=False),
        possibly_new_events=groups[(g_new == "possibly new").to_numpy()].sort_values("first_reported", ascending=False),
    )


def arrivals_by_source(new_documents: pd.DataFrame) -> pd.DataFrame:
    """The new documents per source (the feed or outlet that brought them, or the source an upload named),
    most first: ``source``, ``documents``, ``latest`` (the last arrival day)."""
    if len(new_documents) == 0:
        return pd.DataFrame(columns=["source", "documents", "latest"])
    df = new_documents.assign(source=new_documents["source"].astype("object").where(new_documents["source"].notna(),
                                                                                    "source unknown"))
    out = df.groupby("source", sort=False).agg(documents=("doc_id", "size"), latest=("arrived", "max")).reset_index()
    return out.sort_values(["documents", "latest", "source"], ascending=[False, False, True], ignore_index=True)


def change_line(change: dict, names: dict[str, str]) -> str:
    """'NIS: 3,000 (reported 2024-10-20) → 10,000 (reported 2024-12-01)', or '… new: …' for a first claim."""
    who = cv.claimant_label(change["claimant"], names)
    after = change["after"]
    now = f"{cv.stated_text(after)} {cv.kind_words(after['kind'])} ({cv.reported_text(after)})"
    if change["before"] is None:
        return f"{who}: first {'increment' if change.get('scope') == 'increment' else 'claim'} — {now}"
    b = change["before"]
    return f"{who}: {cv.stated_text(b)} ({cv.reported_text(b)}) → {now}"


def briefing_date(briefing) -> str | None:
    """The day a saved briefing stood on: the latest "as of" among its slides (YYYY-MM-DD), if any."""
    days = [d for d in (slide_since(s) for s in briefing.slides) if d]
    return max(days) if days else None


def default_since(as_of: str | None, briefing_days: list[str]) -> str | None:
    """Without a chosen date: the latest saved briefing's day, else 30 days before the data's as-of."""
    if briefing_days:
        return max(briefing_days)
    if not as_of:
        return None
    return (pd.Timestamp(as_of[:10]) - pd.Timedelta(days=30)).strftime("%Y-%m-%d")


# ---------------------------------------------------------------- the briefing slide

def slide_since(slide) -> str | None:
    """The day a "What changed since the last briefing" slide compares with: its own ``since``
    parameter, else the day its data stood on when it was added (the briefing's as-of)."""
    given = (slide.params.get("since") or [None])[0]
    if given:
        return given
    # Slides saved before ``since`` was kept with them: an ISO as-of stamp still says the day.
    return slide.as_of[:10] if len(slide.as_of) >= 10 and slide.as_of[:4].isdigit() else None


def slide_lines(new: WhatsNew, names: dict[str, str], limit: int = 6) -> list[str]:
    """The slide's text, recomputed from the tables every time it is shown (so it grows with the data)."""
    counts = (f"Since {new.since}: {len(new.new_documents)} new document(s), {len(new.new_claims)} new claim(s), "
              f"{len(new.repeated_claims)} claim(s) reported again, {len(new.new_events)} new event(s).")
    maybe = len(new.possibly_new_claims) if new.possibly_new_claims is not None else 0
    if maybe:
        counts += (f" {maybe} more claim(s) possibly new: reported in a month or year that includes {new.since}, "
                   "so not known to be before or after it.")
    lines = [counts] + [change_line(c, names) for c in new.changes]
    for r in new.new_claims.head(limit).to_dict("records"):
        lines.append(f"New claim — {cv.claimant_of(r, names)}: {cv.figure_text(r)} {cv.kind_words(r['kind'])} "
                     f"({cv.reported_text(r)}; {cv.reports_text(r)})")
    if len(new.new_claims) > limit:
        lines.append(f"… and {len(new.new_claims) - limit} more new claims (What's new page).")
    if new.review is None:
        lines.append("Corrections and rejections in review: not available (these tables carry no review decisions).")
    else:
        fixed, dropped = int((new.review["action"] == "corrected").sum()), int((new.review["action"] == "rejected").sum())
        lines.append(f"In review since {new.since}: {fixed} correction(s), {dropped} rejection(s), "
                     f"{new.confirmed} fact(s) confirmed unchanged.")
    return lines
