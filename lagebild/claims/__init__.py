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


def derive(tables: dict[str, pd.DataFrame], rules: _rules.Rules | None = None) -> dict[str, pd.DataFrame]:
    """``claims`` and ``event_groups`` of the tables (and ``sources``: each document's wire and source key)."""
    rules = rules or _rules.load()
    sources = document_sources(tables["documents"], rules)
    return {
        "claims": group_figures(tables["troop_figures"], tables["documents"], tables["mentions"], sources, rules),
        "event_groups": group_events(tables["events"], tables["documents"], sources, rules),
        "sources": sources,
    }


__all__ = ["derive", "group_figures", "group_events", "document_sources"]
