"""The database tables (SQLAlchemy Core), as the latest migration leaves them.

The migrations in ``lagebild/store/db/migrations/versions`` create these tables; this
module is what the store functions query.  Only portable types (no PostgreSQL
arrays, no SQLite-only tricks): the same code runs on SQLite and PostgreSQL.

* ``documents`` — immutable text with a content hash (the same text twice is one document), and its
  wire credit (found once, when stored).
* ``runs`` — one extraction pass: the engine version (hash of the extraction code) and the
  rules hash (lexicons + gazetteer).
* ``extractions`` — which run extracted which document, how many facts it wrote and the
  actors/places it saw; a document's current facts are those of its latest extraction.
* ``facts`` — the machine's facts per run, keyed by ``fact_id`` (a hash of the anchor:
  table + document + span (+ event type), so the same fact keeps its id across runs).
* ``decisions`` — the analysts' append-only log; ``seq`` numbers the decisions of one
  fact (its version), unique per fact, which is what refuses a concurrent stale edit.
* ``feed_items`` — each feed item met once per source (``item_key``: a hash of its guid or URL), what
  became of it (stored, same text, near-duplicate, off topic) and the document it brought or matched:
  a document's outlets are the sources of its items.
* ``feed_state`` — per source: ETag/Last-Modified of the last complete read, last poll, last error, counts.
* ``fetch_log`` — one line per fetch failure.
* ``view_facts``, ``view_rows``, ``view_actors`` — the view index: per effective fact what the pages filter and count by
  (effective date, kind, place, status, participants, claimants), kept by ``viewindex.refresh`` in the
  transaction that changes the fact.
"""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint, text)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("doc_id", String(200), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("language", String(8), nullable=False),
    Column("published", String(10)),
    Column("precision", String(16), nullable=False),
    Column("source", Text),
    Column("url", Text),
    Column("length", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    # The wire service whose credit comes first in the text ("" for none): found once, when stored.
    Column("wire", String(40), nullable=False, server_default=""),
)

runs = Table(
    "runs", metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("engine_version", String(40), nullable=False),
    Column("rules_hash", String(64), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

extractions = Table(
    "extractions", metadata,
    Column("doc_id", String(200), ForeignKey("documents.doc_id"), primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.run_id"), primary_key=True),
    Column("n_facts", Integer, nullable=False),
    Column("entities", JSON, nullable=False),
)

facts = Table(
    "facts", metadata,
    Column("run_id", Integer, ForeignKey("runs.run_id"), primary_key=True),
    Column("fact_id", String(40), primary_key=True),
    Column("doc_id", String(200), ForeignKey("documents.doc_id"), nullable=False),
    Column("fact_type", String(20), nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("data", JSON, nullable=False),
    Index("ix_facts_doc_run", "doc_id", "run_id"),
    Index("ix_facts_fact", "fact_id"),
)

decisions = Table(
    "decisions", metadata,
    Column("decision_id", Integer, primary_key=True, autoincrement=True),
    Column("fact_id", String(40), nullable=False),
    Column("doc_id", String(200), ForeignKey("documents.doc_id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("action", String(8), nullable=False),
    Column("changes", JSON),
    Column("reviewer", String(200), nullable=False),
    Column("reason", Text),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("fact_id", "seq", name="uq_decisions_fact_seq"),
    Index("ix_decisions_fact", "fact_id"),
)

feed_items = Table(
    "feed_items", metadata,
    Column("item_id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(200), nullable=False),
    Column("item_key", String(64), nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("status", String(16), nullable=False),
    Column("doc_id", String(200), ForeignKey("documents.doc_id")),
    Column("similarity", Float),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source", "item_key", name="uq_feed_items_source_key"),
    Index("ix_feed_items_doc", "doc_id"),
)

feed_state = Table(
    "feed_state", metadata,
    Column("source", String(200), primary_key=True),
    Column("url", Text, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_poll", DateTime(timezone=True)),
    Column("last_ok", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("n_new", Integer, nullable=False, server_default=text("0")),
    Column("n_duplicates", Integer, nullable=False, server_default=text("0")),
    Column("n_skipped", Integer, nullable=False, server_default=text("0")),
    Column("n_failed", Integer, nullable=False, server_default=text("0")),
)

fetch_log = Table(
    "fetch_log", metadata,
    Column("log_id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("message", Text, nullable=False),
)

view_facts = Table(
    "view_facts", metadata,
    Column("fact_id", String(40), primary_key=True),
    Column("doc_id", String(200), ForeignKey("documents.doc_id"), nullable=False),
    Column("fact_table", String(20), nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("kind", String(40)),
    Column("place", String(200)),
    Column("status", String(12), nullable=False),
    Column("in_text", Boolean),
    Column("lo", String(10)),
    Column("hi", String(10)),
    Column("mid", String(13)),
    Column("month", String(7)),
    Column("source", String(200)),
    Index("ix_view_facts_doc", "doc_id", "sentence"),
    Index("ix_view_facts_table_lo", "fact_table", "lo"),
    Index("ix_view_facts_table_kind", "fact_table", "kind"),
    # The latest of a kind first (the Overview's key developments): a few index entries a kind.
    Index("ix_view_facts_latest", "fact_table", "kind", "in_text", "mid"),
    # Counts by month, dating and source from the index alone.
    Index("ix_view_facts_month", "fact_table", "month", "in_text", "source"),
)

# The rows themselves, apart: the pages' counts scan ``view_facts``, five times narrower without them.
view_rows = Table(
    "view_rows", metadata,
    Column("fact_id", String(40), primary_key=True),
    Column("doc_id", String(200), nullable=False),
    Column("data", JSON, nullable=False),
    Column("claim", JSON(none_as_null=True)),
    Index("ix_view_rows_doc", "doc_id"),
)

view_actors = Table(
    "view_actors", metadata,
    Column("fact_id", String(40), nullable=False),
    Column("doc_id", String(200), nullable=False),
    Column("actor_id", String(200), nullable=False),
    Column("role", String(10), nullable=False),
    Index("ix_view_actors_actor", "actor_id", "role"),
    Index("ix_view_actors_fact", "fact_id"),
    Index("ix_view_actors_doc", "doc_id"),
)
