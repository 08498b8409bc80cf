"""The feed tables' rows: items met (and the document each brought or matched), fetch state, fetch log.

A new item's row is written in the transaction that stores its document (``item_row`` is what
``lagebild.store.ingest.store_document`` is handed), so a killed poll leaves the document and its item
together or neither: on restart the item is either known (skipped) or fetched again.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import Connection, Engine, func, insert, select, update

from lagebild.store.db import models as m
from lagebild.store.db.records import now

# What became of a feed item.
STORED, SAME_TEXT, NEAR_DUPLICATE, OFF_TOPIC = "stored", "same text", "near-duplicate", "off topic"
STATUSES = (STORED, SAME_TEXT, NEAR_DUPLICATE, OFF_TOPIC)


def item_key(identity: str) -> str:
    """A fixed-width key for an item's guid or URL (guids can be any length)."""
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()


def seen(conn: Connection, source: str, keys: list[str]) -> set[str]:
    """Which of ``keys`` this source's items already met."""
    out: set[str] = set()
    fi = m.feed_items.c
    for i in range(0, len(keys), 500):  # bounded IN lists
        chunk = keys[i:i + 500]
        out |= set(conn.execute(select(fi.item_key).where((fi.source == source) & fi.item_key.in_(chunk))).scalars())
    return out


def add_item(conn: Connection, source: str, key: str, url: str | None, title: str | None, status: str,
             doc_id: str | None = None, similarity: float | None = None) -> None:
    conn.execute(insert(m.feed_items), [dict(source=source, item_key=key, url=url, title=(title or "")[:500] or None,
                                             status=status, doc_id=doc_id, similarity=similarity, seen_at=now())])


def state(conn: Connection, source: str) -> dict | None:
    row = conn.execute(select(m.feed_state).where(m.feed_state.c.source == source)).first()
    return dict(row._mapping) if row else None


def save_state(engine: Engine, source: str, url: str, **fields) -> None:
    """Insert or update one source's state (an UPDATE, else an INSERT: portable, no dialect upsert)."""
    with engine.begin() as conn:
        done = conn.execute(update(m.feed_state).where(m.feed_state.c.source == source).values(url=url, **fields))
        if done.rowcount == 0:
            conn.execute(insert(m.feed_state).values(source=source, url=url, **fields))


def log_failure(engine: Engine, source: str, message: str) -> None:
    with engine.begin() as conn:
        conn.execute(insert(m.fetch_log).values(source=source, at=now(), message=message))


def fetch_log(conn: Connection, limit: int = 200) -> list[dict]:
    q = select(m.fetch_log).order_by(m.fetch_log.c.log_id.desc()).limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def states(conn: Connection) -> list[dict]:
    return [dict(r._mapping) for r in conn.execute(select(m.feed_state).order_by(m.feed_state.c.source))]


def item_counts(conn: Connection) -> dict[str, dict[str, int]]:
    """Per source: how many items met, by status."""
    fi = m.feed_items.c
    out: dict[str, dict[str, int]] = {}
    for r in conn.execute(select(fi.source, fi.status, func.count()).group_by(fi.source, fi.status)):
        out.setdefault(r[0], {})[r[1]] = r[2]
    return out


def outlets(conn: Connection, doc_ids: list[str] | None = None) -> dict[str, list[str]]:
    """Per document: every source whose items carried its text (the first one first), for documents
    that came from feeds."""
    fi = m.feed_items.c
    q = select(fi.doc_id, fi.source).where(fi.doc_id.is_not(None)).order_by(fi.doc_id, fi.item_id)
    if doc_ids is not None:
        q = q.where(fi.doc_id.in_(doc_ids))
    out: dict[str, list[str]] = {}
    for doc_id, source in conn.execute(q):
        have = out.setdefault(doc_id, [])
        if source not in have:
            have.append(source)
    return out


def last_poll(value: dt.datetime | None) -> dt.datetime | None:
    """A stored timestamp, timezone-aware.  SQLite hands back naive datetimes (stored in UTC)."""
    return value if value is None or value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
