"""Briefing mode in a real browser: presenter view, Next/keys move the slide in the URL, nothing leaves
localhost; the exported HTML, opened from disk with every non-file request blocked, draws its charts."""

from __future__ import annotations

import math
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
        bottom = page.evaluate(FIT_JS)["bottom"]  # a scroll box's content counts up to the box's edge
        sources = page.locator('.st-key-lb_sources').bounding_box()
        assert bottom <= 1080 and sources["y"] + sources["height"] <= 1080, (i, heading(page), bottom)


# The lowest visible edge in the main column (what a scroll box holds counts up to the box's own edge), whether
# the main area scrolls, and where the controls start and the app's header ends (it covers what is under it).
FIT_JS = """() => {
  const clipped = (e) => {
    let b = e.getBoundingClientRect().bottom;
    for (let p = e.parentElement; p && p.dataset.testid !== 'stMain'; p = p.parentElement) {
      const st = getComputedStyle(p);
      if (/(auto|scroll|hidden)/.test(st.overflowY) && p.scrollHeight > p.clientHeight + 1)
        b = Math.min(b, p.getBoundingClientRect().bottom);
    }
    return b;
  };
  const els = [...document.querySelectorAll('[data-testid="stMainBlockContainer"] *')].filter(e => e.getClientRects().length);
  const main = document.querySelector('[data-testid="stMain"]');
  const header = document.querySelector('[data-testid="stHeader"]');
  return {bottom: Math.max(...els.map(clipped)), scrolls: main.scrollHeight > main.clientHeight + 1,
          controls: document.querySelector('.st-key-lb_controls').getBoundingClientRect().top,
          header: header ? header.getBoundingClientRect().bottom : 0};
}"""
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
        fit = page.evaluate(FIT_JS)
        page.screenshot(path=str(screenshots / f"slide-{n}-1920.png"))
        assert fit["bottom"] <= 1080 and not fit["scrolls"], (n, fit)
        assert all(inside for _, inside in page.evaluate(NOTE_JS)), page.evaluate(NOTE_JS)


def open_compact(page, url: str) -> None:
    """``url`` at 1280×720: the first run draws the wide slide, the page's screen probe reports the small
    window and the slide is drawn again for it."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(url)
    wait_ready(page)
    page.wait_for_function("() => document.querySelector('.st-key-lb_head h1') && "
                           "parseFloat(getComputedStyle(document.querySelector('.st-key-lb_head h1')).fontSize) < 30",
                           timeout=30_000)
    wait_ready(page)
    page.wait_for_timeout(500)


def test_every_default_slide_fits_1280x720(briefing_app, page, screenshots):
    """Issue #19, item 7: at 1280×720 every slide overflowed (1,082–1,414 px; 1,290 and 1,440 after the first
    fixes). Title, takeaway, visual and sources end above the screen's bottom edge, the main area does not
    scroll, the controls sit below the app's header, and no chart note is cut off."""
    for n in (1, 2, 3):
        open_compact(page, f"{briefing_app.url}/briefing?briefing=default&slide={n}")
        fit = page.evaluate(FIT_JS)
        page.screenshot(path=str(screenshots / f"slide-{n}-1280.png"))
        assert fit["bottom"] <= 720 and not fit["scrolls"], (n, heading(page), fit)
        assert fit["controls"] >= fit["header"] - 1, (n, fit)
        assert all(inside for _, inside in page.evaluate(NOTE_JS)), page.evaluate(NOTE_JS)
        assert page_problems(page) == []


# The deployment slide's map in screen pixels: its key, its figure boxes and Kursk Oblast's outline.
MAP_PARTS_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const L = gd._fullLayout, xa = L.xaxis, ya = L.yaxis, r = gd.getBoundingClientRect();
  const px = (x, y) => (x === null || y === null) ? null : [r.left + xa._offset + xa.l2p(x), r.top + ya._offset + ya.l2p(y)];
  const path = t => Array.from(t.x, (x, i) => px(x, t.y[i]));
  const traces = gd._fullData;
  const boxes = traces.filter(t => (t.name || '').startsWith('Region figure box')).map(path);
  const kursk = traces.filter(t => t.name === 'Kursk Oblast').map(path);
  const bg = gd.querySelector('g.legend rect.bg');
  const k = bg ? bg.getBoundingClientRect() : null;
  return {boxes, kursk, key: k && [k.left, k.top, k.right, k.bottom]};
}"""


def _rings(points) -> list:
    """Polygons from a plotly path with None between its rings."""
    from shapely.geometry import Polygon

    out, ring = [], []
    for p in [*points, None]:
        if p is None or not all(math.isfinite(c) for c in p):
            if len(ring) >= 3:
                out.append(Polygon(ring).buffer(0))
            ring = []
        else:
            ring.append(p)
    return out


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920", "1280"])
def test_the_deployment_maps_key_and_boxes_leave_kursk_oblast_in_sight(briefing_app, page, size):
    """Issue #19, item 8, on the slide's smaller map: the key covered part of a label box (a horizontal key,
    moved left out of the map by plotly), and the figure boxes covered Kursk Oblast itself."""
    from shapely.geometry import box
    from shapely.ops import unary_union

    url = f"{briefing_app.url}/briefing?briefing=default&slide=2"
    if size == (1280, 720):
        open_compact(page, url)
    else:
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.goto(url)
        wait_ready(page)
    parts = page.evaluate(MAP_PARTS_JS)
    boxes = [b for pts in parts["boxes"] for b in _rings(pts)]
    assert boxes, "the deployment map should label its figures in boxes"
    key = box(*parts["key"])
    for b in boxes:
        assert key.intersection(b).area < 1, ("the key covers a figure box", key.bounds, b.bounds)
    kursk = unary_union([p for pts in parts["kursk"] for p in _rings(pts)])
    covered = kursk.intersection(unary_union(boxes)).area / kursk.area
    assert covered < 0.1, f"figure boxes cover {covered:.0%} of Kursk Oblast"
    assert kursk.intersection(key).area / kursk.area < 0.1
