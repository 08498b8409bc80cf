"""Issue #19, item 10: no jargon or internals on screen.  "not reviewed", not "machine"; a denied
acknowledgement is "Did not confirm"; sentences counted from 1 in every table; from=2025-01 is a month."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from lagebild import paths
from lagebild.dashboard.app.widgets import with_provenance
from lagebild.dashboard.fmt import REVIEW_BADGE, event_label, review_badge, review_text, review_word
from test_app_pages import run
from test_truth_pages import screen_text


def test_an_unreviewed_fact_says_not_reviewed():
    assert "not reviewed" in review_badge("machine") and "machine" not in review_badge("machine")
    assert review_text(None) == review_word("machine") == "not reviewed"
    assert "orange" not in REVIEW_BADGE["edited"]  # orange means "Russia-aligned"


def test_a_denied_acknowledgement_is_said_plainly():
    assert event_label("acknowledgement", "denied") == "Did not confirm"
    assert event_label("threat", "threatened") == "Threat (threatened)"


def test_no_jargon_on_the_overview_and_the_actor_cards(monkeypatch):
    monkeypatch.setenv("LAGEBILD_TABLES", str(paths.TABLES))
    for page, query in (("pages/overview.py", {"type": "acknowledgement"}), ("pages/actors.py", {})):
        text = screen_text(run(page, query))
        assert "Acknowledgement (denied)" not in text and "machine" not in text, page
        assert "sagte Machthaber" not in text


def test_tables_count_sentences_from_one():
    view = SimpleNamespace(lookup=lambda: SimpleNamespace(doc_titles={"d": "Title"}), link_params=lambda: {})
    out = with_provenance(view, pd.DataFrame({"doc_id": ["d"], "sentence": [0]}))
    assert out["sentence"].tolist() == [1] and out["open"].iloc[0].endswith("sentence=0")  # the link's index


def test_a_month_in_the_address_bar_is_the_month(monkeypatch):
    monkeypatch.setenv("LAGEBILD_TABLES", str(paths.TABLES))
    at = run("pages/overview.py", {"from": "2025-01"})
    assert at.query_params["from"] == "2025-01-01" and not [w for w in at.warning if "from=" in w.value]
