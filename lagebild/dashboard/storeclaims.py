"""Claims asked of the database: the filtered troop figures grouped into claims with each figure's claimant as
the view index read it when its document was stored (``view_rows.claim``), so neither a text nor a mention is
read.  ``tests/db/test_overview_store.py`` holds the result to ``claims.derive_claims`` over the filtered
tables with every mention (what the pages did before).  Pure (a connection in, frames out)."""

from __future__ import annotations

import pandas as pd

from lagebild import claims as claims_mod
from lagebild import schemas
from lagebild.claims import rules as claim_rules
from lagebild.dashboard.whatsnew import tables_as_of
from lagebild.store.db import queries, records

CLAIM_READING = ["claimant", "claimant_basis", "relayed_by", "subject_actor"]


def store_claims(conn, state, kind: str | None = None, since: str | None = None,
                 documents: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(claims, their figures' ``fact_id``/``review_status``) of the filtered troop figures (of one ``kind``,
    if given: claims never group figures of different kinds, so grouping one kind's figures alone gives that
    kind's claims of grouping all); ``since`` (YYYY-MM-DD): of the documents that had arrived by that day
    only (``whatsnew.tables_as_of``: the claims as they stood then).  ``documents``: every document (without
    texts) if at hand, e.g. the dashboard's catalog (else the figures' are read: 0.45 s at 10,000 documents)."""
    figures, reading = queries.figure_frame(conn, queries.Where(state), kind)
    if documents is None:
        documents = pd.DataFrame(records.document_rows(conn, with_text=False, doc_ids=sorted(set(figures["doc_id"]))),
                                 columns=list(records.DOCUMENT_FIELDS) + ["ingested_at"]).assign(text="")
    else:
        documents = documents[documents["doc_id"].isin(set(figures["doc_id"]))]
    if since is not None and len(figures):
        known = set(tables_as_of({"documents": documents}, since)["documents"]["doc_id"])
        figures = figures[figures["doc_id"].isin(known)]
        documents = documents[documents["doc_id"].isin(known)]
    if len(figures) == 0:
        return schemas.empty("claims"), figures[["fact_id", "review_status"]]
    claimants = pd.DataFrame([reading[f] or {} for f in figures["fact_id"]], index=figures.index,
                             columns=CLAIM_READING).astype(object)
    claimants = claimants.where(claimants.notna(), None)
    rules = claim_rules.load()
    sources = claims_mod.document_sources(documents, rules)
    claims = claims_mod.group_figures(figures, documents, None, sources, rules, validate=False, claimants=claimants)
    return claims, figures[["fact_id", "review_status"]]


def store_view_claims(conn, state, documents: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every claim of the filtered figures: what the Troop figures page and the Sources novelty line need."""
    return store_claims(conn, state, documents=documents)


def store_claims_before(conn, state, since: str, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims of the filtered figures as they stood on ``since`` (What's new compares with them)."""
    return store_claims(conn, state, since=since, documents=documents)[0]


def store_deployment_claims(conn, state, documents: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The deployment claims alone: what the Overview's latest claims need."""
    return store_claims(conn, state, "deployed", documents=documents)
