"""``facts --format json`` and ``export-tables`` stream the store a chunk of documents at a time
(lagebild.store.exports) and write exactly what a full read of the effective tables gave, on SQLite and
PostgreSQL, with analysts' decisions applied."""

from __future__ import annotations

import io
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from lagebild import paths, schemas
from lagebild.store import exports, parquet
from lagebild.store.db import effective_tables, review, review_queue
from lagebild.store.ingest import ingest_paths
from lagebild_testdata import run_cli as run


@pytest.fixture
def reviewed(engine):
    """The seeds, with a figure edited, an event rejected and a fact accepted."""
    ingest_paths(engine, [paths.SEEDS], lambda err: None)
    queue = review_queue(engine)
    fig = next(r for r in queue if r["table"] == "troop_figures")
    event = next(r for r in queue if r["table"] == "events")
    review(engine, fig["fact_id"], "edit", reviewer="ana", changes={"value": str(fig["value"] + 1)})
    review(engine, event["fact_id"], "reject", reviewer="ana")
    review(engine, queue[-1]["fact_id"], "accept", reviewer="ben")
    return engine


def _full_read_json(engine, indent) -> str:
    """What ``facts`` printed before it streamed: every effective table in pandas, then one json.dump."""
    return json.dumps(parquet.tables_to_json(effective_tables(engine)), ensure_ascii=False, indent=indent)


@pytest.mark.parametrize("chunk_docs", [exports.CHUNK_DOCS, 2])
def test_facts_json_is_what_the_full_read_printed_in_any_chunk_size(reviewed, chunk_docs):
    for compact in (False, True):
        out = io.StringIO()
        exports.write_json(reviewed, out, compact=compact, chunk_docs=chunk_docs)
        assert out.getvalue() == _full_read_json(reviewed, None if compact else 2)
    assert json.loads(out.getvalue())["claims"]  # the cross-document tables are there, not empty


def test_the_facts_command_reads_in_chunks(reviewed, monkeypatch):
    seen = []
    chunks = exports.chunks

    def counted(engine, chunk_docs):
        for chunk in chunks(engine, chunk_docs):
            seen.append(len(chunk.documents))
            yield chunk

    monkeypatch.setattr(exports, "chunks", counted)
    monkeypatch.setenv("LAGEBILD_EXPORT_CHUNK", "2")
    code, out, _ = run("facts", "--db", reviewed.url.render_as_string(hide_password=False))
    n_docs = len(list(paths.SEEDS.glob("*.txt")))
    assert code == 0 and seen == [2] * (n_docs // 2) + [n_docs % 2] * (n_docs % 2)
    assert out == _full_read_json(reviewed, 2) + "\n"


def test_export_tables_writes_the_files_a_full_read_wrote(reviewed, tmp_path, monkeypatch):
    old = parquet.write_tables(effective_tables(reviewed), tmp_path / "old" / "tables")
    monkeypatch.setenv("LAGEBILD_EXPORT_CHUNK", "2")
    code, _, _ = run("export-tables", "--out", tmp_path / "new", "--db", reviewed.url.render_as_string(hide_password=False))
    new = paths.tables_dir(tmp_path / "new")
    assert code == 0
    assert (new / parquet.MANIFEST).read_text() == (old / parquet.MANIFEST).read_text()
    for name in schemas.TABLES:
        assert pq.read_schema(new / f"{name}.parquet").types == pq.read_schema(old / f"{name}.parquet").types
        pd.testing.assert_frame_equal(pd.read_parquet(new / f"{name}.parquet"), pd.read_parquet(old / f"{name}.parquet"),
                                      obj=name)
        assert pq.ParquetFile(new / f"{name}.parquet").num_row_groups > 1 or name in ("actors", "places")
    assert parquet.read_tables(new)["troop_figures"]["value"].tolist() == \
        parquet.read_tables(old)["troop_figures"]["value"].tolist()


def test_an_empty_store_exports_empty_tables(engine, tmp_path):
    out = io.StringIO()
    exports.write_json(engine, out)
    assert out.getvalue() == _full_read_json(engine, 2)
    folder = exports.export_tables(engine, tmp_path / "tables")
    assert all(len(t) == 0 for t in parquet.read_tables(folder).values())
