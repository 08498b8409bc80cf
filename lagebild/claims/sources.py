"""Independent sources: the same wire story in two outlets is one source.

A document's *source* is the wire service whose credit (``data/claims/wires.csv``)
comes first in its text ("(dpa)", "AFP reporters …"), else the document itself.  Two reports count as independent when their sources differ; a text
without a visible credit is never assumed to be agency copy.
"""

from __future__ import annotations

import pandas as pd

from lagebild.claims.rules import Rules


def wire_of(text: str, rules: Rules) -> str | None:
    m = rules.wires.search(text)  # one pass over the text for all credits
    return rules.wire_ids[m.lastgroup] if m else None


def document_sources(documents: pd.DataFrame, rules: Rules, only=None) -> pd.DataFrame:
    """Per document (of ``only``, a collection of doc ids, if given): ``doc_id``, ``wire`` (or None)
    and ``source_key`` (``wire:<id>`` or ``doc:<doc_id>``)."""
    if only is not None:
        documents = documents[documents["doc_id"].isin(pd.unique(pd.Series(list(only), dtype="object")))]
    ids = documents["doc_id"].tolist()
    # The store keeps each document's credit ("" for none); only where it is not known (a parquet
    # folder's tables) is the text searched.
    known = documents["wire"].tolist() if "wire" in documents else [None] * len(ids)
    wires = [(w or None) if isinstance(w, str) else wire_of(t, rules) for w, t in zip(known, documents["text"].tolist())]
    keys = [f"wire:{w}" if w else f"doc:{d}" for w, d in zip(wires, ids)]
    return pd.DataFrame({"doc_id": ids, "wire": wires, "source_key": keys}, dtype="object")
