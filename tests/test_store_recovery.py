"""A write of the tables killed at any point loses nothing: the next write, and the
dashboard's loader, find the last complete tables and clean the leftovers."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from lagebild import paths
from lagebild.store import parquet
from lagebild_testdata import small_tables

# Each case: code run in a child process just before write_tables, arranging for the
# process to die (os._exit, no cleanup, like a kill -9) at one step of the write.
KILLS = {
    "while writing a table": """
        real = pd.DataFrame.to_parquet
        calls = []
        def dying(self, *a, **k):
            calls.append(1)
            if len(calls) == 3:
                os._exit(9)
            return real(self, *a, **k)
        pd.DataFrame.to_parquet = dying
    """,
    "before the first rename": """
        parquet.os.replace = lambda *a: os._exit(9)
    """,
    "between the renames": """
        real = os.replace
        calls = []
        def dying(a, b):
            real(a, b)
            calls.append(1)
            if len(calls) == 1:
                os._exit(9)
        parquet.os.replace = dying
    """,
    "before the old tables are removed": """
        parquet.shutil.rmtree = lambda *a, **k: os._exit(9)
    """,
}


def write_and_die(target, kill: str) -> None:
    code = textwrap.dedent("""
        import os, sys
        import pandas as pd
        sys.path.insert(0, {tests!r})
        from lagebild.store import parquet
        from lagebild_testdata import small_tables
        tables = small_tables()
        tables["documents"] = tables["documents"].head(1)
    """).format(tests=str(paths.ROOT / "tests")) + textwrap.dedent(KILLS[kill]) + \
        f"parquet.write_tables(tables, {str(target)!r})\n"
    r = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 9, r.stderr


@pytest.mark.parametrize("kill", list(KILLS))
def test_the_next_write_recovers_and_cleans_up(tmp_path, kill):
    target = parquet.write_tables(small_tables(), tmp_path / "tables")
    write_and_die(target, kill)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".tables-")]
    assert kill == "before the old tables are removed" or leftovers  # the kill did leave something behind
    parquet.recover(target)
    docs = parquet.read_table("documents", target)
    # Either the old complete tables or the new complete ones, never nothing, never half.
    assert len(docs) in (1, 2)
    if kill == "between the renames":
        assert len(docs) == 1  # the newest complete tables are the ones written in full
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tables-")]
    parquet.write_tables(small_tables(), target)
    assert len(parquet.read_table("documents", target)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]


def test_the_dashboard_loader_recovers_tables_lost_between_the_renames(tmp_path, monkeypatch):
    from lagebild.dashboard.app import loaders

    target = parquet.write_tables(small_tables(), tmp_path / "tables")
    write_and_die(target, "between the renames")
    assert not target.exists()
    monkeypatch.setenv("LAGEBILD_TABLES", str(target))
    tables = loaders.load_tables()
    assert len(tables["documents"]) == 1 and target.exists()


def test_a_live_writer_is_left_alone(tmp_path):
    target = parquet.write_tables(small_tables(), tmp_path / "tables")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        staging = tmp_path / f"{parquet.STAGING}{live.pid}-abc"
        staging.mkdir()
        parquet.recover(target)
        assert staging.exists()  # another process is still writing there
    finally:
        live.kill()
        live.wait()
    parquet.recover(target)
    assert not staging.exists()
