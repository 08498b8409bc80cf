"""What's new since a date: the comparison (pure) and the page (AppTest), on the corpus."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lagebild.store import parquet
from lagebild.dashboard import whatsnew as wn
from lagebild.dashboard.markup import md_escape
from lagebild.extraction import extract_corpus
from lagebild_testdata import DASHBOARD
from claims_corpus import STEMS, corpus_file

OVB, AFP = "16_ovb-300-nordkoreaner-gefallen", "25_digitaljournal-afp-pows"


def test_since_compares_with_what_had_arrived(corpus):
    new = wn.whats_new(corpus, "2025-01-12")
    # The AFP article (Jan 11) was known; OVB (Jan 13), Donga (June) and Kurier (Sept) are new.
    assert set(new.new_documents["doc_id"]) == set(corpus["documents"]["doc_id"]) - {AFP}
    # The accusation was known on Jan 12 and only reported again on Jan 13: not a new claim.
    accusation = new.repeated_claims[new.repeated_claims["claimant"] == "south-korea; ukraine; usa"]
    assert len(accusation) == 1 and "south-korea; ukraine; usa" not in set(new.new_claims["claimant"].dropna())
    assert (new.new_claims["first_reported"] > "2025-01-12").all()
    assert (new.new_events["first_reported"] > "2025-01-12").all()
    assert new.review is None  # the review hook: no review status without the database store
    # Nothing is new after the last document.
    later = wn.whats_new(corpus, "2025-12-31")
    assert len(later.new_documents) == len(later.new_claims) == len(later.new_events) == 0 and later.changes == []


def test_changed_figure_per_claimant_line():
    before = {"claimant": "nis", "value": 3000, "direction": "exact", "qualifier": None, "value_max": pd.NA,
              "kind": "deployed", "first_reported": "2024-10-18", "last_reported": "2024-10-18", "scope": "total"}
    after = {**before, "value": 10000, "first_reported": "2024-12-02", "last_reported": "2024-12-05"}
    line = wn.change_line({"claimant": "nis", "before": before, "after": after}, {"nis": "NIS"})
    assert line == "NIS: 3,000 (reported 18 Oct 2024) → 10,000 deployed (reported 2 Dec 2024 – 5 Dec 2024)"
    # An increment is followed as one, never as a new total.
    more = {**after, "value": 3000, "scope": "increment", "since": "2025-01", "since_precision": "month"}
    line = wn.change_line({"claimant": "nis", "scope": "increment", "before": None, "after": more}, {"nis": "NIS"})
    assert line == "NIS: first increment — +3,000 since Jan 2025 deployed (reported 2 Dec 2024 – 5 Dec 2024)"


def test_arrival_prefers_an_ingest_time_when_the_table_has_one():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "published": ["2024-01-01", None],
                         "ingested_at": [pd.Timestamp("2024-03-05 10:00"), pd.NaT]})
    assert wn.arrival(docs).tolist() == ["2024-03-05", None]


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    return parquet.write_tables(extract_corpus([corpus_file(s) for s in STEMS]), tmp_path_factory.mktemp("wn") / "tables")


def run(monkeypatch, folder, since: str | None) -> AppTest:
    monkeypatch.setenv("LAGEBILD_TABLES", str(folder))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    if since is not None:
        at.query_params["since"] = since
    at.run()
    at.switch_page("pages/whats_new.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_whats_new_page_from_a_shared_link(corpus_store, monkeypatch):
    at = run(monkeypatch, corpus_store, "2025-01-12")
    assert at.title[0].value == "What's new"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["New documents"] == "3"
    md = "\n".join(m.value for m in at.markdown)
    assert md_escape("Ukraine: 300 Nordkoreaner gefallen?") in md
    assert any("reported again since" in c.value for c in at.caption)
    # Parquet tables carry no decision log: the page says so instead of listing nothing.
    assert any("Not available: these tables come from files without review decisions" in c.value for c in at.caption)
    assert at.query_params["since"] in ("2025-01-12", ["2025-01-12"])  # the shared link keeps its date


def test_a_typed_since_applies_on_enter_and_a_month_is_its_first_day(corpus_store, monkeypatch):
    at = run(monkeypatch, corpus_store, None)
    at.text_input(key="since").input("2025-01").run()  # what Enter does in the browser
    assert not at.exception and not at.warning
    assert at.text_input(key="since").value == "2025-01"  # (the binding writes it to the URL in a browser)
    by_month = {m.label: m.value for m in at.metric}
    assert run(monkeypatch, corpus_store, "2025-01-01").metric[0].value == by_month["New documents"]


def test_a_bad_since_is_one_line_and_the_page_still_works(corpus_store, monkeypatch):
    at = run(monkeypatch, corpus_store, "2025-13-01")
    assert len(at.warning) == 1 and "not a date" in at.warning[0].value
    assert at.metric


def test_changes_slide_recomputes_when_the_data_grows(corpus_docs):
    """A slide saved when only the AFP article was in: presented later, it lists what came since."""
    from lagebild.dashboard import briefing as B
    from lagebild.dashboard.export import briefing_html
    from claims_corpus import combine

    early = combine([corpus_docs[AFP]])
    slide = B.slide_from_view("whats_new", "changes", B.state_of({}, {**early, "actors": corpus_docs[AFP]["actors"]})[0],
                              early, early)
    assert slide.kind == "changes" and wn.slide_since(slide) == "2025-01-11"
    full = {**combine([corpus_docs[s] for s in STEMS]), "actors": pd.concat([d["actors"] for d in corpus_docs.values()]).drop_duplicates("id")}
    lines = wn.slide_lines(wn.whats_new(full, wn.slide_since(slide)), B.names_of(full))
    assert lines[0].startswith("Since 2025-01-11: 3 new document(s)")
    assert "1 claim(s) reported again" in lines[0]  # the accusation, repeated by OVB on Jan 13
    assert wn.slide_lines(wn.whats_new(early, "2025-01-11"), {})[0].startswith("Since 2025-01-11: 0 new document(s)")
    html = briefing_html(B.Briefing("t", [slide], "T"), {**full, "places": corpus_docs[AFP]["places"],
                                                        "dates": corpus_docs[AFP]["dates"]})
    assert "Since 2025-01-11: 3 new document(s)" in html


def test_briefing_presents_the_changes_slide(corpus_store, monkeypatch, tmp_path):
    from lagebild.dashboard import briefing as B

    slide = B.Slide(page="whats_new", show="changes", title="What changed since the last briefing",
                    as_of="2025-01-11", params={})
    B.save(B.Briefing("weekly", [slide], "Weekly"), tmp_path)
    monkeypatch.setenv("LAGEBILD_BRIEFINGS", str(tmp_path))
    monkeypatch.setenv("LAGEBILD_TABLES", str(corpus_store))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["briefing"] = "weekly"
    at.query_params["slide"] = "1"
    at.run()
    at.switch_page("pages/briefing.py").run()
    assert not at.exception, [e.message for e in at.exception]
    md = "\n".join(m.value for m in at.markdown)
    assert md_escape("Since 2025-01-11: 3 new document(s)") in md
    # And the What's new page offers this slide in "Add this view to a briefing".
    assert B.PAGE_VISUALS["whats_new"] == ["changes"]


def test_review_changes_lists_corrections_and_rejections_after_the_day():
    t = pd.Timestamp
    log = pd.DataFrame([
        dict(fact_id="f1", doc_id="d1", table="troop_figures", quote="3.000 Soldaten", action="edit",
             changed={"value": (3000, 10000)}, reviewer="Ben", reason="typo", decided_at=t("2025-02-02 09:30", tz="UTC"),
             status_after="edited"),
        dict(fact_id="f2", doc_id="d2", table="events", quote="signed", action="reject", changed={}, reviewer="Ana",
             reason=None, decided_at=t("2025-02-03 10:00", tz="UTC"), status_after="rejected"),
        dict(fact_id="f3", doc_id="d1", table="events", quote="met", action="accept", changed={}, reviewer="Ana",
             reason=None, decided_at=t("2025-02-03 11:00", tz="UTC"), status_after="confirmed"),
        dict(fact_id="f4", doc_id="d1", table="events", quote="old", action="reject", changed={}, reviewer="Ana",
             reason=None, decided_at=t("2025-02-01 23:59", tz="UTC"), status_after="rejected"),
    ])
    out = wn.review_changes(log, "2025-02-01")
    assert out[["when", "reviewer", "action", "what", "table", "quote"]].values.tolist() == [
        ["2025-02-03 10:00 UTC", "Ana", "rejected", "", "an event", "signed"],
        ["2025-02-02 09:30 UTC", "Ben", "corrected", "value: 3000 → 10000", "a troop figure", "3.000 Soldaten"]]
    assert wn.review_changes(log, "2025-02-01", doc_ids=["d1"])["fact_id"].tolist() == ["f1"]  # the filtered documents
    assert wn.confirmed_count(log, "2025-02-01") == 1
    assert wn.review_changes(None, "2025-02-01") is None


def test_whats_new_page_lists_review_corrections_from_the_store(db_url):
    """On the database store the page lists who corrected or rejected which fact since the date, with its quote."""
    from lagebild.store.db import open_store, review, review_queue

    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()  # seeds the store
    engine = open_store(db_url)
    queue = review_queue(engine)
    fig = next(r for r in queue if r["table"] == "troop_figures")
    event = next(r for r in queue if r["table"] == "events")
    review(engine, fig["fact_id"], "edit", reviewer="Ben <b>", changes={"value": str(fig["value"] + 1)}, reason="typo")
    review(engine, event["fact_id"], "reject", reviewer="Ana", reason="not an event")
    yesterday = (pd.Timestamp.now(tz="UTC") - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["since"] = yesterday
    at.run()
    at.switch_page("pages/whats_new.py").run()
    assert not at.exception, [e.message for e in at.exception]
    md = "\n".join(m.value for m in at.markdown)
    change = md_escape(f"value: {fig['value']} → {fig['value'] + 1}")
    assert f"**{md_escape('Ben <b>')}** corrected a troop figure — {change}" in md
    assert f"“{md_escape(fig['quote'])}”" in md and "reason: “typo”" in md
    assert "**Ana** rejected an event" in md
    assert f"“{md_escape(event['quote'])}”" in md
    # Since today: nothing decided after it.
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["since"] = pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d")
    at.run()
    at.switch_page("pages/whats_new.py").run()
    assert any("Nothing corrected or rejected in review after" in c.value for c in at.caption)


def test_a_month_only_document_makes_its_claims_possibly_new_on_the_page(tmp_path, monkeypatch):
    """The Kurier article with a sidecar that knows only the month ("2025-09"): since 2025-09-10 its claims
    are possibly new (listed apart, said why), and they read "reported Sep 2025", never a day."""
    import json
    import shutil

    stem = "19_kurier-nis-2000-gefallen"
    shutil.copy(corpus_file(stem), tmp_path / f"{stem}.txt")
    meta = json.loads(corpus_file(stem).with_suffix(".meta.json").read_text(encoding="utf-8"))
    meta.update(published="2025-09", published_precision="month")
    (tmp_path / f"{stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    folder = parquet.write_tables(extract_corpus([tmp_path / f"{stem}.txt", corpus_file(AFP)]), tmp_path / "tables")
    at = run(monkeypatch, folder, "2025-09-10")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["New documents"] == "0" and metrics["New claims"] == "0"
    assert any(h.value == "Possibly new" for h in at.subheader)
    assert any("Published in a month (or year) that includes 2025-09-10" in c.value for c in at.caption)
    table = next(d.value for d in at.dataframe if "first reported" in d.value)
    assert set(table["first reported"]) == {"Sep 2025"}
    # Since the end of August the whole month is after the day: new, and counted.
    at = run(monkeypatch, folder, "2025-08-31")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["New documents"] == "1" and int(metrics["New claims"]) > 0
    assert not any(h.value == "Possibly new" for h in at.subheader)


def test_arrivals_by_source_counts_the_new_documents_per_source_most_first():
    new = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "source": ["Yonhap", "dpa", "Yonhap", None],
                        "arrived": ["2024-11-02", "2024-11-03", "2024-11-04", "2024-11-01"]})
    out = wn.arrivals_by_source(new)
    assert out.to_dict("records") == [{"source": "Yonhap", "documents": 2, "latest": "2024-11-04"},
                                      {"source": "dpa", "documents": 1, "latest": "2024-11-03"},
                                      {"source": "source unknown", "documents": 1, "latest": "2024-11-01"}]
    assert len(wn.arrivals_by_source(new.iloc[:0])) == 0


def test_an_uploaded_documents_claims_are_new_with_it(corpus):
    """Issue #19, item 6: a document uploaded after the day (ingested then, published long before) is
    a new document, and its claims are new claims: both are counted by arrival."""
    docs = corpus["documents"].assign(ingested_at=None)
    upload = docs["doc_id"] == AFP  # published 11 Jan 2025, uploaded much later
    docs.loc[upload, "ingested_at"] = "2026-12-07T10:00:00+00:00"
    tables = {**corpus, "documents": docs}
    new = wn.whats_new(tables, "2025-12-31")
    assert list(new.new_documents["doc_id"]) == [AFP]
    assert len(new.new_claims) and set(new.new_claims["doc_ids"].str.split("; ").explode()) == {AFP}
    assert "two wounded soldiers" in set(new.new_claims["quote"])
