"""The database store on SQLite and PostgreSQL: migrations, ingest, review, re-extraction."""

from __future__ import annotations

import hashlib
import pathlib
import signal
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest
from sqlalchemy import func, inspect, select

from lagebild import paths, schemas
from lagebild.store import ingest as ingest_mod
from lagebild.store.db import ReviewError, StaleEdit, current, effective_tables, open_store, orphaned_decisions, review, \
    review_queue
from lagebild.store.db import models as m
from lagebild.store.db import records
from lagebild.store.db.connect import make_engine, upgrade
from lagebild.extraction import extract_corpus
from lagebild_testdata import store_as_before_0006

SEED_TXT = sorted(paths.SEEDS.glob("*.txt"))


def _ingest(engine, *inputs) -> tuple[list, list[str]]:
    errors: list[str] = []
    out = ingest_mod.ingest_paths(engine, inputs or [paths.SEEDS], lambda err: errors.append(str(err)))
    return out, errors


def _figure(engine) -> dict:
    return next(r for r in review_queue(engine) if r["table"] == "troop_figures")


def test_migrations_from_empty_reach_the_latest_schema(engine):
    names = set(inspect(engine).get_table_names())
    assert {"documents", "runs", "extractions", "facts", "decisions", "alembic_version",
            "feed_items", "feed_state", "fetch_log", "view_facts", "view_actors"} <= names
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0007"
    assert "ix_facts_fact" in {i["name"] for i in inspect(engine).get_indexes("facts")}  # one fact by its id


def test_troop_figures_stored_before_scopes_upgrade_to_unclear_never_to_a_guessed_total(db_url):
    from sqlalchemy import select, update

    from lagebild.store.db.models import facts

    old = make_engine(db_url)
    upgrade(old, "0003")
    store_as_before_0006(old, SEED_TXT[0].read_text(encoding="utf-8"), "old-doc")
    with old.begin() as conn:  # what an engine before scopes stored: no scope, since or relay
        for fid, data in conn.execute(select(facts.c.fact_id, facts.c.data).where(facts.c.fact_type == "troop_figures")).all():
            stripped = {k: v for k, v in data.items() if k not in ("scope", "since", "since_precision", "relayed_by")}
            conn.execute(update(facts).where(facts.c.fact_id == fid).values(data=stripped))
    old.dispose()

    engine = open_store(db_url)
    figs = effective_tables(engine)["troop_figures"]
    assert len(figs) and set(figs["scope"]) == {"unclear"} and figs["since"].isna().all()
    with engine.connect() as conn:
        data = conn.execute(select(facts.c.data).where(facts.c.fact_type == "troop_figures")).scalars().first()
    assert data["scope"] == "unclear" and "relayed_by" in data
    engine.dispose()


def test_documents_stored_before_wire_credits_get_theirs_on_upgrade(db_url):
    """A store from before 0006 keeps its documents; each gets the wire credit its text carries (what the
    claims count as one source), found once by the migration, not by every reader."""
    old = make_engine(db_url)
    upgrade(old, "0005")
    from lagebild.claims import rules
    from lagebild.claims.sources import wire_of

    credited = [p for p in SEED_TXT if "AFP" in p.read_text(encoding="utf-8")]
    plain = [p for p in SEED_TXT if wire_of(p.read_text(encoding="utf-8"), rules.load()) is None]
    assert credited and plain
    store_as_before_0006(old, credited[0].read_text(encoding="utf-8"), "wired")
    store_as_before_0006(old, plain[0].read_text(encoding="utf-8"), "own")
    old.dispose()

    engine = open_store(db_url)
    docs = effective_tables(engine)["documents"].set_index("doc_id")
    assert docs.at["wired", "wire"] == "afp" and docs.at["own", "wire"] == ""
    engine.dispose()


def test_a_database_of_the_previous_version_upgrades_in_place_and_keeps_its_data(db_url):
    old = make_engine(db_url)
    upgrade(old, "0001")
    assert "decisions" not in inspect(old).get_table_names()
    n_facts = store_as_before_0006(old, SEED_TXT[0].read_text(encoding="utf-8"), "old-doc")
    old.dispose()

    engine = open_store(db_url)  # what every start does
    tables = effective_tables(engine)
    assert list(tables["documents"]["doc_id"]) == ["old-doc"]
    assert len(tables["troop_figures"]) + len(tables["events"]) + len(tables["mentions"]) + len(tables["dates"]) \
        == n_facts
    fid = tables["troop_figures"]["fact_id"].iloc[0]
    assert review(engine, fid, "accept", reviewer="ana")["status"] == "confirmed"
    engine.dispose()


def test_effective_tables_equal_the_extraction_of_the_same_documents(engine):
    _ingest(engine)
    got = effective_tables(engine)
    want = extract_corpus([paths.SEEDS])
    for name in schemas.TABLES:
        g = got[name].drop(columns=schemas.REVIEW_COLUMNS + schemas.ARRIVAL_COLUMNS, errors="ignore")
        key = "id" if name in ("actors", "places") else list(g.columns)[:6]
        pd.testing.assert_frame_equal(g.sort_values(key).reset_index(drop=True),
                                      want[name].sort_values(key).reset_index(drop=True), check_dtype=False)
    for name in schemas.FACT_TABLES:
        assert set(got[name]["review_status"]) <= {"machine"}
        assert got[name]["fact_id"].is_unique


def test_a_document_arrives_when_ingested_and_the_first_start_seeds_at_their_publication(engine, tmp_path):
    """What's new counts a document from when the team added it; the seeds the app starts with are past
    reporting (no ingest time: they arrive at their publication date)."""
    ingest_mod.ensure_seeded(engine)
    docs = effective_tables(engine)["documents"]
    assert len(docs) == len(SEED_TXT) and docs["ingested_at"].isna().all()
    (tmp_path / "new.txt").write_text("Bericht\nNordkorea hat 3.000 Soldaten nach Russland entsandt.\n", encoding="utf-8")
    _ingest(engine, tmp_path / "new.txt")
    docs = effective_tables(engine)["documents"].set_index("doc_id")
    when = pd.Timestamp(docs.loc["new", "ingested_at"])
    assert when.tzinfo is not None and abs(pd.Timestamp.now(tz="UTC") - when) < pd.Timedelta(minutes=5)


def test_the_same_document_twice_is_recognised_not_duplicated(engine, tmp_path):
    first, _ = _ingest(engine)
    copy = tmp_path / "renamed-copy.txt"
    copy.write_text(SEED_TXT[0].read_text(encoding="utf-8"), encoding="utf-8")
    again, errors = _ingest(engine, paths.SEEDS, copy)
    assert errors == []
    assert all(o.added for o in first)
    assert [o.added for o in again] == [False] * len(again)
    assert {o.doc_id for o in again} == {o.doc_id for o in first}
    tables = effective_tables(engine)
    assert len(tables["documents"]) == len(SEED_TXT)
    assert tables["troop_figures"]["fact_id"].is_unique


def test_a_different_text_under_a_known_name_is_kept_beside_it(engine, tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    (tmp_path / "a" / "note.txt").write_text("Kim Jong-un traf Putin in Pjöngjang.\n", encoding="utf-8")
    (tmp_path / "b" / "note.txt").write_text("Russland ratifizierte den Vertrag am 6. November 2024.\n",
                                             encoding="utf-8")
    out, errors = _ingest(engine, tmp_path / "a", tmp_path / "b")
    assert errors == [] and all(o.added for o in out)
    assert out[0].doc_id == "note" and out[1].doc_id.startswith("note_")
    assert len(effective_tables(engine)["documents"]) == 2


def test_review_accept_edit_reject_and_the_history(engine):
    _ingest(engine)
    fig = _figure(engine)
    done = review(engine, fig["fact_id"], "accept", reviewer="ana", expected_version=0)
    assert (done["status"], done["version"]) == ("confirmed", 1)
    edited = review(engine, fig["fact_id"], "edit", reviewer="ben", reason="source says 12,000",
                    changes={"value": "12000", "high": "13200", "claimed_by": "south-korea"}, expected_version=1)
    assert edited["status"] == "edited" and edited["row"]["value"] == 12000
    assert edited["row"]["quote"] == fig["quote"]  # provenance untouched
    row = effective_tables(engine)["troop_figures"].set_index("fact_id").loc[fig["fact_id"]]
    assert (row["value"], row["high"], row["claimed_by"], row["review_status"]) == (12000, 13200, "south-korea", "edited")
    log = current(engine, fig["fact_id"])["log"]
    assert [(d["reviewer"], d["action"], d["reason"]) for d in log] == [
        ("ana", "accept", None), ("ben", "edit", "source says 12,000")]
    assert all(d["decided_at"] is not None for d in log)

    event = next(r for r in review_queue(engine) if r["table"] == "events")
    review(engine, event["fact_id"], "reject", reviewer="ana", reason="not an event")
    assert event["fact_id"] not in set(effective_tables(engine)["events"]["fact_id"])
    assert event["fact_id"] not in {r["fact_id"] for r in review_queue(engine)}


@pytest.mark.parametrize("changes, message", [
    ({"kind": "invented"}, "kind 'invented' must be one of deployed, "),
    ({"value": "many"}, "whole number"),
    ({"value": str(10**30)}, "whole number from 0 to"),
    ({"value": "-5"}, "whole number from 0 to"),
    ({"date": "2025-13-45"}, "calendar date"),
    ({"date": "2024-02-30"}, "calendar date"),
    ({"subject": "x" * 100_000}, "too long"),
    ({"modality": "maybe"}, "modality 'maybe' must be one of asserted"),
    ({"low": "99999999"}, "bounds"),
    ({"quote": "rewritten"}, "cannot be edited"),
    ({}, "at least one"),
])
def test_an_invalid_edit_is_refused_and_nothing_is_logged(engine, changes, message):
    _ingest(engine)
    fig = _figure(engine)
    with pytest.raises(ReviewError, match=message) as refused:
        review(engine, fig["fact_id"], "edit", reviewer="ana", changes=changes)
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 300 and "{" not in str(refused.value)
    assert current(engine, fig["fact_id"])["version"] == 0


def test_a_stale_edit_is_refused_with_the_current_value(engine):
    _ingest(engine)
    fig = _figure(engine)
    review(engine, fig["fact_id"], "edit", reviewer="ana", changes={"value": "11500"}, expected_version=0)
    with pytest.raises(StaleEdit, match="11500") as exc:
        review(engine, fig["fact_id"], "edit", reviewer="ben", changes={"value": "10000"}, expected_version=0)
    assert exc.value.current["value"] == 11500 and exc.value.version == 1
    assert current(engine, fig["fact_id"])["row"]["value"] == 11500


def test_two_analysts_deciding_at_the_same_moment_never_both_land(engine):
    _ingest(engine)
    fid = _figure(engine)["fact_id"]
    barrier, results = threading.Barrier(2), []

    def decide(name, value):
        barrier.wait()
        try:
            review(engine, fid, "edit", reviewer=name, changes={"value": value}, expected_version=0)
            results.append("ok")
        except StaleEdit:
            results.append("stale")

    threads = [threading.Thread(target=decide, args=(n, v)) for n, v in (("ana", "11111"), ("ben", "12000"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "stale"]
    fact = current(engine, fid)
    assert fact["version"] == 1 and fact["row"]["value"] in (11111, 12000)


def test_reextraction_keeps_decisions_that_anchor_and_lists_the_orphans(engine, monkeypatch):
    _ingest(engine)
    queue = review_queue(engine)
    figures = [r for r in queue if r["table"] == "troop_figures"]
    kept, lost = figures[0], next(r for r in queue if r["table"] == "events")
    review(engine, kept["fact_id"], "edit", reviewer="ana", changes={"value": "12000", "high": "13200"})
    review(engine, lost["fact_id"], "accept", reviewer="ben", reason="checked")

    # A lexicon change that stops the rules finding the accepted event.
    real = ingest_mod.extract_document_records

    def changed_rules(text, meta=None, doc_id=None):
        rows = real(text, meta, doc_id)
        rows["events"] = [e for e in rows["events"] if (e["start"], e["type"]) != (lost["start"], lost["type"])]
        return rows

    monkeypatch.setattr(ingest_mod, "extract_document_records", changed_rules)
    errors = []
    ingest_mod.reextract(engine, errors.append)
    assert errors == []
    now = current(engine, kept["fact_id"])
    assert (now["status"], now["row"]["value"]) == ("edited", 12000)
    orphans = orphaned_decisions(engine)
    assert [(o["fact_id"], o["reviewer"], o["action"], o["quote"]) for o in orphans] == [
        (lost["fact_id"], "ben", "accept", lost["quote"])]
    with engine.connect() as conn:
        assert len(conn.execute(select(m.decisions)).all()) == 2  # nothing dropped
        runs = conn.execute(select(m.runs.c.kind, m.runs.c.engine_version, m.runs.c.rules_hash)).all()
    assert [r.kind for r in runs] == ["ingest", "reextract"]
    assert runs[1].engine_version.startswith("code-") and len(runs[1].rules_hash) == 64
    with pytest.raises(ReviewError, match="orphaned"):
        review(engine, lost["fact_id"], "accept", reviewer="ben")


def test_bad_uploads_are_one_line_each_and_the_good_ones_are_stored(engine, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Nordkorea hat rund 11.000 Soldaten nach Kursk entsandt.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin1.txt").write_bytes("Soldaten für Kursk, Größe".encode("latin-1"))
    (tmp_path / "sidecar.txt").write_text("Kim traf Putin.\n", encoding="utf-8")
    (tmp_path / "sidecar.meta.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "menu.html").write_text("<html><head><script>var a=1;</script></head><body><img src=x.png></body></html>",
                                         encoding="utf-8")
    page = tmp_path / "article.html"
    page.write_text("<html><head><title>T</title><script>var x=1;</script></head><body><nav>Menu Home</nav>"
                    "<article><h1>Truppen in Kursk</h1><p>Nordkorea hat nach Angaben des südkoreanischen "
                    "Geheimdienstes rund 11.000 Soldaten in die russische Region Kursk entsandt. Die Soldaten "
                    "wurden im Oktober 2024 verlegt, berichtete die Agentur Yonhap am Mittwoch.</p></article>"
                    "<footer>Impressum</footer></body></html>", encoding="utf-8")
    out, errors = _ingest(engine, tmp_path, tmp_path / "missing.txt")
    assert len(errors) == 6 and all("\n" not in e for e in errors)
    for name in ("empty.txt", "binary.txt", "latin1.txt", "sidecar.meta.json", "menu.html", "missing.txt"):
        assert sum(name in e for e in errors) == 1, (name, errors)
    assert sorted(o.doc_id for o in out) == ["article", "good"]
    tables = effective_tables(engine)
    text = tables["documents"].set_index("doc_id").loc["article", "text"]
    assert "11.000 Soldaten" in text and "var x" not in text and "Impressum" not in text
    assert set(tables["troop_figures"]["value"]) == {11000}


def test_a_document_that_fails_extraction_leaves_nothing_half_written(engine, monkeypatch):
    def broken(text, meta=None, doc_id=None):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(ingest_mod, "extract_document_records", broken)
    out, errors = _ingest(engine)
    assert out == [] and len(errors) == len(SEED_TXT) and "rule bug" in errors[0]
    with engine.connect() as conn:
        assert records.document_count(conn) == 0


def _corpus(folder, n: int) -> None:
    """``n`` distinct documents made of the seed's sentences (a real article's fact density)."""
    folder.mkdir()
    lines = [s for s in SEED_TXT[0].read_text(encoding="utf-8").splitlines() if s.strip()]
    for i in range(n):
        body = "\n".join(lines[j % len(lines)] for j in range(i, i + 6))
        (folder / f"doc{i:04d}.txt").write_text(f"Bericht {i}\n{body}\n", encoding="utf-8")


def _processes_running(cmdline_part: str) -> list[int]:
    from pathlib import Path

    out = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and cmdline_part.encode() in (proc / "cmdline").read_bytes():
                out.append(int(proc.name))
        except OSError:
            continue
    return out


def test_parallel_ingest_stores_what_a_serial_one_does(tmp_path, db_url):
    """Worker processes extract, this process writes in input order: the same documents, ids and facts;
    a text met twice in the batch is stored once, two texts with the same name are both kept."""
    _corpus(tmp_path / "docs", 60)
    (tmp_path / "docs" / "doc0061.txt").write_text((tmp_path / "docs" / "doc0003.txt").read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "doc0005.txt").write_text("Bericht X\nNordkorea hat 3.000 Soldaten nach Russland entsandt.\n",
                                                   encoding="utf-8")
    stores = {}
    for label, url, workers in (("serial", f"sqlite:///{tmp_path}/serial.db", 1), ("parallel", db_url, 2)):
        engine = open_store(url)
        errors: list[str] = []
        out = ingest_mod.ingest_paths(engine, [tmp_path / "docs", tmp_path / "more"], errors.append, workers=workers)
        assert errors == []
        assert sum(o.added for o in out) == 61 and [o.doc_id for o in out if not o.added] == ["doc0003"]
        t = effective_tables(engine)
        stores[label] = {k: t[k].drop(columns=["fact_id", "review_status", "ingested_at"], errors="ignore")
                         .sort_values(list(t[k].columns[:3])).reset_index(drop=True) for k in ("documents", "troop_figures", "events")}
        engine.dispose()
    assert "doc0005" in set(stores["parallel"]["documents"]["doc_id"])
    assert any(d.startswith("doc0005_") for d in stores["parallel"]["documents"]["doc_id"])
    for k in stores["serial"]:
        pd.testing.assert_frame_equal(stores["serial"][k], stores["parallel"][k], check_dtype=False)


def test_a_killed_ingest_leaves_the_store_consistent_and_a_rerun_completes_it(engine, db_url, tmp_path):
    _corpus(tmp_path / "docs", 200)
    script = ("import sys; from lagebild.store.db import open_store; from lagebild.store.ingest import ingest_paths; "
              "ingest_paths(open_store(sys.argv[1]), [sys.argv[2]], print)")
    proc = subprocess.Popen([sys.executable, "-c", script, db_url, str(tmp_path / "docs")], cwd=paths.ROOT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            with engine.connect() as conn:
                if records.document_count(conn) >= 5:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    # 200 documents are extracted in worker processes: none outlives the killed ingest
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _processes_running(script):
        time.sleep(0.2)
    assert not _processes_running(script), "an extraction worker outlived the killed ingest"
    with engine.connect() as conn:
        n_docs = records.document_count(conn)
        per_doc = conn.execute(select(m.extractions.c.doc_id, m.extractions.c.n_facts)).all()
        stored = dict(conn.execute(
            select(m.facts.c.doc_id, func.count()).group_by(m.facts.c.doc_id)).all())
    assert 5 <= n_docs < 200
    assert len(per_doc) == n_docs  # every stored document has its extraction, none is half there
    assert all(stored.get(d, 0) == n for d, n in per_doc)
    out, errors = _ingest(engine, tmp_path / "docs")
    assert errors == [] and sum(o.added for o in out) == 200 - n_docs
    assert len(effective_tables(engine)["documents"]) == 200


def test_the_review_log_since_a_time_lists_each_decision_with_what_it_changed(engine):
    """What's new reads corrections and rejections from here (the append-only decision log)."""
    import datetime as dt

    from lagebild.store.db import review_log

    _ingest(engine)
    fig = _figure(engine)
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    review(engine, fig["fact_id"], "edit", reviewer="ben", reason="source says 12,000",
           changes={"value": "12000", "high": None})
    event = next(r for r in review_queue(engine) if r["table"] == "events")
    review(engine, event["fact_id"], "reject", reviewer="ana", reason="not an event")
    log = review_log(engine, before)
    assert [(r["reviewer"], r["action"], r["table"], r["status_after"]) for r in log] == [
        ("ben", "edit", "troop_figures", "edited"), ("ana", "reject", "events", "rejected")]
    assert log[0]["changed"]["value"] == (fig["value"], 12000) and log[0]["quote"] == fig["quote"]
    assert log[1]["quote"] == event["quote"] and log[1]["reason"] == "not an event"
    assert all(r["decided_at"].tzinfo is not None and r["decided_at"] > before for r in log)
    assert review_log(engine, dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1)) == []


def test_a_decision_patches_the_effective_tables_to_what_a_full_read_gives(engine):
    """The Review page no longer rereads every fact after a decision: the decided facts are patched in,
    and the result equals a full read (same rows, same order, same types), on SQLite and PostgreSQL."""
    from lagebild.store.db import patch_effective, patch_queue

    _ingest(engine)
    before = effective_tables(engine)
    queue = review_queue(engine)
    last = records.revision(engine)[2]
    fig = _figure(engine)
    event = next(r for r in queue if r["table"] == "events")
    review(engine, fig["fact_id"], "edit", reviewer="ana", changes={"value": str(fig["value"] + 1)})
    review(engine, event["fact_id"], "reject", reviewer="ana")
    review(engine, queue[-1]["fact_id"], "accept", reviewer="ben")
    patched = patch_effective(engine, before, last)
    full = effective_tables(engine)
    for name in full:
        pd.testing.assert_frame_equal(patched[name], full[name], obj=name)
    assert patched["documents"] is before["documents"]  # untouched tables are not read again
    assert [r["fact_id"] for r in patch_queue(engine, queue, last)] == [r["fact_id"] for r in review_queue(engine)]
    # A rejected fact accepted again is not in the old tables: the caller reads everything.
    now = records.revision(engine)[2]
    review(engine, event["fact_id"], "accept", reviewer="ana")
    assert patch_effective(engine, full, now) is None
    assert patch_effective(engine, full, records.revision(engine)[2]) is full  # nothing new: the same tables


def test_new_documents_patch_the_effective_tables_to_what_a_full_read_gives(engine, tmp_path):
    """A new document no longer rereads every fact: its own rows are read and placed where a full read
    puts them (same rows, same order, same types), with a decision taken meanwhile patched in too, on
    SQLite and PostgreSQL; a re-extraction of a document already shown makes the caller read everything."""
    from lagebild.store.db import patch_new_documents

    seeds = sorted(paths.SEEDS.glob("*.txt"))
    first = tmp_path / "first"
    first.mkdir()
    for p in seeds[::2]:  # every other seed first: the rest must land between them, not at the end
        for f in paths.SEEDS.glob(p.stem + ".*"):
            (first / f.name).write_bytes(f.read_bytes())
    _ingest(engine, first)
    before_rev, before = records.revision(engine), effective_tables(engine)
    fig = _figure(engine)
    review(engine, fig["fact_id"], "edit", reviewer="ana", changes={"value": str(fig["value"] + 1)})
    _ingest(engine)  # all seeds: the ones stored already are known, the others are new
    now = records.revision(engine)
    patched = patch_new_documents(engine, before, before_rev, now)
    full = effective_tables(engine)
    assert len(full["documents"]) > len(before["documents"])
    for name in full:
        pd.testing.assert_frame_equal(patched[name], full[name], obj=name)
    ingest_mod.reextract(engine, lambda err: None)
    assert patch_new_documents(engine, full, now, records.revision(engine)) is None


def test_the_engine_version_is_a_hash_of_the_extraction_code():
    """The version a run records must change with the extraction code (it is what tells an upgraded app
    that stored facts come from an older engine): it hashes every module of lagebild/extraction, not an
    empty folder (after the store wing moved, it pointed at lagebild/store/extraction, which does not exist)."""
    from lagebild.extraction import pipeline
    from lagebild.store import versions

    assert versions.EXTRACTION_CODE == pathlib.Path(pipeline.__file__).resolve().parent
    assert any(versions.EXTRACTION_CODE.rglob("*.py"))
    empty = "code-" + hashlib.sha256().hexdigest()[:12]
    assert ingest_mod.engine_version() != empty


def test_documents_of_more_ids_than_one_statement_takes_are_the_same_rows_in_order(engine, monkeypatch):
    """PostgreSQL refuses a statement of over 65,535 parameters: the Overview asks for the documents of every
    deployment figure, 100,000 at a year of reporting.  Past ``IN_CHUNK`` ids: the same rows, in doc_id order."""
    _ingest(engine)
    with engine.connect() as conn:
        whole = records.document_rows(conn, with_text=False)
        ids = [r["doc_id"] for r in whole]
        monkeypatch.setattr(records, "IN_CHUNK", 3)
        assert records.document_rows(conn, with_text=False, doc_ids=ids[::-1]) == whole
        assert records.document_rows(conn, with_text=False, doc_ids=ids[:5]) == whole[:5]
