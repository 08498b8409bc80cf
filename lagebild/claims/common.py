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


def periods(published: pd.Series, precision: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Publication dates at their precision as day intervals [first, last] (float day numbers, NaN where
    undated): a day (or an approximate day) is itself, ``YYYY-MM`` spans its month, ``YYYY`` its year."""
    value = published.astype("object").where(published.notna(), None)
    text = value.fillna("").astype(str)
    lo = day_numbers(text.where(text.str.len() != 7, text + "-01").where(text.str.len() != 4, text + "-01-01"))
    is_month = (text.str.len() == 7).to_numpy() | (precision.astype("object") == "month").to_numpy() & ~np.isnan(lo)
    is_year = (text.str.len() == 4).to_numpy() | (precision.astype("object") == "year").to_numpy() & ~np.isnan(lo)
    start = np.where(np.isnan(lo), 0, lo).astype("int64").astype("datetime64[D]")
    month_end = ((start.astype("datetime64[M]") + 1).astype("datetime64[D]") - start).astype("float64") - 1
    year_end = ((start.astype("datetime64[Y]") + 1).astype("datetime64[D]") - start).astype("float64") - 1
    hi = lo + np.where(is_year, year_end, np.where(is_month, month_end, 0.0))
    return lo, hi


def report_periods(df: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per row (same index): its document's publication as a report date — ``_day``/``_hi`` (the first and
    last day it can be, NaN where undated), ``_pub`` (the date as the document gives it, ``YYYY-MM`` for a
    month) and ``_prec`` (the document's precision: day, approximate, month, year)."""
    docs = documents.drop_duplicates("doc_id").set_index("doc_id")
    lo, hi = periods(docs["published"], docs["precision"])
    pub = docs["published"].astype("object").where(docs["published"].notna(), None)
    prec = docs["precision"].astype("object").where(pub.notna(), None)
    table = pd.DataFrame({"_day": lo, "_hi": hi, "_pub": pub.to_numpy(), "_prec": prec.to_numpy()}, index=docs.index)
    out = table.reindex(df["doc_id"].to_numpy())
    out.index = df.index
    return out


def report_days(df: pd.DataFrame, documents: pd.DataFrame) -> np.ndarray:
    """The first day each row's document can have been published (NaN where undated)."""
    return report_periods(df, documents)["_day"].to_numpy(dtype="float64")


def _joined(values: list, starts: np.ndarray, distinct: bool = False) -> list[str]:
    """"; "-join each group's values (rows sorted by group, ``starts`` = each group's first row)."""
    ends = list(starts[1:]) + [len(values)]
    if distinct:
        return ["; ".join(dict.fromkeys(values[a:b])) for a, b in zip(starts, ends)]
    return ["; ".join(values[a:b]) for a, b in zip(starts, ends)]


def group_summary(df: pd.DataFrame, group: np.ndarray, sources: pd.DataFrame) -> pd.DataFrame:
    """Per group (rows sorted by group, each group's first row its anchor): the anchor row, the
    number of reports and of independent sources, first/last report date at its precision (the
    report that can be earliest, the one that can be latest: ``2025-12`` with precision ``month``,
    never a day the documents do not give), documents and members.  ``df`` has ``report_periods``' columns."""
    src = pd.Series(sources["source_key"].to_numpy(), index=sources["doc_id"].to_numpy())
    df = df.assign(_g=group, _src=df["doc_id"].map(src[~src.index.duplicated()]))
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    g = df.groupby("_g", sort=False)
    out = df.iloc[starts].reset_index(drop=True)
    out["n_reports"] = np.diff(np.r_[starts, len(df)])
    out["n_sources"] = g["_src"].nunique().to_numpy()
    lo, hi = df["_day"].to_numpy(dtype="float64"), df["_hi"].to_numpy(dtype="float64")
    # Earliest: the smallest first day, then the smallest last day (a day before the month holding it).
    first = pd.Series(np.nan_to_num(lo * 1e5 + (hi - lo), nan=np.inf)).groupby(group, sort=False).idxmin().to_numpy()
    last = pd.Series(np.nan_to_num(hi * 1e5 + (hi - lo) * -1, nan=-np.inf)).groupby(group, sort=False).idxmax().to_numpy()
    pub, prec = df["_pub"].to_numpy(dtype=object), df["_prec"].to_numpy(dtype=object)
    out["doc_ids"] = _joined(df["doc_id"].tolist(), starts, distinct=True)
    out["member_ids"] = _joined(df["fact_id"].tolist(), starts)
    out["first_reported"], out["first_reported_precision"] = pub[first], prec[first]
    out["last_reported"], out["last_reported_precision"] = pub[last], prec[last]
    return out


def chain_breaks(keys: list[np.ndarray], days: np.ndarray, window: int, ends: np.ndarray | None = None) -> np.ndarray:
    """For rows sorted by keys then day: True where a new group starts (a key changes, or the
    gap to the previous report exceeds ``window`` days; undated rows of one key form one group).
    ``ends``: each report's last possible day (a month-only publication spans its month); the gap
    is then measured from the previous report's last possible day."""
    n = len(days)
    new = np.zeros(n, dtype=bool)
    if n == 0:
        return new
    new[0] = True
    for k in keys:
        new[1:] |= k[1:] != k[:-1]
    prev, cur = (days if ends is None else ends)[:-1], days[1:]
    gap = cur - prev
    both = ~np.isnan(prev) & ~np.isnan(cur)
    new[1:] |= (both & (gap > window)) | (np.isnan(prev) != np.isnan(cur))
    return new
