"""The claims views under AppTest on the corpus: the repeated accusation is one step with both
sources, and the Overview's headline is the latest claim per claimant."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from lagebild.store import parquet
from lagebild.dashboard.markup import md_escape
from lagebild.extraction import extract_corpus
from lagebild_testdata import DASHBOARD
from claims_corpus import STEMS, corpus_file


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    tables = extract_corpus([corpus_file(s) for s in STEMS])
    return parquet.write_tables(tables, tmp_path_factory.mktemp("corpus") / "tables")


def run(page: str, monkeypatch, folder) -> AppTest:
    monkeypatch.setenv("LAGEBILD_TABLES", str(folder))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_troop_figures_shows_the_accusation_once_with_both_sources(corpus_store, monkeypatch):
    at = run("pages/troop_figures.py", monkeypatch, corpus_store)
    deployment = json.loads(at.get("plotly_chart")[0].proto.spec)
    joint = [t for t in deployment["data"] if t.get("name") == "South Korea + Ukraine + United States"]
    assert len(joint) == 1
    (hover,) = joint[0]["hovertext"]  # one step, not one mark per article
    assert "more than 10,000" in hover and "2 reports, 2 independent sources" in hover
    assert "Ukraine: 300 Nordkoreaner gefallen?" in hover and "questioning POWs" in hover
    claims = at.dataframe[0].value
    row = claims[claims["claimant"] == "South Korea + Ukraine + United States"]
    assert row["reports"].tolist() == [2] and row["figure"].tolist() == ["more than 10,000"]


def test_overview_headline_is_latest_claim_per_claimant(corpus_store, monkeypatch):
    at = run("pages/overview.py", monkeypatch, corpus_store)
    md = [m.value for m in at.markdown]
    # Several claimants, each with its own figure; no single "latest number".
    joint = [m for m in md if m.startswith(md_escape("South Korea + Ukraine + United States"))]
    assert len(joint) == 1 and "### " + md_escape("more than 10,000") in joint[0]
    assert md_escape("2 reports, 2 independent sources") in joint[0]
    assert sum(m.count("\n\n### ") for m in md) >= 3
    assert not any(m.label == "Latest reported North Korean troops deployed" for m in at.metric)
    # The Joint Chiefs' 3,000 (June 2025) and the accusation's "more than 10,000" (January 2025) are five
    # months apart: a later count, not a disagreement (the notice compares the same count at the same time).
    assert not [w.value for w in at.warning if w.value.startswith("Claimants differ")]


def test_sources_marks_new_and_repeated_facts(corpus_store, monkeypatch):
    """OVB (Jan 13) repeats the accusation AFP (Jan 11) reported first; AFP's own copy is new there."""
    from lagebild.dashboard.markup import md_escape

    monkeypatch.setenv("LAGEBILD_TABLES", str(corpus_store))
    shown = {}
    for doc in ("16_ovb-300-nordkoreaner-gefallen", "25_digitaljournal-afp-pows"):
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        at.query_params["source"] = doc
        at.run()
        at.switch_page("pages/sources.py").run()
        assert not at.exception, [e.message for e in at.exception]
        shown[doc] = next(m.value for m in at.markdown if m.value.startswith("**In this document:**"))
    ovb, afp = shown.values()
    assert md_escape("more than 10,000 deployed (South Korea + Ukraine + United States) — first reported 11 Jan 2025") in ovb
    assert "repeating an earlier report" in afp and "more than 10,000" not in afp.replace("\\", "")


def test_past_a_years_reports_the_novelty_line_is_worked_out_when_asked(corpus_store, monkeypatch):
    """Whether a document's reports are new groups every report of the view: past ``NOVELTY_ON_REQUEST`` the
    text shows at once with a button, and the line comes on the click (and stays for the next document)."""
    from lagebild.dashboard.app import claims_blocks

    monkeypatch.setenv("LAGEBILD_TABLES", str(corpus_store))
    monkeypatch.setattr(claims_blocks, "NOVELTY_ON_REQUEST", 10)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["source"] = "16_ovb-300-nordkoreaner-gefallen"
    at.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert not [m for m in at.markdown if m.value.startswith("**In this document:**")]
    (ask,) = [b for b in at.button if b.key == "sources_novelty"]
    assert "reports are new" in ask.label and at.get("html")  # the text is shown meanwhile
    ask.click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [m for m in at.markdown if m.value.startswith("**In this document:**")]
    assert not [b for b in at.button if b.key == "sources_novelty"]
