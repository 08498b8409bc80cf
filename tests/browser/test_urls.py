"""Shared links: a URL reproduces a view, survives a page switch, and bad values give a notice."""

from __future__ import annotations

import os
import re

import pytest
from harness import StreamlitServer, page_problems, page_url, select_actor, since_now, wait_ready

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


@pytest.mark.parametrize("path", ["a/b/c?actor=dmitry-medvedev", "map/extra"])
def test_an_unknown_nested_path_shows_page_not_found_not_a_blank_page(app, page, guard, path):
    page.goto(f"{app.url}/{path}")
    wait_ready(page)
    assert page.get_by_text("Page not found").first.is_visible()
    assert page.locator('[data-testid="stSidebarNavLink"]').count() == len(registry.PAGES)  # the app, drawn
    assert page_problems(page) == []
    assert guard.distinct() == []


def test_light_dark_switch_keeps_the_view_and_is_in_the_url(app, page, guard):
    background = 'getComputedStyle(document.querySelector("[data-testid=stApp]")).backgroundColor'

    def dark() -> bool:
        r, g, b = map(int, re.findall(r"\d+", page.evaluate(background))[:3])
        return r + g + b < 150

    page.goto(page_url(app.url, "timeline", "?actor=dmitry-medvedev"))
    wait_ready(page)
    assert not dark()
    switch = page.get_by_test_id("lagebild-theme-switch")
    assert switch.is_visible() and switch.inner_text() == "Switch to dark mode"
    switch.click()
    page.wait_for_url(re.compile(r"embed_options=dark_theme"), timeout=20_000)
    wait_ready(page)
    assert dark() and "actor=dmitry-medvedev" in page.url and "/timeline" in page.url
    assert page.get_by_test_id("lagebild-theme-switch").inner_text() == "Switch to light mode"
    # a page switch keeps the theme (Streamlit drops the parameter from the address bar; the
    # share box puts it back into the link)
    t0 = since_now(page)
    page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Map").click()
    page.wait_for_url(re.compile(r"/map\?"), timeout=20_000)
    wait_ready(page, since=t0)
    assert dark()
    page.get_by_test_id("lagebild-theme-switch").click()
    page.wait_for_url(re.compile(r"embed_options=light_theme"), timeout=20_000)
    wait_ready(page)
    assert not dark() and "actor=dmitry-medvedev" in page.url
    assert page_problems(page) == [] and page.js_errors == []
    assert guard.distinct() == []


def test_a_typed_date_applies_on_enter(app, page):
    page.goto(page_url(app.url, "timeline"))
    wait_ready(page)
    field = page.get_by_label("From", exact=True)
    field.click()
    page.keyboard.type("2024-11")
    t0 = since_now(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"from=2024-11-01"), timeout=20_000)
    wait_ready(page, since=t0)
    box = field.bounding_box()
    assert box and box["width"] > 150  # a full date fits
    assert page_problems(page) == []
