"""Analyst review: the append-only decision log with a version (seq) per fact.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("decision_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fact_id", sa.String(40), nullable=False),
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.doc_id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("changes", sa.JSON),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("fact_id", "seq", name="uq_decisions_fact_seq"),
    )
    op.create_index("ix_decisions_fact", "decisions", ["fact_id"])


def downgrade() -> None:
    op.drop_index("ix_decisions_fact", table_name="decisions")
    op.drop_table("decisions")
