"""The database store (SQLAlchemy 2, SQLite by default, PostgreSQL when configured).

Shared by both wings' callers but importing neither: ``connect`` (which database,
migrations on open), ``records`` (rows in and out, one transaction per document),
``review`` (the decision log and optimistic concurrency), ``tables`` (the effective
tables the pages show and the review queue).
"""

from lagebild.store.db.connect import DATABASE_ENV, StoreUnavailable, database_url, open_store
from lagebild.store.db.review import ReviewError, StaleEdit, current, orphaned_decisions, review, review_log
from lagebild.store.db.tables import effective_tables, patch_effective, patch_new_documents, patch_queue, review_queue

__all__ = ["DATABASE_ENV", "ReviewError", "StaleEdit", "StoreUnavailable", "current", "database_url",
           "effective_tables", "open_store", "patch_effective", "patch_new_documents", "patch_queue", "orphaned_decisions", "review", "review_log", "review_queue"]
