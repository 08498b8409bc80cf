"""Claims on screen, the front door: labels and words (``claimwords``), the claims chart (``claimchart``),
the comparisons (``claimcompare``) and, here, the claims and event-group tables.

Pure functions of the ``claims`` table (``lagebild.claims``), no Streamlit.  A figure is
always shown as stated: its own qualifier ("mehr als 10,000"), a stated range as a range,
never a bound the extraction derived from "etwa" and never an average of claimants.
"""

from __future__ import annotations


import pandas as pd

from lagebild.dashboard.fmt import fmt_date, modality_word, plain
from lagebild.dashboard.claimwords import (
    NK_SUBJECTS, CASUALTY_KINDS, LINE_KEY, UNJOINED_KINDS, DRAWN_MODALITIES, HOVER_SOURCES, DIRECTION_SYMBOLS,
    claimant_label, claimant_of, kind_words, figure_text, since_text, scope_of, stated_text, SCOPE_WORDS,
    scope_words, reported_date, reported_text, reports_text, sources_list, deployment_claims, casualty_claims)
from lagebild.dashboard.claimchart import (
    PANELS, claim_panels, panel_chart, label_sides, label_positions, undrawn_note, SCOPE_SERIES,
    SCOPE_SYMBOLS, FEW_MARKS, report_positions, claims_chart)
from lagebild.dashboard.claimcompare import (
    claim_review_status, latest_by_claimant, latest_increments, SAME_SUBJECT, comparable, disagreement,
    document_novelty, repeat_line)


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


# What the pages and briefings call, from one place.
__all__ = [
    "NK_SUBJECTS", "CASUALTY_KINDS", "LINE_KEY", "UNJOINED_KINDS", "DRAWN_MODALITIES", "HOVER_SOURCES",
    "DIRECTION_SYMBOLS", "claimant_label", "claimant_of", "kind_words", "figure_text", "since_text",
    "scope_of", "stated_text", "SCOPE_WORDS", "scope_words", "reported_date", "reported_text", "reports_text",
    "sources_list", "deployment_claims", "casualty_claims", "PANELS", "claim_panels", "panel_chart",
    "label_sides", "label_positions", "undrawn_note", "SCOPE_SERIES", "SCOPE_SYMBOLS", "FEW_MARKS",
    "report_positions", "claims_chart", "claim_review_status", "latest_by_claimant", "latest_increments",
    "SAME_SUBJECT", "comparable", "disagreement", "document_novelty", "repeat_line", "claims_rows",
    "INTERNAL_COLUMNS", "claims_export", "event_group_rows"
]
