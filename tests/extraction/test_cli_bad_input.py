"""Bad input: one line naming the file and the reason, never a traceback; the other
documents are still extracted; nothing already stored is lost."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from dataclasses import dataclass

from lagebild import paths
from lagebild_testdata import run_cli

SEED = next(paths.SEEDS.glob("000_*.txt"))  # the original seed article


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(*args):
    return Result(*run_cli(*args))


def test_as_a_real_process_bad_input_gives_no_traceback(tmp_path):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)))
    r = subprocess.run([sys.executable, "-m", "lagebild", "extract", str(tmp_path), "--format", "json"],
                       capture_output=True, text=True, cwd=paths.ROOT, timeout=120)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [f"lagebild: {tmp_path / 'binary.txt'}: binary file (contains NUL bytes), not text"]


@pytest.fixture
def corpus(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Titel\nEtwa 11.000 nordkoreanische Soldaten sind in der Region Kursk im Einsatz.\n", encoding="utf-8")
    (tmp_path / "good.meta.json").write_text(json.dumps({"language": "de", "published": "2024-11-12"}))
    return tmp_path


BAD = {
    "empty.txt": (b"", "empty"),
    "binary.txt": (bytes(range(256)) * 4, "binary"),
    "latin1.txt": ("Titel\nNordkorea schickte Soldaten nach Rußland über die Grenze.".encode("latin-1"), "UTF-8"),
    "huge.txt": (b"Soldaten " * (5 * 1024 * 1024 // 9 + 1), "too large"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_one_line_and_the_rest_is_extracted(corpus, name):
    content, reason = BAD[name]
    (corpus / name).write_bytes(content)
    r = run("extract", corpus, "--format", "json")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert name in lines[0] and reason in lines[0]
    assert "Traceback" not in r.stderr
    out = json.loads(r.stdout)
    assert [d["doc_id"] for d in out["documents"]] == ["good"]
    assert any(f["value"] == 11000 for f in out["troop_figures"])


@pytest.mark.parametrize("sidecar, reason", [
    ("{not json", "malformed JSON"),
    ('{"language": 7}', "'language' must be a string"),
    ('{"language": "fr"}', "'language' must be one of"),
    ('{"published": "12.11.2024"}', "'published' must be an ISO date"),
    ('["a list"]', "must be a JSON object"),
])
def test_bad_sidecar(corpus, sidecar, reason):
    (corpus / "other.txt").write_text("Titel\nText.\n", encoding="utf-8")
    (corpus / "other.meta.json").write_text(sidecar, encoding="utf-8")
    r = run("extract", corpus, "--format", "json")
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1
    assert "other.meta.json" in r.stderr and reason in r.stderr
    assert [d["doc_id"] for d in json.loads(r.stdout)["documents"]] == ["good"]


def test_missing_path_and_empty_folder(tmp_path, corpus):
    empty = tmp_path / "nothing"
    empty.mkdir()
    r = run("extract", tmp_path / "does-not-exist.txt", empty, corpus / "good.txt", "--format", "json")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2 and "no such file" in lines[0] and "no .txt documents" in lines[1]
    assert "Traceback" not in r.stderr
    assert len(json.loads(r.stdout)["documents"]) == 1


def test_output_is_replaced_only_after_a_clean_run(tmp_path, corpus):
    out = tmp_path / "out"
    r = run("extract", corpus, "--out", out)
    assert r.returncode == 0, r.stderr
    before = {p.name: p.read_bytes() for p in (out / "tables").iterdir()}
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x00\x00binary")
    r = run("extract", corpus, "--out", out)
    assert r.returncode == 1
    assert "left unchanged" in r.stderr
    assert {p.name: p.read_bytes() for p in (out / "tables").iterdir()} == before
    r = run("extract", corpus, "--out", out, "--partial")
    assert r.returncode == 1 and (out / "tables" / "documents.parquet").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".tables")]  # no staging left over


def test_json_has_every_table_with_provenance():
    r = run("extract", SEED, "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert list(out) == ["documents", "mentions", "actors", "places", "dates", "troop_figures", "events",
                         "claims", "event_groups"]
    text = SEED.read_text(encoding="utf-8")
    for table in ("mentions", "dates", "troop_figures", "events", "claims", "event_groups"):
        for row in out[table]:
            assert text[row["start"]:row["end"]] == row["quote"]
            assert row["doc_id"] == SEED.stem and isinstance(row["sentence"], int)
    assert all({"entity_id", "entity_kind"} <= set(m) for m in out["mentions"])
    assert all({"name", "kind", "lat", "lon"} <= set(p) for p in out["places"])
    assert all(isinstance(e["actors"], list) for e in out["events"])
    # Every figure and every event is a member of exactly one claim / event group, by its fact id.
    for table, grouped in (("troop_figures", "claims"), ("events", "event_groups")):
        members = [m for g in out[grouped] for m in g["member_ids"]]
        assert len(members) == len(set(members)) == len(out[table])
        assert all(m.startswith(f"{SEED.stem}:{table}:") for m in members)
    assert all(c["n_reports"] == len(c["member_ids"]) for c in out["claims"])


def test_committed_tables_are_current(tmp_path):
    """data/tables is what the dashboard ships with; it must match a fresh extraction."""
    r = run("extract", paths.SEEDS, "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    from lagebild.store.parquet import read_tables
    fresh, committed = read_tables(tmp_path / "tables"), read_tables(paths.TABLES)
    for name in fresh:
        assert fresh[name].reset_index(drop=True).equals(committed[name].reset_index(drop=True)), \
            f"data/tables/{name}.parquet is stale: run python -m lagebild extract seeds/ --out data/"
