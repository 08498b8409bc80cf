"""Event charts: the Timeline (a mark per event, or monthly bubbles when there are too many, from the events or
from the database's counts) and the Overview's events per month (from the events or from counts).  Pure
plotly builders, no Streamlit; the shared layout and date helpers are ``charts``'."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lagebild.dashboard.charts import (UNDATED_OPACITY, _add_notes, _layout, _short, actor_names, focus_range, left_out_note, month_tick,
                                       padded_range, source_sides, with_time)
from lagebild.dashboard.colors import MODALITY_SYMBOLS, PRECISION_OPACITY, SIDE_COLORS, SIDE_LABELS, side_color
from lagebild.dashboard.filters import split_ids
from lagebild.dashboard.fmt import modality_word, plain, review_text

# The timeline aggregates earlier: each event is a large mark with a long hover text (and a precision
# bar when it spans more than a day), over a few dozen type rows; beyond a few hundred marks they pile
# up into an unreadable band while the figure grows past half a megabyte.
TIMELINE_POINT_LIMIT = 500


def _stacked_rows(df: pd.DataFrame, types: list[str]) -> pd.Series:
    """A numeric row per event: its type's row, offset up/down for each further event at the same date and
    type, so that 14 events show as 14 marks (the offsets stay inside the type's band)."""
    row = df["type"].map({t: i for i, t in enumerate(types[::-1])}).astype(float)
    day = df["when"].dt.floor("D")
    k = df.groupby([df["type"], day]).cumcount()
    n = df.groupby([df["type"], day])["type"].transform("size")
    step = (0.7 / n.clip(lower=1)).clip(upper=0.22)
    return row + (k - (n - 1) / 2) * step


def _event_hover(g: pd.DataFrame, names: dict) -> list[str]:
    out = []
    for r in g.itertuples():
        modality = modality_word(r.modality)
        who = ", ".join(names.get(a, a) for a in split_ids(r.actors)) or "no actor named"
        out.append(f"<b>{html.escape(plain(r.type))}</b>" + (f" ({html.escape(modality)})" if modality else "")
                   + f" · {html.escape(r.when_note)} · {review_text(getattr(r, 'review_status', 'machine'))}"
                   + f"<br>{html.escape(who)}<br><i>“{_short(r.quote)}”</i>")
    return out


def timeline_chart(events: pd.DataFrame, documents: pd.DataFrame, actors: pd.DataFrame,
                   dates: pd.DataFrame | None = None, undated_apart: bool = False) -> go.Figure:
    """Events on a time axis by type: colour = side of the source actor, shape = modality,
    opacity and horizontal bar = date precision (a month-precise event spans its month);
    events the text does not date stand at their article's date, drawn faint — or, with
    ``undated_apart`` (slides, where nobody hovers), are not drawn on the axis and are named
    in a line above it ("undated in the text, not drawn: Treaty termination (1)")."""
    fig = go.Figure()
    if len(events) == 0:
        return _layout(fig)
    df = with_time(events, documents, dates=dates)
    df = df[df["when"].notna()]
    apart = None
    if undated_apart:
        df, apart = _without_undated(df)
        if len(df) == 0:
            _add_notes(fig, [apart] if apart else [])
            return _layout(fig, height=360)
    df["side"] = source_sides(df["source"], dict(zip(actors["id"], actors["side"])))
    types = sorted(df["type"].unique())
    height = max(360, 70 + 42 * len(types))
    if len(df) > TIMELINE_POINT_LIMIT:
        month = df["when"].dt.to_period("M").dt.start_time
        return _bubble_timeline(df.assign(month=month).groupby(["type", "month", "side"]).size().reset_index(name="n"))
    df["row"] = _stacked_rows(df, types)
    _precision_bars(fig, df)
    _event_marks(fig, df, actor_names(actors))
    _, left = focus_range(df["when"])
    shown = df[df["when"] > left.max()] if len(left) else df
    x_range = padded_range(pd.concat([shown["lo"], shown["hi"], shown["when"]]))
    lines = _add_notes(fig, [n for n in ("faint marks: undated in the text, shown at the article's date"
                                         if not df["in_text"].all() else None, apart, left_out_note(left)) if n])
    return _layout(fig, height=height + max(0, lines - 1) * 20,
                   yaxis=dict(title=None, range=[-0.6, len(types) - 0.4], tickvals=list(range(len(types))),
                              ticktext=[plain(t) for t in types[::-1]], zeroline=False),
                   xaxis=dict(title=None, range=x_range),
                   legend=dict(orientation="h", y=-0.15, font=dict(size=15)))


def _without_undated(df: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The events the text dates, and a line naming the others ("undated in the text, not drawn: …")."""
    counts = df.loc[~df["in_text"], "type"].value_counts()
    # no-break spaces inside an item: a wrapped line never splits "Treaty termination (1)"
    apart = ("undated in the text, not drawn: " + ", ".join(f"{plain(k)} ({v})".replace(" ", "\u00a0")
                                                           for k, v in counts.items())
             if len(counts) else None)
    return df[df["in_text"]], apart


def _bubble_timeline(agg: pd.DataFrame) -> go.Figure:
    """Too many events for a mark each: one bubble per type, month and side (``agg``: ``type``, ``month``
    start, ``side``, ``n``, in that order), its area the count."""
    fig = go.Figure()
    types = sorted(agg["type"].unique())
    nmax = agg["n"].max()
    for side, g in agg.groupby("side"):
        fig.add_trace(go.Scatter(
            x=g["month"], y=g["type"].map(plain), mode="markers", name=SIDE_LABELS.get(side, side),
            marker=dict(size=8 + 32 * (g["n"] / nmax) ** 0.5, color=side_color(side), opacity=0.7),
            customdata=g["n"], hovertemplate="%{y} · %{x|%b %Y}: %{customdata} events<extra></extra>",
        ))
    return _layout(fig, height=max(360, 70 + 42 * len(types)),
                   yaxis=dict(categoryorder="array", categoryarray=[plain(t) for t in types[::-1]]),
                   title="Events per month (many events; bubble area = count)")


def timeline_from_type_counts(counts: pd.DataFrame, sides: dict[str, str]) -> go.Figure | None:
    """``timeline_chart`` from events counted per (``type``, ``month`` start or NaT, ``source`` actor): ``n`` (the
    database counts them), when there are too many for a mark each (else None: the page draws the events);
    ``sides``: actor id -> side."""
    counts = counts[counts["month"].notna()]
    if counts["n"].sum() <= TIMELINE_POINT_LIMIT:
        return None
    counts = counts.assign(side=source_sides(counts["source"], sides))
    return _bubble_timeline(counts.groupby(["type", "month", "side"])["n"].sum().reset_index(name="n"))


def _precision_bars(fig: go.Figure, df: pd.DataFrame) -> None:
    """One line per event that spans more than a day (a week, month or year)."""
    spans = df[(df["hi"] - df["lo"]) > pd.Timedelta(days=0)]
    if len(spans) == 0:
        return
    xs, ys = [], []
    for lo, hi, y in zip(spans["lo"], spans["hi"], spans["row"]):
        xs += [lo, hi, None]
        ys += [y, y, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="rgba(128,128,128,0.55)", width=7),
                             hoverinfo="skip", name="date range (week/month/year precision)"))


def _event_marks(fig: go.Figure, df: pd.DataFrame, names: dict) -> None:
    """A mark per event: colour the side, shape the modality, opacity the date's precision (faint: undated)."""
    for (side, modality), g in df.groupby(["side", "modality"], sort=True):
        opac = [PRECISION_OPACITY.get(p if isinstance(p, str) else None, 0.3) if t else UNDATED_OPACITY
                for p, t in zip(g["date_precision"], g["in_text"])]
        word = modality_word(modality) or "stated"
        fig.add_trace(go.Scatter(
            x=g["when"], y=g["row"], mode="markers", name=f"{SIDE_LABELS.get(side, side)} · {word}",
            marker=dict(size=18, color=side_color(side), symbol=MODALITY_SYMBOLS.get(modality, "circle"),
                        opacity=opac, line=dict(width=2.5, color=side_color(side))),
            hovertext=_event_hover(g, names), hoverinfo="text",
        ))


def compact_timeline(events: pd.DataFrame, documents: pd.DataFrame, actors: pd.DataFrame,
                     dates: pd.DataFrame | None = None) -> go.Figure:
    """Events per month at their effective date, stacked by the source actor's side (Overview page).
    ``events`` may come with their effective dates already (``with_time``): they are not worked out again."""
    if len(events) == 0:
        return _layout(go.Figure(), height=300)
    df = events if "when" in events else with_time(events, documents, dates=dates)
    df = df[df["when"].notna()]
    counts = pd.DataFrame({"month": df["when"].dt.to_period("M").dt.start_time, "source": df["source"]})
    return timeline_from_counts(counts.assign(n=1), dict(zip(actors["id"], actors["side"])))


def timeline_from_counts(counts: pd.DataFrame, sides: dict[str, str]) -> go.Figure:
    """``compact_timeline`` from events counted per (``month`` start, ``source`` actor): ``n`` (the
    database counts them; a page need not hold the events); ``sides``: actor id -> side."""
    fig = go.Figure()
    if len(counts) == 0:
        return _layout(fig, height=300)
    counts = counts.assign(side=source_sides(counts["source"], sides))
    counts = counts.groupby(["month", "side"])["n"].sum().reset_index(name="n")
    for side in SIDE_COLORS:
        g = counts[counts["side"] == side]
        if len(g):
            # One bar a month wide (in ms, as plotly measures a date axis), centred on its month.
            days = g["month"].dt.days_in_month
            fig.add_trace(go.Bar(x=g["month"] + pd.to_timedelta(days / 2, unit="D"), y=g["n"], name=SIDE_LABELS[side],
                                 width=(days * 0.92 * 86_400_000).tolist(), marker_color=side_color(side),
                                 customdata=g["month"].dt.strftime("%B %Y"),
                                 hovertemplate="%{customdata}: %{y} events<extra>" + SIDE_LABELS[side] + "</extra>"))
    top = int(counts.groupby("month")["n"].sum().max())
    # events, not bars: a lone early event is still "1 event"
    _, left = focus_range(pd.Series(np.repeat(counts["month"].to_numpy(), counts["n"].to_numpy())))
    shown = counts[counts["month"] > left.max()] if len(left) else counts
    first, last = shown["month"].min(), shown["month"].max()
    span = (last.to_period("M") - first.to_period("M")).n + 1
    x_range = [first - pd.Timedelta(days=20), last + pd.Timedelta(days=45)] if len(left) else None
    if len(left):  # below the month labels (the legend holds the top)
        fig.add_annotation(text=left_out_note(left), showarrow=False, xref="paper", yref="paper", x=0, y=-0.26,
                           xanchor="left", yanchor="top", font=dict(size=13))
        fig.update_layout(margin=dict(b=75))
    return _layout(fig, height=300 + (60 if len(left) else 0), barmode="stack", xaxis=dict(title=None, dtick=month_tick(span), tickformat="%b\n%Y",
                                                                ticklabelmode="period", range=x_range),
                   yaxis=dict(title="events", tickformat="d", dtick=max(1, -(-top // 6)), rangemode="tozero"),
                   legend=dict(orientation="h", y=1.15))
