"""Issue #19, items 2 and 3, on the eleven documents in seeds/: the treaty slide names only bodies the
text names and draws no undated event on its time axis; the reactions slide says a third party's
reaction in one plain-English line (who, what, when), a summons is a summons, and the treaty's
parties' own statements are not reactions."""

from __future__ import annotations

import json

import pytest

from lagebild import paths
from lagebild.store import parquet
from lagebild.dashboard import briefing as B
from lagebild.dashboard.briefing.reactions import verb_phrase
from lagebild.dashboard.filters import apply_filters
from test_briefing import open_briefing, unescape  # noqa: F401  (fixtures below)


@pytest.fixture(scope="module")
def corpus():
    return parquet.read_tables(paths.TABLES)


@pytest.fixture
def corpus_store(monkeypatch, tmp_path):
    monkeypatch.setenv("LAGEBILD_TABLES", str(paths.TABLES))
    monkeypatch.setenv(B.BRIEFINGS_ENV, str(tmp_path / "briefings"))


def test_the_treaty_slide_does_not_name_a_body_the_text_does_not_name(corpus):
    treaty = B.default_briefing(corpus).slides[0]
    # "Das russische Parlament ratifizierte den Vertrag am 6. November": not "State Duma"
    assert "State Duma" not in treaty.title + treaty.takeaway
    assert "russische Parlament" in treaty.takeaway


def test_the_treaty_slide_draws_no_undated_event_on_its_time_axis(corpus):
    treaty = B.default_briefing(corpus).slides[0]
    filtered = apply_filters(corpus, B.state_of(treaty.params, corpus)[0])
    fig = json.loads(B.slide_figure(treaty.show, corpus, filtered).to_json())
    # every drawn marker is an event the text dates; the undated are named apart
    drawn = [o for tr in fig["data"] if tr.get("mode") == "markers" for o in tr["marker"]["opacity"]]
    assert drawn and min(drawn) > 0.5
    note = " ".join(a["text"] for a in fig["layout"]["annotations"]).replace("<br>", " ").replace("\u00a0", " ")
    assert "undated in the text, not drawn: " in note and "Treaty termination (1)" in note


def test_reactions_are_third_parties_in_plain_english(corpus):
    slide = B.default_briefing(corpus).slides[2]
    assert slide.show == "cards:reactions"
    text = slide.title + slide.takeaway
    assert "“" not in slide.takeaway and "…" not in slide.takeaway  # no quoted fragments
    assert "Russian Ministry of Defence" not in text and "Korean Central News Agency" not in text
    assert "South Korea condemned North Korea, 28 Apr 2025" in slide.takeaway
    filtered = apply_filters(corpus, B.state_of(slide.params, corpus)[0])
    cards = B.event_cards(filtered, corpus, limit=50, show=slide.show)
    lines = [c["line"] for c in cards]
    assert not any(c["who"] in ("Russian Ministry of Defence", "Russia", "North Korea", "Vladimir Putin") for c in cards)
    summons = [ln for ln in lines if "German Federal Foreign Office" in ln]
    assert summons and all("summoned the envoy of North Korea" in ln and "condemned" not in ln for ln in summons)
    assert all(c["language"] == "German" for c in cards if c["doc_id"].startswith("12_"))


def test_a_summons_is_not_a_condemnation():
    assert verb_phrase("condemnation", "einbestellt", "North Korea") == "summoned the envoy of North Korea"
    assert verb_phrase("condemnation", "summoned", None) == "summoned an envoy"
    assert verb_phrase("condemnation", "verurteilt", None) == "condemned"


def test_the_reactions_slide_on_screen_reads_who_what_when(corpus_store):
    at = open_briefing({"slide": "3"})
    text = unescape("\n".join(m.value for m in at.markdown))
    assert "South Korea condemned North Korea, 28 Apr 2025" in text
    assert "(in German)" in text or "*(in German)*" in text
