"""``watch`` as a process: killed (SIGKILL) in the middle of a round it loses no stored document and, on
restart, stores nothing twice; SIGTERM and SIGINT stop it cleanly (exit 0)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from lagebild.store.db import open_store
from lagebild.store.db import models as m
from lagebild_testdata import ROOT
from feedserver import Route
from stories import paragraphs_html, rss

WORDS = ("soldiers troops Kursk border artillery drones village river bridge supply train officers brigade unit "
         "front winter convoy field hospital reporters ministry statement figure estimate satellite images road "
         "checkpoint trench forest morning evening week month spokesman commander region district town station "
         "fuel ammunition rations interpreter uniforms papers radio signal map battalion company platoon").split()
N = 16


def _story(i: int) -> str:
    rnd = random.Random(i)
    return ". ".join(" ".join(rnd.choice(WORDS) for _ in range(14)).capitalize() for _ in range(12)) + "."


def _counts(engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        docs = conn.execute(select(func.count()).select_from(m.documents)).scalar_one()
        items = conn.execute(select(func.count()).select_from(m.feed_items)).scalar_one()
        distinct = conn.execute(select(func.count(func.distinct(m.documents.c.content_hash)))).scalar_one()
    return docs, items, distinct


def _start(feeds, db_url, log):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "lagebild", "watch", "--feeds", str(feeds), "--db", db_url],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, stdin=subprocess.DEVNULL)


def _wait(cond, timeout: float, proc=None) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        assert proc is None or proc.poll() is None, f"watch ended (exit {proc.returncode})"
        time.sleep(0.1)
    return False


def test_a_killed_watch_loses_nothing_and_stores_nothing_twice(db_url, server, tmp_path):
    for i in range(N):
        # Each item's page answers slowly, so the round is long enough to be killed in the middle.
        server.routes[f"/s{i}"] = Route(f"<html><body><article><h1>Report {i}</h1>{paragraphs_html(_story(i))}"
                                        "</article></body></html>", delay=0.3)
    server.routes["/feed"] = Route(rss([{"title": f"Report {i}", "link": server.url(f"/s{i}")} for i in range(N)]),
                                   etag='"w1"')
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f'[defaults]\nhost_delay = 0.0\n\n[[source]]\nname = "Wire"\nurl = "{server.url("/feed")}"\n'
                     'local = true\nevery = "1s"\ntopics = "all"\n', encoding="utf-8")
    engine = open_store(db_url)
    log = open(tmp_path / "watch.log", "w+")
    try:
        first = _start(feeds, db_url, log)
        assert _wait(lambda: _counts(engine)[0] >= 3, 90, first), "watch stored nothing"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        kept, items, _ = _counts(engine)
        assert 3 <= kept < N and items == kept  # each stored document with its feed item, nothing half-written

        second = _start(feeds, db_url, log)
        assert _wait(lambda: _counts(engine)[0] == N, 120, second), "the restarted watch did not finish the feed"
        time.sleep(1.5)  # a further poll (304): still nothing twice
        second.send_signal(signal.SIGTERM)
        assert second.wait(30) == 0
        assert _counts(engine) == (N, N, N)

        third = _start(feeds, db_url, log)
        log.flush()
        assert _wait(lambda: "watching 1 source" in (tmp_path / "watch.log").read_text().split("stopped")[-1], 60, third)
        third.send_signal(signal.SIGINT)
        assert third.wait(30) == 0
    finally:
        for p in [v for k, v in locals().items() if k in ("first", "second", "third")]:
            if p.poll() is None:
                p.kill()
        log.close()
        engine.dispose()
    text = (tmp_path / "watch.log").read_text()
    assert "SIGTERM: stopping" in text and "SIGINT: stopping" in text and text.count("stopped\n") == 2
    assert "Traceback" not in text
    assert _counts(open_store(db_url)) == (N, N, N)
