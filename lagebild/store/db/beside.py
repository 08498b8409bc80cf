"""The facts a page needs beside those it draws, asked for narrowly: a page that reads the filtered events to
find one actor's, or every event and date of the store to place and date the troop figures, read 1.6 million
events at 100,000 documents for a few thousand it used (issue #20).

* ``party_role_groups`` — some actors' events (listed, source or target) counted as an actor card counts them,
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
from sqlalchemy import and_, case, func, literal, select, true

from lagebild.store.db import records
from lagebild.store.db.queries import A, F, R, Where, _all, _in_sentences, fact_frame
from lagebild.store.db.viewindex import PARTY


def party_role_groups(conn, where: Where, actor_ids) -> dict[str, dict]:
    """Per actor of ``actor_ids``: the filtered events it takes part in (listed, source or target), counted per
    side (``by``: it is the source; ``at``: the target and not the source; ``named``: neither) and per (type,
    other party), with each group's first position in table order: what an actor card says of them
    (``lagebild.dashboard.roles.card_from_groups``), in a few hundred rows however many events (the largest
    actors take part in most), for the cards shown in one pass over their events."""
    ids = list(actor_ids)
    x, tg, p = F.alias(), A.alias(), A.alias()
    party = select(p.c.fact_id, p.c.actor_id).where(p.c.actor_id.in_(ids), p.c.role.in_(PARTY)).distinct().subquery()
    me = party.c.actor_id
    side = case((x.c.source == me, "by"), (tg.c.actor_id == me, "at"), else_="named")
    other = case((x.c.source == me, tg.c.actor_id), (tg.c.actor_id == me, x.c.source), else_=None)
    rows = (select(me.label("actor"), side.label("side"), x.c.kind.label("type"), other.label("other"),
                   func.row_number().over(partition_by=me, order_by=_table_order(conn, x)).label("pos"))
            .select_from(x.join(party, party.c.fact_id == x.c.fact_id)
                         .outerjoin(tg, and_(tg.c.fact_id == x.c.fact_id, tg.c.role == "target")))
            .where(where.fact("events")(x)).subquery())
    q = (select(rows.c.actor, rows.c.side, rows.c.type, rows.c.other, func.count(), func.min(rows.c.pos))
         .group_by(rows.c.actor, rows.c.side, rows.c.type, rows.c.other))
    out = {a: {"by": [], "at": [], "named": []} for a in ids}
    for actor, s_, etype, pid, n, first in conn.execute(q):
        out[actor][s_].append((etype, pid or None, int(n), int(first)))
    return out


def latest_statements(conn, where: Where, actor_ids, types, n: int) -> pd.DataFrame:
    """The ``n`` latest filtered events each of ``actor_ids`` is the source of, of one of ``types``: by their
    own date (text order: "2024-11" after "2024-10-31"; undated last), then table order (``latest_first``)."""
    x, a = F.alias(), A.alias()
    date = func.coalesce(R.c.data["date"].as_string(), literal(""))
    rank = func.row_number().over(partition_by=a.c.actor_id,
                                  order_by=(records.by_doc_id(conn, date).desc(), *_table_order(conn, x)))
    ranked = (select(x.c.fact_id, rank.label("n")).join(R, R.c.fact_id == x.c.fact_id)
              .join(a, and_(a.c.fact_id == x.c.fact_id, a.c.role == "source", a.c.actor_id.in_(list(actor_ids))))
              .where(where.fact("events")(x), x.c.kind.in_(list(types))).subquery())
    return fact_frame(conn, where, "events", lambda y: y.c.fact_id.in_(select(ranked.c.fact_id).where(ranked.c.n <= n)))


def _table_order(conn, x) -> list:
    """A full read's order (``tables.FACT_ORDER``) of ``view_facts`` rows."""
    return [records.by_doc_id(conn, x.c.doc_id), x.c.span_start, records.by_doc_id(conn, x.c.fact_id)]


def placing_events(conn, where: Where, types) -> pd.DataFrame:
    """Every event (unfiltered: a figure is placed by its document, whatever the filters keep of it) of one of
    ``types`` with a place, in a document holding a filtered deployed troop figure without a place."""
    y = F.alias()
    docs = select(y.c.doc_id).where(where.fact("troop_figures")(y), y.c.kind == "deployed", y.c.place.is_(None))
    return fact_frame(conn, None, "events", lambda x: x.c.kind.in_(list(types)),
                      lambda x: x.c.place.is_not(None), lambda x: x.c.doc_id.in_(docs.distinct()))


def sentence_dates(conn, where: Where, of: str) -> pd.DataFrame:
    """Every date (unfiltered) written in the sentence of a filtered ``of`` fact whose own date the text gives
    (the index's ``in_text``: the pandas rule is true only where such a date is there to match)."""
    dated = _all(where.fact(of), lambda x: x.c.in_text == true())
    return fact_frame(conn, None, "dates", _in_sentences(f"{of}_dated_sentences", dated))
