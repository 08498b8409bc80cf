"""Issue #18 on screen, on every document in seeds/: a figure restated in one article is one claim, the
Overview's cards and the deployment slide never give an increment or a part as a total, and no card says
"unattributed" where the text names a source (AppTest)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from lagebild import claims as claims_mod
from lagebild import paths
from lagebild.store import parquet
from lagebild.dashboard import briefing as B
from lagebild.extraction import extract_corpus
from lagebild_testdata import DASHBOARD


@pytest.fixture(scope="module")
def seed_tables():
    return extract_corpus(sorted(paths.SEEDS.glob("*.txt")))


@pytest.fixture(scope="module")
def seed_store(seed_tables, tmp_path_factory):
    return parquet.write_tables(seed_tables, tmp_path_factory.mktemp("seeds") / "tables")


def unescape(md: str) -> str:
    return re.sub(r"\\(.)", r"\1", md)


def test_a_figure_restated_in_one_article_is_one_claim(seed_tables):
    claims = claims_mod.derive_claims(seed_tables)
    stated = claims[claims["modality"].isin(["asserted", "reported"])]
    for doc in seed_tables["documents"]["doc_id"]:
        mine = stated[stated["doc_ids"].str.split("; ").map(lambda ids: doc in ids)]
        for _, same in mine.groupby(["kind", "scope", "value", "direction"]):
            # Several claims of one figure in one article only where the article names different claimants
            # (never merged); never one of them unattributed, never split by "asserted" against "reported".
            assert len(same) == 1 or (same["claimant"].notna().all() and same["claimant"].nunique() == len(same)), \
                same[["claimant", "quote"]]
    nis_dead = claims[(claims["kind"] == "killed") & (claims["value"] == 2000)]
    assert len(nis_dead) == 1 and nis_dead.iloc[0]["n_reports"] == 3 and nis_dead.iloc[0]["claimant"] == "nis"


def test_overview_cards_are_totals_with_increments_beside_them(seed_store, monkeypatch):
    monkeypatch.setenv("LAGEBILD_TABLES", str(seed_store))
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    cards = [unescape(m.value) for m in at.markdown if "\n\n### " in m.value]
    headings = [re.search(r"### (.+)", c).group(1) for c in cards]
    assert len(cards) >= 3
    # The NIS's "rund 5000 … seit September" and the JCS's "an additional 3,000" are increments: no card has them
    # as its figure; the UK's approximately 11,000 and the Pentagon's range are totals and do.
    assert not any("5,000" in h or "3,000" in h for h in headings), headings
    assert "approximately 11,000" in headings and "11,000–12,000" in headings
    increments = next(unescape(m.value) for m in at.markdown if m.value.startswith("**Increments reported**"))
    assert "+about 5,000 since Sep 2025 (National Intelligence Service (South Korea), reported Dec 2025)" in increments
    assert "+3,000 more (Joint Chiefs of Staff (South Korea)" in increments
    # Where the text names a source, the card names it: only the seed's own 11,000 has none.
    unattributed = [c for c in cards if c.startswith("unattributed in the text")]
    assert [re.search(r"### (.+)", c).group(1) for c in unattributed] in ([], ["about 11,000"])
    # The original deployment and the additional one are never set against each other.
    assert not [w.value for w in at.warning if "3,000" in w.value]


def test_the_deployment_slide_gives_the_range_of_totals_and_who_claims_them(seed_tables):
    deploy = next(s for s in B.default_briefing(seed_tables).slides if s.show == "map:kursk")
    assert deploy.title == "Deployment: more than 10,000 to 12,000 North Korean soldiers (4 claimants)"
    assert "5,000" not in deploy.title and "3,000" not in deploy.title
    assert deploy.takeaway.startswith("Latest totals: ") and "UK Ministry of Defence: approximately 11,000" in deploy.takeaway
    assert "United States: 11,000–12,000" in deploy.takeaway
    assert "Increments, not totals: National Intelligence Service (South Korea): +about 5,000 since Sep 2025" \
        in deploy.takeaway


def test_the_claimant_filter_finds_claims_made_and_relayed(seed_store, monkeypatch):
    monkeypatch.setenv("LAGEBILD_TABLES", str(seed_store))
    for key, value in (("claimant", "lee-seong-kweun"), ("actor", "lee-seong-kweun")):
        at = AppTest.from_file(DASHBOARD, default_timeout=90)
        at.query_params[key] = value
        at.run()
        at.switch_page("pages/troop_figures.py").run()
        assert not at.exception, [e.message for e in at.exception]
        rows = at.dataframe[0].value
        # Lee relays the NIS: the NIS's figures he cites are found, under the NIS's name with his as the relay.
        assert len(rows) and set(rows["claimant"]) == {"National Intelligence Service (South Korea) (via Lee Seong-kweun)"}
        assert at.query_params[key] in (value, [value])  # the view stays in the address bar
