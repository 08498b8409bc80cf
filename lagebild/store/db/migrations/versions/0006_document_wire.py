"""Each document's wire credit is kept with it: ``documents.wire`` (the wire service whose credit comes first
in the text, ``data/claims/wires.csv``; "" where the text credits none).

The dashboard used to search every stored text for the credits whenever the store changed (19 s at 50,000
documents, redone after every new document and every review decision); a document's text never changes,
so its credit is found once, when it is stored (``ingest``), and again by ``reextract`` (after a change to
the wire rules).  Existing documents are filled here, in batches, so a large store upgrades in bounded
memory.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 2000

documents = sa.table("documents", sa.column("doc_id", sa.String), sa.column("text", sa.Text),
                     sa.column("wire", sa.String))


def upgrade() -> None:
    from lagebild.claims import rules
    from lagebild.claims.sources import wire_of

    op.add_column("documents", sa.Column("wire", sa.String(40), nullable=False, server_default=""))
    conn, found, last = op.get_bind(), rules.load(), ""
    while True:
        rows = conn.execute(sa.select(documents.c.doc_id, documents.c.text).where(documents.c.doc_id > last)
                            .order_by(documents.c.doc_id).limit(BATCH)).all()
        if not rows:
            return
        for doc_id, text in rows:
            wire = wire_of(text, found)
            if wire:
                conn.execute(documents.update().where(documents.c.doc_id == doc_id).values(wire=wire))
        last = rows[-1].doc_id


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("wire")
