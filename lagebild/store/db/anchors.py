"""A fact's identity: its anchor (table + document + span, + event type for events).

The id is a hash of the anchor, so the same fact found again by a later extraction run
gets the same id and keeps the analysts' decisions; a fact whose span or type moves
gets a new id and its old decisions become orphans (listed, never dropped).
"""

from __future__ import annotations

import hashlib


def anchor(table: str, row: dict) -> str:
    # An event's span is its whole sentence, and one sentence can hold several events of
    # different types: the type is part of what the fact is.
    extra = f"|{row['type']}" if table == "events" else ""
    return f"{table}|{row['doc_id']}|{row['start']}|{row['end']}{extra}"


def fact_id(table: str, row: dict, nth: int = 0) -> str:
    """``nth`` tells apart facts of one document that share an anchor (a rule firing twice)."""
    key = anchor(table, row) + (f"#{nth}" if nth else "")
    return "f" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def fact_ids(table: str, rows: list[dict]) -> list[str]:
    """The ids of one table's rows, in order, unique."""
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        a = anchor(table, row)
        n = seen.get(a, 0)
        seen[a] = n + 1
        out.append(fact_id(table, row, n))
    return out
