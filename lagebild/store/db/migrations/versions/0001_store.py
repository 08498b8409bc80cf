"""The first store: documents, extraction runs, extractions and the machine's facts.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("doc_id", sa.String(200), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("published", sa.String(10)),
        sa.Column("precision", sa.String(16), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("length", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("engine_version", sa.String(40), nullable=False),
        sa.Column("rules_hash", sa.String(64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "extractions",
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.doc_id"), primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.run_id"), primary_key=True),
        sa.Column("n_facts", sa.Integer, nullable=False),
        sa.Column("entities", sa.JSON, nullable=False),
    )
    op.create_table(
        "facts",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.run_id"), primary_key=True),
        sa.Column("fact_id", sa.String(40), primary_key=True),
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.doc_id"), nullable=False),
        sa.Column("fact_type", sa.String(20), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_facts_doc_run", "facts", ["doc_id", "run_id"])


def downgrade() -> None:
    op.drop_index("ix_facts_doc_run", table_name="facts")
    for name in ("facts", "extractions", "runs", "documents"):
        op.drop_table(name)
