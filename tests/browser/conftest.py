"""Session fixtures for the real-browser tests: one live app server, one chromium.

The app serves ``$LAGEBILD_TABLES`` if set, else the committed ``data/tables``.
The tests skip (saying why) only when chromium is missing or Playwright cannot start it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import CHROMIUM, NetworkGuard, StreamlitServer, launch_chromium, new_context  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"browser tests need the playwright package: {exc}")
    try:
        pw = sync_playwright().start()
    except Exception as exc:  # noqa: BLE001 - any failure to start the driver means: cannot launch
        pytest.skip(f"playwright could not start: {exc}")
    try:
        browser = launch_chromium(pw)
    except Exception as exc:  # noqa: BLE001
        pw.stop()
        pytest.skip(f"playwright could not launch {CHROMIUM}: {str(exc).splitlines()[0]}")
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture(scope="session")
def app(browser):
    """The dashboard, live: ``streamlit run dashboard.py`` on a free port (killed at the end)."""
    server = StreamlitServer("dashboard.py", tables=os.environ.get("LAGEBILD_TABLES"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _guarded_context(browser):
    """One browser context for the session (its HTTP cache keeps the app's JS bundle warm),
    cut off from everything but localhost."""
    guard = NetworkGuard()
    context = new_context(browser, guard)
    yield context, guard
    context.close()


@pytest.fixture
def guard(_guarded_context) -> NetworkGuard:
    """What the browser tried to reach outside localhost during this test."""
    guard = _guarded_context[1]
    guard.blocked.clear()
    return guard


@pytest.fixture
def page(_guarded_context, guard):
    """A new tab: every navigation starts a new Streamlit session."""
    page = _guarded_context[0].new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    page.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
