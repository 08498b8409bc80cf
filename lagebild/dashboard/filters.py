"""The shared filters: tables + FilterState -> filtered tables.  Pure pandas, no Streamlit.

How each filter treats the tables (``apply_filters``):

* **docs** — every table with a ``doc_id`` keeps only rows of the chosen documents.
* **reviewed** — events and troop figures keep only the facts an analyst confirmed or
  edited (``review_status``); dates and mentions keep the rows in the sentences of those
  facts, so a briefing on reviewed facts shows nothing the machine alone found.
* **types** — events keep only the chosen event types.  Troop figures, dates and
  mentions are not events and are left alone by this filter.
* **claimants** — troop figures keep the rows whose claim a selected actor makes (alone or
  jointly with others) or relays ("the NIS via lawmaker Lee" is found under either); the other
  tables are left alone (a claimant is a property of figures).
* **date range** — events and troop figures keep the rows whose *effective date*
  (``lagebild.dashboard.dating``: the fact's own date when the text gives it, else its
  document's publication date), read as an interval at its precision (a day; the
  Monday-to-Sunday week; the whole month; the whole year), *overlaps*
  ``[date_from, date_to]`` — the same date the charts draw the fact at, so a count and
  a chart never disagree.  Date expressions (``dates``) keep the rows whose own date
  overlaps.  ``text_dated`` ("only facts dated in the text") keeps only facts whose own
  date the text gives.
* **actors** — events keep rows where any selected actor takes part (``actors``,
  ``source`` or ``target``); troop figures keep rows whose ``subject_actor`` is selected or
  whose claim a selected actor makes (alone or jointly) or relays (``lagebild.claims``); mentions keep the selected actors' mentions, plus
  place mentions in a sentence that still holds a fact; dates keep rows in such
  sentences; the actors table keeps the selected actors.

After the actor and date filters, documents (and then mentions) are narrowed to
those still reachable from a remaining fact, and places to those a remaining
event, figure or place mention refers to.  With default filters the tables are
returned unchanged.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from lagebild.claims.actors import claim_actors, event_participants, split_ids
from lagebild.dating import date_interval, date_mask, effective_intervals, interval_columns

FACT_TABLES = ("events", "troop_figures", "dates")


@dataclass(frozen=True)
class FilterState:
    actors: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    types: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    text_dated: bool = False  # only facts whose own date the text gives (not the article's)
    reviewed: bool = False
    claimants: tuple[str, ...] = ()  # troop figures claimed or relayed by these actors

    @property
    def is_default(self) -> bool:
        return self == FilterState()

    @property
    def has_date_bound(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    def with_actors(self, actors: tuple[str, ...] | list[str]) -> "FilterState":
        return replace(self, actors=tuple(actors))


def event_actor_mask(events: pd.DataFrame, actors: set[str]) -> pd.Series:
    """Events where any of ``actors`` takes part (actors, source or target)."""
    if len(events) == 0:
        return pd.Series([], dtype=bool, index=events.index)
    actors = set(actors)
    # An id that is not a whole "; "-separated token (surrounding blanks, a ";") can never match one.
    ids = sorted(a for a in actors if isinstance(a, str) and a and a == a.strip() and ";" not in a)
    col = events["actors"]
    if not ids:
        in_list = pd.Series(False, index=events.index)
    elif isinstance(col.dtype, pd.StringDtype):
        pattern = r"(?:^|;)[ \t\r\n\f\v]*(?:" + "|".join(re.escape(a) for a in ids) + r")[ \t\r\n\f\v]*(?:;|$)"
        in_list = col.str.contains(pattern, regex=True, na=False).astype(bool)
    else:
        in_list = col.map(lambda v: any(a in actors for a in split_ids(v))).astype(bool)
    return in_list | events["source"].isin(actors).to_numpy() | events["target"].isin(actors).to_numpy()


def actor_ids_of_events(events: pd.DataFrame) -> set[str]:
    """Every actor id listed in the events' ``actors`` cells."""
    listed = events["actors"].dropna().astype(object).str.split(";").explode().dropna().astype(object).str.strip()
    return {a for a in listed.unique() if isinstance(a, str) and a}


def _isin(col: pd.Series, values) -> pd.Series:
    """``col.isin(values)`` as a boolean Series; fast for pyarrow-backed strings and large value sets."""
    if isinstance(col.dtype, pd.StringDtype) and getattr(col.dtype, "storage", None) == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(col.array)
        wanted = pa.array([v for v in values if isinstance(v, str)], type=pa.string()).cast(arr.type)
        hit = pc.fill_null(pc.is_in(arr, value_set=wanted), False)
        return pd.Series(hit.to_numpy(zero_copy_only=False), index=col.index, dtype=bool)
    return col.isin(values)


def _unique(*cols: pd.Series) -> set:
    """The distinct non-missing values of the columns."""
    out: set = set()
    for col in cols:
        out.update(col.dropna().unique())
    return out


def _sentence_key(df: pd.DataFrame) -> pd.Series:
    """One string per row naming its sentence: ``doc_id`` and sentence index."""
    return df["doc_id"].astype("str") + "\x1f" + df["sentence"].astype(int).astype("str")


def _sentence_keys(*frames: pd.DataFrame) -> set[str]:
    return _unique(*(_sentence_key(df) for df in frames if len(df)))


def _in_sentences(df: pd.DataFrame, keys: set[str]) -> pd.Series:
    if len(df) == 0:
        return pd.Series([], dtype=bool, index=df.index)
    return _isin(_sentence_key(df), keys)


REVIEWED = ("confirmed", "edited")


# The claimants of every troop figure of the last tables filtered: they follow from the tables alone, and at
# 10,000 documents working them out took 250–350 ms on every change of the actor filter.  One entry, held by
# weak references to the tables' frames (the loaders share one tables object between sessions and reruns).
_CLAIMANTS: list = []


def _figure_claimant_sets(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Per troop figure of ``tables``: the set of actors its claim is made or relayed by (``claim_actors``)."""
    frames = (tables["troop_figures"], tables["documents"], tables["mentions"])
    if _CLAIMANTS and all(ref() is f for ref, f in zip(_CLAIMANTS[0][0], frames)):
        return _CLAIMANTS[0][1]
    ids = claim_actors(*frames)
    sets = pd.Series([frozenset(split_ids(v)) for v in ids], index=ids.index, dtype=object)
    _CLAIMANTS[:] = [(tuple(weakref.ref(f) for f in frames), sets)]
    return sets


def _claimed_by_any(figures: pd.DataFrame, tables: dict[str, pd.DataFrame], sel: set[str]) -> pd.Series:
    """``figures`` (rows of ``tables["troop_figures"]``) whose claim is made or relayed by one of ``sel``."""
    sets = _figure_claimant_sets(tables).reindex(figures.index)
    return pd.Series([isinstance(v, frozenset) and not sel.isdisjoint(v) for v in sets], index=figures.index, dtype=bool)


def _reviewed_only(df: pd.DataFrame) -> pd.DataFrame:
    """The rows an analyst confirmed or edited (none where the table carries no review status)."""
    if "review_status" not in df.columns:
        return df.iloc[0:0]
    return df[df["review_status"].isin(REVIEWED)]


def apply_filters(tables: dict[str, pd.DataFrame], state: FilterState) -> dict[str, pd.DataFrame]:
    """Filtered copies of ``tables`` (same keys, same columns); see the module docstring for the rules."""
    if state.is_default:
        return dict(tables)
    t = dict(tables)

    if state.docs:
        docs = set(state.docs)
        for name, df in t.items():
            if "doc_id" in df.columns:
                t[name] = df[_isin(df["doc_id"], docs)]

    if state.types:
        t["events"] = t["events"][t["events"]["type"].isin(set(state.types))]

    if state.reviewed:
        t["events"], t["troop_figures"] = _reviewed_only(t["events"]), _reviewed_only(t["troop_figures"])
        keys = _sentence_keys(t["events"], t["troop_figures"])
        t["mentions"] = t["mentions"][_in_sentences(t["mentions"], keys)]
        t["dates"] = t["dates"][_in_sentences(t["dates"], keys)]

    if state.has_date_bound or state.text_dated:
        # Events and figures by their effective date (own date, else the article's): the rule the charts draw by.
        for name in ("events", "troop_figures"):
            t[name] = t[name][date_mask(t[name], tables["documents"], tables["dates"], state.date_from, state.date_to,
                                        text_only=state.text_dated)]
        if state.has_date_bound:
            t["dates"] = t["dates"][date_mask(t["dates"], None, None, state.date_from, state.date_to, "precision")]

    if state.claimants:
        fig = t["troop_figures"]
        t["troop_figures"] = fig[_claimed_by_any(fig, tables, set(state.claimants))]

    if state.actors:
        sel = set(state.actors)
        ev, fig, men = t["events"], t["troop_figures"], t["mentions"]
        ev = ev[event_actor_mask(ev, sel)]
        fig = fig[fig["subject_actor"].isin(sel).to_numpy() | _claimed_by_any(fig, tables, sel).to_numpy()]
        actor_men = men[(men["entity_kind"] == "actor") & men["entity_id"].isin(sel)]
        keys = _sentence_keys(ev, fig, actor_men)
        place_men = men[(men["entity_kind"] == "place") & _in_sentences(men, keys)]
        t["events"], t["troop_figures"] = ev, fig
        t["mentions"] = pd.concat([actor_men, place_men]).sort_index()
        t["dates"] = t["dates"][_in_sentences(t["dates"], keys)]
        t["actors"] = t["actors"][t["actors"]["id"].isin(sel)]

    if state.actors or state.has_date_bound or state.text_dated or state.reviewed or state.claimants:
        reachable = _unique(t["events"]["doc_id"], t["troop_figures"]["doc_id"], t["dates"]["doc_id"])
        if state.actors or state.reviewed or state.claimants:
            reachable |= _unique(t["mentions"]["doc_id"])
        t["documents"] = t["documents"][_isin(t["documents"]["doc_id"], reachable)]
        t["mentions"] = t["mentions"][_isin(t["mentions"]["doc_id"], reachable)]

    if not state.is_default:
        men = t["mentions"]
        used = _unique(t["events"]["place"], t["troop_figures"]["location"], men.loc[men["entity_kind"] == "place", "entity_id"])
        t["places"] = t["places"][t["places"]["id"].isin(used)]
    return t


def date_extent(tables: dict[str, pd.DataFrame]) -> tuple[date, date] | None:
    """Earliest and latest day any fact stands for at its effective date; None when nothing is dated."""
    los, his = [], []
    frames = [effective_intervals(tables[n], tables["documents"], tables["dates"]) for n in ("events", "troop_figures")]
    frames.append(interval_columns(tables["dates"], "date", "precision"))
    for iv in frames:
        if iv["lo"].notna().any():
            los.append(iv["lo"].min())
            his.append(iv["hi"].max())
    if not los:
        return None
    return min(los).date(), max(his).date()


__all__ = ["FilterState", "apply_filters", "date_interval", "interval_columns", "event_actor_mask", "event_participants",
           "actor_ids_of_events", "split_ids", "claim_actors",
           "date_extent", "FACT_TABLES"]
