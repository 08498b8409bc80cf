"""Claims views in a real browser, on the corpus documents: the troop-figure claims and What's new
render offline at 1920×1080 without problems; the repeated accusation is one claim row."""

from __future__ import annotations

import pytest
from claims_corpus import STEMS, corpus_file
from harness import StreamlitServer, page_problems, page_url, wait_ready

from lagebild.store import parquet
from lagebild.extraction import extract_corpus

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def corpus_app(browser, tmp_path_factory):
    tables = parquet.write_tables(extract_corpus([corpus_file(s) for s in STEMS]), tmp_path_factory.mktemp("claims") / "tables")
    server = StreamlitServer("dashboard.py", tables=tables)
    yield server
    server.stop()


def test_claims_views_in_the_browser(corpus_app, page, guard, screenshots):
    page.goto(page_url(corpus_app.url, "troop_figures"))
    wait_ready(page)
    assert page_problems(page) == []
    main = page.locator('[data-testid="stMain"]')
    assert main.locator(".js-plotly-plot").count() >= 1
    legend = main.locator(".js-plotly-plot").first.locator(".legendtext").all_text_contents()
    assert "South Korea + Ukraine + United States" in legend
    # "…, the report added": the UK Ministry of Defence's 11,000, not an unattributed figure; the Joint Chiefs'
    # "an additional 3,000" is an increment, a series of its own, never a step of totals.
    assert "UK Ministry of Defence" in legend and "unattributed in the text" not in legend
    assert "Joint Chiefs of Staff (South Korea) · increments" in legend
    page.screenshot(path=str(screenshots / "claims-troop_figures.png"))

    page.goto(page_url(corpus_app.url, "whats_new", "?since=2025-01-12"))
    wait_ready(page)
    assert page_problems(page) == []
    text = main.inner_text()
    assert "New documents\n\n3" in text or "New documents\n3" in text
    assert "Changed figures per claimant" in text and "reported again since" in text
    assert "since=2025-01-12" in page.url
    page.screenshot(path=str(screenshots / "claims-whats_new.png"))
    assert page.js_errors == [] and guard.distinct() == []
