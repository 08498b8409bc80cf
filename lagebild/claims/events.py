"""Event mentions grouped into events: the same happening reported N times.

Two event mentions are one event when they have the same type and modality (a threat
is never merged with an action), share a principal actor (source or target, else any
actor named), and their dates are compatible: each mention's date interval (a
month-precision date spans its month; an undated mention its report date, a month-only publication its month) lies within
``event_window_days`` of the next one's for that actor (chained).  Grouping is a union
over those links, so it does not depend on the order the documents came in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lagebild import schemas
from lagebild.claims.common import day_numbers, fact_ids, group_summary, report_periods, stable_id
from lagebild.claims.rules import Rules

SPAN_DAYS = {"day": 0, "week": 6, "month": 30, "year": 364}


def _principals(events: pd.DataFrame) -> pd.Series:
    """Per event (same index): its principal actors (the source, else the target, else every actor named), as a list."""
    src, tgt = events["source"].astype("object").tolist(), events["target"].astype("object").tolist()
    actors = events["actors"].astype("object").tolist()
    out = []
    for a, b, every in zip(src, tgt, actors):
        # Who acts is what makes two reports one event: the source where the text names one
        # (two casualty reports by different sources are two events), else the target, else all actors.
        p = [a] if isinstance(a, str) else [b] if isinstance(b, str) else []
        out.append(p or (every.split("; ") if isinstance(every, str) and every else []))
    return pd.Series(out, index=events.index, dtype="object")


def _intervals(events: pd.DataFrame, documents: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each event's [first, last] day: its date at its precision, else its report day."""
    first = day_numbers(events["date"].str.pad(10, side="right", fillchar="-").str.replace(
        r"^(\d{4})-+$", r"\1-01-01", regex=True).str.replace(r"^(\d{4}-\d{2})-+$", r"\1-01", regex=True))
    span = events["date_precision"].map(SPAN_DAYS).fillna(0).to_numpy(dtype="float64")
    reported = report_periods(events, documents)
    undated = np.isnan(first)
    last = np.where(undated, reported["_hi"].to_numpy(dtype="float64"), first + span)
    return np.where(undated, reported["_day"].to_numpy(dtype="float64"), first), last


def _links(events: pd.DataFrame, first: np.ndarray, last: np.ndarray, window: int) -> np.ndarray:
    """A component label per row: rows linked through a shared principal actor (same type and
    modality) whose date intervals chain within ``window`` days; undated rows of one actor chain."""
    n = len(events)
    pairs = pd.DataFrame({"i": np.arange(n), "type": events["type"].to_numpy(), "modality": events["modality"].to_numpy(),
                          "actor": _principals(events).to_numpy(), "lo": first, "hi": last}).explode("actor")
    pairs = pairs[pairs["actor"].notna()].sort_values(["type", "modality", "actor", "lo", "i"], na_position="last")
    key = pairs.groupby(["type", "modality", "actor"], sort=False).ngroup().to_numpy()
    reach = pd.Series(pairs["hi"].to_numpy()).groupby(key).cummax().groupby(key).shift(1).to_numpy()
    lo = pairs["lo"].to_numpy()
    undated_run = np.isnan(lo) & np.r_[False, (key[1:] == key[:-1]) & np.isnan(lo[:-1])]
    new = np.r_[True, key[1:] != key[:-1]] | ~(undated_run | (lo <= reach + window))
    segment = np.cumsum(new)
    rows = pairs["i"].to_numpy(dtype="int64")
    # Connected components of rows and segments: propagate the smallest row number until stable.
    label = np.arange(n)
    while True:
        seg_min = pd.Series(label[rows]).groupby(segment).transform("min").to_numpy()
        nxt = label.copy()
        np.minimum.at(nxt, rows, seg_min)
        # Pointer jumping: a row takes its label's label, so long chains collapse in few rounds.
        nxt = nxt[nxt]
        if np.array_equal(nxt, label):
            return label
        label = nxt


def group_events(events: pd.DataFrame, documents: pd.DataFrame, sources: pd.DataFrame, rules: Rules,
                 validate: bool = True) -> pd.DataFrame:
    """The ``event_groups`` table (see ``lagebild.schemas.EventGroups``); ``validate=False`` skips pandera
    (the same builder is validated by the CLI and the tests)."""
    if len(events) == 0:
        return schemas.empty("event_groups")
    ev = events.reset_index(drop=True)
    first, last = _intervals(ev, documents)
    label = _links(ev, first, last, rules.event_window_days)
    ev = ev.assign(fact_id=fact_ids(ev, "events", ev["type"]), _label=label).join(report_periods(ev, documents))
    ev = ev.sort_values(["_label", "_day", "doc_id", "start", "end", "type"], na_position="last", kind="mergesort")
    # Groups numbered by their anchor (first report), not by label, so the order is the data's.
    _, group = np.unique(ev["_label"].to_numpy(), return_inverse=True)
    out = group_summary(ev, group, sources)
    actors = ev.assign(_g=group).groupby("_g")["actors"].agg(
        lambda s: "; ".join(dict.fromkeys(a for v in s.dropna() for a in v.split("; ") if a)) or None)
    out["actors"] = actors.reset_index(drop=True)
    out["group_id"] = [stable_id("event-", a) for a in out["fact_id"]]
    return schemas.validate("event_groups", out) if validate else out.reindex(columns=list(schemas.columns("event_groups")))
