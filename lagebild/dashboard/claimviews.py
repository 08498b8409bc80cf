"""Claims on screen: labels, the claims chart, the claims table, latest claims per claimant.

Pure functions of the ``claims`` table (``lagebild.claims``), no Streamlit.  A figure is
always shown as stated: its own qualifier ("mehr als 10,000"), a stated range as a range,
never a bound the extraction derived from "etwa" and never an average of claimants.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from lagebild.claims import rules as claim_rules
from lagebild.claims.common import periods
from lagebild.dashboard.charts import FIGURE_GROUPS, KIND_SYMBOLS, _layout, padded_range
from lagebild.dashboard.colors import UNATTRIBUTED, claimant_palette, rgba
from lagebild.dashboard.dating import interval_columns
from lagebild.dashboard.fmt import KIND_WORDS, fmt_amount, fmt_date, fmt_published, modality_word, plain

NK_SUBJECTS = ("north-korea", "korean-peoples-army")
# Every casualty kind the figure charts know ("killed or wounded", "casualties" included): one list.
CASUALTY_KINDS = FIGURE_GROUPS["casualties"]
# What one step line joins: one claimant's claims of one kind (issue #19: never a brigade of 6,000 to
# 2 captured). One more key column (the troop figures' ``scope``) is one more word here.
LINE_KEY = ("_who", "kind", "_scope")
# A kind that is no series of its own: its claims are marks, never joined.
UNJOINED_KINDS = {"other"}
# Only what the text gives as fact or as someone's claim is drawn; possible, threatened and
# denied figures stay in the table, marked.
DRAWN_MODALITIES = ("asserted", "reported")
HOVER_SOURCES = 6
DIRECTION_SYMBOLS = {"above": "triangle-up", "below": "triangle-down"}


def claimant_label(key: object, names: dict[str, str], via: object = None) -> str:
    """'South Korea + Ukraine + United States' for a joint key; unattributed says so; a claim a speaker
    relays keeps its claimant and says through whom: 'NIS (via Lee Seong-kweun)'."""
    if not isinstance(key, str) or not key:
        return "unattributed in the text"
    label = " + ".join(names.get(a, a) for a in key.split("; "))
    if isinstance(via, str) and via:
        label += " (via " + ", ".join(names.get(a, a) for a in via.split("; ")) + ")"
    return label


def claimant_of(row, names: dict[str, str]) -> str:
    """A claim row's claimant label, with who relayed it where the text says so."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    return claimant_label(get("claimant"), names, get("relayed_by"))


def kind_words(kind) -> str:
    """"killed or wounded", not ``killed_or_wounded``."""
    return KIND_WORDS.get(kind, plain(kind).lower())


def figure_text(row) -> str:
    """The figure as stated: its qualifier and value, or a stated range."""
    value = f"{int(row['value']):,}"
    if row["direction"] == "range" and pd.notna(row["value_max"]):
        return f"{value}–{int(row['value_max']):,}"
    if row["direction"] != "exact":  # the qualifier in the UI's words ("mehr als" -> "more than")
        return fmt_amount(row["value"], qualifier=row["qualifier"])
    return value


def since_text(row) -> str:
    """'since Sep 2025' where the text gives a start of its own, else ''."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    since = get("since")
    return f"since {fmt_date(since, get('since_precision'))}" if isinstance(since, str) and since else ""


def scope_of(row) -> str:
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    scope = get("scope")
    return scope if isinstance(scope, str) else "unclear"


def stated_text(row) -> str:
    """The figure as its article frames it: a total as stated, an increment with its plus sign and start
    ("+about 5,000 since Sep 2025", "+3,000 more"), a part marked as one ("about 1,000 (part)")."""
    scope = scope_of(row)
    if scope == "increment":
        return f"+{figure_text(row)} " + (since_text(row) or "more")
    if scope == "part":
        return f"{figure_text(row)} (part)"
    if scope == "unclear":
        return f"{figure_text(row)} (not a total)"
    return figure_text(row)


SCOPE_WORDS = {"total": "total", "increment": "increment (more on top)", "part": "part of a larger figure",
               "unclear": "unclear (not a total)"}


def scope_words(row) -> str:
    """What the figure counts, in words: "total", "increment (more on top) since Sep 2025"."""
    since = since_text(row)
    return SCOPE_WORDS.get(scope_of(row), "unclear (not a total)") + (f" {since}" if since else "")


def reported_date(row, which: str = "first") -> str:
    """A claim's first (or last) report date at the documents' precision: "13 Jan 2025", "Dec 2025" (a
    document dated only by its month), "~12 Nov 2024" (an approximate publication date), or "undated"."""
    value = row.get(f"{which}_reported")
    return fmt_published(value, row.get(f"{which}_reported_precision")) if isinstance(value, str) else "undated"


def reported_text(row) -> str:
    """'reported 11 Jan 2025 – 13 Jan 2025' (or one date, or undated): when the reports were published,
    each at its precision ("reported Dec 2025", "reported ~12 Nov 2024")."""
    if not isinstance(row.get("first_reported"), str):
        return "undated reports"
    a, b = reported_date(row, "first"), reported_date(row, "last")
    return f"reported {a}" if a == b else f"reported {a} – {b}"


def reports_text(row) -> str:
    n, s = int(row["n_reports"]), int(row["n_sources"])
    return f"{n} report{'s' if n != 1 else ''}, {s} independent source{'s' if s != 1 else ''}"


def sources_list(row, doc_titles: dict[str, str], doc_published: dict[str, object]) -> list[str]:
    """'2025-01-13 · title' for every document of the claim, in report order."""
    out = []
    for d in str(row["doc_ids"]).split("; "):
        pub = doc_published.get(d)
        out.append(f"{pub if isinstance(pub, str) else 'undated'} · {doc_titles.get(d, d)}")
    return out


def deployment_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims of North Korean troops deployed (the headline series)."""
    return claims[(claims["kind"] == "deployed") & claims["subject_actor"].isin(NK_SUBJECTS)]


def casualty_claims(claims: pd.DataFrame) -> pd.DataFrame:
    return claims[claims["kind"].isin(CASUALTY_KINDS) & (claims["subject_actor"].isin(NK_SUBJECTS) | claims["subject_actor"].isna())]


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


def claims_rows(claims: pd.DataFrame, names: dict[str, str], doc_titles: dict[str, str],
                doc_published: dict[str, object]) -> pd.DataFrame:
    """The claims table: one row per claim, newest first, with every source listed."""
    df = claims.sort_values(["first_reported", "value"], ascending=[False, False], na_position="last")
    rows = df.to_dict("records")
    return pd.DataFrame({
        "claimant": [claimant_of(r, names) for r in rows],
        "figure": [figure_text(r) for r in rows],
        "kind": [kind_words(k) for k in df["kind"]],
        "counts": [scope_words(r) for r in rows],
        "whose troops": [names.get(a, a) if isinstance(a, str) else "not named" for a in df["subject_actor"]],
        "modality": [modality_word(m) or "stated" for m in df["modality"]],
        **_report_columns(df, rows, doc_titles, doc_published),
        "doc_id": df["doc_id"].to_numpy(), "sentence": df["sentence"].to_numpy(),
        "claim_id": df["claim_id"].to_numpy(),
    })


# Internal columns of the claims rows (the page keeps them for its links): never in an export.
INTERNAL_COLUMNS = ["doc_id", "sentence", "claim_id"]


def claims_export(claims: pd.DataFrame, names: dict[str, str], doc_titles: dict[str, str],
                  doc_published: dict[str, object]) -> pd.DataFrame:
    """The claims table with the columns the page shows (Excel and CSV exports)."""
    return claims_rows(claims, names, doc_titles, doc_published).drop(columns=INTERNAL_COLUMNS)


def event_group_rows(groups: pd.DataFrame, names: dict[str, str], doc_titles: dict[str, str],
                     doc_published: dict[str, object]) -> pd.DataFrame:
    """Event groups (one event however many documents report it) in the claims table's words, newest first."""
    df = groups.sort_values(["first_reported"], ascending=False, na_position="last")
    rows = df.to_dict("records")

    def label(r) -> str:
        word = modality_word(r["modality"])
        return plain(r["type"]) + (f" ({word})" if word else "")

    return pd.DataFrame({
        "event": [label(r) for r in rows],
        "actors": [", ".join(names.get(a.strip(), a.strip()) for a in str(r["actors"] or "").split(";") if a.strip())
                   if isinstance(r["actors"], str) else "" for r in rows],
        "date in the text": [fmt_date(r["date"], r["date_precision"]) if isinstance(r["date"], str) else "undated"
                             for r in rows],
        **_report_columns(df, rows, doc_titles, doc_published),
    }, dtype=object)


def _report_columns(df: pd.DataFrame, rows: list[dict], doc_titles: dict[str, str],
                    doc_published: dict[str, object]) -> dict:
    """What a claim and an event group both say of their reports: when, how many, from whom, the first quote."""
    return {
        "first reported": [reported_date(r, "first") for r in rows],
        "last reported": [reported_date(r, "last") for r in rows],
        "reports": df["n_reports"].to_numpy(),
        "independent sources": df["n_sources"].to_numpy(),
        "sources": ["\n".join(sources_list(r, doc_titles, doc_published)) for r in rows],
        "first quote": df["quote"].to_numpy(),
    }


def claim_review_status(row, figures: pd.DataFrame) -> str | None:
    """A claim's review status from its reports (the store's effective figures): "confirmed" when an analyst
    confirmed every report, "edited" when every report is reviewed and one was edited, else "machine";
    None where the tables carry no review status (parquet tables)."""
    if "review_status" not in figures or "fact_id" not in figures:
        return None
    members = set(str(row["member_ids"]).split("; "))
    statuses = set(figures.loc[figures["fact_id"].isin(members), "review_status"].dropna())
    if not statuses or "machine" in statuses:
        return "machine"
    return "edited" if "edited" in statuses else "confirmed"


def _scoped(claims: pd.DataFrame, scope: str) -> pd.DataFrame:
    return claims[claims["scope"] == scope] if "scope" in claims else (claims if scope == "total" else claims.iloc[:0])


def latest_by_claimant(claims: pd.DataFrame, n: int) -> pd.DataFrame:
    """The latest North Korean deployment **total** of each of the ``n`` claimants with the most such
    claims (attributed ones first; an unattributed series is listed only when room is left).  An
    increment or a part never heads a card: "an additional 3,000" is not the size of the force."""
    df = _scoped(deployment_claims(claims), "total")
    df = df[df["modality"].isin(DRAWN_MODALITIES)].assign(_who=lambda d: d["claimant"].fillna(""))
    if len(df) == 0:
        return df
    counts = df.groupby("_who").size().rename("_n").reset_index()
    counts["_unattr"] = counts["_who"] == ""
    top = counts.sort_values(["_unattr", "_n", "_who"], ascending=[True, False, True]).head(n)["_who"]
    latest = df[df["_who"].isin(top)].sort_values(["last_reported", "first_reported", "value"], na_position="first")
    return latest.groupby("_who", sort=False).tail(1).sort_values("last_reported", ascending=False, na_position="last")


def latest_increments(claims: pd.DataFrame) -> pd.DataFrame:
    """Each claimant's latest stated increment of North Korean troops deployed ("+about 5,000 since
    Sep 2025"), newest first: shown beside the totals, never as one."""
    df = _scoped(deployment_claims(claims), "increment")
    df = df[df["modality"].isin(DRAWN_MODALITIES)].assign(_who=lambda d: d["claimant"].fillna(""))
    if len(df) == 0:
        return df
    df = df.sort_values(["last_reported", "first_reported", "value"], na_position="first")
    return df.groupby("_who", sort=False).tail(1).sort_values("last_reported", ascending=False, na_position="last")


def _interval(row) -> tuple[float, float]:
    v = float(row["value"])
    return {"above": (v, float("inf")), "below": (0.0, v),
            "range": (v, float(row["value_max"]) if pd.notna(row["value_max"]) else v)}.get(row["direction"], (v, v))


# For comparing counts: a state's armed forces and the state are one subject ("North Korean troops").
SAME_SUBJECT = {a: "north-korea" for a in NK_SUBJECTS}


def comparable(a, b, window_days: int) -> bool:
    """Whether two claims count the same thing at the same time, so that their figures can contradict:
    the same kind (deployed is never held against killed), both totals (an increment or a part is no rival
    count), the same subject (whose troops), never two figures of one article, and report periods (each
    at its precision) within ``window_days`` of each other."""
    if a["kind"] != b["kind"] or scope_of(a) != "total" or scope_of(b) != "total":
        return False
    if set(str(a.get("doc_ids", a.get("doc_id"))).split("; ")) & set(str(b.get("doc_ids", b.get("doc_id"))).split("; ")):
        return False
    sa, sb = a["subject_actor"], b["subject_actor"]
    sa, sb = (SAME_SUBJECT.get(sa, sa) if isinstance(sa, str) else None), (SAME_SUBJECT.get(sb, sb) if isinstance(sb, str) else None)
    if sa is None or sa != sb:
        return False
    (alo, ahi), (blo, bhi) = _period(a), _period(b)
    if any(pd.isna(x) for x in (alo, ahi, blo, bhi)):
        return False
    return alo <= bhi + window_days and blo <= ahi + window_days


def _period(row) -> tuple[float, float]:
    """A claim's report period as day numbers: the first day its first report can be, the last its last can be."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    lo, _ = periods(pd.Series([get("first_reported")], dtype=object), pd.Series([get("first_reported_precision")], dtype=object))
    _, hi = periods(pd.Series([get("last_reported")], dtype=object), pd.Series([get("last_reported_precision")], dtype=object))
    return lo[0], hi[0]


def disagreement(latest: pd.DataFrame, names: dict[str, str], window_days: int | None = None) -> str | None:
    """"Claimants differ — …" when two of the latest claims count the same thing at the same time
    (``comparable``: same kind, same subject, report periods within ``window_days``, by default the
    claims' ``figure_window_days``) and state figures that cannot both hold; only those claims are listed."""
    if window_days is None:
        window_days = claim_rules.load().figure_window_days
    rows = [r._asdict() for r in latest.itertuples(index=False)]
    iv = [_interval(r) for r in rows]
    clashing: list[int] = []
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            a, b = iv[i], iv[j]
            if (a[1] < b[0] or b[1] < a[0]) and comparable(rows[i], rows[j], window_days):
                clashing += [k for k in (i, j) if k not in clashing]
    if not clashing:
        return None
    parts = [f"{claimant_of(rows[k], names)}: {figure_text(rows[k])} {kind_words(rows[k]['kind'])} "
             f"({reported_date(rows[k], 'last')})" for k in sorted(clashing)]
    return "Claimants differ — latest figures for the same count at the same time: " + " · ".join(parts)


def document_novelty(grouped: pd.DataFrame, doc_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Of the claims (or event groups) a document reports: those first reported in it (new) and
    those an earlier document reported first (repeats; their anchor row says where)."""
    mine = grouped[[doc_id in ids.split("; ") for ids in grouped["doc_ids"]]] if len(grouped) else grouped
    first_here = mine["doc_id"] == doc_id
    return mine[first_here], mine[~first_here]


def repeat_line(row, names: dict[str, str], doc_titles: dict[str, str]) -> str:
    """'more than 10,000 deployed (South Korea + …) — first reported 11 Jan 2025 in "…"'."""
    if "claim_id" in row:
        what = f"{figure_text(row)} {kind_words(row['kind'])} ({claimant_of(row, names)})"
    else:
        word = modality_word(row["modality"])
        what = plain(row["type"]).lower() + (f" ({word})" if word else "")
    title = doc_titles.get(row["doc_id"], row["doc_id"])
    return f"{what} — first reported {reported_date(row, 'first')} in “{title}”"
