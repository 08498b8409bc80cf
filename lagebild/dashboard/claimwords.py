"""Claims in words: claimant labels, a figure as its article frames it (total, increment, part), report
dates at their precision, and which claims are North Korea's deployments or casualties.  Pure, no Streamlit;
shared by the claims chart, the claims tables and the comparisons (``claimviews`` is their front door)."""

from __future__ import annotations


import pandas as pd

from lagebild.dashboard.charts import FIGURE_GROUPS
from lagebild.dashboard.fmt import KIND_WORDS, fmt_amount, fmt_date, fmt_published, plain

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

