"""The store's tests run against SQLite and a real PostgreSQL server (parametrised).

PostgreSQL: ``$LAGEBILD_TEST_DATABASE_URL`` if set, else the local server
(``postgresql+psycopg://postgres@127.0.0.1:5432/test``).  Each test gets its own fresh
database (``store_<random>``, created through the server's ``postgres`` database and
dropped afterwards), so parallel runs never collide.  With no server reachable the
PostgreSQL cases skip and say why — except under ``CI=true``, where that fails.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from lagebild.store.db import open_store

TEST_DB_ENV = "LAGEBILD_TEST_DATABASE_URL"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def pg_admin():
    """An AUTOCOMMIT engine on the server's ``postgres`` database (for CREATE/DROP DATABASE)."""
    url = make_url(os.environ.get(TEST_DB_ENV) or DEFAULT_PG)
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT",
                           connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = f"PostgreSQL at {url.render_as_string(hide_password=True)} not reachable: " \
                 f"{str(exc.orig).strip().splitlines()[0]}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the PostgreSQL tests must run)")
        pytest.skip(reason)
    yield engine, url
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A URL of a fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    admin, url = request.getfixturevalue("pg_admin")
    name = f"store_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def engine(db_url):
    e = open_store(db_url)
    yield e
    e.dispose()
