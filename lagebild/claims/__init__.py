"""Claims across documents: figure mentions grouped into claims, event mentions into events.

Pure functions over the extracted tables (no Streamlit, no extraction import), used by
``extract --format json`` and by the dashboard.  The rules are data in ``data/claims/``.
"""

from __future__ import annotations

import pandas as pd

from lagebild.claims import rules as _rules
from lagebild.claims.events import group_events
from lagebild.claims.figures import group_figures
from lagebild.claims.sources import document_sources


def derive_claims(tables: dict[str, pd.DataFrame], rules: _rules.Rules | None = None,
                  sources: pd.DataFrame | None = None, validate: bool = True) -> pd.DataFrame:
    """The ``claims`` table of the tables (troop-figure mentions grouped).  ``sources``: the
    documents' sources if already at hand (they depend on the texts only, not on any filter)."""
    rules = rules or _rules.load()
    if sources is None:
        sources = document_sources(tables["documents"], rules, only=tables["troop_figures"]["doc_id"])
    return group_figures(tables["troop_figures"], tables["documents"], tables["mentions"], sources, rules, validate)


def derive_event_groups(tables: dict[str, pd.DataFrame], rules: _rules.Rules | None = None,
                        sources: pd.DataFrame | None = None, validate: bool = True) -> pd.DataFrame:
    """The ``event_groups`` table of the tables (event mentions grouped)."""
    rules = rules or _rules.load()
    if sources is None:
        sources = document_sources(tables["documents"], rules, only=tables["events"]["doc_id"])
    return group_events(tables["events"], tables["documents"], sources, rules, validate)


def derive(tables: dict[str, pd.DataFrame], rules: _rules.Rules | None = None) -> dict[str, pd.DataFrame]:
    """``claims`` and ``event_groups`` of the tables (and ``sources``: each document's wire and source key)."""
    rules = rules or _rules.load()
    sources = document_sources(tables["documents"], rules)
    return {
        "claims": group_figures(tables["troop_figures"], tables["documents"], tables["mentions"], sources, rules),
        "event_groups": group_events(tables["events"], tables["documents"], sources, rules),
        "sources": sources,
    }


__all__ = ["derive", "derive_claims", "derive_event_groups", "group_figures", "group_events", "document_sources"]
