"""A batch of documents that stops before its end (Ctrl-C, a failing store): what it says and what it kept.

Used by ``lagebild.store.ingest`` (ingest and re-extraction).  Each document is one transaction, so a stop
leaves whole documents; the caller says how many (``BatchStopped.stored``) and that a re-run continues.
"""

from __future__ import annotations

from sqlalchemy import Engine

from lagebild.store.db import records
from lagebild.store.db.faults import describe, is_database_error, is_store_fault
from lagebild.extraction.documents import DocumentError


class BatchStopped(Exception):
    """A batch (ingest or re-extraction) that stopped before its end: Ctrl-C, or the store failing.
    Every document stored is complete (one transaction each); ``stored`` of them were written by this
    batch, ``outcomes`` are those settled before the stop.  The message is one line."""

    def __init__(self, reason: str, stored: int, outcomes: list | None = None, interrupted: bool = False):
        super().__init__(reason)
        self.reason, self.stored, self.outcomes, self.interrupted = reason, stored, outcomes or [], interrupted


class StoreFault(Exception):
    """Raised inside a batch when the store fails: every further write would fail too."""


def classify(exc: Exception, path: str, what: str) -> DocumentError:
    """One document's failure as one line; a failing store stops the batch (raises ``StoreFault``)."""
    if is_store_fault(exc):
        raise StoreFault(describe(exc)) from None
    if is_database_error(exc):
        return DocumentError(path, f"not stored ({describe(exc)})")
    return DocumentError(path, f"{what} failed ({type(exc).__name__}: {str(exc).strip()[:200].splitlines()[0] if str(exc).strip() else ''})")


def stored_by(engine: Engine, run_id: int, counted: int) -> int:
    """Documents the run wrote, as the store has them (Ctrl-C can land between a commit and its count);
    the count kept while writing when the store does not answer."""
    try:
        with engine.connect() as conn:
            return records.run_document_count(conn, run_id)
    except Exception:  # noqa: BLE001 - the store is what failed
        return counted


def finish_quietly(engine: Engine, run_id: int) -> None:
    """Mark a stopped run finished when the store still answers (what it stored is complete)."""
    try:
        records.finish_run(engine, run_id)
    except Exception:  # noqa: BLE001 - the store is what failed: the run stays open, its documents are stored
        pass
