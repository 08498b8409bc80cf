"""The view index: what the pages filter and count by, kept per effective fact, so the database answers a view.

Reading every fact of a year of reporting into memory to filter and count it cost minutes and gigabytes
(issue #20).  The rules a filter needs — a fact's effective date (``lagebild.dating``), who takes part in an
event, who makes or relays a troop figure's claim (``lagebild.claims.actors``) — depend on the fact's own
document only, so they are worked out when that document changes and stored beside the fact:

* ``view_facts`` — one row per effective fact (rejected facts left out): table, document, sentence, span
  start, its kind (event type, figure kind, mention entity kind, date precision), the place it refers to,
  review status, effective date interval ``lo``/``hi`` (ISO days) and whether the text gives it, its
  midpoint ``mid`` (to the hour: the order "latest first" sorts by) and that midpoint's month (what the
  charts count by), an event's source actor (the bars' colour), the effective row itself (decisions applied) as JSON, so a page can fetch just the
  rows it draws (in ``view_rows``, apart, so the counts scan narrow rows), and for a troop figure its claim
  as the claims rules read it (``view_rows.claim``: claimant, basis, relay, subject), so claims can be
  grouped without the texts.
* ``view_actors`` — one row per (fact, actor, role): ``listed``, ``source``, ``target`` (an event's
  ``actors`` cell, source and target: ``PARTY``, who takes part), ``subject`` (a figure's subject actor),
  ``claimant`` (a figure's claim made or relayed by), ``mention`` (an actor mention).

``refresh(conn, doc_ids)`` rewrites the documents' rows from their effective facts with the same pandas
rules the pages use, in the caller's transaction: ingest (a new document), a review decision (its fact's
document) and reextract (each document) call it where they write, so the index never lags the facts.
Migration 0007 fills it for an existing store.
"""

from __future__ import annotations

import datetime as dt

import orjson
import pandas as pd
from sqlalchemy import Connection, delete, insert, select

from lagebild import schemas
from lagebild.claims import rules as claim_rules
from lagebild.claims.actors import claim_actors_of, split_ids
from lagebild.claims.claimants import figure_claimants
from lagebild.dating import date_interval
from lagebild.store.db import models as m
from lagebild.store.db import records
from lagebild.store.db.applied import apply_decisions

# What each fact table's ``kind`` and ``place`` columns hold.
KIND_COLUMN = {"events": "type", "troop_figures": "kind", "mentions": "entity_kind", "dates": "precision"}
PLACE_COLUMN = {"events": "place", "troop_figures": "location"}
PARTY = ("listed", "source", "target")  # the roles of an event's participants


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _span(value, precision) -> tuple[str | None, str | None, str | None, str | None]:
    """(lo, hi, midpoint to the hour, month of the midpoint) of a date at its precision, as ISO strings;
    Nones when undated.
    (``lagebild.dating.date_interval``, the rule ``interval_columns`` vectorises: the same days.)"""
    iv = date_interval(value if isinstance(value, str) and value else None,
                       precision if isinstance(precision, str) else None)
    if iv is None:
        return None, None, None, None
    lo, hi = iv
    mid = dt.datetime.combine(lo, dt.time()) + (hi - lo) / 2
    return lo.isoformat(), hi.isoformat(), mid.strftime("%Y-%m-%dT%H"), mid.strftime("%Y-%m")


def _participants(row: dict) -> list[tuple[str, str]]:
    """(actor, role) of an event: each actor of its ``actors`` cell (``listed``), its ``source`` and ``target``
    (together: ``lagebild.claims.actors.event_participants``)."""
    listed = [(a.strip(), "listed") for a in _text(row.get("actors")).split(";")]
    return [(a, r) for a, r in dict.fromkeys([*listed, (_text(row.get("source")), "source"),
                                              (_text(row.get("target")), "target")]) if a]


def index_rows(documents: list[dict], facts: dict[str, list[dict]]) -> tuple[list[dict], list[dict]]:
    """The ``view_facts`` and ``view_actors`` rows of some documents, from their effective facts (``facts``:
    rows per fact table, decisions applied, each with ``fact_id`` and ``review_status``).

    Plain Python per row: a document is indexed in the transaction that stores it, and pandas' fixed cost
    per call (30–40 ms a document for the frame-based rules) would have made ingest a quarter as fast.
    ``tests/db/test_viewindex.py`` holds these rows to the pandas rules the pages filter by."""
    docs = {d["doc_id"]: d for d in documents}
    written = {(d["doc_id"], int(d["sentence"]), _text(d.get("date"))) for d in facts["dates"] if _text(d.get("date"))}
    out_facts: list[dict] = []
    out_actors: list[dict] = []
    for name in schemas.FACT_TABLES:
        for row in facts[name]:
            doc, sentence = row["doc_id"], int(row["sentence"])
            in_text = lo = hi = mid = month = None
            if name in ("events", "troop_figures"):
                own = _text(row.get("date"))
                in_text = bool(own) and (doc, sentence, own) in written
                if in_text:
                    lo, hi, mid, month = _span(own, row.get("date_precision"))
                else:
                    lo, hi, mid, month = _span((docs.get(doc) or {}).get("published"), "day")
            elif name == "dates":
                lo, hi, mid, month = _span(row.get("date"), row.get("precision"))
                in_text = lo is not None
            kind = row.get(KIND_COLUMN[name])
            place = row.get(PLACE_COLUMN[name]) if name in PLACE_COLUMN else \
                (row.get("entity_id") if name == "mentions" and kind == "place" else None)
            data = {k: v for k, v in row.items() if k not in ("fact_id", "review_status", "version")}
            out_facts.append(dict(fact_id=row["fact_id"], doc_id=doc, fact_table=name, sentence=sentence,
                                  span_start=int(row["start"]), kind=kind, place=place or None,
                                  status=row["review_status"], in_text=in_text, lo=lo, hi=hi, mid=mid, month=month,
                                  source=(row.get("source") or None) if name == "events" else None,
                                  data=data, claim=None))
            if name == "events":
                out_actors += [dict(fact_id=row["fact_id"], doc_id=doc, actor_id=a, role=r)
                               for a, r in _participants(row)]
            elif name == "troop_figures" and _text(row.get("subject_actor")):
                out_actors.append(dict(fact_id=row["fact_id"], doc_id=doc, actor_id=row["subject_actor"],
                                       role="subject"))
            elif name == "mentions" and kind == "actor" and _text(row.get("entity_id")):
                out_actors.append(dict(fact_id=row["fact_id"], doc_id=doc, actor_id=row["entity_id"], role="mention"))
    out_actors += _claimants(documents, facts, out_facts)
    return out_facts, out_actors


def _claimants(documents: list[dict], facts: dict[str, list[dict]], fact_rows: list[dict]) -> list[dict]:
    """The ``claimant`` rows: who makes or relays each troop figure's claim, by the claims rules themselves
    (``figure_claimants``; only documents with figures pay for the frames it needs); each figure's reading
    (claimant, basis, relay, subject) is kept in its ``claim`` column, for claims grouped without the texts."""
    figures = facts["troop_figures"]
    if not figures:
        return []
    fig = pd.DataFrame(figures)
    men = pd.DataFrame(facts["mentions"], columns=["doc_id", "sentence", "start", "end", "entity_kind", "entity_id"]) \
        if not facts["mentions"] else pd.DataFrame(facts["mentions"])
    with_figures = set(fig["doc_id"])
    docs = pd.DataFrame([d for d in documents if d["doc_id"] in with_figures])
    reading = figure_claimants(fig, docs, men, claim_rules.load())
    claims = {fid: {k: (v if isinstance(v, str) else None) for k, v in r.items()}
              for fid, r in zip(fig["fact_id"], reading.to_dict("records"))}
    for row in fact_rows:
        if row["fact_table"] == "troop_figures":
            row["claim"] = claims[row["fact_id"]]
    out = []
    for fid, doc, who in zip(fig["fact_id"], fig["doc_id"], claim_actors_of(reading)):
        out += [dict(fact_id=fid, doc_id=doc, actor_id=a, role="claimant") for a in dict.fromkeys(split_ids(who))]
    return out


def effective_facts(conn: Connection, doc_ids: list[str]) -> dict[str, list[dict]]:
    """The documents' current facts per table with the analysts' decisions applied (rejected ones left out),
    each with ``fact_id`` and ``review_status``: what ``tables.fact_frame`` makes frames of, as rows."""
    logs = records.decisions(conn, doc_ids=doc_ids)
    out: dict[str, list[dict]] = {}
    for name in schemas.FACT_TABLES:
        rows = []
        for fid, text in records.current_fact_texts(conn, name, doc_ids):
            data = orjson.loads(text)
            if fid in logs:
                data, status = apply_decisions(data, logs[fid])
                if status == "rejected":
                    continue
            else:
                status = "machine"
            rows.append({**data, "fact_id": fid, "review_status": status})
        out[name] = rows
    return out


def refresh(conn: Connection, doc_ids: list[str]) -> int:
    """Rewrite the view index of the documents ``doc_ids`` from their current effective facts, in the
    caller's transaction; returns the number of facts indexed."""
    doc_ids = list(dict.fromkeys(doc_ids))
    if not doc_ids:
        return 0
    for table in (m.view_actors, m.view_rows, m.view_facts):
        conn.execute(delete(table).where(table.c.doc_id.in_(doc_ids)))
    documents = records.document_rows(conn, doc_ids=doc_ids)
    if not documents:
        return 0
    rows, actors = index_rows(documents, effective_facts(conn, doc_ids))
    if rows:
        conn.execute(insert(m.view_facts), [{k: v for k, v in r.items() if k not in ("data", "claim")} for r in rows])
        conn.execute(insert(m.view_rows), [dict(fact_id=r["fact_id"], doc_id=r["doc_id"], data=r["data"], claim=r["claim"])
                                           for r in rows])
    if actors:
        conn.execute(insert(m.view_actors), actors)
    return len(rows)


def refresh_all(conn: Connection, batch: int = 500, progress=None) -> int:
    """Rebuild the whole index, ``batch`` documents at a time (bounded memory at any store size)."""
    for table in (m.view_actors, m.view_rows, m.view_facts):
        conn.execute(delete(table))
    ids = [r[0] for r in conn.execute(select(m.documents.c.doc_id).order_by(m.documents.c.doc_id))]
    n = 0
    for i in range(0, len(ids), batch):
        n += refresh(conn, ids[i:i + batch])
        if progress is not None:
            progress(min(i + batch, len(ids)), len(ids))
    return n


__all__ = ["index_rows", "refresh", "refresh_all", "KIND_COLUMN", "PLACE_COLUMN"]
