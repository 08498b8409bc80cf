"""Independent sources: the same wire story in two outlets is one source.

A document's *source* is the first wire service (in ``data/claims/wires.csv``
order) whose credit its text shows ("(dpa)", "AFP reporters …"), else the document
itself.  Two reports count as independent when their sources differ; a text
without a visible credit is never assumed to be agency copy.
"""

from __future__ import annotations

import pandas as pd

from lagebild.claims.rules import Rules


def wire_of(text: str, rules: Rules) -> str | None:
    for wire, pattern in rules.wires:
        if pattern.search(text):
            return wire
    return None


def document_sources(documents: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Per document: ``doc_id``, ``wire`` (or None) and ``source_key`` (``wire:<id>`` or ``doc:<doc_id>``)."""
    wires = [wire_of(t, rules) for t in documents["text"]]
    keys = [f"wire:{w}" if w else f"doc:{d}" for w, d in zip(wires, documents["doc_id"])]
    return pd.DataFrame({"doc_id": documents["doc_id"].to_numpy(), "wire": wires, "source_key": keys})
