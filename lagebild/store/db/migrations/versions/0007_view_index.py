"""The view index: per effective fact what the pages filter and count by (``lagebild.store.db.viewindex``).

The dashboard read every fact of the store into memory to filter and count it (issue #20: minutes and
gigabytes at a year of reporting).  These tables let the database answer a view; ingest, review and
reextract keep them in the transaction that changes a fact.  An existing store is indexed here, 500
documents at a time, with the same code that keeps it (so the index of an upgraded store is the one a new
store gets).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from lagebild.store.db import viewindex

    op.create_table(
        "view_facts",
        sa.Column("fact_id", sa.String(40), primary_key=True),
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.doc_id"), nullable=False),
        sa.Column("fact_table", sa.String(20), nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(40)),
        sa.Column("place", sa.String(200)),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("in_text", sa.Boolean),
        sa.Column("lo", sa.String(10)),
        sa.Column("hi", sa.String(10)),
        sa.Column("mid", sa.String(13)),
        sa.Column("month", sa.String(7)),
        sa.Column("source", sa.String(200)),
    )
    op.create_index("ix_view_facts_doc", "view_facts", ["doc_id", "sentence"])
    op.create_index("ix_view_facts_table_lo", "view_facts", ["fact_table", "lo"])
    op.create_index("ix_view_facts_table_kind", "view_facts", ["fact_table", "kind"])
    op.create_index("ix_view_facts_latest", "view_facts", ["fact_table", "kind", "in_text", "mid"])
    op.create_index("ix_view_facts_month", "view_facts", ["fact_table", "month", "in_text", "source"])
    op.create_table(
        "view_rows",
        sa.Column("fact_id", sa.String(40), primary_key=True),
        sa.Column("doc_id", sa.String(200), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("claim", sa.JSON),
    )
    op.create_index("ix_view_rows_doc", "view_rows", ["doc_id"])
    op.create_table(
        "view_actors",
        sa.Column("fact_id", sa.String(40), nullable=False),
        sa.Column("doc_id", sa.String(200), nullable=False),
        sa.Column("actor_id", sa.String(200), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
    )
    op.create_index("ix_view_actors_actor", "view_actors", ["actor_id", "role"])
    op.create_index("ix_view_actors_fact", "view_actors", ["fact_id"])
    op.create_index("ix_view_actors_doc", "view_actors", ["doc_id"])
    viewindex.refresh_all(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":  # plan the pages' first queries on the filled tables
        op.execute("ANALYZE view_facts")
        op.execute("ANALYZE view_rows")
        op.execute("ANALYZE view_actors")


def downgrade() -> None:
    op.drop_table("view_actors")
    op.drop_table("view_rows")
    op.drop_table("view_facts")
