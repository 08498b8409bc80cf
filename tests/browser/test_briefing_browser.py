"""Briefing mode in a real browser: presenter view, Next/keys move the slide in the URL, nothing leaves
localhost; the exported HTML, opened from disk with every non-file request blocked, draws its charts."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest
from harness import StreamlitServer, page_problems, since_now, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def briefing_app(browser, tmp_path_factory):
    """Our own server: its briefings folder is a fresh temp dir, so the default briefing is the data-built one."""
    folder = tmp_path_factory.mktemp("briefings")
    old = os.environ.get("LAGEBILD_BRIEFINGS")
    os.environ["LAGEBILD_BRIEFINGS"] = str(folder)
    try:
        server = StreamlitServer("dashboard.py", tables=os.environ.get("LAGEBILD_TABLES"))
    finally:
        if old is None:
            os.environ.pop("LAGEBILD_BRIEFINGS", None)
        else:
            os.environ["LAGEBILD_BRIEFINGS"] = old
    yield server
    server.stop()


def slide_param(page) -> str | None:
    return parse_qs(urlsplit(page.url).query).get("slide", [None])[0]


def heading(page) -> str:
    return page.locator('.st-key-lb_head h1').first.inner_text()


def visible_sidebar_width(page) -> float:
    return page.evaluate("""() => {
        const s = document.querySelector('[data-testid="stSidebar"]');
        if (!s) return 0;
        const r = s.getBoundingClientRect();
        return Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
    }""")


def step(page, action) -> None:
    since = since_now(page)
    action()
    wait_ready(page, since)


def test_presenter_mode_next_and_keys_move_the_slide(briefing_app, page, guard, screenshots):
    page.goto(f"{briefing_app.url}/briefing?briefing=default&slide=1")
    wait_ready(page)
    assert page_problems(page) == []
    assert heading(page).startswith("Treaty")
    assert visible_sidebar_width(page) < 5, "the sidebar should start collapsed in presenter mode"
    assert page.locator(".js-plotly-plot .main-svg").count() >= 1
    assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').count() == 0
    page.screenshot(path=str(screenshots / "briefing_slide1.png"))

    step(page, lambda: page.locator(".st-key-lb_next button").click())
    page.wait_for_function("() => new URL(location.href).searchParams.get('slide') === '2'", timeout=10_000)
    assert slide_param(page) == "2"
    assert heading(page).startswith("Deployment")
    page.screenshot(path=str(screenshots / "briefing_slide2.png"))

    page.locator(".st-key-lb_head").click()  # focus the page, not a field
    step(page, lambda: page.keyboard.press("ArrowRight"))
    page.wait_for_function("() => new URL(location.href).searchParams.get('slide') === '3'", timeout=10_000)
    assert heading(page).startswith("Reactions")
    page.screenshot(path=str(screenshots / "briefing_slide3.png"))
    step(page, lambda: page.keyboard.press("PageUp"))
    page.wait_for_function("() => new URL(location.href).searchParams.get('slide') === '2'", timeout=10_000)

    assert page.js_errors == []
    assert guard.distinct() == [], guard.distinct()


def test_exported_html_opens_offline_and_draws_its_charts(briefing_app, browser, page, guard, screenshots, tmp_path):
    page.goto(f"{briefing_app.url}/briefing?briefing=default&slide=2")
    wait_ready(page)
    page.get_by_role("button", name="Export").click()
    with page.expect_download(timeout=120_000) as dl:
        page.get_by_role("button", name="Briefing · HTML (offline, all slides)").click()
    target = tmp_path / "briefing.html"
    dl.value.save_as(target)
    assert guard.distinct() == [], guard.distinct()
    assert target.stat().st_size > 1_000_000  # plotly.js is inside

    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 1920, "height": 1080})

    def only_files(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", only_files)
    context.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:", "about:")) else blocked.append(r.url))
    try:
        doc = context.new_page()
        errors: list[str] = []
        doc.on("pageerror", lambda e: errors.append(str(e)))
        doc.goto(target.as_uri())
        doc.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2", timeout=30_000)
        doc.wait_for_timeout(500)
        charts = doc.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(p => {
            const r = p.getBoundingClientRect();
            return {w: r.width, h: r.height,
                    paths: [...p.querySelectorAll('.trace path')].filter(e => (e.getAttribute('d') || '').length > 8).length};
        })""")
        assert len(charts) == 2, charts
        assert all(c["w"] > 800 and c["h"] > 300 and c["paths"] > 0 for c in charts), charts
        assert doc.locator("section.slide").count() == 3
        assert doc.locator(".sources li").count() >= 3
        doc.screenshot(path=str(screenshots / "briefing_export_html.png"))
        doc.locator("#slide-2").scroll_into_view_if_needed()
        doc.screenshot(path=str(screenshots / "briefing_export_html_map.png"))
        assert errors == []
    finally:
        context.close()
    assert blocked == [], blocked


def test_every_slide_fits_the_projector_without_scrolling(briefing_app, page):
    """1920×1080: title, takeaway, visual and the source footnotes all on screen, nothing below the fold."""
    page.goto(f"{briefing_app.url}/briefing?briefing=default&slide=1")
    wait_ready(page)
    n = int(page.locator('.st-key-lb_controls').inner_text().split("/")[1].split()[0])
    for i in range(1, n + 1):
        if i > 1:
            step(page, lambda: page.locator('.st-key-lb_next button').click())
        bottom = page.evaluate("""() => {
            const els = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVerticalBlock"] > *')];
            return Math.max(...els.map(e => e.getBoundingClientRect().bottom));
        }""")
        sources = page.locator('.st-key-lb_sources').bounding_box()
        assert bottom <= 1080 and sources["y"] + sources["height"] <= 1080, (i, heading(page), bottom)


BOTTOM_JS = """() => Math.max(...[...document.querySelectorAll('[data-testid="stMainBlockContainer"] *')]
    .map(e => e.getBoundingClientRect().bottom))"""
NOTE_JS = """() => [...document.querySelectorAll('.annotation-text')].map(t => {
    const r = t.getBoundingClientRect(), s = t.closest('svg').getBoundingClientRect();
    return [t.textContent, r.left >= s.left - 1 && r.right <= s.right + 1 && r.top >= s.top - 1]; })"""


def test_every_default_slide_fits_the_projector_without_cut_off_notes(briefing_app, page, screenshots):
    """Issue #19, items 7 and 8: at 1920×1080 each default slide ends above the screen's bottom edge (no
    scrolling), and no chart note is cut off by the chart's edge."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    for n in (1, 2, 3):
        page.goto(f"{briefing_app.url}/briefing?briefing=default&slide={n}")
        wait_ready(page)
        page.wait_for_timeout(500)
        bottom = page.evaluate(BOTTOM_JS)
        page.screenshot(path=str(screenshots / f"slide-{n}-1920.png"))
        assert bottom <= 1080, (n, bottom)
        assert all(inside for _, inside in page.evaluate(NOTE_JS)), page.evaluate(NOTE_JS)
