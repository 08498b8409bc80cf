"""What a page asks the store: the shared filters as SQL over the view index, and the counts, lists and
aggregates a page draws (SQLAlchemy Core, the same code on SQLite and PostgreSQL).

``Where(state)`` turns a filter state (anything with the fields of ``lagebild.dashboard.filters.FilterState``:
actors, date_from, date_to, types, docs, text_dated, reviewed, claimants) into one condition per table, with
exactly the rules of ``apply_filters`` (see its module docstring; ``tests/db/test_queries.py`` holds the two
to the same rows):

* docs — every table keeps the chosen documents;
* types — events keep the chosen types;
* reviewed — events and figures keep confirmed or edited facts; dates and mentions the rows in their sentences;
* date range / text_dated — events and figures by their effective date (``view_facts.lo``/``hi``, ``in_text``);
  dates by their own;
* claimants — figures whose claim one of them makes or relays;
* actors — events they take part in, figures they are the subject of or claim, their mentions and the place
  mentions and dates in a sentence that still holds one of those;
* then documents (and mentions) narrowed to those a remaining fact reaches, places to those still referred to.

Each condition is a function of an alias of ``view_facts`` (``documents`` for the documents' one), so a
step can look at what an earlier step left of another table (a sentence that still holds an event).
"""

from __future__ import annotations

from typing import Callable

import orjson

from sqlalchemy import String, Text, and_, cast, func, or_, select, true, union
from sqlalchemy.sql import ColumnElement

from lagebild.store.db import models as m
from lagebild.store.db import records
from lagebild.store.db.tables import effective_frame
from lagebild.store.db.viewindex import PARTY

F, A, D, R = m.view_facts, m.view_actors, m.documents, m.view_rows
REVIEWED = ("confirmed", "edited")
FACT_TABLES = ("events", "troop_figures", "dates", "mentions")

Cond = Callable[[object], ColumnElement]


def _all(*conds: Cond) -> Cond:
    return lambda x: and_(*(c(x) for c in conds))


# A step that looks at another table's rows (the sentences that still hold an event, the documents a fact
# reaches) is a named CTE, computed once and looked up as an uncorrelated set (``IN (SELECT … FROM cte)``,
# one hashed pass on either database).  Written inline, each later step repeated the earlier ones' SQL: the
# actor filter's mention query grew to a dozen nested copies and ran past the statement timeout.

# A sentence is named by one string, ``doc_id|sentence`` (unambiguous: the sentence is a number): PostgreSQL
# hashes ``value IN (subquery)`` but not a row value ``(doc_id, sentence) IN (…)``, which it scanned per row.

def _sentence(x):
    return x.c.doc_id + "|" + cast(x.c.sentence, String)


def _keys_cte(name: str, key, *holding: Cond):
    parts = []
    for h in holding:
        y = F.alias()
        # Each part deduplicated on its own (a hash of a few thousand documents), not half a million rows
        # sorted together by the union (which spilled to disk at 10,000 documents).
        parts.append(select(key(y).label("k")).where(h(y)).distinct())
    return (union(*parts) if len(parts) > 1 else parts[0]).cte(name)


def _in_sentences(name: str, *holding: Cond) -> Cond:
    """Rows in a sentence that holds a row one of ``holding`` keeps."""
    keys = _keys_cte(name, _sentence, *holding)
    return lambda x: _sentence(x).in_(select(keys.c.k))


def _in_documents(name: str, *holding: Cond) -> Cond:
    """Rows (facts or documents) of a document that holds a row one of ``holding`` keeps."""
    keys = _keys_cte(name, lambda y: y.c.doc_id, *holding)
    return lambda x: x.c.doc_id.in_(select(keys.c.k))


def _has_actor(ids, roles) -> Cond:
    ids, roles = list(ids), list(roles)

    def cond(x):
        a = A.alias()
        return x.c.fact_id.in_(select(a.c.fact_id).where(a.c.role.in_(roles), a.c.actor_id.in_(ids)))
    return cond


class Where:
    """The filter state's condition per fact table (``fact(name)``), for documents (``document``) and
    the actors and places tables (``actor_ids``/``place`` conditions)."""

    def __init__(self, state) -> None:
        self.state = s = state
        self._actor_mentions: Cond | None = None
        docs = list(s.docs)
        c: dict[str, Cond] = {}
        for name in FACT_TABLES:
            c[name] = (lambda n: lambda x: and_(x.c.fact_table == n, x.c.doc_id.in_(docs) if docs else true()))(name)
        if s.types:
            c["events"] = _all(c["events"], lambda x: x.c.kind.in_(list(s.types)))
        if s.reviewed:
            for n in ("events", "troop_figures"):
                c[n] = _all(c[n], lambda x: x.c.status.in_(REVIEWED))
            ev, fg = c["events"], c["troop_figures"]
            keys = _in_sentences("reviewed_sentences", ev, fg)
            c["dates"], c["mentions"] = _all(c["dates"], keys), _all(c["mentions"], keys)
        bound = s.date_from is not None or s.date_to is not None
        if bound or s.text_dated:
            for n in ("events", "troop_figures"):
                c[n] = _all(c[n], self._dated(text_only=s.text_dated))
            if bound:
                c["dates"] = _all(c["dates"], self._dated(text_only=False))
        if s.claimants:
            c["troop_figures"] = _all(c["troop_figures"], _has_actor(s.claimants, ("claimant",)))
        if s.actors:
            c["events"] = _all(c["events"], _has_actor(s.actors, PARTY))
            c["troop_figures"] = _all(c["troop_figures"], _has_actor(s.actors, ("subject", "claimant")))
            men = c["mentions"]
            actor_men = _all(men, lambda x: x.c.kind == "actor", _has_actor(s.actors, ("mention",)))
            ev, fg = c["events"], c["troop_figures"]
            keys = _in_sentences("actor_sentences", ev, fg, actor_men)
            place_men = _all(men, lambda x: x.c.kind == "place", keys)
            c["mentions"] = lambda x: or_(actor_men(x), place_men(x))
            # The actor mentions kept are these (every one reaches its document: ``reach`` includes them).
            self._actor_mentions = actor_men
            c["dates"] = _all(c["dates"], keys)
        self.reach: Cond | None = None
        if s.actors:
            # Every date and place mention kept sits in a sentence of a kept event, figure or actor mention, so
            # those three reach every document the five would (and cost a third as much to look up).
            held = [c["events"], c["troop_figures"], actor_men]
        elif bound or s.text_dated or s.reviewed or s.claimants:
            held = [c["events"], c["troop_figures"], c["dates"]]
            if s.reviewed or s.claimants:
                held.append(c["mentions"])
        if s.actors or bound or s.text_dated or s.reviewed or s.claimants:
            self.reach = reach = _in_documents("reached_documents", *held)
            c["mentions"] = _all(c["mentions"], reach)
        self.c = c

    def _dated(self, text_only: bool) -> Cond:
        s = self.state

        def cond(x):
            out = []
            if s.date_from is not None or s.date_to is not None:
                out.append(x.c.lo.is_not(None))
            if s.date_from is not None:
                out.append(x.c.hi >= s.date_from.isoformat())
            if s.date_to is not None:
                out.append(x.c.lo <= s.date_to.isoformat())
            if text_only:
                out.append(x.c.in_text == true())
            return and_(true(), *out)
        return cond

    def fact(self, name: str) -> Cond:
        return self.c[name]

    @property
    def is_default(self) -> bool:
        return self.state == type(self.state)()

    def actor_mentions(self) -> Cond:
        """The condition of the actor mentions kept (the mentions' condition without its place branch)."""
        if self._actor_mentions is not None:
            return self._actor_mentions
        return _all(self.c["mentions"], lambda x: x.c.kind == "actor")

    def document(self, d=D) -> ColumnElement:
        """The condition on a ``documents`` alias ``d``: the chosen documents, reached by a remaining fact."""
        out = [d.c.doc_id.in_(list(self.state.docs))] if self.state.docs else []
        if self.reach is not None:
            out.append(self.reach(d))
        return and_(true(), *out)

    def actor_ids(self) -> list[str] | None:
        """The actors table's rows kept: the selected actors (None: all)."""
        return list(self.state.actors) if self.state.actors else None

    def places(self):
        """A select of the place ids still referred to (None: all places, the default view)."""
        if self.is_default:
            return None
        x = F.alias()
        return select(x.c.place).where(x.c.place.is_not(None),
                                       or_(self.fact("events")(x), self.fact("troop_figures")(x),
                                           and_(self.fact("mentions")(x), x.c.kind == "place"))).distinct()


def fact_ids(conn, where: Where, name: str) -> list[str]:
    x = F.alias()
    return [r[0] for r in conn.execute(select(x.c.fact_id).where(where.fact(name)(x)))]


def fact_frame(conn, where: Where | None, name: str, *also: Cond):
    """The fact table ``name`` as the filters keep it (all of it for ``where`` None; and the conditions
    ``also``): a frame equal to ``apply_filters``' of the full read (rows, columns, types and order), from the
    view index's effective rows (decisions applied), parsed in bulk: a page reads the rows it filters to, not
    the store."""
    x = F.alias()
    kept = where.fact(name)(x) if where is not None else x.c.fact_table == name
    q = (select(x.c.fact_id, x.c.status, cast(R.c.data, Text)).join(R, R.c.fact_id == x.c.fact_id)
         .where(kept, *(c(x) for c in also)))
    return effective_frame(name, conn.execute(q).all())


def figure_frame(conn, where: Where, kind: str | None = None):
    """The filtered troop figures (of one ``kind``, if given) as ``fact_frame`` has them, and each one's
    claim as the claims rules read it when its document was indexed (``{fact_id: claim}``, see
    ``viewindex``): what grouping them into claims needs, without a text or a mention."""
    x = F.alias()
    q = (select(x.c.fact_id, x.c.status, cast(R.c.data, Text), cast(R.c.claim, Text)).join(R, R.c.fact_id == x.c.fact_id)
         .where(where.fact("troop_figures")(x), *([x.c.kind == kind] if kind is not None else [])))
    rows = conn.execute(q).all()
    return effective_frame("troop_figures", rows), {r[0]: orjson.loads(r[3]) if r[3] else None for r in rows}


def actor_mention_counts(conn, where: Where) -> list[tuple[str, int, str | None, str | None]]:
    """(actor, mentions, earliest and latest publication date of a document mentioning it) of the actor
    mentions the filters keep (dates as the documents give them, compared as text: ISO, so in date order)."""
    x, a = F.alias(), A.alias()
    published = records.by_doc_id(conn, D.c.published)  # byte order, as Python compares the strings
    q = (select(a.c.actor_id, func.count(), func.min(published), func.max(published))
         .select_from(x).join(a, and_(a.c.fact_id == x.c.fact_id, a.c.role == "mention"))
         .join(D, D.c.doc_id == x.c.doc_id).where(where.actor_mentions()(x)).group_by(a.c.actor_id))
    return [tuple(r) for r in conn.execute(q)]


def actor_spellings(conn, where: Where) -> list[tuple[str, str, str, int, str]]:
    """(actor, quote, doc_id, span start, fact_id) of the first mention (in table order) of each distinct way
    the kept actor mentions quote an actor: one row per spelling, not per mention."""
    x, a = F.alias(), A.alias()
    quote = R.c.data["quote"].as_string()
    first = func.row_number().over(partition_by=(a.c.actor_id, quote),
                                   order_by=(records.by_doc_id(conn, x.c.doc_id), x.c.span_start, x.c.fact_id))
    inner = (select(a.c.actor_id, quote.label("quote"), x.c.doc_id, x.c.span_start, x.c.fact_id, first.label("n"))
             .select_from(x).join(a, and_(a.c.fact_id == x.c.fact_id, a.c.role == "mention"))
             .join(R, R.c.fact_id == x.c.fact_id).where(where.actor_mentions()(x)).subquery())
    q = select(inner.c.actor_id, inner.c.quote, inner.c.doc_id, inner.c.span_start, inner.c.fact_id).where(inner.c.n == 1)
    return [tuple(r) for r in conn.execute(q)]


def document_ids(conn, where: Where) -> list[str]:
    return [r[0] for r in conn.execute(select(D.c.doc_id).where(where.document(D)))]


def count(conn, where: Where, name: str) -> int:
    x = F.alias()
    return conn.execute(select(func.count()).select_from(x).where(where.fact(name)(x))).scalar_one()


def count_documents(conn, where: Where) -> int:
    return conn.execute(select(func.count()).select_from(D).where(where.document(D))).scalar_one()





# --- what the frame and the Overview draw ----------------------------------------------------------------

def extent(conn) -> tuple[str, str] | None:
    """The earliest and latest day any event, figure or date expression stands for (ISO), or None."""
    x = F.alias()
    lo, hi = conn.execute(select(func.min(x.c.lo), func.max(x.c.hi))
                          .where(x.c.fact_table.in_(("events", "troop_figures", "dates")))).one()
    return (lo, hi) if lo is not None else None


def claimant_ids(conn) -> set[str]:
    """Every actor who makes or relays a troop figure's claim in the store."""
    return set(conn.execute(select(A.c.actor_id).where(A.c.role == "claimant").distinct()).scalars())


def actor_ids(conn, where: Where) -> set[str]:
    """The actors the filtered events list (their ``actors`` cells) or the filtered mentions name."""
    if where.is_default:  # every fact kept: the index's own list
        return set(conn.execute(select(A.c.actor_id).where(A.c.role.in_(("listed", "mention"))).distinct()).scalars())
    s = where.state
    a, ev, men = A.alias(), F.alias(), F.alias()
    if s.actors and not (s.docs or s.reviewed or s.types or s.date_from or s.date_to or s.text_dated):
        # The actor filter alone keeps the events the actors take part in and their own mentions: asked of
        # the actor rows alone (the same sets; looking each of an actor's 400,000 events up took seconds).
        part = A.alias()
        listed = (select(a.c.actor_id).join(part, part.c.fact_id == a.c.fact_id)
                  .where(a.c.role == "listed", part.c.role.in_(PARTY), part.c.actor_id.in_(list(s.actors))))
        named = select(a.c.actor_id).where(a.c.role == "mention", a.c.actor_id.in_(list(s.actors)))
        return set(conn.execute(union(listed, named)).scalars())
    listed = select(a.c.actor_id).where(a.c.role == "listed", a.c.fact_id.in_(select(ev.c.fact_id).where(where.fact("events")(ev))))
    named = select(a.c.actor_id).where(a.c.role == "mention",
                                       a.c.fact_id.in_(select(men.c.fact_id).where(where.actor_mentions()(men))))
    return set(conn.execute(union(listed, named)).scalars())


def documents_summary(conn, where: Where, order_doc_id) -> tuple[int, tuple[str, str] | None]:
    """(how many documents the filters keep, (published, precision) of the latest of them or None) in one
    question: of equal dates the document last in doc_id order, as a sort of the documents table keeps it."""
    q = (select(D.c.published, D.c.precision, func.count().over().label("n")).where(where.document(D))
         .order_by(D.c.published.desc().nulls_last(), order_doc_id.desc()).limit(1))
    row = conn.execute(q).first()
    if row is None:
        return 0, None
    return row.n, ((row.published, row.precision) if row.published is not None else None)


def event_counts(conn, where: Where) -> list[tuple[str | None, bool, str | None, int]]:
    """(month or None, dated in the text, source actor or None, events) of the filtered events, in one
    question: their number, how many the text does not date, and the monthly bars."""
    x = F.alias()
    q = (select(x.c.month, x.c.in_text, x.c.source, func.count()).where(where.fact("events")(x))
         .group_by(x.c.month, x.c.in_text, x.c.source))
    return [(r[0], bool(r[1]), r[2], r[3]) for r in conn.execute(q)]


def event_type_counts(conn, where: Where) -> list[tuple[str, str | None, bool, str | None, int]]:
    """(type, month or None, dated in the text, source actor or None, events) of the filtered events: what a
    timeline of too many events to draw one by one shows."""
    x = F.alias()
    q = (select(x.c.kind, x.c.month, x.c.in_text, x.c.source, func.count()).where(where.fact("events")(x))
         .group_by(x.c.kind, x.c.month, x.c.in_text, x.c.source))
    return [(r[0], r[1], bool(r[2]), r[3], r[4]) for r in conn.execute(q)]


def latest_per_kind(conn, where: Where, table: str, kinds, n: int) -> list[dict]:
    """The rows of a fact table that can be among the ``n`` latest of their kind (dated in the text first,
    then by effective midpoint, newest first, undated last): per kind the first ``n`` and every row tied
    with the ``n``-th, as ``{fact_id, data, status}``; the caller orders them exactly (a few dozen rows).
    Unfiltered, one short question a kind (``ix_view_facts_latest`` walks each kind from its latest), not a
    ranking of every row."""
    order = lambda x: [x.c.in_text.desc(), x.c.mid.desc().nulls_last()]  # noqa: E731
    if not where.is_default:
        # Filtered: one ranking of the rows the filters keep (walking each kind's index from its latest
        # would test every row of it against the filters again: 21 passes over an actor's 400,000 events).
        x = F.alias()
        rank = func.rank().over(partition_by=x.c.kind, order_by=order(x)).label("r")
        ranked = select(x.c.fact_id, rank).where(where.fact(table)(x)).subquery()
        q = (select(F.c.fact_id, F.c.status, R.c.data).join(R, R.c.fact_id == F.c.fact_id)
             .where(F.c.fact_id.in_(select(ranked.c.fact_id).where(ranked.c.r <= n))))
        return [dict(fact_id=r.fact_id, data=r.data, status=r.status) for r in conn.execute(q)]
    ids: list[str] = []
    for kind in kinds:
        x = F.alias()
        top = conn.execute(select(x.c.fact_id, x.c.in_text, x.c.mid).where(where.fact(table)(x), x.c.kind == kind)
                           .order_by(*order(x)).limit(n)).all()
        ids += [r.fact_id for r in top]
        if len(top) == n:  # rows tied with the n-th may be picked instead of it (by type rank, then table order)
            last, y = top[-1], F.alias()
            same = [y.c.in_text == last.in_text, y.c.mid == last.mid if last.mid is not None else y.c.mid.is_(None)]
            ids += [f for f in conn.execute(select(y.c.fact_id).where(where.fact(table)(y), y.c.kind == kind, *same))
                    .scalars() if f not in set(ids)]
    if not ids:
        return []
    q = select(F.c.fact_id, F.c.status, R.c.data).join(R, R.c.fact_id == F.c.fact_id).where(F.c.fact_id.in_(ids))
    return [dict(fact_id=r.fact_id, data=r.data, status=r.status) for r in conn.execute(q)]


def fact_rows(conn, table: str, doc_ids: list[str]) -> list[dict]:
    """The effective rows (``data`` with ``fact_id`` and ``review_status``) of a table's facts in some documents."""
    x = F.alias()
    q = (select(x.c.fact_id, R.c.data, x.c.status).join(R, R.c.fact_id == x.c.fact_id)
         .where(x.c.fact_table == table, x.c.doc_id.in_(doc_ids)))
    return [{**r.data, "fact_id": r.fact_id, "review_status": r.status} for r in conn.execute(q)]
__all__ = ["Where", "fact_frame", "figure_frame", "actor_mention_counts", "actor_spellings", "fact_ids", "document_ids", "count", "count_documents", "REVIEWED", "extent", "claimant_ids",
           "actor_ids", "latest_per_kind", "fact_rows",
           "documents_summary", "event_counts", "event_type_counts"]
