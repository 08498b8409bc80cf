"""Helpers both groupings share: fact ids, report days, stable group ids, per-group joins."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

EPOCH = np.datetime64("1970-01-01", "D")


def fact_ids(df: pd.DataFrame, table: str, extra: pd.Series | None = None) -> pd.Series:
    """A stable id per fact: the store's ``fact_id`` where the table has one (the effective tables of
    the database store), else ``doc_id:table:start-end`` (``doc_id:table:extra:start-end`` with ``extra``)."""
    if "fact_id" in df:
        return df["fact_id"].astype(str)
    mid = f":{table}:" if extra is None else (f":{table}:" + extra.astype(str) + ":")
    return df["doc_id"].astype(str) + mid + df["start"].astype(str) + "-" + df["end"].astype(str)


def day_numbers(dates: pd.Series) -> np.ndarray:
    """``YYYY-MM-DD`` strings to day numbers (float, NaN where missing or not a day)."""
    parsed = pd.to_datetime(dates, format="%Y-%m-%d", errors="coerce")
    out = (parsed.to_numpy(dtype="datetime64[D]") - EPOCH).astype("float64")
    out[parsed.isna().to_numpy()] = np.nan
    return out


def day_string(day: float) -> str | None:
    return None if np.isnan(day) else str(EPOCH + np.timedelta64(int(day), "D"))


def stable_id(prefix: str, anchor: str) -> str:
    """A group's id: a hash of its anchor (first report's fact id), so it does not move when
    later reports join or other documents are added."""
    return prefix + hashlib.sha1(anchor.encode("utf-8")).hexdigest()[:12]


def report_days(df: pd.DataFrame, documents: pd.DataFrame) -> np.ndarray:
    """The publication day of each row's document (NaN where undated)."""
    days = pd.Series(day_numbers(documents["published"]), index=documents["doc_id"].to_numpy())
    days = days[~days.index.duplicated()]
    return df["doc_id"].map(days).to_numpy(dtype="float64")


def _joined(values: list, starts: np.ndarray, distinct: bool = False) -> list[str]:
    """"; "-join each group's values (rows sorted by group, ``starts`` = each group's first row)."""
    ends = list(starts[1:]) + [len(values)]
    if distinct:
        return ["; ".join(dict.fromkeys(values[a:b])) for a, b in zip(starts, ends)]
    return ["; ".join(values[a:b]) for a, b in zip(starts, ends)]


def group_summary(df: pd.DataFrame, group: np.ndarray, sources: pd.DataFrame) -> pd.DataFrame:
    """Per group (rows sorted by group, each group's first row its anchor): the anchor row, the
    number of reports and of independent sources, first/last report day, documents and members."""
    src = pd.Series(sources["source_key"].to_numpy(), index=sources["doc_id"].to_numpy())
    df = df.assign(_g=group, _src=df["doc_id"].map(src[~src.index.duplicated()]))
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    g = df.groupby("_g", sort=False)
    out = df.iloc[starts].reset_index(drop=True)
    out["n_reports"] = np.diff(np.r_[starts, len(df)])
    out["n_sources"] = g["_src"].nunique().to_numpy()
    first_day, last_day = g["_day"].min().to_numpy(), g["_day"].max().to_numpy()
    out["doc_ids"] = _joined(df["doc_id"].tolist(), starts, distinct=True)
    out["member_ids"] = _joined(df["fact_id"].tolist(), starts)
    out["first_reported"] = [day_string(d) for d in first_day]
    out["last_reported"] = [day_string(d) for d in last_day]
    return out


def chain_breaks(keys: list[np.ndarray], days: np.ndarray, window: int) -> np.ndarray:
    """For rows sorted by keys then day: True where a new group starts (a key changes, or the
    gap to the previous report exceeds ``window`` days; undated rows of one key form one group)."""
    n = len(days)
    new = np.zeros(n, dtype=bool)
    if n == 0:
        return new
    new[0] = True
    for k in keys:
        new[1:] |= k[1:] != k[:-1]
    prev, cur = days[:-1], days[1:]
    gap = cur - prev
    both = ~np.isnan(prev) & ~np.isnan(cur)
    new[1:] |= (both & (gap > window)) | (np.isnan(prev) != np.isnan(cur))
    return new
