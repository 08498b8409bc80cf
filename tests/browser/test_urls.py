"""Shared links: a URL reproduces a view, survives a page switch, and bad values give a notice."""

from __future__ import annotations

import re

import pytest
from harness import page_problems, page_url, select_actor, wait_ready

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
