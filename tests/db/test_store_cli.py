"""The database commands of the CLI, on SQLite and PostgreSQL: one line per problem, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

from lagebild import paths, schemas
from lagebild.store import parquet
from lagebild_testdata import run_cli as run




def test_ingest_reports_bad_files_in_one_line_and_stores_the_rest(db_url, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    code, _, err = run("ingest", paths.SEEDS, tmp_path / "empty.txt", "--db", db_url, "--create")
    lines = err.strip().splitlines()
    if db_url.startswith("sqlite"):
        assert lines.pop(0).endswith("created a new database at " + db_url.removeprefix("sqlite:///"))
    assert code == 1
    assert lines[0] == f"lagebild: {tmp_path / 'empty.txt'}: empty file"
    assert lines[1].startswith(f"lagebild: {len(list(paths.SEEDS.glob('*.txt')))} document(s) added, 0 already stored, 1 failed")
    code, _, err = run("ingest", paths.SEEDS, "--db", db_url)
    assert code == 0 and "0 document(s) added" in err


def test_facts_json_is_the_extract_shape_with_fact_id_and_review_status(db_url):
    run("ingest", paths.SEEDS, "--db", db_url, "--create")
    code, out, _ = run("facts", "--format", "json", "--db", db_url)
    facts = json.loads(out)
    _, out, _ = run("extract", paths.SEEDS, "--format", "json")
    extracted = json.loads(out)
    assert code == 0 and list(facts) == list(extracted)
    for name in extracted:
        extra = {"fact_id", "review_status"} if name in schemas.FACT_TABLES else \
            set(schemas.ARRIVAL_COLUMNS) if name == "documents" else set()
        assert len(facts[name]) == len(extracted[name])
        for row in facts[name]:
            assert set(row) == set(extracted[name][0]) | extra
    assert {r["review_status"] for r in facts["events"]} == {"machine"}


def test_scripted_review_and_a_stale_version_refused(db_url):
    run("ingest", paths.SEEDS, "--db", db_url, "--create")
    fig = json.loads(run("facts", "--db", db_url)[1])["troop_figures"][0]
    fid = fig["fact_id"]
    code, _, err = run("review", fid, "--set", f"value={fig['value'] + 100}", "--set", "claimed_by=south-korea",
                       "--reviewer", "ana", "--reason", "per the NIS briefing", "--version", "0", "--db", db_url)
    assert code == 0 and err.strip() == f"lagebild: {fid}: edited (version 1) by ana"
    code, _, err = run("review", fid, "--accept", "--reviewer", "ben", "--version", "0", "--db", db_url)
    assert code == 1 and len(err.strip().splitlines()) == 1 and str(fig["value"] + 100) in err
    code, _, err = run("review", fid, "--set", "kind=invented", "--reviewer", "ben", "--db", db_url)
    assert code == 1 and "not valid" in err and len(err.strip().splitlines()) == 1
    shown = json.loads(run("facts", "--db", db_url)[1])["troop_figures"]
    row = next(r for r in shown if r["fact_id"] == fid)
    assert (row["value"], row["claimed_by"], row["review_status"]) == (fig["value"] + 100, "south-korea", "edited")
    code, _, err = run("review", fid, "--reject", "--reviewer", "ben", "--db", db_url)
    assert code == 0 and fid not in {r["fact_id"] for r in json.loads(run("facts", "--db", db_url)[1])["troop_figures"]}


def test_reextract_keeps_a_decision_and_export_tables_reads_back(db_url, tmp_path):
    run("ingest", paths.SEEDS, "--db", db_url, "--create")
    fid = json.loads(run("facts", "--db", db_url)[1])["troop_figures"][0]["fact_id"]
    run("review", fid, "--accept", "--reviewer", "ana", "--db", db_url)
    code, _, err = run("reextract", "--db", db_url)
    assert code == 0 and "0 failed, 0 orphaned decision(s)" in err
    row = next(r for r in json.loads(run("facts", "--db", db_url)[1])["troop_figures"] if r["fact_id"] == fid)
    assert row["review_status"] == "confirmed"
    code, _, _ = run("export-tables", "--out", tmp_path, "--db", db_url)
    tables = parquet.read_tables(paths.tables_dir(tmp_path))
    assert code == 0 and len(tables["documents"]) == len(list(paths.SEEDS.glob("*.txt")))


def test_an_unreachable_database_is_one_line_not_a_traceback():
    r = subprocess.run([sys.executable, "-m", "lagebild", "facts", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/x"],
                       capture_output=True, text=True, cwd=paths.ROOT, timeout=120)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "cannot open the database" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_mistyped_sqlite_path_is_an_error_not_a_new_store(tmp_path):
    missing = tmp_path / "nonexistent-dir" / "sub" / "x.db"
    for command in (["facts"], ["ingest", str(paths.SEEDS)], ["orphans"]):
        code, _, err = run(*command, "--db", f"sqlite:///{missing}")
        assert code == 1 and err.strip().splitlines() == [
            f"lagebild: no database at {missing} (mistyped?); pass --create to make a new one there"]
    assert not (tmp_path / "nonexistent-dir").exists()
    code, _, err = run("facts", "--db", f"sqlite:///{missing}", "--create")
    assert code == 0 and err.strip() == f"lagebild: created a new database at {missing}" and missing.exists()


def test_an_empty_db_option_is_an_error_not_the_default_store():
    code, out, err = run("facts", "--db", "")
    assert code == 2 and out == "" and err.strip() == "lagebild: --db is empty: give a database URL, or leave --db out for the default"
