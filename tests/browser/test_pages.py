"""Every page in a real browser, offline: runs without an exception, draws its charts, makes no outside request."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from harness import PAGES, page_problems, page_url, wait_ready

pytestmark = pytest.mark.browser

# Pages that must show at least this many plotly charts on the committed tables.
MIN_CHARTS = {"overview": 1, "map": 3, "troop_figures": 1, "timeline": 1}
# Pages whose other tabs are worth a picture too.
TAB_SCREENSHOTS = {"map", "troop_figures"}

# Per chart: has its SVG, a non-zero size when visible, and drawn marks (non-trivial paths,
# a MapLibre canvas, or a WebGL canvas).
CHART_STATE_JS = r"""
() => [...document.querySelectorAll('.js-plotly-plot')].map(p => {
  const r = p.getBoundingClientRect();
  const paths = [...p.querySelectorAll('.main-svg .trace path')]
    .filter(e => (e.getAttribute('d') || '').length > 8 && e.getAttribute('d') !== 'M0,0Z').length;
  const canvases = [...p.querySelectorAll('canvas')].filter(c => c.width > 0 && c.height > 0).length;
  const maplibre = [...p.querySelectorAll('canvas.maplibregl-canvas')].map(c => [c.width, c.height]);
  return {svg: !!p.querySelector('.main-svg'), in_tab: !!p.closest('[data-testid="stTabPanel"]'), visible: r.width > 0 && r.height > 0,
          width: r.width, height: r.height, paths, canvases, maplibre};
})
"""


def check_charts(page, name: str) -> list[dict]:
    charts = page.evaluate(CHART_STATE_JS)
    assert len(charts) >= MIN_CHARTS.get(name, 0), f"{name}: expected ≥{MIN_CHARTS.get(name, 0)} plotly charts, found {len(charts)}"
    for i, c in enumerate(charts):
        assert c["svg"], f"{name}: chart {i} has no .main-svg"
        for w, h in c["maplibre"]:
            assert w > 0 and h > 0, f"{name}: chart {i} has a zero-size MapLibre canvas"
        assert c["paths"] > 0 or c["canvases"] > 0, f"{name}: chart {i} drew nothing (no paths, no canvas): {c}"
    hidden = [c for c in charts if not c["visible"] and not c["in_tab"]]
    assert not hidden, f"{name}: charts outside tabs with zero size: {hidden}"
    return charts


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_offline(app, page, guard, screenshots, name):
    page.goto(page_url(app.url, name))
    wait_ready(page)
    assert page_problems(page) == []
    check_charts(page, name)
    # Charts in tabs are laid out when their tab opens: open each tab (last first, so the
    # screenshot shows the first one), check its charts got a real size, keep a picture.
    # Some tabs are built only when opened (a rerun): wait for the app, then check it too.
    tabs = page.locator('[data-testid="stMain"] [data-testid="stTabs"] [data-testid="stTab"]')
    for i in range(tabs.count() - 1, -1, -1):
        t0 = page.evaluate("performance.now()")
        tabs.nth(i).click()
        wait_ready(page, since=t0, quiet_ms=300)
        assert page_problems(page) == [], f"{name}: tab {i + 1}"
        assert tabs.nth(i).get_attribute("aria-selected") == "true", f"{name}: tab {i + 1} did not stay open"
        for j, chart in enumerate(page.locator('[data-testid="stTabPanel"]:visible .js-plotly-plot').all()):
            box = chart.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 150, f"{name}: tab {i + 1}, chart {j}: box {box}"
        if i and name in TAB_SCREENSHOTS:
            page.screenshot(path=str(screenshots / f"{name}-tab{i + 1}.png"))
    # Clicking tabs may have scrolled down: back to the top for the page's picture.
    page.evaluate("() => { window.scrollTo(0, 0); document.querySelectorAll('[data-testid=\"stMain\"], [data-testid=\"stAppViewContainer\"]').forEach(e => e.scrollTo(0, 0)); }")
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / f"{name}.png"))
    assert page.js_errors == [], f"{name}: JavaScript errors: {page.js_errors}"
    assert guard.distinct() == [], f"{name}: requests to outside localhost: {guard.distinct()}"


def test_sources_tables_open_in_their_tab(app, page):
    page.goto(page_url(app.url, "sources"))
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator('[data-testid="stHtml"]').count() == 1 and main.locator('[data-testid="stDataFrame"]').count() == 0
    tabs = main.locator('[data-testid="stTab"]')
    for i in (2, 1, 4, 0):  # events, documents, mentions, the text again
        t0 = page.evaluate("performance.now()")
        tabs.nth(i).click()
        wait_ready(page, since=t0)
        assert tabs.nth(i).get_attribute("aria-selected") == "true"
        grids = main.locator('[data-testid="stTabPanel"]:visible [data-testid="stDataFrame"]')
        assert grids.count() == (0 if i == 0 else 1), f"tab {i}: {grids.count()} tables"
        assert page_problems(page) == []


# Parts built only when opened: (page, expander label, what must then show inside it).
LAZY = [
    ("overview", "Share this view", '[data-testid="stCode"]'),
    ("timeline", "Add this view to a briefing", '[data-testid="stForm"]'),
    ("map", "Export", '[data-testid="stDownloadButton"]'),
    ("troop_figures", "Every reported figure (mention) with provenance", '[data-testid="stDataFrame"]'),
]


@pytest.mark.parametrize("name,label,inside", LAZY, ids=[f"{p}-{label.split()[0].lower()}" for p, label, _ in LAZY])
def test_lazy_parts_open_on_click(app, page, guard, name, label, inside):
    page.goto(page_url(app.url, name))
    wait_ready(page)
    box = page.locator('[data-testid="stExpander"]').filter(has_text=label).first
    assert box.locator(inside).count() == 0  # closed: not built
    box.locator("summary").click()
    try:
        box.locator(inside).first.wait_for(state="visible", timeout=30_000)
    except PlaywrightTimeout:
        # On a loaded machine the first click can land before the widget listens: once more.
        if box.locator(inside).count() == 0:
            box.locator("summary").click()
        box.locator(inside).first.wait_for(state="visible", timeout=30_000)
    wait_ready(page)
    assert page_problems(page) == []
    if label == "Share this view":
        assert "http://127.0.0.1" in box.locator(inside).inner_text()
    assert page.js_errors == [] and guard.distinct() == []


def test_a_short_claims_table_shows_every_row_whole(app, page):
    """What's new at 1920×1080: the two new claims' table was as tall as its rows, less its horizontal scroll bar,
    which cut the second row in half. A table of few rows scrolls neither way but sideways."""
    page.goto(page_url(app.url, "whats_new"))
    wait_ready(page)
    grid = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first
    scroller = grid.locator(".dvn-scroller").first
    heights = scroller.evaluate("e => [e.scrollHeight, e.clientHeight]")
    assert heights[0] <= heights[1] + 1, heights


# Words of the Overview's headline cards drawn on more than one line (a word broken in two).
BROKEN_WORDS_JS = r"""() => {
  const out = [];
  for (const h of document.querySelectorAll('.st-key-lb_latest_claims h3')) {
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const re = /\S+/g; let m;
      while ((m = re.exec(n.textContent))) {
        const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
        if (tops.size > 1) out.push(m[0]);
      }
    }
  }
  return out;
}"""


def test_the_overview_headline_figures_break_no_word_at_1280(app, page):
    """At 1280×720 beside the sidebar the four headline cards read "approximatel / y 11,000"."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(page_url(app.url, "overview"))
    wait_ready(page)
    assert page.locator('.st-key-lb_latest_claims h3').count() >= 3
    assert page.evaluate(BROKEN_WORDS_JS) == []
