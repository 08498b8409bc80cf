"""The password gate in a real browser: a deep link opened before login is the page, with its
filters, after login; hostile URL values in notices stay literal text (no link, no outside fetch)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from harness import ROOT, StreamlitServer, page_problems, page_url, wait_ready

from lagebild.store import parquet
from lagebild_testdata import HOSTILE_ID, small_tables

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def gated(tmp_path_factory, browser):
    """The dashboard behind a password: its own working folder holds .streamlit/secrets.toml."""
    home = tmp_path_factory.mktemp("gated")
    (home / ".streamlit").mkdir()
    (home / ".streamlit" / "secrets.toml").write_text('[auth]\npassword = "s3cret"\n')
    (home / ".streamlit" / "config.toml").write_text((ROOT / ".streamlit" / "config.toml").read_text())
    tables = parquet.write_tables(small_tables(), home / "tables")
    server = StreamlitServer(str(ROOT / "dashboard.py"), tables=tables, cwd=home)
    yield server
    server.stop()


def log_in(page) -> None:
    page.get_by_label("Password", exact=True).fill("s3cret")
    t0 = page.evaluate("performance.now()")
    page.get_by_role("button", name="Log in").click()
    page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=30_000)
    wait_ready(page, since=t0)


@pytest.mark.parametrize("where, query, title", [
    ("actors", "?actor=russia", "Actors"),
    ("sources", f"?source={HOSTILE_ID}&sentence=1", "Sources"),
    ("timeline", "?type=condemnation", "Timeline"),
])
def test_deep_link_survives_the_login(gated, page, guard, where, query, title):
    page.goto(page_url(gated.url, where, query))
    page.get_by_label("Password", exact=True).wait_for(timeout=30_000)
    log_in(page)
    page.wait_for_url(re.compile(rf"/{where}\?"), timeout=30_000)
    wait_ready(page)
    for pair in query.lstrip("?").split("&"):
        assert pair in page.url, (pair, page.url)
    assert page.locator("h1").filter(has_text=title).count() == 1
    assert page_problems(page) == [] and guard.distinct() == []


def test_hostile_url_values_in_notices_stay_text(gated, page, guard, screenshots):
    values = ["[Session expired - log in again](https://evil.example/login)", "![x](https://evil.example/pixel.png)",
              ":red-background[ALARM]", "$$x^2$$", "https://evil.example/bare", "admin@evil.example"]
    query = "?" + "&".join(f"actor={quote(v)}" for v in values[:3]) + "&doc=" + quote(values[3]) + \
            "&type=" + quote(values[4]) + "&from=" + quote(values[5])
    page.goto(page_url(gated.url, "actors", query))
    page.get_by_label("Password", exact=True).wait_for(timeout=30_000)
    log_in(page)
    alerts = page.locator('[data-testid="stAlert"]')
    text = " ".join(alerts.all_inner_texts()).replace("\u2060", "")  # the invisible autolink breaker
    assert "Session expired" in text and "evil.example/bare" in text and "admin@evil.example" in text
    main = page.locator('[data-testid="stMain"]')
    assert main.locator('a[href*="evil"], img[src*="evil"], .katex').count() == 0
    assert alerts.locator("a, img, mark, span[style*=background]").count() == 0
    page.screenshot(path=str(screenshots / "gate-hostile-notices.png"))  # for a look by eye
    assert guard.distinct() == []
