"""Plotly figure builders: pure functions of (filtered) DataFrames, no Streamlit.

Every builder returns a ``go.Figure``; a page shows a message instead when the
input is empty (builders are not called with empty frames by the pages, but
they do return a valid, empty figure if they are).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from lagebild.dashboard.colors import MODALITY_SYMBOLS, PRECISION_OPACITY, SIDE_COLORS, SIDE_LABELS, actor_color, side_color
from lagebild.dashboard.filters import interval_columns
from lagebild.dashboard.fmt import review_text

FONT = dict(size=17)
# Above this many points a chart shows monthly aggregates instead of one mark per fact.
POINT_LIMIT = 1500
# The timeline aggregates earlier: each event is a large mark with a long hover text (and a precision
# bar when it spans more than a day), over a few dozen type rows; beyond a few hundred marks they pile
# up into an unreadable band while the figure grows past half a megabyte.
TIMELINE_POINT_LIMIT = 500

FIGURE_GROUPS = {
    "deployed": ("deployed",),
    "mobilised": ("mobilised",),
    # One chart, one mark per claim and a symbol per kind: casualty kinds are never summed.
    "casualties": ("casualties", "killed", "wounded", "killed_or_wounded", "captured", "missing"),
}
KIND_SYMBOLS = {"deployed": "circle", "mobilised": "square", "casualties": "diamond", "killed": "x", "wounded": "cross",
                "killed_or_wounded": "hexagram", "captured": "star", "missing": "triangle-up", "other": "circle-open"}


def padded_range(when: pd.Series, min_days: int = 120) -> list | None:
    """An x range at least ``min_days`` wide around the data (one point must not zoom to milliseconds)."""
    when = when.dropna()
    if len(when) == 0:
        return None
    lo, hi = when.min(), when.max()
    pad = max(pd.Timedelta(days=min_days) - (hi - lo), pd.Timedelta(0)) / 2 + pd.Timedelta(days=10)
    return [lo - pad, hi + pad]


def _layout(fig: go.Figure, height: int = 520, **kw) -> go.Figure:
    legend = {"font": {"size": 16}, **kw.pop("legend", {})}
    fig.update_layout(font=FONT, height=height, margin=dict(l=10, r=10, t=40, b=10), hoverlabel=dict(font_size=16),
                      legend=legend, **kw)
    return fig


def _short(text: str, n: int = 110) -> str:
    text = html.escape(str(text))
    return text if len(text) <= n else text[: n - 1] + "…"


def actor_names(actors: pd.DataFrame) -> dict[str, str]:
    return dict(zip(actors["id"], actors["name"]))


def source_sides(source: pd.Series, sides: dict[str, str]) -> pd.Series:
    """The side of each row's source actor; "other" when there is none or it is unknown."""
    side = source.map(sides).astype(object)
    return side.where(side.notna(), "other")


def with_time(df: pd.DataFrame, documents: pd.DataFrame, precision_col: str = "date_precision") -> pd.DataFrame:
    """Adds ``when`` (interval midpoint), ``lo``/``hi`` and ``when_note``; undated rows fall back to the publication date."""
    out = df.copy()
    iv = interval_columns(out, "date", precision_col)
    out["lo"], out["hi"] = iv["lo"], iv["hi"]
    out["when"] = iv["lo"] + (iv["hi"] - iv["lo"]) / 2
    prec = out[precision_col] if precision_col in out else pd.Series(None, index=out.index)
    out["when_note"] = [f"{d} ({p})" if isinstance(d, str) else ""
                        for d, p in zip(out["date"].to_numpy(dtype=object), prec.to_numpy(dtype=object))]
    undated = out["when"].isna()
    if undated.any():
        published = pd.to_datetime(documents.set_index("doc_id")["published"], errors="coerce")
        fallback = out.loc[undated, "doc_id"].map(published)
        out.loc[undated, "when"] = fallback
        out.loc[undated, "when_note"] = [
            f"undated in the text; shown at publication {p.date()}" if pd.notna(p) else "undated" for p in fallback
        ]
    return out


def figure_chart(figures: pd.DataFrame, documents: pd.DataFrame, actors: pd.DataFrame, title: str = "") -> go.Figure:
    """Reported troop figures over time as claims: value with low–high bars, one colour per claimant."""
    names = actor_names(actors)
    fig = go.Figure()
    if len(figures) == 0:
        return _layout(fig, title=title)
    df = with_time(figures, documents)
    df = df[df["when"].notna()]
    df["claimant"] = df["claimed_by"].map(lambda a: names.get(a, a) if isinstance(a, str) else "unattributed")
    if len(df) > POINT_LIMIT:
        df["month"] = df["when"].dt.to_period("M").dt.start_time
        for (claimant, cid), g in df.groupby(["claimant", df["claimed_by"].fillna("")], sort=True):
            m = g.groupby("month")["value"].agg(["median", "min", "max", "count"]).reset_index()
            fig.add_trace(go.Scatter(
                x=m["month"], y=m["median"], mode="lines+markers", name=claimant,
                line=dict(color=actor_color(cid or None), width=3), marker=dict(size=9),
                error_y=dict(type="data", symmetric=False, array=m["max"] - m["median"], arrayminus=m["median"] - m["min"],
                             thickness=1.5, width=0),
                customdata=m[["count", "min", "max"]],
                hovertemplate=f"<b>{html.escape(claimant)}</b><br>%{{x|%b %Y}}: median %{{y:,.0f}} "
                              "(min %{customdata[1]:,}, max %{customdata[2]:,}) from %{customdata[0]} reports<extra></extra>",
            ))
        return _layout(fig, title=title or "Monthly median per claimant (many reports)",
                       xaxis_title=None, yaxis_title="soldiers", yaxis=dict(rangemode="tozero", tickformat=","))
    for (claimant, cid), g in df.groupby(["claimant", df["claimed_by"].fillna("")], sort=True):
        low = g["low"].astype("Float64")
        high = g["high"].astype("Float64")
        has_range = low.notna() & high.notna()
        plus = (high - g["value"]).where(has_range, 0).fillna(0).astype(float)
        minus = (g["value"] - low).where(has_range, 0).fillna(0).astype(float)
        modality = g["modality"] if "modality" in g else pd.Series("asserted", index=g.index)
        status = g["review_status"] if "review_status" in g else pd.Series("machine", index=g.index)
        hover = [
            f"<b>{v:,}</b> {html.escape(k)}" + (f" (range {lo:,}–{hi:,})" if pd.notna(lo) and pd.notna(hi) else "")
            + ("" if m == "asserted" else f" · <b>{html.escape(m)}</b>")
            + f"<br>claimed by {html.escape(claimant)} · {html.escape(note)} · {review_text(s)}<br><i>“{_short(q)}”</i>"
            for v, k, lo, hi, note, q, m, s in zip(g["value"], g["kind"], g["low"], g["high"], g["when_note"], g["quote"],
                                                   modality, status)
        ]
        # A figure that only might be, or is denied, is drawn hollow: not a count of what happened.
        hollow = ~modality.isin(["asserted", "reported"])
        fig.add_trace(go.Scatter(
            x=g["when"], y=g["value"], mode="markers", name=claimant,
            marker=dict(size=16, color=actor_color(cid or None),
                        symbol=[KIND_SYMBOLS.get(k, "circle") + ("-open" if h else "") for k, h in zip(g["kind"], hollow)],
                        line=dict(color="white", width=1)),
            error_y=dict(type="data", symmetric=False, array=plus, arrayminus=minus, thickness=2.5, width=8),
            hovertext=hover, hoverinfo="text",
        ))
    return _layout(fig, title=title, xaxis=dict(title=None, range=padded_range(df["when"])), yaxis_title="soldiers",
                   yaxis=dict(rangemode="tozero", tickformat=","))


def timeline_chart(events: pd.DataFrame, documents: pd.DataFrame, actors: pd.DataFrame) -> go.Figure:
    """Events on a time axis by type: colour = side of the source actor, shape = modality,
    opacity and horizontal bar = date precision (a month-precise event spans its month)."""
    fig = go.Figure()
    if len(events) == 0:
        return _layout(fig)
    sides = dict(zip(actors["id"], actors["side"]))
    names = actor_names(actors)
    df = with_time(events, documents)
    df = df[df["when"].notna()]
    df["side"] = source_sides(df["source"], sides)
    types = sorted(df["type"].unique())
    height = max(360, 70 + 42 * len(types))
    if len(df) > TIMELINE_POINT_LIMIT:
        df["month"] = df["when"].dt.to_period("M").dt.start_time
        agg = df.groupby(["type", "month", "side"]).size().reset_index(name="n")
        nmax = agg["n"].max()
        for side, g in agg.groupby("side"):
            fig.add_trace(go.Scatter(
                x=g["month"], y=g["type"], mode="markers", name=SIDE_LABELS.get(side, side),
                marker=dict(size=8 + 32 * (g["n"] / nmax) ** 0.5, color=side_color(side), opacity=0.7),
                customdata=g["n"], hovertemplate="%{y} · %{x|%b %Y}: %{customdata} events<extra></extra>",
            ))
        return _layout(fig, height=height, yaxis=dict(categoryorder="array", categoryarray=types[::-1]),
                       title="Events per month (many events; bubble area = count)")
    # Precision bars: one line per event that spans more than a day.
    spans = df[(df["hi"] - df["lo"]) > pd.Timedelta(days=0)]
    if len(spans):
        xs, ys = [], []
        for lo, hi, t in zip(spans["lo"], spans["hi"], spans["type"]):
            xs += [lo, hi, None]
            ys += [t, t, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="rgba(128,128,128,0.55)", width=7),
                                 hoverinfo="skip", name="date range (week/month/year precision)"))
    for (side, modality), g in df.groupby(["side", "modality"], sort=True):
        status = g["review_status"] if "review_status" in g else pd.Series("machine", index=g.index)
        hover = [
            f"<b>{html.escape(t)}</b> ({html.escape(m)}) · {html.escape(note or 'undated')} · {review_text(s)}<br>"
            f"{html.escape(', '.join(names.get(a.strip(), a.strip()) for a in (acts or '').split(';') if a.strip()) or 'no actor')}"
            f"<br><i>“{_short(q)}”</i>"
            for t, m, note, acts, q, s in zip(g["type"], g["modality"], g["when_note"], g["actors"].fillna(""), g["quote"],
                                              status)
        ]
        opac = [PRECISION_OPACITY.get(p if isinstance(p, str) else None, 0.3) for p in g["date_precision"]]
        fig.add_trace(go.Scatter(
            x=g["when"], y=g["type"], mode="markers", name=f"{SIDE_LABELS.get(side, side)} · {modality}",
            marker=dict(size=18, color=side_color(side), symbol=MODALITY_SYMBOLS.get(modality, "circle"),
                        opacity=opac, line=dict(width=2.5, color=side_color(side))),
            hovertext=hover, hoverinfo="text",
        ))
    return _layout(fig, height=height, yaxis=dict(categoryorder="array", categoryarray=types[::-1], title=None,
                                                  tickvals=types, ticktext=[t.replace("_", " ") for t in types]),
                   xaxis=dict(title=None, range=padded_range(pd.concat([df["lo"], df["hi"], df["when"]]))), legend=dict(orientation="h", y=-0.15, font=dict(size=15)))


def compact_timeline(events: pd.DataFrame, documents: pd.DataFrame, actors: pd.DataFrame) -> go.Figure:
    """Events per month, stacked by the source actor's side (Overview page)."""
    fig = go.Figure()
    if len(events) == 0:
        return _layout(fig, height=300)
    sides = dict(zip(actors["id"], actors["side"]))
    df = with_time(events, documents)
    df = df[df["when"].notna()]
    df["side"] = source_sides(df["source"], sides)
    df["month"] = df["when"].dt.to_period("M").dt.start_time
    counts = df.groupby(["month", "side"]).size().reset_index(name="n")
    for side in SIDE_COLORS:
        g = counts[counts["side"] == side]
        if len(g):
            fig.add_trace(go.Bar(x=g["month"], y=g["n"], name=SIDE_LABELS[side], marker_color=side_color(side),
                                 hovertemplate="%{x|%B %Y}: %{y} events<extra>" + SIDE_LABELS[side] + "</extra>"))
    return _layout(fig, height=300, barmode="stack", xaxis=dict(title=None, dtick="M1", tickformat="%b\n%Y"),
                   yaxis=dict(title="events"), legend=dict(orientation="h", y=1.15))
