"""An index on facts.fact_id: one fact is looked up by its id on every review decision (the primary key
starts with run_id, so without it each lookup read the whole facts table).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_facts_fact", "facts", ["fact_id"])


def downgrade() -> None:
    op.drop_index("ix_facts_fact", table_name="facts")
