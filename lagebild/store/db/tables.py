"""The effective tables: each document's latest extraction with the analysts' decisions applied.

Same tables and columns as the extraction's (``lagebild.schemas``), plus ``fact_id`` and
``review_status`` on every fact table; rejected facts are left out.  Also the review
queue: unreviewed facts, the most consequential first.
"""

from __future__ import annotations

import io

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.json as pa_json
from sqlalchemy import Engine

from lagebild import schemas
from lagebild.store.db import records
from lagebild.store.db.applied import apply_decisions

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


def effective_rows(engine: Engine, fact_types: tuple[str, ...] | None = None,
                   with_documents: bool = True) -> tuple[dict[str, list[dict]], list[dict], list[dict]]:
    """(fact rows per table with fact_id/review_status/version, document rows, entities per document);
    ``fact_types`` limits the facts read, ``with_documents=False`` skips documents and entities."""
    with engine.connect() as conn:
        facts = records.current_facts(conn, fact_types=fact_types)
        logs = records.decisions(conn)
        docs = records.document_rows(conn) if with_documents else []
        entities = records.current_entities(conn) if with_documents else []
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


# A full read's order of a fact table, the same on every database (byte order, see ``records.by_doc_id``).
FACT_ORDER = [("doc_id", "ascending"), ("start", "ascending"), ("fact_id", "ascending")]


def _parsed(name: str, ids: list[str], texts: list[str], statuses: list[str]) -> pd.DataFrame:
    """Facts as JSON texts parsed in bulk by Arrow against the table's schema, with their ``fact_id`` and
    ``review_status``, in a full read's order (``FACT_ORDER``)."""
    parsed = pa_json.read_json(io.BytesIO("\n".join(texts).encode("utf-8", "surrogatepass")),
                               parse_options=pa_json.ParseOptions(explicit_schema=schemas.arrow_schema(name),
                                                                  unexpected_field_behavior="ignore"))
    parsed = parsed.append_column("fact_id", pa.array(ids, pa.string()))
    parsed = parsed.append_column("review_status", pa.array(statuses, pa.string()))
    return parsed.sort_by(FACT_ORDER).to_pandas()


def effective_frame(name: str, rows: list) -> pd.DataFrame:
    """An effective fact table from (fact_id, review status, effective row as JSON text) rows, e.g. the view
    index's (``view_rows.data``: decisions already applied): as ``fact_frame`` makes it of the same facts,
    validated."""
    if not rows:
        return _frame(name, [])
    df = _parsed(name, [r[0] for r in rows], [r[2] for r in rows], [r[1] for r in rows])
    return schemas.validate_effective(name, df.reset_index(drop=True))


def fact_frame(conn, name: str, logs: dict[str, list[dict]], doc_ids: list[str] | None = None,
               validate: bool = True) -> pd.DataFrame:
    """One effective fact table (of the documents ``doc_ids``, if given): the stored JSON facts parsed in
    bulk by Arrow against the table's schema (no Python object per value: a third of the time and memory
    of decoding each fact into a dict at 10,000 documents), the analysts' decisions (``logs``) applied to
    the few facts that have some, rejected facts left out; validated against ``schemas.EFFECTIVE`` (unless
    ``validate`` is False: the view index, which reads a few documents' facts per write)."""
    rows = records.current_fact_texts(conn, name, doc_ids)
    if not rows:
        return _frame(name, [])
    df = _parsed(name, [fid for fid, _ in rows], [text for _, text in rows], ["machine"] * len(rows))
    decided = [(i, fid) for i, (fid, _) in enumerate(rows) if fid in logs]
    if decided:
        fresh = []
        for i, fid in decided:
            row, status = apply_decisions(orjson.loads(rows[i][1]), logs[fid])
            if status != "rejected":
                fresh.append({**row, "fact_id": fid, "review_status": status})
        kept = df[~df["fact_id"].isin({fid for _, fid in decided})]
        new = pd.DataFrame(fresh).reindex(columns=df.columns) if fresh else df.iloc[:0]
        df = pd.concat([kept, new], ignore_index=True) if fresh else kept
        df = df.sort_values(["doc_id", "start", "fact_id"], kind="stable")
    df = df.reset_index(drop=True)
    return schemas.validate_effective(name, df) if validate else df


def effective_tables(engine: Engine) -> dict[str, pd.DataFrame]:
    """Every table as the pages show it, validated against ``schemas.EFFECTIVE``."""
    with engine.connect() as conn:
        logs = records.decisions(conn)
        out = {"documents": _frame("documents", records.document_rows(conn))}
        out.update({name: _frame(name, r) for name, r in _merge_entities(records.current_entities(conn)).items()})
        out.update({name: fact_frame(conn, name, logs) for name in schemas.FACT_TABLES})
    return {name: out[name] for name in schemas.TABLES}


def catalog_tables(conn) -> dict[str, pd.DataFrame]:
    """The documents (each ``text`` left out, as ""), actors and places exactly as ``effective_tables`` has
    them, without reading a fact: what the dashboard's frame lists and looks names up in."""
    out = {"documents": _frame("documents", [{**r, "text": ""} for r in records.document_rows(conn, with_text=False)])}
    out.update({name: _frame(name, r) for name, r in _merge_entities(records.current_entities(conn)).items()})
    return out


def patch_catalog_tables(conn, tables: dict[str, pd.DataFrame], before: int) -> dict[str, pd.DataFrame] | None:
    """``catalog_tables`` after documents were added to a store of ``before`` extractions, made from its
    ``tables`` by reading only the new documents (their rows and the entities they saw): a new document
    costs what it adds, not a read of every document's entities (4 s at 100,000 documents).  An actor's or
    place's attributes come from the gazetteer, the same in every document, so the new ones are appended
    (the catalog orders them itself).  None after a ``reextract``: then read everything."""
    counts = records.extraction_counts(conn)
    have = set(tables["documents"]["doc_id"])
    fresh = sorted(d for d in counts if d not in have)
    if not fresh or sum(counts.values()) - sum(counts[d] for d in fresh) != before:
        return None
    docs = _frame("documents", [{**r, "text": ""} for r in records.document_rows(conn, with_text=False, doc_ids=fresh)])
    out = {"documents": _insert_sorted(tables["documents"], docs)}
    for name, rows in _merge_entities(records.current_entities(conn, doc_ids=fresh)).items():
        known = set(tables[name]["id"])
        new = [r for r in rows if r["id"] not in known]
        out[name] = pd.concat([tables[name], _frame(name, new)], ignore_index=True) if new else tables[name]
    out["places"] = out["places"].sort_values("id", kind="stable", ignore_index=True)
    return out


def patch_effective(engine: Engine, tables: dict[str, pd.DataFrame],
                    after_decision_id: int | None, among: set[str] | None = None) -> dict[str, pd.DataFrame] | None:
    """The effective tables after the decisions logged since ``after_decision_id``, made from ``tables``
    (the effective tables as they stood then, with the same extractions): only the decided facts are
    read again, replaced in place (same order as a full read) or left out where rejected; every other
    table is the same object.  None where a decided fact is not in ``tables`` (a rejected fact accepted
    again): then read everything (``effective_tables``).  ``among``: only the facts of these documents
    (those ``tables`` hold; the caller reads newer documents with their decisions itself)."""
    with engine.connect() as conn:
        ids = records.decided_after(conn, after_decision_id)
        if not ids:
            return tables
        facts = records.current_facts(conn, fact_ids_=ids)
        logs = records.decisions(conn, fact_ids_=ids)
    fresh: dict[str, list[dict]] = {}
    decided: dict[str, set[str]] = {}
    for fid, doc, table, data in facts:
        if among is not None and doc not in among:
            continue
        decided.setdefault(table, set()).add(fid)
        row, status = apply_decisions(data, logs.get(fid, []))
        if status != "rejected":
            fresh.setdefault(table, []).append({**row, "fact_id": fid, "review_status": status})
    out = dict(tables)
    for table, fids in decided.items():
        df = tables[table]
        hit = df["fact_id"].isin(fids).to_numpy()
        position = pd.Series(np.flatnonzero(hit), index=df["fact_id"].to_numpy()[hit])
        rows = fresh.get(table, [])
        if any(r["fact_id"] not in position.index for r in rows):
            return None
        new = _frame(table, rows) if rows else df.iloc[:0]
        # Each fact back where it was (a full read's order), the rejected ones left out.
        order = np.concatenate([np.flatnonzero(~hit), position.loc[new["fact_id"]].to_numpy()]) if rows else np.flatnonzero(~hit)
        merged = pd.concat([df[~hit], new], ignore_index=True) if rows else df[~hit]
        out[table] = merged.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    return out


def _insert_sorted(df: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """``new``'s rows (whole documents, in document order) placed among ``df``'s (in document order, as a
    full read orders them: by doc_id byte by byte, see ``records.by_doc_id``): each new document's rows go
    where its doc_id sorts.  Cost: the concatenation, not a sort of the whole table."""
    if len(new) == 0:
        return df
    if len(df) == 0:
        return new.reset_index(drop=True)
    have = df["doc_id"].to_numpy(dtype=object)
    at = np.searchsorted(have, new["doc_id"].to_numpy(dtype=object), side="right")
    pieces, start = [], 0
    for cut in np.unique(at):
        pieces.append(df.iloc[start:cut])
        pieces.append(new[at == cut])
        start = cut
    pieces.append(df.iloc[start:])
    return pd.concat([p for p in pieces if len(p)], ignore_index=True)


def patch_new_documents(engine: Engine, tables: dict[str, pd.DataFrame], before: tuple,
                        now: tuple) -> dict[str, pd.DataFrame] | None:
    """The effective tables after the documents added since revision ``before`` (``records.revision``),
    made from ``tables`` (the effective tables as they stood then) by reading only the new documents'
    rows, their facts and decisions, and the decisions logged since on facts already there; actors and
    places are merged again from every document's entities (small).  None where a document already in
    ``tables`` was extracted again meanwhile (a ``reextract``): then read everything."""
    with engine.connect() as conn:
        counts = records.extraction_counts(conn)
        have = set(tables["documents"]["doc_id"])
        fresh = sorted(d for d in counts if d not in have)
        if not fresh or sum(counts.values()) - sum(counts[d] for d in fresh) != before[0]:
            return None
        # Decisions on the new documents' facts: only where any decision was taken since.
        logs = records.decisions(conn, doc_ids=fresh) if now[2] != before[2] else {}
        new = {name: fact_frame(conn, name, logs, doc_ids=fresh) for name in schemas.FACT_TABLES}
        docs = records.document_rows(conn, doc_ids=fresh)
        entities = records.current_entities(conn)
    out = tables
    if now[2] != before[2]:  # decisions on facts already shown
        out = patch_effective(engine, tables, before[2], among=set(tables["documents"]["doc_id"]))
        if out is None:
            return None
    out = dict(out)
    out["documents"] = _insert_sorted(out["documents"], _frame("documents", docs))
    out.update({name: _frame(name, r) for name, r in _merge_entities(entities).items()})
    for name in schemas.FACT_TABLES:
        out[name] = _insert_sorted(out[name], new[name])
    return {name: out[name] for name in schemas.TABLES}


def review_queue(engine: Engine, limit: int | None = None, tables: tuple[str, ...] = ("troop_figures", "events")) -> list[dict]:
    """Facts no analyst has decided on, troop figures first, then events, each by date (undated last)."""
    rows, _docs, _ = effective_rows(engine, fact_types=tuple(tables), with_documents=False)
    queue = []
    for rank, table in enumerate(t for t in QUEUE_ORDER if t in tables):
        pending = [r for r in rows.get(table, []) if r["version"] == 0]
        pending.sort(key=lambda r: (r.get("date") is None, r.get("date") or "", r["doc_id"], r["start"]))
        queue += [{"table": table, **r} for r in pending]
    return queue[:limit] if limit else queue


def patch_queue(engine: Engine, queue: list[dict], after_decision_id: int | None) -> list[dict]:
    """The review queue after the decisions logged since ``after_decision_id``, from the queue as it stood
    then (same extractions): a decided fact leaves it, and nothing else changes."""
    with engine.connect() as conn:
        decided = set(records.decided_after(conn, after_decision_id))
    return [r for r in queue if r["fact_id"] not in decided] if decided else queue
