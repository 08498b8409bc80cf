"""Writing and reading the store's rows: documents, runs, extractions, facts, decisions.

Every write that belongs to one document (the document, its extraction, its facts)
happens in one transaction the caller opens (``with engine.begin() as conn``), so a
killed process leaves either the whole document or nothing of it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, Text, cast, func, insert, select, update

from lagebild.store.db import models as m
from lagebild.store.db.anchors import fact_ids

FACT_TABLES = ("mentions", "dates", "troop_figures", "events")
ENTITY_TABLES = ("actors", "places")
DOCUMENT_FIELDS = ("doc_id", "title", "language", "published", "precision", "source", "url", "length", "text", "wire")


def by_doc_id(conn: Connection, column):
    """``column`` ordered byte by byte, as Python compares strings, on every database: PostgreSQL's
    default collation orders by language rules ("doc-b" before "doc_a" or after, by locale), so rows
    read in a full read and rows placed into cached tables by Python (``tables.patch_new_documents``)
    would stand in different orders."""
    return column.collate("C") if conn.dialect.name == "postgresql" else column


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def known_documents(conn: Connection, doc_id: str, content_hash: str) -> tuple[str | None, bool]:
    """(the doc_id already holding this text or None, whether ``doc_id`` is taken), in one query."""
    d = m.documents.c
    rows = conn.execute(select(d.doc_id, d.content_hash).where((d.content_hash == content_hash) | (d.doc_id == doc_id))).all()
    return next((r.doc_id for r in rows if r.content_hash == content_hash), None), any(r.doc_id == doc_id for r in rows)


def insert_document(conn: Connection, row: dict, content_hash: str, wire: str) -> None:
    """One document row; ``wire``: the wire credit its text carries ("" for none)."""
    values = {**{k: row[k] for k in DOCUMENT_FIELDS if k != "wire"}, "wire": wire}
    # Parameters apart from the statement: one compiled statement, reused for every document.
    conn.execute(insert(m.documents), [{**values, "content_hash": content_hash, "added_at": now()}])


def start_run(engine: Engine, kind: str, engine_version: str, rules_hash: str) -> int:
    with engine.begin() as conn:
        return conn.execute(insert(m.runs).values(
            kind=kind, engine_version=engine_version, rules_hash=rules_hash, started_at=now(),
        ).returning(m.runs.c.run_id)).scalar_one()


def finish_run(engine: Engine, run_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(update(m.runs).where(m.runs.c.run_id == run_id).values(finished_at=now()))


def write_extraction(conn: Connection, run_id: int, doc_id: str, records: dict[str, list[dict]]) -> int:
    """The facts of one document from one run (and which actors and places it saw); returns their number."""
    rows = []
    for table in FACT_TABLES:
        for fid, r in zip(fact_ids(table, records[table]), records[table]):
            rows.append(dict(run_id=run_id, fact_id=fid, doc_id=doc_id, fact_type=table,
                             span_start=r["start"], span_end=r["end"], data=r))
    if rows:
        # An executemany: sqlite3 runs it in C; on PostgreSQL the engine batches it into multi-row
        # INSERTs (see ``connect.make_engine``).
        conn.execute(insert(m.facts), rows)
    conn.execute(insert(m.extractions), [dict(doc_id=doc_id, run_id=run_id, n_facts=len(rows),
                                             entities={t: records[t] for t in ENTITY_TABLES})])
    return len(rows)


def current_runs(doc_ids: list[str] | None = None, latest: bool = True):
    """Each document's latest (or first) extraction (doc_id, run_id), as a subquery; of the documents
    ``doc_ids`` only, if given (a chunk of an export or the new documents: not a grouping of every
    extraction of the store for each)."""
    x = m.extractions
    run = func.max(x.c.run_id) if latest else func.min(x.c.run_id)
    q = select(x.c.doc_id, run.label("run_id"))
    if doc_ids is not None:
        q = q.where(x.c.doc_id.in_(doc_ids))
    return q.group_by(x.c.doc_id).subquery("cur" if latest else "first")


def current_rule_versions(conn: Connection) -> set[tuple[str, str]]:
    """(engine version, rules hash) of the runs the documents' current extractions come from."""
    cur = current_runs()
    q = select(m.runs.c.engine_version, m.runs.c.rules_hash).join(cur, cur.c.run_id == m.runs.c.run_id).distinct()
    return {(r.engine_version, r.rules_hash) for r in conn.execute(q)}


def current_facts(conn: Connection, fact_id: str | None = None, fact_types: tuple[str, ...] | None = None,
                  fact_ids_: list[str] | None = None) -> list:
    """(fact_id, doc_id, fact_type, data) of the current facts (of one fact, of ``fact_ids_`` or of some
    tables, if given), in document order."""
    f, cur = m.facts, current_runs()
    q = (select(f.c.fact_id, f.c.doc_id, f.c.fact_type, f.c.data)
         .join(cur, (f.c.doc_id == cur.c.doc_id) & (f.c.run_id == cur.c.run_id)))
    if fact_id is not None:
        q = q.where(f.c.fact_id == fact_id)
    if fact_types is not None:
        q = q.where(f.c.fact_type.in_(fact_types))
    if fact_ids_ is not None:
        q = q.where(f.c.fact_id.in_(fact_ids_))
    return conn.execute(q.order_by(by_doc_id(conn, f.c.doc_id), f.c.span_start, f.c.fact_id)).all()


def current_fact_texts(conn: Connection, fact_type: str, doc_ids: list[str] | None = None) -> list:
    """(fact_id, data as JSON text) of one table's current facts (of the documents ``doc_ids``, if given),
    in no particular order: for a bulk parse (``tables``), which orders them itself (sorting here made
    PostgreSQL spill the whole table to disk)."""
    f, cur = m.facts, current_runs(doc_ids)
    q = (select(f.c.fact_id, cast(f.c.data, Text))
         .join(cur, (f.c.doc_id == cur.c.doc_id) & (f.c.run_id == cur.c.run_id)).where(f.c.fact_type == fact_type))
    if doc_ids is not None:
        q = q.where(f.c.doc_id.in_(doc_ids))
    return conn.execute(q).all()


def current_entities(conn: Connection, doc_ids: list[str] | None = None) -> list[dict]:
    """The actors and places each document's current extraction saw (of ``doc_ids``, if given), in document order."""
    x, cur = m.extractions, current_runs(doc_ids)
    q = (select(x.c.entities).join(cur, (x.c.doc_id == cur.c.doc_id) & (x.c.run_id == cur.c.run_id))
         .order_by(by_doc_id(conn, x.c.doc_id)))
    return list(conn.execute(q).scalars())


def run_document_count(conn: Connection, run_id: int) -> int:
    """How many documents a run has written (each in one transaction: complete)."""
    return conn.execute(select(func.count()).select_from(m.extractions)
                        .where(m.extractions.c.run_id == run_id)).scalar_one()


def document_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(m.documents)).scalar_one()


SEED_RUN = "seed"  # the run that fills an empty store from seeds/ on the app's first start


# The most ids one ``IN (…)`` list carries: PostgreSQL takes at most 65,535 parameters a statement (the
# Overview asks for the documents of 100,000 figures at a year of reporting), and long lists cost more to
# send than reading every row does.
IN_CHUNK = 10_000


# Past this many documents, reading every document row beats sending their ids: 10,000 ids took 0.5 s to
# send (the driver writes one parameter each), all 10,000 documents 0.15 s to read (no texts).
DOCUMENT_LIST = 1_000


def document_rows(conn: Connection, with_text: bool = True, doc_ids: list[str] | None = None) -> list[dict]:
    """The documents (of ``doc_ids``, if given), each with ``ingested_at``: when it was added (ISO, UTC),
    or None for a document the first-start seeding added (the seeds are past reporting: they arrive at
    their publication date)."""
    if doc_ids is not None and len(doc_ids) > DOCUMENT_LIST:  # every document, the wanted ones kept (same order)
        wanted = set(doc_ids)
        return [r for r in document_rows(conn, with_text) if r["doc_id"] in wanted]
    cols = [m.documents.c[k] for k in DOCUMENT_FIELDS if with_text or k != "text"]
    first = current_runs(doc_ids, latest=False)
    q = (select(*cols, m.documents.c.added_at, m.runs.c.kind)
         .join(first, first.c.doc_id == m.documents.c.doc_id, isouter=True)
         .join(m.runs, m.runs.c.run_id == first.c.run_id, isouter=True)
         .order_by(by_doc_id(conn, m.documents.c.doc_id)))
    if doc_ids is not None:
        q = q.where(m.documents.c.doc_id.in_(doc_ids))
    out = []
    for r in conn.execute(q):
        row = dict(r._mapping)
        added, kind = row.pop("added_at"), row.pop("kind")
        row["ingested_at"] = None if kind == SEED_RUN or added is None else _utc_iso(added)
        out.append(row)
    return out


def _utc_iso(when: dt.datetime) -> str:
    # SQLite hands back naive datetimes (stored in UTC by ``now()``)
    return (when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat()


def current_fact_ids(conn: Connection, fact_ids_: list[str]) -> set[str]:
    """Which of ``fact_ids_`` the latest extraction of their document still finds."""
    if not fact_ids_:
        return set()
    f, cur = m.facts, current_runs()
    q = (select(f.c.fact_id).join(cur, (f.c.doc_id == cur.c.doc_id) & (f.c.run_id == cur.c.run_id))
         .where(f.c.fact_id.in_(fact_ids_)))
    return set(conn.execute(q).scalars())


def decisions(conn: Connection, fact_id: str | None = None, fact_ids_: list[str] | None = None,
              doc_ids: list[str] | None = None) -> dict[str, list[dict]]:
    """The decision log per fact, in order (seq): of every fact, of one, of ``fact_ids_`` or of the facts
    of the documents ``doc_ids``."""
    d = m.decisions
    q = select(d.c.fact_id, d.c.doc_id, d.c.seq, d.c.action, d.c.changes, d.c.reviewer, d.c.reason, d.c.decided_at,
               d.c.decision_id)
    if fact_id is not None:
        q = q.where(d.c.fact_id == fact_id)
    if fact_ids_ is not None:
        q = q.where(d.c.fact_id.in_(fact_ids_))
    if doc_ids is not None:
        q = q.where(d.c.doc_id.in_(doc_ids))
    out: dict[str, list[dict]] = {}
    for r in conn.execute(q.order_by(d.c.fact_id, d.c.seq)):
        out.setdefault(r.fact_id, []).append(dict(r._mapping))
    return out


def decided_after(conn: Connection, decision_id: int | None) -> list[str]:
    """The facts with a decision logged after the decision ``decision_id`` (None: after none, so every decided fact)."""
    d = m.decisions
    q = select(d.c.fact_id).distinct()
    if decision_id is not None:
        q = q.where(d.c.decision_id > decision_id)
    return list(conn.execute(q).scalars())


def decided_since(conn: Connection, after: dt.datetime) -> list[str]:
    """The facts with a decision made after ``after``."""
    d = m.decisions
    return list(conn.execute(select(d.c.fact_id).where(d.c.decided_at > after).distinct()).scalars())


def append_decision(conn: Connection, fact_id: str, doc_id: str, seq: int, action: str, changes: dict | None,
                    reviewer: str, reason: str | None) -> dict:
    """Log one decision; returns it as ``decisions`` reads it back."""
    row = dict(fact_id=fact_id, doc_id=doc_id, seq=seq, action=action, changes=changes, reviewer=reviewer,
               reason=reason, decided_at=now())
    decision_id = conn.execute(insert(m.decisions).values(**row).returning(m.decisions.c.decision_id)).scalar_one()
    return {**row, "decision_id": decision_id}


def last_known_facts(conn: Connection, fact_ids_: list[str]) -> dict[str, tuple[str, dict]]:
    """The latest stored version (fact_type, data) of facts no longer current (for orphan listings)."""
    if not fact_ids_:
        return {}
    f = m.facts
    q = select(f.c.fact_id, f.c.fact_type, f.c.data).where(f.c.fact_id.in_(fact_ids_)).order_by(f.c.run_id)
    return {r.fact_id: (r.fact_type, r.data) for r in conn.execute(q)}


def set_wire(conn: Connection, doc_id: str, wire: str) -> None:
    conn.execute(update(m.documents).where(m.documents.c.doc_id == doc_id).values(wire=wire))


def extraction_counts(conn: Connection) -> dict[str, int]:
    """How many extractions each document has (one per run that extracted it)."""
    x = m.extractions
    return dict(conn.execute(select(x.c.doc_id, func.count()).group_by(x.c.doc_id)).all())


def revision(engine: Engine) -> tuple:
    """Changes whenever what the pages show can change (a run, an extraction, a decision): a cache key."""
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(m.extractions)).scalar(),
            conn.execute(select(func.max(m.runs.c.run_id))).scalar(),
            conn.execute(select(func.max(m.decisions.c.decision_id))).scalar(),
        )
