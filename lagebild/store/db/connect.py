"""Which database, opened how: SQLite file by default, PostgreSQL (or any URL) when configured.

The URL comes from ``--db`` (CLI) or the caller, else ``$LAGEBILD_DATABASE_URL``, else
the embedded SQLite file ``data/lagebild.db``.  ``open_store`` applies the Alembic
migrations shipped in ``lagebild/store/db/migrations`` before returning, so an older
database is upgraded in place on every start.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from lagebild import paths
from lagebild.store.db.faults import describe

DATABASE_ENV = "LAGEBILD_DATABASE_URL"
DEFAULT_DB = paths.DATA / "lagebild.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


CONNECT_TIMEOUT = 5      # seconds
STATEMENT_TIMEOUT = 120  # seconds: the longest statement is a full read of a big store's facts


class StoreUnavailable(Exception):
    """The database cannot be opened or migrated; the message is one line."""


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get(DATABASE_ENV) or f"sqlite:///{DEFAULT_DB}"


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the app read while an ingest writes; foreign keys are off by default in SQLite.
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    """The engine for ``url``.  Facts are JSON values: reading a store decodes one per fact, so they are
    decoded with orjson (a third of the standard library's time; the same values)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreUnavailable(f"not a database URL: {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": 30}, json_deserializer=orjson.loads)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args = {}
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("psycopg", "psycopg2"):
        # A stopped or stalled server must not hang a page or a command: give up connecting after
        # CONNECT_TIMEOUT s (libpq's limit covers the whole start-up exchange, which a paused server never
        # answers), and let the server end any statement running over STATEMENT_TIMEOUT (a lock wait, a
        # runaway query).  A URL's own settings (?connect_timeout=…, ?options=…) win.
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT
        if "options" not in parsed.query:
            # jit=off: the pages' questions take a tenth of a second to a second; compiling them took 140 ms
            # more each (JIT pays off for hour-long reports, not for a dashboard).
            connect_args["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT * 1000} -c jit=off"
    try:
        engine = create_engine(parsed, pool_pre_ping=True, pool_timeout=CONNECT_TIMEOUT * 2, connect_args=connect_args,
                               json_deserializer=orjson.loads)
    except (ImportError, ArgumentError) as exc:
        raise StoreUnavailable(f"{display_url(url)}: {exc}") from None
    # A document's facts go as psycopg 3's executemany, which pipelines the rows of one prepared
    # statement.  Measured against SQLAlchemy's multi-row INSERTs ("insertmanyvalues"), whose SQL
    # text differs with each document's fact count, so psycopg parses every one anew: 162–171 vs
    # 181–206 docs/s ingesting 1,000 documents with three writer threads (benchmarks/store_bench.py).
    return engine


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to ``revision`` in one transaction."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database or an in-memory one)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.database.startswith("file:"):  # a URI filename (sqlite:///file:x.db?mode=ro&uri=true)
        name = parsed.database[len("file:"):].split("?")[0]
        return None if not name or name == ":memory:" or parsed.query.get("mode") == "memory" else Path(name)
    return Path(parsed.database)


def open_store(url: str | None = None, create: bool = True, on_create=None) -> Engine:
    """An engine on the configured database, migrated to the latest schema.

    ``create=False`` (the command line without ``--create``): a SQLite file that does not exist is
    an error, not a new empty store (a mistyped path once made one, folders and all, and exit 0).
    ``on_create(path)`` is told when a new SQLite file is made."""
    url = database_url(url)
    path = sqlite_file(url)
    new = path is not None and not path.exists()
    if new and not create:
        raise StoreUnavailable(f"no database at {path} (mistyped?); pass --create to make a new one there")
    if new:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create the database folder {path.parent}: {exc.strerror}") from None
    engine = make_engine(url)
    try:
        upgrade(engine)
    except (SQLAlchemyError, sqlite3.Error) as exc:
        engine.dispose()
        raise StoreUnavailable(f"cannot open the database {display_url(url)}: {describe(exc)}") from None
    if new and on_create is not None:
        on_create(path)
    return engine
