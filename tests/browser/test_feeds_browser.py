"""In chromium: an open Overview shows a document that arrives in the store (as ``watch`` stores one) without
a click, within the live check's interval."""

from __future__ import annotations

import re
import time

import pytest

from harness import StreamlitServer, page_problems, page_url, wait_ready
from lagebild.store import ingest
from lagebild.dashboard.app.live import LIVE_EVERY
from lagebild.store.db import open_store
from lagebild.extraction.documents import Meta

pytestmark = pytest.mark.browser

TEXT = ("Kyiv: 4,321 more North Korean soldiers in Kursk\nUkraine's military intelligence said on Wednesday that "
        "North Korea had sent another 4,321 soldiers to Russia's Kursk region.\n")


@pytest.fixture
def store_app(browser, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    monkeypatch.setenv("LAGEBILD_DATABASE_URL", url)
    server = StreamlitServer("dashboard.py")
    yield server, url
    server.stop()


def _documents(main) -> int:
    m = re.search(r"Documents\s*([\d,]+)", main.inner_text())
    return int(m.group(1).replace(",", "")) if m else -1


def test_an_open_overview_shows_a_document_stored_meanwhile(store_app, page, guard):
    server, url = store_app
    page.goto(page_url(server.url, "overview"))
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    before = _documents(main)
    assert before > 0
    engine = open_store(url)
    ingest.store_document(engine, ingest.start_run(engine, "feed"), TEXT,
                          Meta(title=TEXT.splitlines()[0], language="en", source="Feed test"))
    t0 = time.monotonic()
    while _documents(main) != before + 1:
        assert time.monotonic() - t0 < LIVE_EVERY + 30, "the open Overview did not show the new document"
        time.sleep(0.5)
    assert time.monotonic() - t0 <= LIVE_EVERY + 15
    wait_ready(page)
    assert page_problems(page) == [] and guard.distinct() == []
