"""A fact as the analysts' decisions leave it (pure): what the effective tables, the view index and the
review page all apply, so none of them imports another for it."""

from __future__ import annotations


def apply_decisions(data: dict, log: list[dict]) -> tuple[dict, str]:
    """The fact as the decisions leave it, and its status (machine, confirmed, edited, rejected)."""
    row, status, edited = dict(data), "machine", False
    for d in log:
        if d["action"] == "edit":
            row.update(d["changes"] or {})
            edited, status = True, "edited"
        elif d["action"] == "accept":
            status = "edited" if edited else "confirmed"
        else:
            status = "rejected"
    return row, status


def history(data: dict, log: list[dict]) -> list[dict]:
    """Each decision with what it changed: ``changed`` = {field: (before, after)} for an edit."""
    row, out = dict(data), []
    for d in log:
        changed = {}
        if d["action"] == "edit":
            changed = {k: (row.get(k), v) for k, v in (d["changes"] or {}).items() if row.get(k) != v}
            row.update(d["changes"] or {})
        out.append({**d, "changed": changed})
    return out


__all__ = ["apply_decisions", "history"]
