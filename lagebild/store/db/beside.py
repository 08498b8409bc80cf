"""The facts a page needs beside those it draws, asked for narrowly: a page that reads the filtered events to
find one actor's, or every event and date of the store to place and date the troop figures, read 1.6 million
events at 100,000 documents for a few thousand it used (issue #20).

* ``party_events`` — one actor card's events;
* ``placing_events`` — the placed deployment events of the documents whose deployed figures have no place of
  their own (where the Map places such a figure: ``lagebild.dashboard.geo.claims.locate_figures``);
* ``sentence_dates`` — the dates written in the sentences of some filtered facts (what tells whether a fact's
  own date is the text's: ``lagebild.dating.dated_in_text`` matches a fact's date in its own sentence only).

Each returns a frame of the fact table as ``queries.fact_frame`` has it (table order), holding at least every
row the pandas rule would look at: ``tests/db/test_beside.py`` holds the pages' results to the full tables'.
"""

from __future__ import annotations

from sqlalchemy import select, true

from lagebild.store.db.queries import F, Where, _all, _has_actor, _in_sentences, fact_frame
from lagebild.store.db.viewindex import PARTY


def party_events(conn, where: Where, actor_id: str):
    """The filtered events ``actor_id`` takes part in (listed, source or target; ``event_participants``)."""
    return fact_frame(conn, where, "events", _has_actor([actor_id], PARTY))


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
