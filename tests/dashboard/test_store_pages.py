"""AppTest for the store's pages on a temporary SQLite database: Add documents and Review."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from lagebild.store import ingest as ingest_mod
from lagebild import paths
from lagebild.dashboard.markup import md_escape
from lagebild.store.db import current, effective_tables, open_store, review, review_queue
from lagebild.store.ingest import DocumentError, FormMeta, form_meta, uploads_to_documents
from lagebild_testdata import DASHBOARD

N_SEEDS = len(list(paths.SEEDS.glob("*.txt")))
ADD, REVIEW = "pages/add_documents.py", "pages/review.py"


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.switch_page(page).run()
    ok(at)
    return at


def ok(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def text_of(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def as_reviewer(at: AppTest, name: str = "Ana") -> AppTest:
    at.text_input(key="_lagebild_reviewer_input").input(name)
    button(at, "Start reviewing").click().run()
    ok(at)
    return at


def test_review_asks_a_name_once_then_shows_the_first_troop_figure_in_context(db_url):
    at = open_page(REVIEW)
    assert "Your name" in text_of(at) and not [b for b in at.button if b.label == "Accept"]
    as_reviewer(at)
    assert "reviewing as **Ana**" in text_of(at)
    first = review_queue(open_store(db_url))[0]
    assert first["table"] == "troop_figures"
    assert first["fact_id"] not in text_of(at)  # no internal id on screen (issue #19)
    shown = [h.proto.body for h in at.get("html")]
    assert any('id="lb-target"' in h and ">" + first["quote"] + "</span>" in h for h in shown)


def test_accept_reject_and_edit_each_bring_up_the_next_fact(db_url):
    at = as_reviewer(open_page(REVIEW))
    engine = open_store(db_url)
    queue = review_queue(engine)
    n = len(queue)
    accept = button(at, "Accept")
    at.text_input(key="review_reason").input("matches the NIS figure")
    accept.click().run()
    ok(at)
    done = current(engine, queue[0]["fact_id"])
    assert (done["status"], done["log"][0]["reviewer"], done["log"][0]["reason"]) == ("confirmed", "Ana",
                                                                                     "matches the NIS figure")
    assert f"**{n - 1:,}** facts waiting" in text_of(at) or f"**{n - 1:,}** fact waiting" in text_of(at)
    assert any(">" + queue[1]["quote"] + "</span>" in h.proto.body for h in at.get("html"))
    assert at.success and at.success[0].value.startswith("Confirmed\\: ") and queue[0]["fact_id"] not in at.success[0].value
    assert at.text_input(key="review_reason").value == ""

    button(at, "Reject").click().run()
    ok(at)
    assert current(engine, queue[1]["fact_id"])["status"] == "rejected"

    third = queue[2]
    field = "modality"
    at.selectbox(key=f"edit_{field}_{third['fact_id']}").set_value("reported")
    button(at, "Save edit").click().run()
    ok(at)
    edited = current(engine, third["fact_id"])
    assert (edited["status"], edited["row"]["modality"]) == ("edited", "reported")


def test_a_stale_decision_is_refused_with_the_current_value(db_url):
    at = as_reviewer(open_page(REVIEW))
    engine = open_store(db_url)
    first = review_queue(engine)[0]
    review(engine, first["fact_id"], "edit", reviewer="Ben", changes={"value": str(first["value"] + 1)})
    button(at, "Accept").click().run()  # Ana still sees version 0
    ok(at)
    assert at.error and "changed by someone else" in at.error[0].value and f"{first['value'] + 1}" in at.error[0].value
    assert current(engine, first["fact_id"])["version"] == 1


def test_history_shows_who_changed_what_and_when(db_url):
    engine = open_store(db_url)
    open_page(REVIEW)  # seeds the database
    first = review_queue(engine)[0]
    review(engine, first["fact_id"], "edit", reviewer="Ben", reason="typo", changes={"value": str(first["value"] + 1)})
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["fact"] = first["fact_id"]
    at.run()
    at.switch_page(REVIEW)
    at.query_params["fact"] = first["fact_id"]
    at.run()
    as_reviewer(at)
    hist = text_of(at)
    assert "**Ben** · edit (value: " in hist and f"→ {first['value'] + 1}" in hist and "“typo”" in hist


def _upload(name: str, data: bytes):
    return SimpleNamespace(name=name, getvalue=lambda: data)


def test_add_documents_stores_a_pasted_text_with_its_metadata_and_shows_it_everywhere(db_url):
    at = open_page(ADD)
    at.text_area(key="add_text").input("Pjöngjang schickt weitere Truppen\nNach Angaben des südkoreanischen "
                                       "Geheimdienstes hat Nordkorea weitere 3.000 Soldaten nach Russland entsandt.")
    at.text_input(key="add_source").input("Yonhap <b>")
    at.selectbox(key="add_language").set_value("de")
    button(at, "Add to the store").click().run()
    ok(at)
    assert at.success and "Added 1 document(s)" in at.success[0].value
    tables = effective_tables(open_store(db_url))
    doc = tables["documents"][tables["documents"]["title"] == "Pjöngjang schickt weitere Truppen"].iloc[0]
    assert doc["source"] == "Yonhap <b>" and doc["language"] == "de"
    assert 3000 in set(tables["troop_figures"]["value"])
    at.switch_page("pages/overview.py").run()
    ok(at)
    assert {m.label: m.value for m in at.metric}["Documents"] == f"{N_SEEDS + 1:,}"
    # The same text again: recognised, not stored twice.
    at.switch_page(ADD).run()
    at.text_area(key="add_text").input("Pjöngjang schickt weitere Truppen\nNach Angaben des südkoreanischen "
                                       "Geheimdienstes hat Nordkorea weitere 3.000 Soldaten nach Russland entsandt.")
    button(at, "Add to the store").click().run()
    assert at.info and "Already stored" in at.info[0].value


def test_uploads_bad_files_are_one_line_each_and_sidecars_apply(db_url):
    meta = form_meta(FormMeta(title=None, source="Analyst upload", url=None, language=None, published=None,
                              precision="month"))
    files = [_upload("a.txt", "Kim traf Putin in Pjöngjang.\n".encode()),
             _upload("a.meta.json", b'{"title": "Gipfel", "published": "2024-06-19"}'),
             _upload("page.html", b"<html><body><article><p>Nordkorea hat rund 11.000 Soldaten nach Kursk entsandt, "
                                  b"berichtete der Geheimdienst am Mittwoch in Seoul.</p></article></body></html>"),
             _upload("empty.md", b""), _upload("latin.txt", "Größe".encode("latin-1")),
             _upload("notes.json", b"{}")]
    out = uploads_to_documents(files, meta)
    errors = [str(d) for d in out if isinstance(d, DocumentError)]
    docs = {d.doc_id: d for d in out if not isinstance(d, DocumentError)}
    assert sorted(docs) == ["a", "page"] and len(errors) == 3 and all("\n" not in e for e in errors)
    assert docs["a"].meta.title == "Gipfel" and docs["a"].meta.source == "Analyst upload"
    assert str(docs["a"].meta.published) == "2024-06-19" and "11.000 Soldaten" in docs["page"].text


def test_a_month_precise_date_keeps_its_precision():
    m = form_meta(FormMeta(None, None, None, None, dt.date(2024, 11, 17), "month"))
    assert (m.published, m.published_precision) == (dt.date(2024, 11, 1), "month")
    rows = ingest_mod.extract_document_records("Kim traf Putin.\n", m, "d")
    assert (rows["documents"][0]["published"], rows["documents"][0]["precision"]) == ("2024-11", "month")


def test_the_store_pages_say_why_they_are_off_on_parquet_tables(small_store):
    for page in (ADD, REVIEW):
        at = open_page(page)
        assert at.info and "needs the database" in at.info[0].value


def test_orphaned_decisions_are_listed_on_the_review_page(db_url, monkeypatch):
    engine = open_store(db_url)
    open_page(REVIEW)  # seeds the database
    lost = review_queue(engine)[0]
    review(engine, lost["fact_id"], "accept", reviewer="Ben", reason="checked")
    real = ingest_mod.extract_document_records
    monkeypatch.setattr(ingest_mod, "extract_document_records", lambda text, meta=None, doc_id=None: {
        **real(text, meta, doc_id), "troop_figures": []})  # new rules no longer find the figure
    ingest_mod.reextract(engine, lambda err: pytest.fail(str(err)))
    at = as_reviewer(open_page(REVIEW))
    box = next(e for e in at.expander if "orphaned decision" in e.label)
    assert box.label.startswith("1 orphaned") and "**Ben**" in box.markdown[0].value
    assert md_escape(lost["quote"]) in box.markdown[0].value


def test_a_decision_rereads_only_the_decided_fact_not_every_fact(db_url, monkeypatch):
    """Issue 12: after each decision the Review page read every fact of the store again (seconds at 10,000
    documents); now the queue loses the decided fact, and the pages read the view index the decision kept,
    which equals a full read."""
    from lagebild.store import db as db_mod
    from lagebild.store.db import tables as tables_mod

    at = as_reviewer(open_page(REVIEW))
    engine = open_store(db_url)
    first = review_queue(engine)[0]
    reads = []
    real = tables_mod.effective_rows
    monkeypatch.setattr(tables_mod, "effective_rows", lambda *a, **k: reads.append(k) or real(*a, **k))
    button(at, "Accept").click().run()
    ok(at)
    button(at, "Reject").click().run()
    ok(at)
    assert reads == []  # neither the tables nor the queue were read in full
    assert current(engine, first["fact_id"])["status"] == "confirmed"
    nxt = review_queue(engine)[0]  # the next fact, as a full read has it
    assert any(">" + nxt["quote"] + "</span>" in h.proto.body for h in at.get("html"))
    from lagebild.dashboard.app import loaders

    from lagebild.dashboard.filters import FilterState
    from lagebild.store.db import queries

    # The pages read the view index (kept by the decision's own transaction), never every fact: what they
    # read after the decisions is what a full read has.
    assert db_url not in loaders._LAST_READ
    full = db_mod.effective_tables(engine)
    with engine.connect() as conn:
        for name in queries.FACT_TABLES:
            assert queries.fact_frame(conn, queries.Where(FilterState()), name).equals(full[name]), name


def test_whats_new_counts_a_document_from_when_it_was_added_not_only_its_publication(db_url, tmp_path):
    """An article published long ago but added today is new to the team since yesterday's briefing; the
    seeds the app starts with are past reporting."""
    engine = open_store(db_url)
    ingest_mod.ensure_seeded(engine)
    (tmp_path / "late.txt").write_text("Spät gemeldet\nNordkorea hat 3.000 Soldaten nach Russland entsandt.\n",
                                       encoding="utf-8")
    (tmp_path / "late.meta.json").write_text('{"title": "Spät gemeldet", "language": "de", "published": "2024-01-05"}',
                                             encoding="utf-8")
    ingest_mod.ingest_paths(engine, [tmp_path / "late.txt"], print)
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["since"] = yesterday
    at.run()
    at.switch_page("pages/whats_new.py").run()
    ok(at)
    assert {m.label: m.value for m in at.metric}["New documents"] == "1"
    assert md_escape("Spät gemeldet") in text_of(at)


def test_an_unknown_fact_in_the_link_says_so_and_the_queue_goes_on(db_url):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.query_params["fact"] = "no-such-fact"
    at.switch_page(REVIEW).run()
    as_reviewer(at)
    assert "no current fact 'no-such-fact'" in at.warning[0].value.replace("\\", "")
    assert not [s for s in at.success if "Nothing left to review" in s.value]
    assert button(at, "Accept")  # the first fact of the queue is up


def test_a_batch_of_more_files_than_the_cap_is_one_line_and_the_help_says_the_limits():
    from lagebild.dashboard.app import intake

    assert intake.batch_refusal(intake.MAX_FILES) is None
    err = intake.batch_refusal(intake.MAX_FILES + 1)
    assert isinstance(err, DocumentError) and f"at most {intake.MAX_FILES}" in str(err) and "\n" not in str(err)
    assert intake.UPLOAD_HELP.startswith(f"Up to {intake.MAX_FILES} files") and "at most 2 MB" in intake.UPLOAD_HELP
    at = open_page(ADD)
    assert at.get("file_uploader")[0].proto.help == intake.UPLOAD_HELP


def test_the_reviewer_is_asked_once_and_kept_across_a_reload_and_a_deep_link(db_url):
    """Issue #19: the name is kept in the address bar (?reviewer=), so a reload or a link to a fact
    does not ask again; the edit form picks actors and places by name, never by internal id."""
    at = as_reviewer(open_page(REVIEW), "Ana Lee")
    assert at.query_params["reviewer"] == "Ana Lee"
    first = review_queue(open_store(db_url))[0]
    again = AppTest.from_file(DASHBOARD, default_timeout=60)
    again.run()
    again.query_params["reviewer"] = "Ana Lee"
    again.query_params["fact"] = first["fact_id"]
    again.switch_page(REVIEW).run()
    ok(again)
    assert "Your name" not in text_of(again) and "reviewing as **Ana Lee**" in text_of(again)
    claimant = again.selectbox(key=f"edit_claimed_by_{first['fact_id']}")
    assert "Ukrainian intelligence services" in claimant.options and "ukrainian-intelligence" not in claimant.options


GERMAN_PAGE = ("<html><head><title>Kursk</title></head><body><article><h1>Nordkorea schickt Truppen</h1>"
               "<p class='date'>3. Dezember 2026</p><p>Nordkorea hat nach Angaben aus Seoul weitere 3.000 Soldaten "
               "nach Russland geschickt, berichtete der Geheimdienst am Mittwoch.</p></article></body></html>").encode()


def test_a_saved_page_keeps_its_own_date_and_the_form_still_wins():
    """Issue #19, item 12: a saved web page's date comes from its metadata or its text (trafilatura)."""
    none = form_meta(FormMeta(None, None, None, None, None, "day"))
    (page,) = uploads_to_documents([_upload("page.html", GERMAN_PAGE)], none)
    assert (page.meta.published, page.meta.published_precision) == (dt.date(2026, 12, 3), "day")
    tagged = (b'<html><head><meta property="article:published_time" content="2025-01-11T08:00:00Z"></head>'
              + GERMAN_PAGE[GERMAN_PAGE.index(b"<body>"):])
    (page,) = uploads_to_documents([_upload("p.html", tagged)], none)
    assert page.meta.published == dt.date(2025, 1, 11)
    given = form_meta(FormMeta(None, None, None, None, dt.date(2024, 11, 1), "month"))
    (page,) = uploads_to_documents([_upload("page.html", GERMAN_PAGE)], given)
    assert (page.meta.published, page.meta.published_precision) == (dt.date(2024, 11, 1), "month")


def test_add_documents_says_when_a_document_has_no_date(db_url):
    at = open_page(ADD)
    at.text_area(key="add_text").input("Pjöngjang schickt Pioniere\nNordkorea hat 1.000 Pioniere nach Kursk entsandt.")
    button(at, "Add to the store").click().run()
    ok(at)
    assert at.warning and "No publication date for 1 document(s): pasted text" in at.warning[0].value
