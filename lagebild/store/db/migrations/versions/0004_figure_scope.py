"""Troop figures say what they count: ``scope`` (total, increment, part, unclear), ``since`` (a deployment's
own start), ``relayed_by`` (who passes the claimant's figure on).

Facts are JSON documents per extraction run, so the table keeps its columns; what changes is the contract
of a troop figure's ``data``.  Figures stored by an older engine get ``scope: "unclear"`` — never a guessed
total — and empty ``since``/``relayed_by``, until ``python -m lagebild reextract`` reads them anew (the app
says so on every page while the stored facts come from older rules).  Batched, so a large store upgrades
in bounded memory.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 5000
NEW_KEYS = {"scope": "unclear", "since": None, "since_precision": None, "relayed_by": None}

facts = sa.table("facts", sa.column("run_id", sa.Integer), sa.column("fact_id", sa.String),
                 sa.column("fact_type", sa.String), sa.column("data", sa.JSON))


def _rewrite(change) -> None:
    conn = op.get_bind()
    last = (-1, "")
    while True:
        rows = conn.execute(
            sa.select(facts.c.run_id, facts.c.fact_id, facts.c.data)
            .where(facts.c.fact_type == "troop_figures")
            .where(sa.tuple_(facts.c.run_id, facts.c.fact_id) > sa.tuple_(sa.literal(last[0]), sa.literal(last[1])))
            .order_by(facts.c.run_id, facts.c.fact_id).limit(BATCH)).all()
        if not rows:
            return
        for run_id, fact_id, data in rows:
            new = change(dict(data or {}))
            if new is not None:
                conn.execute(facts.update().where(facts.c.run_id == run_id).where(facts.c.fact_id == fact_id)
                             .values(data=new))
        last = (rows[-1].run_id, rows[-1].fact_id)


def upgrade() -> None:
    def add(data: dict):
        if all(k in data for k in NEW_KEYS):
            return None
        return {**{k: v for k, v in NEW_KEYS.items() if k not in data}, **data}
    _rewrite(add)


def downgrade() -> None:
    def drop(data: dict):
        if not any(k in data for k in NEW_KEYS):
            return None
        return {k: v for k, v in data.items() if k not in NEW_KEYS}
    _rewrite(drop)
