"""A local HTTP server for the feed tests (threaded ``http.server`` on 127.0.0.1, a free port): each test
sets ``routes`` (path -> ``Route``); requests are recorded.  Nothing in these tests reaches the internet."""

from __future__ import annotations

import time

import pytest

from lagebild.feeds.config import Settings
from feedserver import Server


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Only the local test servers' addresses resolve: a name elsewhere is a failure, never a DNS query."""
    from lagebild.feeds import fetch

    def local_only(host: str, port: int) -> list[str]:
        if host.startswith("127.") or host == "::1":
            return [host]
        raise fetch.FetchError(f"{host}: cannot be resolved (tests resolve local addresses only)")

    monkeypatch.setattr(fetch, "resolve", local_only)
    monkeypatch.setattr(fetch.Fetcher.__init__, "__defaults__", (local_only, time.sleep))


@pytest.fixture
def fast() -> Settings:
    """Settings for tests: no delay between requests to the one local host, short timeouts."""
    return Settings(host_delay=0.0, timeout=3.0, max_bytes=2_000_000)


# The store's fixtures (a fresh SQLite and PostgreSQL database per test; PostgreSQL must run under CI=true).
from db.conftest import db_url, engine, pg_admin  # noqa: E402,F401
