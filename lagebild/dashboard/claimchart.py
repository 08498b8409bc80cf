"""The claims chart: one step line per claimant through its totals (increments and parts as marks of their
own), stated ranges as bands, labels that do not overprint, and the Troop figures page's panels.  Pure."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from lagebild.dashboard.charts import KIND_SYMBOLS, _layout, padded_range
from lagebild.dashboard.colors import UNATTRIBUTED, claimant_palette, rgba
from lagebild.dashboard.dating import interval_columns
from lagebild.dashboard.fmt import modality_word
from lagebild.dashboard.claimwords import (
    LINE_KEY, UNJOINED_KINDS, DRAWN_MODALITIES, HOVER_SOURCES, DIRECTION_SYMBOLS, claimant_label, claimant_of,
    kind_words, scope_of, stated_text, scope_words, reported_date, reports_text, sources_list,
    deployment_claims, casualty_claims)


# The Troop figures page's panels: (what, label, visual of the briefing/PNG, by_kind).
PANELS = (("deployment", "North Korean troops deployed", "figures:deployed", False),
          ("casualties", "Casualties (killed, wounded, captured)", "figures:casualties", True),
          ("other", "Other figures (mobilised, other subjects)", "figures:mobilised", True))


def claim_panels(claims: pd.DataFrame) -> list[tuple[str, str, str, pd.DataFrame, bool]]:
    """The claims of each panel: deployment, casualties, and everything else (one place for the page,
    its slides and its PNG, so an export is the chart as shown)."""
    deployment, casualties = deployment_claims(claims), casualty_claims(claims)
    other = claims[~claims.index.isin(deployment.index) & ~claims.index.isin(casualties.index)]
    frames = {"deployment": deployment, "casualties": casualties, "other": other}
    return [(what, label, visual, frames[what], by_kind) for what, label, visual, by_kind in PANELS]


def panel_chart(visual: str, claims: pd.DataFrame, names: dict[str, str], doc_titles: dict[str, str],
                doc_published: dict[str, object]) -> go.Figure | None:
    """The page's chart of the panel a ``figures:*`` visual stands for; None when it has no claim."""
    for _, _, v, df, by_kind in claim_panels(claims):
        if v == visual:
            return claims_chart(df, names, doc_titles, doc_published, by_kind=by_kind) if len(df) else None
    return None


def _hover(row, names, doc_titles, doc_published) -> str:
    src = sources_list(row, doc_titles, doc_published)
    more = f"<br>… and {len(src) - HOVER_SOURCES} more" if len(src) > HOVER_SOURCES else ""
    word = modality_word(row["modality"])
    modality = f" ({html.escape(word)})" if word else ""
    return (f"<b>{html.escape(claimant_of(row, names))}</b><br>"
            f"{html.escape(stated_text(row))} {html.escape(kind_words(row['kind']))}{modality}"
            f" · {html.escape(scope_words(row))}<br>"
            f"first reported {html.escape(reported_date(row, 'first'))}, last {html.escape(reported_date(row, 'last'))}<br>"
            f"{reports_text(row)}:<br>" + "<br>".join(html.escape(s) for s in src[:HOVER_SOURCES]) + more)


def label_sides(when: pd.Series, span: list | None) -> list[str]:
    """A mark's label goes right of it, left in the right fifth of the x range (else the chart's edge
    cuts it: "abo…")."""
    if not span:
        return ["top right"] * len(when)
    lo, hi = span
    cut = lo + (hi - lo) * 0.8
    return ["top left" if w > cut else "top right" for w in when]


def label_positions(df: pd.DataFrame, span: list | None) -> pd.Series:
    """Where each mark's label goes: right of it (left in the chart's right fifth), and below it where a
    mark drawn before sits close by with its label above (two claimants in the same month at about the same
    figure wrote "about 11,000" over "11,000–12,000")."""
    sides = pd.Series(label_sides(df["when"], span), index=df.index)
    if len(df) < 2 or not span:
        return sides
    x = pd.to_datetime(df["when"]).astype("int64").to_numpy(dtype=float)
    width = float(pd.Timestamp(span[1]).value - pd.Timestamp(span[0]).value) or 1.0
    height = float(df["value"].max()) or 1.0
    placed: list[tuple[float, float, str]] = []
    for i, (xi, yi) in enumerate(zip(x, df["value"].astype(float))):
        vertical = "top"
        if any(abs(xi - xj) < 0.08 * width and abs(yi - yj) < 0.12 * height and v == "top" for xj, yj, v in placed):
            vertical = "bottom"
        placed.append((xi, yi, vertical))
        sides.iloc[i] = sides.iloc[i].replace("top", vertical)
    return sides


def _series(fig: go.Figure, g: pd.DataFrame, name: str, color: str, symbol: str, hover: list[str], line: bool,
            labels: list[str] | None = None, span: list | None = None) -> None:
    """One claimant's claims as a step line (``line``), with its stated ranges as a band; ``labels``: the
    figure as stated, written beside each mark."""
    x = g["when"]
    is_range = (g["direction"] == "range") & g["value_max"].notna()
    if is_range.any():
        upper = g["value_max"].where(is_range, g["value"]).astype(float)
        fig.add_trace(go.Scatter(x=x, y=g["value"].astype(float), mode="lines", line=dict(width=0, shape="hv"),
                                 hoverinfo="skip", showlegend=False, legendgroup=name))
        fig.add_trace(go.Scatter(x=x, y=upper, mode="lines", line=dict(width=0, shape="hv"), fill="tonexty",
                                 fillcolor=rgba(color, 0.22), hoverinfo="skip", showlegend=False, legendgroup=name))
    # "more than" points up, "up to" down: the mark says which side of the value the claim is on.
    symbols = [DIRECTION_SYMBOLS.get(d, symbol) for d in g["direction"]]
    mode = ("lines+markers" if line else "markers") + ("+text" if labels else "")
    fig.add_trace(go.Scatter(
        x=x, y=g["value"], mode=mode, name=name, legendgroup=name,
        text=labels, textposition=(list(g["_pos"]) if "_pos" in g else label_sides(g["when"], span)) if labels else "top right",
        textfont=dict(size=15),
        line=dict(color=color, width=3, shape="hv"),
        marker=dict(size=15, color=color, symbol=symbols, line=dict(width=1.5, color="white")),
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
    ))


def undrawn_note(claims: pd.DataFrame) -> str | None:
    """What a claims chart leaves out, in one line (the table below lists every claim): claims the text
    gives only as possible, threatened or denied, and claims without a report date."""
    if len(claims) == 0:
        return None
    hedged = ~claims["modality"].isin(DRAWN_MODALITIES)
    undated = ~hedged & report_positions(claims).isna()
    parts = []
    if hedged.any():
        parts.append(f"{int(hedged.sum())} the text gives only as possible, threatened or denied")
    if undated.any():
        parts.append(f"{int(undated.sum())} without a report date")
    if not parts:
        return None
    n = int(hedged.sum() + undated.sum())
    return (f"Not on the chart: {n} of {len(claims)} claim{'s' if len(claims) != 1 else ''} "
            f"({' and '.join(parts)}); the table below lists them.")


SCOPE_SERIES = {"increment": "increments", "part": "parts of a larger figure", "unclear": "not totals"}
SCOPE_SYMBOLS = {"increment": "cross", "part": "circle-open"}
FEW_MARKS = 12  # up to this many claims on a chart, each mark is labelled with its figure


def report_positions(claims: pd.DataFrame) -> pd.Series:
    """Where a claim sits on a time axis: its first report's day, or the middle of the month or year a
    report dated only that far stands for (the hover says "reported Dec 2025").  Every precision at
    once: ``pd.to_datetime`` on "2025-12" beside "2025-01-11" made the month-dated claims NaT, and
    they silently fell off the chart."""
    if "first_reported_precision" not in claims:
        claims = claims.assign(first_reported_precision=None)
    iv = interval_columns(claims, "first_reported", "first_reported_precision")
    return iv["lo"] + (iv["hi"] - iv["lo"]) / 2


def claims_chart(claims: pd.DataFrame, names: dict[str, str], doc_titles: dict[str, str],
                 doc_published: dict[str, object], by_kind: bool = False, title: str = "") -> go.Figure:
    """One step line per claimant through its claims (x: first reported), stated ranges as bands;
    with ``by_kind`` one series per claimant and kind (casualties: killed, wounded … apart)."""
    fig = go.Figure()
    df = claims[claims["modality"].isin(DRAWN_MODALITIES)].copy()
    df["when"] = report_positions(df)
    df = df[df["when"].notna()].sort_values(["when", "value"])
    if len(df) == 0:
        return _layout(fig, title=title)
    df["_who"] = df["claimant"].fillna("")
    df["_scope"] = [scope_of(r) for r in df.to_dict("records")]
    span = padded_range(df["when"])
    df["_pos"] = label_positions(df, span)
    palette = claimant_palette(df["_who"])  # no two claimants alike (a joint claimant gets one of its own)
    written: set = set()
    # A line joins only one claimant's figures of one kind and one scope (``LINE_KEY``): a total never steps
    # to an increment, killed never to captured.
    for key, g in df.groupby(list(LINE_KEY), sort=True, dropna=False):
        part = dict(zip(LINE_KEY, key))
        who, kind, scope = part["_who"], part["kind"], part["_scope"]
        # "killed or wounded" in the name where a panel mixes kinds; "increments" where they are not totals
        name = claimant_label(who, names) + (f" · {kind_words(kind)}" if by_kind else "") \
            + ("" if scope == "total" else f" · {SCOPE_SERIES.get(scope, scope)}")
        hover = [_hover(r, names, doc_titles, doc_published) for r in g.to_dict("records")]
        color = palette.get(who, UNATTRIBUTED)
        # Unattributed figures are not one source's series, nor are increments or parts a course of totals:
        # marks only, no line joining them.  With few marks each says its figure as its article frames it
        # ("about 5,000", "+about 5,000 since Sep 2025"): legible from the back of a room.
        labels = [stated_text(r) for r in g.to_dict("records")] if len(df) <= FEW_MARKS else None
        if labels:  # the same figure at the same point in two series is written once ("moremore than 6,000")
            spots = [(w, float(v), t) for w, v, t in zip(g["when"], g["value"], labels)]
            labels = ["" if p in written else t for p, t in zip(spots, labels)]
            written.update(spots)
        symbol = SCOPE_SYMBOLS.get(scope) or KIND_SYMBOLS.get(kind or "deployed", "circle")
        _series(fig, g, name, color, symbol, hover, line=bool(who) and kind not in UNJOINED_KINDS and scope == "total",
                labels=labels, span=span)
    # A little room below 0 and above the top: a mark at 2 sat half under the x-axis, and a label
    # over the highest mark was cut by the chart's edge.
    top = float(pd.concat([df["value"], df["value_max"].dropna()]).astype(float).max())
    return _layout(fig, height=560, title=title, xaxis=dict(range=span, title=None),
                   yaxis=dict(title="soldiers (as stated)", range=[-0.05 * top, 1.12 * top], tickformat=","),
                   legend=dict(orientation="h", y=-0.15), hovermode="closest")

