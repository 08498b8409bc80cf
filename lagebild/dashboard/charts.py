"""Plotly figure builders: pure functions of (filtered) DataFrames, no Streamlit.

Every builder returns a ``go.Figure``; a page shows a message instead when the
input is empty (builders are not called with empty frames by the pages, but
they do return a valid, empty figure if they are).
"""

from __future__ import annotations

import html
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lagebild.dashboard.colors import actor_color, claimant_palette
from lagebild.dashboard.dating import effective_dates
from lagebild.dashboard.fmt import actor_name, bounds_source, fmt_amount, modality_word, plain, review_text

FONT = dict(size=17)
# Above this many points a chart shows monthly aggregates instead of one mark per fact.
POINT_LIMIT = 1500
# Up to this many marks a troop-figure chart writes each value beside its mark.
VALUE_LABEL_LIMIT = 12
# Marks of facts the text does not date (drawn at the article's date): faint, but legible on a dark projector.
UNDATED_OPACITY = 0.5

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


def focus_range(when: pd.Series, gap_days: int = 730, share: float = 0.1) -> tuple[list | None, pd.Series]:
    """An x range on the bulk of the marks, and the marks it leaves out on the left.

    A background fact years before the story (a treaty of 2000 beside the reporting of 2024–25)
    would squeeze every other mark into the chart's last pixels: where the marks before the
    widest gap of more than ``gap_days`` are at most ``share`` of all, the range starts after it.
    The caller says how many marks that leaves out (they stay in the figure: double-click shows
    all)."""
    when = when.dropna().sort_values()
    if len(when) < 2:
        return padded_range(when), when.iloc[:0]
    gaps = when.diff().iloc[1:]
    at = int(np.argmax(gaps.to_numpy())) + 1
    if gaps.iloc[at - 1] > pd.Timedelta(days=gap_days) and at <= share * len(when):
        return padded_range(when.iloc[at:]), when.iloc[:at]
    return padded_range(when), when.iloc[:0]


def left_out_note(left: pd.Series, what: str = "event") -> str | None:
    """"← 1 event earlier (Feb 2000): double-click to show all", or None."""
    if len(left) == 0:
        return None
    lo, hi = left.min(), left.max()
    span = lo.strftime("%b %Y") + ("" if lo.to_period("M") == hi.to_period("M") else "–" + hi.strftime("%b %Y"))
    return f"← {len(left)} {what}{'s' if len(left) != 1 else ''} earlier ({span}): double-click the chart to show all"


def _layout(fig: go.Figure, height: int = 520, **kw) -> go.Figure:
    legend = {"font": {"size": 16}, **kw.pop("legend", {})}
    margin = {"l": 10, "r": 10, "t": 40, "b": 10, **{k: v for k, v in fig.layout.margin.to_plotly_json().items()
                                                     if v is not None}}
    fig.update_layout(font=FONT, height=height, margin=margin, hoverlabel=dict(font_size=16), legend=legend, **kw)
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


def with_time(df: pd.DataFrame, documents: pd.DataFrame, precision_col: str = "date_precision",
              dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Adds the effective date (``lagebild.dashboard.dating``): ``when`` (interval midpoint), ``lo``/``hi``,
    ``in_text`` and ``when_note``, the one date label ("19 Jun 2024", "undated (article of ~12 Nov 2024)")."""
    eff = effective_dates(df, documents, dates, precision_col)
    return df.assign(**{c: eff[c] for c in ("lo", "hi", "when", "in_text", "when_note")})


def _claimant(names: dict, cid) -> str:
    return actor_name(names, cid, "no claimant named")


def _figure_hover(g: pd.DataFrame, claimant: str) -> list[str]:
    """Plain words: "about 11,000 North Korean troops deployed", claimant, date label, quote (bounds stay out)."""
    out = []
    for r in g.itertuples():
        modality = modality_word(getattr(r, "modality", "asserted"))
        out.append(f"<b>{html.escape(fmt_amount(r.value, r.low, r.high, r.qualifier))}</b> {html.escape(r.kind)}"
                   + (f" · <b>{html.escape(modality)}</b>" if modality else "")
                   + f"<br>claimed by {html.escape(claimant)} · {html.escape(r.when_note)}"
                   + f" · {review_text(getattr(r, 'review_status', 'machine'))}<br><i>“{_short(r.quote)}”</i>")
    return out


def _monthly_figures(fig: go.Figure, df: pd.DataFrame, title: str) -> go.Figure:
    """Many reports: the monthly median per claimant with its min–max (values as reported, no bounds)."""
    df = df.assign(month=df["when"].dt.to_period("M").dt.start_time)
    palette = claimant_palette(df["claimed_by"])
    for (claimant, cid), g in df.groupby(["claimant", df["claimed_by"].fillna("")], sort=True):
        m = g.groupby("month")["value"].agg(["median", "min", "max", "count"]).reset_index()
        fig.add_trace(go.Scatter(
            x=m["month"], y=m["median"], mode="lines+markers", name=claimant,
            line=dict(color=palette.get(cid, actor_color(None)), width=3), marker=dict(size=9),
            error_y=dict(type="data", symmetric=False, array=m["max"] - m["median"], arrayminus=m["median"] - m["min"],
                         thickness=1.5, width=0),
            customdata=m[["count", "min", "max"]],
            hovertemplate=f"<b>{html.escape(claimant)}</b><br>%{{x|%b %Y}}: median %{{y:,.0f}} "
                          "(min %{customdata[1]:,}, max %{customdata[2]:,}) from %{customdata[0]} reports<extra></extra>",
        ))
    return _layout(fig, title=title or "Monthly median per claimant (many reports)",
                   xaxis_title=None, yaxis_title="soldiers", yaxis=dict(rangemode="tozero", tickformat=","))


def _key_entries(fig: go.Figure, kinds, hollow: bool) -> None:
    """Legend entries for the marker shapes (kind) and the hollow marks, beside the claimant colours."""
    for k in kinds:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=plain(k), legendgroup="kind",
                                 legendgrouptitle_text="Shape: kind",
                                 marker=dict(size=14, color="#8C8C8C", symbol=KIND_SYMBOLS.get(k, "circle"))))
    if hollow:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="possible or denied (not a count)",
                                 legendgroup="kind", marker=dict(size=14, color="#8C8C8C", symbol="circle-open")))


def figure_chart(figures: pd.DataFrame, documents: pd.DataFrame, actors: pd.DataFrame, title: str = "",
                 dates: pd.DataFrame | None = None) -> go.Figure:
    """Reported troop figures over time as claims, one colour per claimant, shape = kind.

    A range the text states is drawn as a bar; bounds derived from a qualifier ("etwa") only as a
    faint band in its own legend entry "approximate"; with few marks each carries its value in words.
    """
    names = actor_names(actors)
    fig = go.Figure()
    if len(figures) == 0:
        return _layout(fig, title=title)
    df = with_time(figures, documents, dates=dates)
    df = df[df["when"].notna()]
    df["claimant"] = df["claimed_by"].map(lambda a: _claimant(names, a))
    if len(df) > POINT_LIMIT:
        return _monthly_figures(fig, df, title)
    df["bounds"] = [bounds_source(lo, hi, q) for lo, hi, q in zip(df["low"], df["high"], df["qualifier"])]
    modality = df["modality"] if "modality" in df else pd.Series("asserted", index=df.index)
    df["hollow"] = ~modality.isin(["asserted", "reported"])  # a figure that only might be, or is denied
    few = len(df) <= VALUE_LABEL_LIMIT
    palette = claimant_palette(df["claimed_by"])
    for (claimant, cid), g in df.groupby(["claimant", df["claimed_by"].fillna("")], sort=True):
        stated = g["bounds"] == "stated"
        plus = (g["high"].astype("Float64") - g["value"]).where(stated, 0).fillna(0).astype(float)
        minus = (g["value"] - g["low"].astype("Float64")).where(stated, 0).fillna(0).astype(float)
        fig.add_trace(go.Scatter(
            x=g["when"], y=g["value"], mode="markers+text" if few else "markers", name=claimant,
            legendgroup="claimant", legendgrouptitle_text="Colour: claimant",
            text=[fmt_amount(v, lo, hi, q) for v, lo, hi, q in zip(g["value"], g["low"], g["high"], g["qualifier"])] if few else None,
            textposition="middle right", textfont=dict(size=16),
            marker=dict(size=16, color=palette.get(cid, actor_color(None)),
                        symbol=[KIND_SYMBOLS.get(k, "circle") + ("-open" if h else "") for k, h in zip(g["kind"], g["hollow"])],
                        opacity=[1.0 if t else UNDATED_OPACITY for t in g["in_text"]],  # faint: at the article's date
                        line=dict(color="white", width=1)),
            error_y=dict(type="data", symmetric=False, array=plus, arrayminus=minus, thickness=2.5, width=8,
                         visible=bool(stated.any())),
            hovertext=_figure_hover(g, claimant), hoverinfo="text",
        ))
    derived = df[df["bounds"] == "derived"]
    if len(derived):
        fig.add_trace(go.Scatter(
            x=derived["when"], y=derived["value"], mode="markers", name="approximate (bounds derived, not in the text)",
            marker=dict(size=12, symbol="line-ns", line=dict(width=10, color="rgba(140,140,140,0.35)")),
            hoverinfo="skip", legendgroup="approx",
            error_y=dict(type="data", symmetric=False, array=(derived["high"].astype("Float64") - derived["value"]).fillna(0).astype(float),
                         arrayminus=(derived["value"] - derived["low"].astype("Float64")).fillna(0).astype(float),
                         thickness=12, width=0, color="rgba(140,140,140,0.22)"),
        ))
    _key_entries(fig, sorted(df["kind"].unique()), bool(df["hollow"].any()))
    return _layout(fig, title=title, xaxis=dict(title=None, range=padded_range(df["when"])), yaxis_title="soldiers",
                   yaxis=dict(rangemode="tozero", tickformat=","), legend=dict(groupclick="toggleitem"))


def _add_notes(fig: go.Figure, notes: list[str]) -> int:
    """The notes above the plot, wrapped (a note wider than the plot was cut off at its edge: "…, E"), with
    room made for every line; returns how many lines they take."""
    if not notes:
        return 0
    fig.add_annotation(text="<br>".join(wrap_note(n) for n in notes), showarrow=False, xref="paper", yref="paper",
                       x=0, y=1.02, xanchor="left", yanchor="bottom", font=dict(size=15), align="left")
    lines = sum(wrap_note(n).count("<br>") + 1 for n in notes)
    if lines > 1:
        fig.update_layout(margin=dict(t=40 + (lines - 1) * 20))
    return lines


def wrap_note(text: str, width: int = 70) -> str:
    """A chart note on lines of at most ``width`` characters (plotly does not wrap annotations)."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def month_tick(months: int, labels: int = 16) -> str:
    """A tick every 1, 2, 3, 6 or 12·k months, so a chart over ``months`` months has at most about ``labels``
    tick labels (a tick a month over 25 years drew 300 labels on top of each other)."""
    for step in (1, 2, 3, 6):
        if months <= labels * step:
            return f"M{step}"
    return f"M{12 * -(-months // (12 * labels))}"
