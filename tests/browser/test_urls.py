"""Shared links: a URL reproduces a view, survives a page switch, and bad values give a notice."""

from __future__ import annotations

import os
import re

import pytest
from harness import StreamlitServer, page_problems, page_url, select_actor, wait_ready

from lagebild.dashboard import registry

pytestmark = pytest.mark.browser

ACTORS_BOX = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'


def actor_box(page):
    return page.locator(ACTORS_BOX).filter(has_text="Actors").first


def test_shared_url_reproduces_view_across_page_switch(app, page, guard):
    page.goto(page_url(app.url, "map", "?actor=dmitry-medvedev"))
    wait_ready(page)
    assert page_problems(page) == []
    assert "Dmitry Medvedev" in actor_box(page).inner_text()
    # Switch page through the sidebar navigation: the filter and the query string stay.
    t0 = page.evaluate("performance.now()")
    page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Timeline").click()
    page.wait_for_url(re.compile(r"/timeline\?"), timeout=20_000)
    wait_ready(page, since=t0)
    assert "actor=dmitry-medvedev" in page.url, page.url
    assert "Dmitry Medvedev" in actor_box(page).inner_text()
    assert page_problems(page) == []
    assert guard.distinct() == []


def test_widget_filter_writes_url(app, page):
    page.goto(page_url(app.url, "actors"))
    wait_ready(page)
    t0 = page.evaluate("performance.now()")
    select_actor(page, "Vladimir Putin")
    page.wait_for_url(re.compile(r"actor=vladimir-putin"), timeout=20_000)
    wait_ready(page, since=t0)
    assert page_problems(page) == []


def test_bad_url_values_give_a_notice(app, page):
    page.goto(page_url(app.url, "overview", "?actor=nonexistent&from=notadate"))
    wait_ready(page)
    assert page_problems(page) == []
    warnings = page.locator('[data-testid="stAlertContentWarning"]:visible')
    text = " | ".join(warnings.all_inner_texts())
    assert "nonexistent" in text and "notadate" in text, f"notices shown: {text!r}"
    # The bad values were dropped, not kept in the address bar.
    assert "nonexistent" not in page.url and "notadate" not in page.url, page.url


def test_first_request_of_a_fresh_server_is_a_deep_link(browser, guard, _guarded_context):
    """The first request a new server process gets is /map?actor=…: the frame (navigation, filters) serves it.

    Streamlit starts a process in its folder-based multipage mode because of the ``pages/`` folder; the
    frame's hand-over (``frame._page_run_without_frame``) must make that first page a normal one.
    """
    with StreamlitServer("dashboard.py", tables=os.environ.get("LAGEBILD_TABLES")) as fresh:
        page = _guarded_context[0].new_page()
        try:
            page.goto(page_url(fresh.url, "map", "?actor=dmitry-medvedev"))
            wait_ready(page)
            assert page_problems(page) == []
            assert "Dmitry Medvedev" in actor_box(page).inner_text()
            nav = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
            assert [t.strip().splitlines()[-1] for t in nav] == [p.title for p in registry.PAGES], nav
            assert "actor=dmitry-medvedev" in page.url
        finally:
            page.close()
    assert guard.distinct() == []
