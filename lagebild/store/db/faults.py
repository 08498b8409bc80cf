"""A failing database in one line: what failed (unreachable, not answering, disk full, read-only …).

SQLAlchemy's errors carry the driver's message, the SQL and a link; shown as they are, a stopped
server or a full disk became a 52–1,077-line traceback.  ``describe`` says it the way an analyst
can act on; ``is_store_fault`` tells a failing *store* (every further write would fail too: stop
the batch) from one document's bad row (report it, go on).
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa

# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html)
_DISK_FULL = {"53100", "53200"}                  # disk_full, out_of_memory
_READ_ONLY = {"25006"}                           # read_only_sql_transaction
_TIMED_OUT = {"57014"}                           # query_canceled (statement_timeout)
_GONE = {"57P01", "57P02", "57P03", "08000", "08003", "08006"}  # shutdown, crash, cannot connect now, connection lost


def _orig(exc: BaseException) -> BaseException:
    return getattr(exc, "orig", None) or exc


def describe(exc: BaseException) -> str:
    """What failed, in words (no SQL, no traceback), e.g. "the database's disk is full"."""
    orig = _orig(exc)
    code = getattr(orig, "sqlstate", None)
    text = str(orig).strip()
    low = text.lower()
    if code in _DISK_FULL or "disk is full" in low or "no space left" in low:
        return "the database's disk is full"
    if code in _READ_ONLY or "readonly database" in low or "read-only" in low:
        return "the database is read-only"
    if code in _TIMED_OUT or "statement timeout" in low:
        return "the database is not answering (a statement timed out)"
    if "timeout expired" in low or "timed out" in low or isinstance(exc, sa.TimeoutError):
        return "the database is not answering (connecting timed out)"
    if "connection refused" in low or "could not connect" in low or "name or service not known" in low \
            or "no route to host" in low:
        return "the database is unreachable (connection refused)"
    if code in _GONE or "server closed the connection" in low or "terminating connection" in low \
            or "connection is closed" in low or "consuming input failed" in low or "connection is lost" in low \
            or "the connection is lost" in low:
        return "the connection to the database was lost"
    if "database is locked" in low:
        return "the database is busy (locked by another writer; try again)"
    if "unable to open database file" in low or "disk i/o error" in low:
        return "the database file cannot be opened or written"
    first = text.splitlines()[0][:160] if text else ""
    return f"the database failed ({type(orig).__name__}{': ' + first if first else ''})"


def is_store_fault(exc: BaseException) -> bool:
    """The store itself failing (down, stalled, full, read-only, locked): not one document's bad row."""
    if isinstance(exc, (sa.OperationalError, sa.InterfaceError, sa.TimeoutError, sa.DisconnectionError)):
        return True
    orig = _orig(exc)
    if isinstance(orig, (sqlite3.OperationalError, sqlite3.InterfaceError)):
        return True
    return getattr(orig, "sqlstate", None) in _READ_ONLY | _DISK_FULL | _GONE | _TIMED_OUT or \
        isinstance(exc, sa.DBAPIError) and exc.connection_invalidated


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, (sa.SQLAlchemyError, sqlite3.Error))
