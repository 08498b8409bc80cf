"""Feeds: which feed item brought which document (the outlets of a story), each source's fetch state,
and the fetch log (one line per failure).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_items",
        sa.Column("item_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("item_key", sa.String(64), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.doc_id")),
        sa.Column("similarity", sa.Float),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source", "item_key", name="uq_feed_items_source_key"),
    )
    op.create_index("ix_feed_items_doc", "feed_items", ["doc_id"])
    op.create_table(
        "feed_state",
        sa.Column("source", sa.String(200), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_poll", sa.DateTime(timezone=True)),
        sa.Column("last_ok", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text),
        sa.Column("n_new", sa.Integer, nullable=False, server_default="0"),
        sa.Column("n_duplicates", sa.Integer, nullable=False, server_default="0"),
        sa.Column("n_skipped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("n_failed", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "fetch_log",
        sa.Column("log_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("fetch_log")
    op.drop_table("feed_state")
    op.drop_index("ix_feed_items_doc", table_name="feed_items")
    op.drop_table("feed_items")
