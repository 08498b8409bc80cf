"""Effective dates: one rule for every chart, count, filter and label of the app, and for what the store
keeps per fact so the database can filter by date (``lagebild.store.db.viewindex``).  Pure pandas.

A fact's date is *from the text* when a date expression of its own sentence (a row of the
``dates`` table in the same document and sentence) gives that date.  The extraction stamps
a troop figure without a date in its sentence with its document's publication date (or
month); that stamp is not something the text says, so it is not shown as the fact's date.

A fact's *effective date* is its own date when the text gives it, else its document's
publication date, marked as such where it is shown ("undated (article of ~12 Nov 2024)",
``lagebild.dashboard.dating``).  Charts draw facts at their effective date, the date filter
selects by it, and the "only facts dated in the text" control narrows everything to facts
whose own date is from the text.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import numpy as np
import pandas as pd


def date_interval(value: str | None, precision: str | None = None) -> tuple[date, date] | None:
    """The first and last day an ISO date at its precision stands for; None when undated.

    ``precision`` defaults to what the string's length implies (YYYY, YYYY-MM, YYYY-MM-DD);
    a week is given by its Monday and spans seven days.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value == "":
        return None
    parts = str(value).split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1 or precision == "year":
            return date(year, 1, 1), date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2 or precision == "month":
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date(year, month, int(parts[2]))
    except (ValueError, IndexError):
        return None
    if precision == "week":
        return day, day + timedelta(days=6)
    return day, day


def _str_or_empty(col: pd.Series) -> pd.Series:
    """The column as strings, anything that is not a string (missing, numbers) as ""."""
    if isinstance(col.dtype, pd.StringDtype):
        return col.fillna("")
    return pd.Series([v if isinstance(v, str) else "" for v in col], index=col.index, dtype=object)


def interval_columns(df: pd.DataFrame, date_col: str = "date", precision_col: str = "date_precision") -> pd.DataFrame:
    """Two datetime columns ``lo``/``hi`` (NaT when undated) for a table's date + precision; vectorised."""
    if len(df) == 0:
        empty = pd.Series([], dtype="datetime64[ns]", index=df.index)
        return pd.DataFrame({"lo": empty, "hi": empty.copy()}, index=df.index)
    raw = _str_or_empty(df[date_col])
    if precision_col in df:
        prec = _str_or_empty(df[precision_col]).to_numpy(dtype=object)
    else:
        prec = np.full(len(df), "", dtype=object)
    length = raw.str.len().to_numpy()
    padded = raw.where(length != 4, raw + "-01-01").where(length != 7, raw + "-01")
    lo = pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce").to_numpy(dtype="datetime64[ns]")
    is_year = (length == 4) | (prec == "year")
    is_month = ~is_year & ((length == 7) | (prec == "month"))
    is_week = ~is_year & ~is_month & (prec == "week")
    one_day = np.timedelta64(1, "D")
    year_lo = lo.astype("datetime64[Y]").astype("datetime64[ns]")
    month_lo = lo.astype("datetime64[M]").astype("datetime64[ns]")
    lo = np.where(is_year, year_lo, np.where(is_month, month_lo, lo))
    year_hi = (lo.astype("datetime64[Y]") + 1).astype("datetime64[ns]") - one_day
    month_hi = (lo.astype("datetime64[M]") + 1).astype("datetime64[ns]") - one_day
    hi = np.where(is_year, year_hi, np.where(is_month, month_hi, np.where(is_week, lo + 6 * one_day, lo)))
    return pd.DataFrame({"lo": pd.Series(lo, index=df.index, dtype="datetime64[ns]"),
                         "hi": pd.Series(hi, index=df.index, dtype="datetime64[ns]")}, index=df.index)


def _key(df: pd.DataFrame, date_col: str) -> pd.Series:
    return (df["doc_id"].astype(str) + "\x1f" + df["sentence"].astype(int).astype(str) + "\x1f"
            + df[date_col].astype(object).where(df[date_col].notna(), "").astype(str))


def dated_in_text(df: pd.DataFrame, dates: pd.DataFrame | None) -> pd.Series:
    """True where a fact's own date is written in its sentence; without a ``dates`` table, where it has one."""
    has_date = df["date"].notna() & (df["date"].astype(object) != "") if len(df) else pd.Series([], dtype=bool)
    if dates is None or len(df) == 0:
        return has_date.astype(bool)
    if len(df) * 20 < len(dates):
        # A few facts (an actor card's two statements): only their documents' dates can match, and keys for
        # every date of 10,000 documents took 100 ms a call (a few ids: ``isin`` takes 2 ms on 47,000 dates).
        dates = dates[dates["doc_id"].isin(set(df["doc_id"].dropna()))]
    # Plain object arrays: a pyarrow-string ``isin`` walks the values in Python, ten times slower here.
    known = _key(dates[dates["date"].notna()], "date").to_numpy(dtype=object) if len(dates) else []
    hit = pd.Index(pd.unique(known)).get_indexer(_key(df, "date").to_numpy(dtype=object)) >= 0 if len(known) else False
    return (has_date & hit).astype(bool)


def effective_intervals(df: pd.DataFrame, documents: pd.DataFrame, dates: pd.DataFrame | None,
                        precision_col: str = "date_precision") -> pd.DataFrame:
    """Per row (same index): ``in_text``, the effective ``eff_date``/``eff_precision``, its interval
    ``lo``/``hi`` and midpoint ``when`` (the fact's own date when the text gives it, else its article's)."""
    in_text = dated_in_text(df, dates)
    docs = documents.drop_duplicates("doc_id").set_index("doc_id")
    published = df["doc_id"].map(docs["published"]).astype(object) if len(df) else pd.Series([], dtype=object)
    own_prec = df[precision_col].astype(object) if precision_col in df else pd.Series(None, index=df.index, dtype=object)
    eff = pd.DataFrame({
        "in_text": in_text,
        "date": df["date"].astype(object).where(in_text, published),
        "date_precision": own_prec.where(in_text, "day"),
    }, index=df.index)
    eff.loc[eff["date"].isna(), "date_precision"] = None
    iv = interval_columns(eff, "date", "date_precision")
    return pd.DataFrame({
        "in_text": in_text.to_numpy(dtype=bool), "eff_date": eff["date"], "eff_precision": eff["date_precision"],
        "lo": iv["lo"], "hi": iv["hi"], "when": iv["lo"] + (iv["hi"] - iv["lo"]) / 2,
    }, index=df.index)


def date_mask(df: pd.DataFrame, documents: pd.DataFrame | None, dates: pd.DataFrame | None, date_from, date_to,
              precision_col: str = "date_precision", text_only: bool = False) -> pd.Series:
    """Rows whose effective date overlaps ``[date_from, date_to]`` (and, with ``text_only``, that the text dates).

    Without ``documents`` a row's own date is its effective date (the ``dates`` table: expressions, not facts).
    """
    if documents is None:
        iv = interval_columns(df, "date", precision_col)
        eff = iv.assign(in_text=iv["lo"].notna())
    else:
        eff = effective_intervals(df, documents, dates, precision_col)
    mask = eff["lo"].notna() if (date_from is not None or date_to is not None) else pd.Series(True, index=df.index)
    if date_from is not None:
        mask &= eff["hi"] >= pd.Timestamp(date_from)
    if date_to is not None:
        mask &= eff["lo"] <= pd.Timestamp(date_to)
    if text_only:
        mask &= eff["in_text"]
    return mask.astype(bool)


__all__ = ["date_interval", "interval_columns", "dated_in_text", "effective_intervals", "date_mask"]
