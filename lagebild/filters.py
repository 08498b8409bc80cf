"""The shared filters: tables + FilterState -> filtered tables.  Pure pandas, no Streamlit.

How each filter treats the tables (``apply_filters``):

* **docs** — every table with a ``doc_id`` keeps only rows of the chosen documents.
* **types** — events keep only the chosen event types.  Troop figures, dates and
  mentions are not events and are left alone by this filter.
* **date range** — events, troop figures and dates keep the rows whose date,
  read as an interval at its precision (a day; the Monday-to-Sunday week; the
  whole month; the whole year), *overlaps* ``[date_from, date_to]``.  Undated
  rows (no date, or a date the text could not resolve) are dropped while a date
  bound is set, and kept when none is: an analyst asking for "November" should
  not see facts whose time is unknown.
* **actors** — events keep rows where any selected actor takes part (``actors``,
  ``source`` or ``target``); troop figures keep rows whose ``subject_actor`` or
  ``claimed_by`` is selected; mentions keep the selected actors' mentions, plus
  place mentions in a sentence that still holds a fact; dates keep rows in such
  sentences; the actors table keeps the selected actors.

After the actor and date filters, documents (and then mentions) are narrowed to
those still reachable from a remaining fact, and places to those a remaining
event, figure or place mention refers to.  With default filters the tables are
returned unchanged.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

FACT_TABLES = ("events", "troop_figures", "dates")


@dataclass(frozen=True)
class FilterState:
    actors: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    types: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()

    @property
    def is_default(self) -> bool:
        return self == FilterState()

    @property
    def has_date_bound(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    def with_actors(self, actors: tuple[str, ...] | list[str]) -> "FilterState":
        return replace(self, actors=tuple(actors))


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


def interval_columns(df: pd.DataFrame, date_col: str = "date", precision_col: str = "date_precision") -> pd.DataFrame:
    """Two datetime columns ``lo``/``hi`` (NaT when undated) for a table's date + precision; vectorised."""
    if len(df) == 0:
        empty = pd.Series([], dtype="datetime64[ns]", index=df.index)
        return pd.DataFrame({"lo": empty, "hi": empty.copy()}, index=df.index)
    raw = pd.Series([v if isinstance(v, str) else "" for v in df[date_col]], index=df.index, dtype=object)
    if precision_col in df:
        prec = pd.Series([v if isinstance(v, str) else "" for v in df[precision_col]], index=df.index, dtype=object)
    else:
        prec = pd.Series("", index=df.index, dtype=object)
    length = raw.str.len().to_numpy()
    padded = raw.where(length != 4, raw + "-01-01").where(length != 7, raw + "-01")
    lo = pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
    is_year = (length == 4) | (prec == "year").to_numpy()
    is_month = ~is_year & ((length == 7) | (prec == "month").to_numpy())
    is_week = ~is_year & ~is_month & (prec == "week").to_numpy()
    lo = lo.where(~is_year, lo.dt.to_period("Y").dt.start_time.astype("datetime64[ns]"))
    lo = lo.where(~is_month, lo.dt.to_period("M").dt.start_time.astype("datetime64[ns]"))
    hi = lo.where(~is_year, lo + pd.offsets.YearEnd(0))
    hi = hi.where(~is_month, lo + pd.offsets.MonthEnd(0))
    hi = hi.where(~is_week, lo + pd.Timedelta(days=6))
    return pd.DataFrame({"lo": lo, "hi": hi.astype("datetime64[ns]")}, index=df.index)


def _date_mask(df: pd.DataFrame, state: FilterState, precision_col: str) -> pd.Series:
    iv = interval_columns(df, "date", precision_col)
    mask = iv["lo"].notna()
    if state.date_from is not None:
        mask &= iv["hi"] >= pd.Timestamp(state.date_from)
    if state.date_to is not None:
        mask &= iv["lo"] <= pd.Timestamp(state.date_to)
    return mask


def split_ids(value: object) -> list[str]:
    """Actor ids of a "; "-joined cell."""
    if not isinstance(value, str) or not value:
        return []
    return [v.strip() for v in value.split(";") if v.strip()]


def event_actor_mask(events: pd.DataFrame, actors: set[str]) -> pd.Series:
    """Events where any of ``actors`` takes part (actors, source or target)."""
    if len(events) == 0:
        return pd.Series([], dtype=bool, index=events.index)
    in_list = events["actors"].map(lambda v: any(a in actors for a in split_ids(v)))
    return in_list | events["source"].isin(actors) | events["target"].isin(actors)


def _sentence_keys(*frames: pd.DataFrame) -> set[tuple[str, int]]:
    keys: set[tuple[str, int]] = set()
    for df in frames:
        keys.update(zip(df["doc_id"], df["sentence"].astype(int)))
    return keys


def _in_sentences(df: pd.DataFrame, keys: set[tuple[str, int]]) -> pd.Series:
    if len(df) == 0:
        return pd.Series([], dtype=bool, index=df.index)
    return pd.Series([k in keys for k in zip(df["doc_id"], df["sentence"].astype(int))], index=df.index)


def apply_filters(tables: dict[str, pd.DataFrame], state: FilterState) -> dict[str, pd.DataFrame]:
    """Filtered copies of ``tables`` (same keys, same columns); see the module docstring for the rules."""
    if state.is_default:
        return dict(tables)
    t = dict(tables)

    if state.docs:
        docs = set(state.docs)
        for name, df in t.items():
            if "doc_id" in df.columns:
                t[name] = df[df["doc_id"].isin(docs)]

    if state.types:
        t["events"] = t["events"][t["events"]["type"].isin(set(state.types))]

    if state.has_date_bound:
        t["events"] = t["events"][_date_mask(t["events"], state, "date_precision")]
        t["troop_figures"] = t["troop_figures"][_date_mask(t["troop_figures"], state, "date_precision")]
        t["dates"] = t["dates"][_date_mask(t["dates"], state, "precision")]

    if state.actors:
        sel = set(state.actors)
        ev, fig, men = t["events"], t["troop_figures"], t["mentions"]
        ev = ev[event_actor_mask(ev, sel)]
        fig = fig[fig["subject_actor"].isin(sel) | fig["claimed_by"].isin(sel)]
        actor_men = men[(men["entity_kind"] == "actor") & men["entity_id"].isin(sel)]
        keys = _sentence_keys(ev, fig, actor_men)
        place_men = men[(men["entity_kind"] == "place") & _in_sentences(men, keys)]
        t["events"], t["troop_figures"] = ev, fig
        t["mentions"] = pd.concat([actor_men, place_men]).sort_index()
        t["dates"] = t["dates"][_in_sentences(t["dates"], keys)]
        t["actors"] = t["actors"][t["actors"]["id"].isin(sel)]

    if state.actors or state.has_date_bound:
        reachable = set(t["events"]["doc_id"]) | set(t["troop_figures"]["doc_id"]) | set(t["dates"]["doc_id"])
        if state.actors:
            reachable |= set(t["mentions"]["doc_id"])
        t["documents"] = t["documents"][t["documents"]["doc_id"].isin(reachable)]
        t["mentions"] = t["mentions"][t["mentions"]["doc_id"].isin(reachable)]

    if state.actors or state.has_date_bound or state.docs or state.types:
        men = t["mentions"]
        used = (
            set(t["events"]["place"].dropna())
            | set(t["troop_figures"]["location"].dropna())
            | set(men.loc[men["entity_kind"] == "place", "entity_id"])
        )
        t["places"] = t["places"][t["places"]["id"].isin(used)]
    return t


def date_extent(tables: dict[str, pd.DataFrame]) -> tuple[date, date] | None:
    """Earliest and latest day any dated fact stands for; None when nothing is dated."""
    los, his = [], []
    for name, pcol in (("events", "date_precision"), ("troop_figures", "date_precision"), ("dates", "precision")):
        iv = interval_columns(tables[name], "date", pcol)
        if iv["lo"].notna().any():
            los.append(iv["lo"].min())
            his.append(iv["hi"].max())
    if not los:
        return None
    return min(los).date(), max(his).date()


__all__ = ["FilterState", "apply_filters", "date_interval", "interval_columns", "event_actor_mask", "split_ids",
           "date_extent", "FACT_TABLES"]
