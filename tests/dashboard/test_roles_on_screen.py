"""Issue #19, item 1: who did what to whom on cards and the Overview.  An event is listed under an
actor only in the role it has (agent: what it did or said; patient: what was done to it or said
about it), and an actor's roles are listed once per meaning, in English."""

from __future__ import annotations

import re

import pytest

from lagebild import paths
from lagebild.dashboard.roles import did, done_to, role_line, role_meanings
from test_app_pages import run

TABLES = paths.DATA / "tables"  # the corpus in seeds/, as extracted (a test fails when they are stale)


@pytest.fixture
def corpus_store(monkeypatch):
    monkeypatch.setenv("LAGEBILD_TABLES", str(TABLES))


def card_of(at) -> str:
    (card,) = [c.value for c in at.markdown if c.value.startswith("### ")]
    return card


def section(card: str, heading: str) -> str:
    m = re.search(rf"\*\*{heading} \(\d+\):\*\*([^\n]*)", card)
    return m.group(1) if m else ""


def test_north_koreas_card_lists_its_captured_soldiers_under_what_was_done_to_it(corpus_store):
    card = card_of(run("pages/actors.py", {"actor": "north-korea"}))
    assert "captured" not in section(card, "What it did or said"), card
    assert "its soldiers captured by" in section(card, "Done to it or said about it"), card


def test_the_armys_card_does_not_credit_it_with_the_pentagons_statement(corpus_store):
    card = card_of(run("pages/actors.py", {"actor": "korean-peoples-army"}))
    did_part = section(card, "What it did or said")
    assert "spoke" not in did_part and "captured" not in did_part, card
    assert "its soldiers captured by Ukraine" in section(card, "Done to it or said about it"), card


@pytest.mark.parametrize("actor, role", [("vladimir-putin", "President"), ("kim-jong-un", "Leader")])
def test_a_role_is_listed_once_per_meaning_in_english(corpus_store, actor, role):
    card = card_of(run("pages/actors.py", {"actor": actor}))
    line = re.search(r"Role: \*([^*]*)\*", card).group(1)
    assert line == role, card


def test_role_meanings_fold_languages_and_demonyms():
    assert role_meanings("russischen Präsidenten; russische Präsident; Russian President; President; "
                         "Russia’s President") == ["President"]
    assert role_meanings("Machthaber; Nordkoreas Machthaber; North Korean leader") == ["Leader"]
    assert role_meanings("North Korean Vice Foreign Minister") == ["Vice Foreign Minister"]
    assert role_meanings(None) == []


def test_role_phrases_never_name_a_party_the_event_does_not_have():
    assert did("capture", "North Korea") == "captured soldiers of North Korea"
    assert did("condemnation", None) == "condemned"
    assert done_to("capture", None) == "its soldiers captured by (not named)"
    line = role_line({"type": "capture", "source": None, "target": "north-korea"}, {"north-korea": "North Korea"}.get)
    assert line == "(agent not named) captured soldiers of North Korea"


def test_the_overview_says_who_did_what_to_whom(corpus_store):
    at = run("pages/overview.py", {"type": "capture"})
    heads = [m.value.split("\n\n")[0] for m in at.markdown if "Capture" in m.value]
    assert heads and all("captured soldiers of" in h for h in heads), heads
    assert not any("North Korea captured" in h for h in heads), heads
