"""Polling into the store (SQLite and PostgreSQL): new items become documents with their facts,
syndicated copies one document with every outlet, off-topic items skipped and counted, every
failure one line, conditional polls take nothing twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import func, select

from lagebild import claims
from lagebild.store.db import effective_tables
from lagebild.store.db import feeds as fdb
from lagebild.store.db import models as m
from lagebild.feeds import config as C
from lagebild.feeds.fetch import Fetcher
from lagebild.feeds.poll import Poller
from lagebild_testdata import run_cli
from feedserver import Route
from stories import (OFF_TOPIC, OWN_REPORT, OWN_TITLE, WIRE, WIRE_TITLE, article_html, atom, json_feed,
                     paragraphs_html, rss, sitemap)


def _config(fast, *sources: C.Source) -> C.Config:
    return C.Config(tuple(sources), fast)


def _poller(engine, config, lines=None) -> Poller:
    return Poller(engine, config, Fetcher(config.settings), on_line=(lines.append if lines is not None else print))


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_feed_round_stores_new_items_with_their_facts_and_skips_off_topic(engine, server, fast):
    server.routes["/story"] = Route(article_html("alpha"))
    server.routes["/feed"] = Route(rss([
        {"title": WIRE_TITLE, "link": server.url("/story"), "summary": "Seoul says troops are in Kursk."},
        {"title": "Library budget", "link": server.url("/lib"), "content": f"<p>{OFF_TOPIC}</p>" * 3},
    ]), content_type="application/rss+xml", etag='"f1"')
    source = C.Source("Alpha Daily", server.url("/feed"), local=True)
    lines: list[str] = []
    [r] = _poller(engine, _config(fast, source), lines).round()
    assert (r.new, r.skipped, r.failed, r.duplicates) == (1, 1, 0, 0) and lines == []
    tables = effective_tables(engine)
    doc = tables["documents"].iloc[0]
    assert doc["source"] == "Alpha Daily" and doc["url"] == server.url("/story") and doc["published"] == "2024-11-04"
    assert "MUST-NOT-APPEAR" not in doc["text"] and doc["text"].startswith(WIRE_TITLE)
    assert 11000 in tables["troop_figures"]["value"].tolist()
    with engine.connect() as conn:
        st = fdb.state(conn, "Alpha Daily")
    assert st["etag"] == '"f1"' and st["n_new"] == 1 and st["n_skipped"] == 1 and st["last_error"] is None
    runs = _count(engine, m.runs)

    # The next poll: 304, nothing fetched again, nothing new, no new run (the pages' caches stay valid).
    server.requests.clear()
    [again] = _poller(engine, _config(fast, source)).round()
    assert again.not_modified and again.new == 0
    assert [p for p, _ in server.requests] == ["/feed"] and _count(engine, m.runs) == runs
    assert _count(engine, m.documents) == 1


def test_the_same_wire_text_on_three_sites_is_one_document_with_three_outlets(engine, server, fast):
    sources = []
    for site, name in (("alpha", "Alpha Daily"), ("beta", "Beta News"), ("gamma", "Gamma Online")):
        server.routes[f"/{site}/story"] = Route(article_html(site))
        server.routes[f"/{site}/own"] = Route(article_html(site, OWN_TITLE, OWN_REPORT))
        links = [{"title": WIRE_TITLE, "link": server.url(f"/{site}/story")}]
        if site == "beta":
            links.append({"title": OWN_TITLE, "link": server.url(f"/{site}/own")})
        server.routes[f"/{site}/feed"] = Route(rss(links))
        sources.append(C.Source(name, server.url(f"/{site}/feed"), local=True))
    results = _poller(engine, _config(fast, *sources)).round()
    assert [(r.new, r.duplicates) for r in results] == [(1, 0), (1, 1), (0, 1)]
    tables = effective_tables(engine)
    assert len(tables["documents"]) == 2  # the wire story once, Beta's own report on the same story
    with engine.connect() as conn:
        outlets = fdb.outlets(conn)
    wire_doc = tables["documents"].loc[tables["documents"]["source"] == "Alpha Daily", "doc_id"].item()
    assert outlets[wire_doc] == ["Alpha Daily", "Beta News", "Gamma Online"]
    # Claims: the wire story is one report from one independent source, however many sites carried it.
    derived = claims.derive(tables)["claims"]
    wire_claims = derived[derived["doc_ids"].str.contains(wire_doc, regex=False) & (derived["value"] == 11000)]
    assert len(wire_claims) >= 1 and set(wire_claims["n_reports"]) == {1} and set(wire_claims["n_sources"]) == {1}


def test_atom_json_feed_sitemap_and_page_sources(engine, server, fast):
    server.routes["/a"] = Route(atom([{"title": WIRE_TITLE, "link": "http://x.invalid/a", "content": paragraphs_html(WIRE)}]))
    server.routes["/j"] = Route(json_feed([{"title": OWN_TITLE, "link": "http://x.invalid/j", "text": OWN_REPORT}]),
                                content_type="application/feed+json")
    other = WIRE.replace("11,000", "12,000").replace("Monday", "Tuesday").replace("Seoul, 4 November", "Kyiv, 5 November")
    server.routes["/p1"] = Route(article_html("gamma", "Kyiv: 12,000", other + " Ukraine's army said more units "
                                              "were expected near Kursk. A spokesman in Kyiv gave no further details."))
    server.routes["/sm"] = Route(sitemap([server.url("/p1")]), content_type="application/xml")
    server.routes["/page"] = Route(article_html("beta", "A page", OFF_TOPIC.replace("city council", "Kursk council")))
    sources = [C.Source("A", server.url("/a"), local=True), C.Source("J", server.url("/j"), local=True),
               C.Source("S", server.url("/sm"), local=True), C.Source("P", server.url("/page"), local=True)]
    results = _poller(engine, _config(fast, *sources)).round()
    # The sitemap's page is the wire text lightly rewritten (another figure, day and dateline, one more
    # paragraph): a near-duplicate of the Atom item, so one more outlet of it.
    assert [(r.name, r.new, r.duplicates, r.failed) for r in results] == \
        [("A", 1, 0, 0), ("J", 1, 0, 0), ("S", 0, 1, 0), ("P", 1, 0, 0)]
    docs = effective_tables(engine)["documents"]
    assert sorted(docs["source"]) == ["A", "J", "P"]
    with engine.connect() as conn:
        near = conn.execute(select(m.feed_items.c.status, m.feed_items.c.similarity)
                            .where(m.feed_items.c.source == "S")).one()
    assert near.status == fdb.NEAR_DUPLICATE and 0.6 <= near.similarity < 1


def test_every_failure_is_one_line_and_the_round_goes_on(engine, server, fast):
    server.routes["/bad"] = Route("<rss><channel><item><title>broken", content_type="application/rss+xml")
    server.routes["/ok"] = Route(json_feed([{"title": WIRE_TITLE, "link": "http://x.invalid/1", "text": WIRE}]))
    server.routes["/missing-page"] = Route(rss([{"title": "gone", "link": server.url("/nowhere")}]))
    sources = [C.Source("Gone", server.url("/404"), local=True), C.Source("Bad", server.url("/bad"), local=True),
               C.Source("Outside", server.url("/ok"), local=False), C.Source("Half", server.url("/missing-page"), local=True),
               C.Source("Good", server.url("/ok"), local=True)]
    lines: list[str] = []
    results = _poller(engine, _config(fast, *sources), lines).round()
    assert [r.ok for r in results] == [False, False, False, False, True] and results[-1].new == 1
    assert len(lines) == 4 and all("\n" not in x and "Traceback" not in x for x in lines)
    assert lines[0].startswith("Gone: ") and "HTTP 404" in lines[0]
    assert lines[1].startswith("Bad: ") and "malformed" in lines[1]
    assert lines[2].startswith("Outside: ") and "loopback" in lines[2]
    assert lines[3].startswith("Half: ") and "HTTP 404" in lines[3]
    with engine.connect() as conn:
        logged = fdb.fetch_log(conn)
        st = fdb.state(conn, "Half")
    assert len(logged) == 4
    assert st["etag"] is None  # a poll with a failed item is read in full again next time


def test_a_10000_item_feed_is_taken_a_slice_per_poll(engine, server, fast):
    items = [{"title": f"Kursk item {i}", "link": f"http://x.invalid/{i}",
              "content": f"<p>Item {i}: North Korean soldiers in Kursk, report number {i} of the day. {OFF_TOPIC}</p>"}
             for i in range(10_000)]
    server.routes["/big"] = Route(rss(items), content_type="application/rss+xml", etag='"big"')
    config = _config(replace(fast, max_items=40, max_bytes=20_000_000, min_text=50),
                     C.Source("Big", server.url("/big"), local=True, topics="all"))
    poller = _poller(engine, config)
    [first] = poller.round()
    assert first.new + first.duplicates == 40 and first.deferred == 9_960
    [second] = poller.round()
    assert second.new + second.duplicates == 40 and second.deferred == 9_920  # the next 40, not a 304
    assert _count(engine, m.feed_items) == 80


def test_fetch_cli_exit_status_and_lines(db_url, server, tmp_path):
    server.routes["/ok"] = Route(json_feed([{"title": WIRE_TITLE, "link": "http://x.invalid/1", "text": WIRE}]))
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f'[defaults]\nhost_delay = 0.01\n\n[[source]]\nname = "Good"\nurl = "{server.url("/ok")}"\nlocal = true\n',
                     encoding="utf-8")
    code, _, err = run_cli("fetch", "--feeds", feeds, "--db", db_url, "--create")  # a new store only when asked
    assert code == 0, err
    assert "Good: 1 new" in err
    feeds.write_text(feeds.read_text() + f'\n[[source]]\nname = "Gone"\nurl = "{server.url("/404")}"\nlocal = true\n')
    code, _, err = run_cli("fetch", "--feeds", feeds, "--db", db_url)
    assert code == 1 and "Gone: " in err and "HTTP 404" in err and "Traceback" not in err
    code, _, err = run_cli("fetch", "--feeds", tmp_path / "nope.toml", "--db", db_url)
    assert code == 1 and err.strip().count("\n") == 0 and "no such file" in err


def test_near_duplicates_are_looked_for_among_recent_documents(engine, server, fast):
    from lagebild.store import ingest
    from lagebild.extraction.documents import Meta
    from sqlalchemy import update
    run = ingest.start_run(engine, "ingest")
    old = ingest.store_document(engine, run, f"{WIRE_TITLE}\n\n{WIRE}", Meta(language="en", source="Upload"), "old")
    server.routes["/j"] = Route(json_feed([{"title": WIRE_TITLE, "link": "http://x.invalid/1",
                                            "text": "Breaking | Most read\n" + WIRE + "\nSubscribe now."}]))
    source = C.Source("J", server.url("/j"), local=True)
    [r] = _poller(engine, _config(fast, source)).round()
    assert (r.new, r.duplicates) == (0, 1)  # an upload of today: the feed's copy is one more outlet of it
    with engine.begin() as conn:
        conn.execute(update(m.documents).where(m.documents.c.doc_id == old.doc_id)
                     .values(added_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=40)))
        conn.execute(m.feed_items.delete())
    [r] = _poller(engine, _config(fast, source)).round()
    assert (r.new, r.duplicates) == (1, 0)  # 40 days old: outside dedup_days (30), stored as a report of its own


def test_a_long_running_poller_sees_documents_stored_by_others_meanwhile(engine, server, fast):
    from lagebild.store import ingest
    from lagebild.extraction.documents import Meta
    server.routes["/a"] = Route(json_feed([{"title": OWN_TITLE, "link": "http://x.invalid/own", "text": OWN_REPORT}]))
    source = C.Source("A", server.url("/a"), local=True)
    poller = _poller(engine, _config(fast, source))
    assert poller.round()[0].new == 1  # the index now exists
    ingest.store_document(engine, ingest.start_run(engine, "ingest"), f"{WIRE_TITLE}\n\n{WIRE}",
                          Meta(language="en", source="Upload"))  # an upload while watch runs
    server.routes["/a"] = Route(json_feed([{"title": WIRE_TITLE, "link": "http://x.invalid/w",
                                            "text": "Top stories\n" + WIRE + "\nMore news"}]))
    [r] = poller.round()
    assert (r.new, r.duplicates) == (0, 1)


def test_watch_says_a_database_failure_in_one_line_and_goes_on(engine, fast):
    from sqlalchemy.exc import OperationalError
    from lagebild.feeds.poll import watch
    lines: list[str] = []
    poller = _poller(engine, _config(fast, C.Source("A", "http://127.0.0.1:9/x", local=True)), lines)
    calls = []

    def due():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT", {}, Exception("server closed the connection\nunexpectedly"))
        poller.stop.set()
        return (), 1.0
    poller.due = due
    watch(poller, max_wait=0.1)
    assert len(calls) == 2 and len(lines) == 1
    assert lines[0].startswith("the database cannot be used (OperationalError: server closed the connection)")
