"""The facts a page needs beside those it draws, asked for narrowly: a page that reads the filtered events to
find one actor's, or every event and date of the store to place and date the troop figures, read 1.6 million
events at 100,000 documents for a few thousand it used (issue #20).

* ``party_roles`` — the three columns of one actor's events (listed, source or target) an actor card counts,
  and ``latest_statements`` the statements it quotes;
* ``placing_events`` — the placed deployment events of the documents whose deployed figures have no place of
  their own (where the Map places such a figure: ``lagebild.dashboard.geo.claims.locate_figures``);
* ``sentence_dates`` — the dates written in the sentences of some filtered facts (what tells whether a fact's
  own date is the text's: ``lagebild.dating.dated_in_text`` matches a fact's date in its own sentence only).

Each returns a frame as ``queries.fact_frame`` has it (table order), holding at least every row the pandas rule
would look at: ``tests/db/test_beside.py`` and ``test_actorstats_store.py`` hold the pages' results to the full
tables'.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, literal, select, true

from lagebild.store.db import records
from lagebild.store.db.queries import A, F, R, Where, _all, _has_actor, _in_sentences, fact_frame
from lagebild.store.db.viewindex import PARTY


def party_roles(conn, where: Where, actor_id: str) -> pd.DataFrame:
    """``type``, ``source`` and ``target`` of the filtered events ``actor_id`` takes part in, in table order,
    from the view index (no row is parsed): an actor card counts its events by type and role, and the
    largest actors take part in most events."""
    x, t = F.alias(), A.alias()
    target = select(func.min(t.c.actor_id)).where(t.c.fact_id == x.c.fact_id, t.c.role == "target").scalar_subquery()
    q = (select(x.c.kind, x.c.source, target).where(where.fact("events")(x), _has_actor([actor_id], PARTY)(x))
         .order_by(*_table_order(conn, x)))
    rows = conn.execute(q).all()
    return pd.DataFrame({"type": [r[0] for r in rows], "source": [r[1] for r in rows], "target": [r[2] for r in rows]},
                        dtype=object)


def latest_statements(conn, where: Where, actor_id: str, types, n: int) -> pd.DataFrame:
    """The ``n`` latest filtered events ``actor_id`` is the source of, of one of ``types``: by their own
    date (text order: "2024-11" after "2024-10-31"; undated last), then table order (``latest_first``)."""
    x = F.alias()
    date = func.coalesce(R.c.data["date"].as_string(), literal(""))
    ids = (select(x.c.fact_id).join(R, R.c.fact_id == x.c.fact_id)
           .where(where.fact("events")(x), x.c.kind.in_(list(types)), _has_actor([actor_id], ("source",))(x))
           .order_by(records.by_doc_id(conn, date).desc(), *_table_order(conn, x)).limit(n))
    return fact_frame(conn, where, "events", lambda y: y.c.fact_id.in_(ids))


def _table_order(conn, x) -> list:
    """A full read's order (``tables.FACT_ORDER``) of ``view_facts`` rows."""
    return [records.by_doc_id(conn, x.c.doc_id), x.c.span_start, records.by_doc_id(conn, x.c.fact_id)]


def placing_events(conn, where: Where, types) -> object:
    """Every event (unfiltered: a figure is placed by its document, whatever the filters keep of it) of one of
    ``types`` with a place, in a document holding a filtered deployed troop figure without a place."""
    y = F.alias()
    docs = select(y.c.doc_id).where(where.fact("troop_figures")(y), y.c.kind == "deployed", y.c.place.is_(None))
    return fact_frame(conn, None, "events", lambda x: x.c.kind.in_(list(types)),
                      lambda x: x.c.place.is_not(None), lambda x: x.c.doc_id.in_(docs.distinct()))


def sentence_dates(conn, where: Where, of: str):
    """Every date (unfiltered) written in the sentence of a filtered ``of`` fact whose own date the text gives
    (the index's ``in_text``: the pandas rule is true only where such a date is there to match)."""
    dated = _all(where.fact(of), lambda x: x.c.in_text == true())
    return fact_frame(conn, None, "dates", _in_sentences(f"{of}_dated_sentences", dated))
