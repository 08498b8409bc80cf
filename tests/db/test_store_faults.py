"""A failing store (issue #21, items 6–8): one line naming what failed and what was kept, in the
command line and the app; a summary at the end of every ingest; nothing stored is lost.

Faults are real ones: SQLite's own "disk full" (a page limit) and read-only mode, a PostgreSQL
database that stops taking connections mid-ingest (the real server), a closed port (stopped
server), a local TCP server that accepts and never answers (stalled server), Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import event, text
from streamlit.testing.v1 import AppTest

from lagebild import paths
from lagebild.store.db import open_store, records
from lagebild.store.db.connect import make_engine
from lagebild.store.ingest import BatchStopped, ingest_paths
from lagebild_testdata import DASHBOARD, run_cli

SEED_TXT = sorted(paths.SEEDS.glob("*.txt"))


def _corpus(folder, n: int) -> None:
    folder.mkdir()
    lines = [s for s in SEED_TXT[0].read_text(encoding="utf-8").splitlines() if s.strip()]
    for i in range(n):
        body = "\n".join(lines[j % len(lines)] for j in range(i, i + 6))
        (folder / f"doc{i:04d}.txt").write_text(f"Bericht {i}\n{body}\n", encoding="utf-8")


def _count(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return records.document_count(conn)
    finally:
        engine.dispose()


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and "SELECT" not in err and "INSERT" not in err, err
    return lines[0]


def _full_after(engine, pages: int) -> None:
    """SQLite's own SQLITE_FULL once the file has ``pages`` more pages (what a full disk gives)."""
    with engine.connect() as conn:
        now = conn.exec_driver_sql("PRAGMA page_count").scalar()
    engine.dispose()
    event.listen(engine, "connect", lambda c, _r: c.execute(f"PRAGMA max_page_count={now + pages}"))


def test_a_full_disk_stops_the_ingest_in_one_line_and_what_was_stored_is_complete(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    _corpus(tmp_path / "docs", 60)
    engine = open_store(url)
    _full_after(engine, 12)
    errors = []
    with pytest.raises(BatchStopped) as stop:
        ingest_paths(engine, [tmp_path / "docs"], errors.append, workers=1)
    engine.dispose()
    assert stop.value.reason == "the database's disk is full" and not stop.value.interrupted
    assert 0 < stop.value.stored < 60 and errors == []  # not 60 lines "extraction failed"
    assert _count(url) == stop.value.stored
    engine = open_store(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    out = ingest_paths(engine, [tmp_path / "docs"], errors.append, workers=1)  # space again: the rest goes in
    engine.dispose()
    assert errors == [] and sum(o.added for o in out) == 60 - stop.value.stored and _count(url) == 60


def test_the_command_line_says_read_only_in_one_line_for_every_command(tmp_path):
    db = tmp_path / "store.db"
    assert run_cli("ingest", SEED_TXT[0], "--db", f"sqlite:///{db}", "--create")[0] == 0
    fid = next(iter(__import__("json").loads(run_cli("facts", "--db", f"sqlite:///{db}")[1])["troop_figures"]))["fact_id"]
    ro = f"sqlite:///file:{db}?mode=ro&uri=true"
    code, _, err = run_cli("ingest", SEED_TXT[1], "--db", ro)
    assert code == 1 and _one_line(err).startswith("lagebild: stopped (the database is read-only): 0 document(s) added")
    assert "run the same command again" in err
    code, _, err = run_cli("review", fid, "--accept", "--reviewer", "ana", "--db", ro)
    assert code == 1 and _one_line(err) == "lagebild: review: the database is read-only; nothing was changed by this command"
    code, _, err = run_cli("reextract", "--db", ro)
    assert code == 1 and _one_line(err).startswith("lagebild: stopped (the database is read-only): 0 document(s) re-extracted")
    assert _count(f"sqlite:///{db}") == 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("command", [["facts"], ["ingest", str(SEED_TXT[0])], ["reextract"], ["orphans"],
                                     ["review", "f1", "--accept", "--reviewer", "ana"]])
def test_a_stopped_server_is_one_line_for_every_command(command):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test"
    code, _, err = run_cli(*command, "--db", url)
    assert code == 1 and "unreachable (connection refused)" in _one_line(err)


@pytest.fixture
def stalled_server():
    """A TCP server that accepts connections and never answers (a paused database)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    held, stop = [], threading.Event()

    def accept():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(srv.accept()[0])
            except OSError:
                pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join()
    for c in held:
        c.close()
    srv.close()


def test_a_stalled_server_is_one_line_within_the_connect_timeout(stalled_server):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{stalled_server}/test"
    # In a subprocess with a deadline: before the connect timeout this waited for ever.
    r = subprocess.run([sys.executable, "-m", "lagebild", "facts", "--db", url], cwd=paths.ROOT,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "not answering (connecting timed out)" in _one_line(r.stderr)


def test_postgresql_going_away_mid_ingest_stops_it_in_one_line_and_a_rerun_completes_it(tmp_path, pg_admin):
    admin, base = pg_admin
    name = f"store_fault_{os.getpid()}_{int(time.time())}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        _corpus(tmp_path / "docs", 40)
        engine = open_store(url)
        seen = []

        def progress(i, outcome):
            seen.append(i)
            if len(seen) == 10:  # the server refuses this database from now on and drops its sessions
                with admin.connect() as conn:
                    conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
                    conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))

        errors = []
        with pytest.raises(BatchStopped) as stop:
            ingest_paths(engine, [tmp_path / "docs"], errors.append, progress=progress, workers=1)
        engine.dispose()
        assert stop.value.reason in ("the connection to the database was lost",
                                     "the database is unreachable (connection refused)") or \
            stop.value.reason.startswith("the database failed"), stop.value.reason
        assert "\n" not in stop.value.reason and len(errors) <= 1
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        assert _count(url) == stop.value.stored >= 10
        engine = open_store(url)
        out = ingest_paths(engine, [tmp_path / "docs"], errors.append, workers=1)
        engine.dispose()
        assert sum(o.added for o in out) == 40 - stop.value.stored and _count(url) == 40
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_ctrl_c_says_how_many_were_stored_and_that_a_rerun_continues(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    # Enough documents that the ingest is still running when the store shows its first five, on a loaded
    # machine too (200 were all stored before the poll saw five while other jobs held both CPUs).
    _corpus(tmp_path / "docs", 600)
    proc = subprocess.Popen([sys.executable, "-m", "lagebild", "ingest", str(tmp_path / "docs"), "--db", url,
                             "--create"], cwd=paths.ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if (tmp_path / "store.db").exists() and _count(url) >= 5:
                    break
            except Exception:  # noqa: BLE001 - the store is still being made
                pass
            time.sleep(0.1)
        assert proc.poll() is None, "the ingest ended before Ctrl-C"
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    last = err.strip().splitlines()[-1]
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert last.startswith("lagebild: stopped (interrupted): ") and "run the same command again" in last
    stored = int(last.split("): ")[1].split(" document")[0])
    assert stored == _count(url) >= 5
    code, _, err = run_cli("ingest", tmp_path / "docs", "--db", url)
    assert code == 0 and f"{600 - stored} document(s) added, {stored} already stored" in err


@pytest.fixture
def review_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("LAGEBILD_DATABASE_URL", url)
    monkeypatch.delenv("LAGEBILD_TABLES", raising=False)
    return tmp_path / "store.db"


def _app(page: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_accept_on_a_read_only_store_is_one_line_and_nothing_changes(review_db, monkeypatch):
    from lagebild.dashboard.app import reviewing

    at = _app("pages/review.py")
    at.text_input(key="_lagebild_reviewer_input").input("Ana")
    next(b for b in at.button if b.label == "Start reviewing").click().run()
    ro = make_engine(f"sqlite:///file:{review_db}?mode=ro&uri=true")
    monkeypatch.setattr(reviewing, "store_engine", lambda: ro)
    next(b for b in at.button if b.label == "Accept").click().run()
    assert not at.exception, [e.message for e in at.exception]
    (err,) = at.error
    assert err.value.startswith("Not recorded\\: the database is read\\-only") and "\n" not in err.value
    ro.dispose()


def test_an_upload_on_a_full_disk_is_one_line_not_extraction_failed(review_db, monkeypatch):
    from lagebild.dashboard.app import intake

    at = _app("pages/add_documents.py")
    full = make_engine(f"sqlite:///{review_db}")
    _full_after(full, 0)
    monkeypatch.setattr(intake, "store_engine", lambda: full)
    # Long enough to need new pages whatever room the file's pages have left (a short text can fit in them).
    filler = " Die Lage an der Front blieb am Abend unübersichtlich." * 600
    at.text_area(key="add_text").input("Bericht\nNordkorea hat weitere 3.000 Soldaten nach Kursk entsandt." + filler)
    next(b for b in at.button if b.label == "Add to the store").click().run()
    assert not at.exception, [e.message for e in at.exception]
    (err,) = at.error
    assert "disk is full" in err.value and "extraction failed" not in err.value and "0 of 1" in err.value
    full.dispose()


def test_a_page_on_a_stopped_server_says_so_in_one_line(monkeypatch):
    monkeypatch.delenv("LAGEBILD_TABLES", raising=False)
    monkeypatch.setenv("LAGEBILD_DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test")
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.run()
    assert not at.exception
    text_ = "\n".join(e.value for e in at.error) + "\n".join(m.value for m in at.markdown)
    assert "unreachable" in text_ and "Traceback" not in text_
