"""The effective tables: each document's latest extraction with the analysts' decisions applied.

Same tables and columns as the extraction's (``lagebild.schemas``), plus ``fact_id`` and
``review_status`` on every fact table; rejected facts are left out.  Also the review
queue: unreviewed facts, the most consequential first.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from lagebild import schemas
from lagebild.db import records
from lagebild.db.review import apply_decisions

# The review queue's order: troop figures, then events, then the rest; within a table by date.
QUEUE_ORDER = ("troop_figures", "events", "dates", "mentions")


def _merge_entities(per_doc: list[dict]) -> dict[str, list[dict]]:
    actors: dict[str, dict] = {}
    places: dict[str, dict] = {}
    for entities in per_doc:
        for a in entities.get("actors", []):
            if a["id"] not in actors:
                actors[a["id"]] = dict(a)
            elif a.get("roles"):
                # Roles as stated in the documents, distinct, in document order (as the extraction joins them).
                have = (actors[a["id"]].get("roles") or "").split("; ") if actors[a["id"]].get("roles") else []
                have += [r for r in a["roles"].split("; ") if r not in have]
                actors[a["id"]]["roles"] = "; ".join(have)
        for p in entities.get("places", []):
            places.setdefault(p["id"], p)
    return {"actors": list(actors.values()), "places": [places[k] for k in sorted(places)]}


def effective_rows(engine: Engine) -> tuple[dict[str, list[dict]], list[dict], list[dict]]:
    """(fact rows per table with fact_id/review_status/version, document rows, entities per document)."""
    with engine.connect() as conn:
        facts = records.current_facts(conn)
        logs = records.decisions(conn)
        docs = records.document_rows(conn)
        entities = records.current_entities(conn)
    rows: dict[str, list[dict]] = {name: [] for name in schemas.FACT_TABLES}
    for fid, _doc, table, data in facts:
        log = logs.get(fid, [])
        row, status = apply_decisions(data, log)
        if status != "rejected":
            rows[table].append({**row, "fact_id": fid, "review_status": status, "version": len(log)})
    return rows, docs, entities


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return schemas.validate_effective(name, pd.DataFrame(columns=list(schemas.EFFECTIVE[name].to_schema().columns)))
    return schemas.validate_effective(name, pd.DataFrame(rows))


def effective_tables(engine: Engine) -> dict[str, pd.DataFrame]:
    """Every table as the pages show it, validated against ``schemas.EFFECTIVE``."""
    rows, docs, entities = effective_rows(engine)
    out = {"documents": _frame("documents", docs)}
    out.update({name: _frame(name, r) for name, r in _merge_entities(entities).items()})
    out.update({name: _frame(name, rows[name]) for name in schemas.FACT_TABLES})
    return {name: out[name] for name in schemas.TABLES}


def review_queue(engine: Engine, limit: int | None = None, tables: tuple[str, ...] = ("troop_figures", "events")) -> list[dict]:
    """Facts no analyst has decided on, troop figures first, then events, each by date (undated last)."""
    rows, _docs, _ = effective_rows(engine)
    queue = []
    for rank, table in enumerate(t for t in QUEUE_ORDER if t in tables):
        pending = [r for r in rows[table] if r["version"] == 0]
        pending.sort(key=lambda r: (r.get("date") is None, r.get("date") or "", r["doc_id"], r["start"]))
        queue += [{"table": table, **r} for r in pending]
    return queue[:limit] if limit else queue
