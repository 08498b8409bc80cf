"""Feeds: items per second from a served feed to stored facts, near-duplicate precision and recall, and
the time from an item appearing in a served feed to its figure in the store with ``watch`` polling.

    .venv/bin/python benchmarks/feed_bench.py [--items 300] [--interval 2] [--rounds 5] [--db sqlite|postgresql]

Everything is served by a local HTTP server this script starts (nothing leaves the machine).

* Throughput: N distinct on-topic ~2.5 KB documents, (a) inline in one RSS feed, (b) as pages an RSS feed
  links to (one page fetch and trafilatura per item), polled into a fresh store; the baseline in the same
  run is ``ingest_documents`` of the same texts into a fresh store (extraction and storage alone).
* Near-duplicates: the hand-written set in ``dedup_set.py`` (wire copies in outlets' furniture, cut
  short, lightly rewritten; distinct reports on the same story) against ``lagebild.feeds.dedup`` and, as
  the alternative measure, rapidfuzz's token_set_ratio at 80 (the best threshold found for it is printed).
* Latency: ``watch`` in a thread polling every ``--interval`` s; a new item (with a figure no other item
  has) is added to the served feed, and the time until that figure is among the store's facts is taken,
  ``--rounds`` times.  With a 30 s interval the wait is that of the poll (0–30 s, 15 s on average) plus
  the processing measured here.
Writes ``benchmarks/out/feeds.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE), str(HERE.parent / "tests" / "feeds")]

from rapidfuzz import fuzz  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from dedup_set import cases  # noqa: E402
from feedserver import Route, Server  # noqa: E402
from lagebild.store import ingest  # noqa: E402
from lagebild.store.db import models as m  # noqa: E402
from lagebild.store.db import open_store  # noqa: E402
from lagebild.extraction.documents import Document, Meta  # noqa: E402
from lagebild.feeds import config as C  # noqa: E402
from lagebild.feeds.dedup import NearDuplicates  # noqa: E402
from lagebild.feeds.fetch import Fetcher  # noqa: E402
from lagebild.feeds.poll import Poller, watch  # noqa: E402
from stories import paragraphs_html, rss  # noqa: E402

ACTORS = ["South Korea's intelligence service", "The Pentagon", "Ukraine's military intelligence", "Officials in Kyiv",
          "A NATO spokesman", "Lawmakers in Seoul", "The Kremlin", "Japan's defence ministry"]
VERBS = ["deployed", "sent", "moved", "stationed"]
PLACES = ["the Kursk region", "Kursk", "the border with Ukraine", "Russia's Far East", "the front near Sudzha"]
VOCAB = ("soldiers convoy railway winter officers brigade supply bridge river village artillery drones trench forest "
         "morning evening statement figure estimate satellite road checkpoint commander district station fuel rations "
         "interpreter uniforms papers radio signal battalion company platoon weather mud frost field hospital medics "
         "shells tanks trucks depot warehouse airfield helicopters pilots reporters analysts diplomats ministers "
         "parliament session briefing committee hearing vote treaty clause partnership alliance pressure sanctions "
         "exports missiles ammunition factories workers harvest prices markets currency banks ports ships cargo").split()


def _document(i: int) -> tuple[str, str]:
    """A distinct on-topic document (three figure sentences, background of varied words): title and text."""
    rnd = random.Random(i)
    figures = [f"{rnd.choice(ACTORS)} said on {rnd.choice(['Monday', 'Tuesday', 'Friday'])} that about "
               f"{rnd.randint(2, 15)},{rnd.randint(0, 9)}00 North Korean soldiers had been {rnd.choice(VERBS)} to "
               f"{rnd.choice(PLACES)}." for _ in range(3)]
    filler = [" ".join(rnd.choice(VOCAB) for _ in range(16)).capitalize() + "." for _ in range(14)]
    body = filler[:5] + figures[:1] + filler[5:10] + figures[1:2] + filler[10:] + figures[2:]
    return f"Report {i}: North Korean troops in Russia", " ".join(body)


def _fresh_db(kind: str, tmp: Path):
    if kind == "sqlite":
        return f"sqlite:///{tmp / f'{uuid.uuid4().hex[:8]}.db'}", None
    url = make_url(os.environ.get("LAGEBILD_TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"feed_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False), drop


def throughput(n: int, kind: str, tmp: Path) -> dict:
    docs = [_document(i) for i in range(n)]
    server = Server()
    settings = C.Settings(host_delay=0.0, max_items=n, max_bytes=50_000_000, timeout=60)
    server.routes["/inline"] = Route(rss([{"title": t, "link": f"http://bench.invalid/{i}", "content": paragraphs_html(b)}
                                          for i, (t, b) in enumerate(docs)]))
    for i, (t, b) in enumerate(docs):
        server.routes[f"/p{i}"] = Route(f"<html><body><nav>Home | World</nav><article><h1>{t}</h1>"
                                        f"{paragraphs_html(b)}</article><footer>Imprint</footer></body></html>")
    server.routes["/linked"] = Route(rss([{"title": t, "link": server.url(f"/p{i}")} for i, (t, _) in enumerate(docs)]))
    out = {}
    try:
        for label, path in (("baseline: ingest_documents", None), ("feed, text inline", "/inline"),
                            ("feed, one page per item", "/linked")):
            url, drop = _fresh_db(kind, tmp)
            engine = open_store(url)
            t0 = time.perf_counter()
            if path is None:
                documents = [Document(None, f"doc{i}", f"{t}\n\n{b}", Meta(title=t, language="en", source="bench"))
                             for i, (t, b) in enumerate(docs)]
                outs = ingest.ingest_documents(engine, documents, lambda e: print(e), workers=1)
                stored = sum(o.added for o in outs)
            else:
                source = C.Source("Bench", server.url(path), local=True, language="en")
                [r] = Poller(engine, C.Config((source,), settings), Fetcher(settings), on_line=print).round()
                stored = r.new
            secs = time.perf_counter() - t0
            with engine.connect() as c:
                facts = c.execute(select(m.facts.c.fact_id).where(m.facts.c.fact_type == "troop_figures")).all()
            engine.dispose()
            if drop:
                drop()
            out[label] = {"items": n, "stored": stored, "figures": len(facts), "seconds": round(secs, 2),
                          "items_per_s": round(n / secs, 1)}
            print(f"  {label:28s} {n / secs:7.1f} items/s  ({stored} stored, {len(facts)} troop figures, {secs:.1f} s)")
    finally:
        server.close()
    base = out["baseline: ingest_documents"]["items_per_s"]
    for label in list(out)[1:]:
        out[label]["vs_baseline"] = round(out[label]["items_per_s"] / base, 2)
        print(f"  {label}: {out[label]['vs_baseline']:.2f}x the baseline")
    return out


def near_duplicates() -> dict:
    wires, tests = cases()
    index = NearDuplicates(wires.get)
    for k, t in wires.items():
        index.add(k, t)

    def score(predict) -> dict:
        tp = fp = fn = tn = 0
        wrong = []
        for label, t, truth in tests:
            got = predict(t)
            if truth is not None and got == truth:
                tp += 1
            elif truth is None and got is None:
                tn += 1
            else:
                fp += got is not None and got != truth
                fn += truth is not None and got != truth
                wrong.append(label)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        return {"precision": round(precision, 3), "recall": round(recall, 3), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                "wrong": wrong}

    def minhash(t):
        hit = index.match(t)
        return hit[0] if hit else None

    def rapid(threshold):
        def predict(t):
            best = max(wires, key=lambda k: fuzz.token_set_ratio(t, wires[k]))
            return best if fuzz.token_set_ratio(t, wires[best]) >= threshold else None
        return predict

    out = {"cases": len(tests), "copies": sum(1 for c in tests if c[2]), "distinct": sum(1 for c in tests if not c[2]),
           "minhash+containment": score(minhash), "rapidfuzz token_set_ratio>=80": score(rapid(80))}
    best = max(range(50, 100, 5), key=lambda th: (lambda s: s["precision"] + s["recall"])(score(rapid(th))))
    out[f"rapidfuzz token_set_ratio>={best} (best)"] = score(rapid(best))
    for k, v in out.items():
        if isinstance(v, dict):
            print(f"  {k:38s} precision {v['precision']:.2f}  recall {v['recall']:.2f}  {v['wrong'] or ''}")
    out["match_ms"] = match_cost()
    return out


def match_cost(stored: int = 2000, queries: int = 50) -> dict:
    """Milliseconds to check one new text against ``stored`` documents: the index (MinHash LSH, then the
    few candidates checked exactly) against rapidfuzz, which must compare with every stored text."""
    texts = {f"d{i}": _document(50_000 + i)[1] for i in range(stored)}
    index = NearDuplicates(texts.get)
    t0 = time.perf_counter()
    for k, t in texts.items():
        index.add(k, t)
    build = time.perf_counter() - t0
    probe = [_document(90_000 + i)[1] for i in range(queries)]
    t0 = time.perf_counter()
    for t in probe:
        index.match(t)
    lsh = (time.perf_counter() - t0) / queries * 1000
    t0 = time.perf_counter()
    for t in probe[:5]:
        max(fuzz.token_set_ratio(t, o) for o in texts.values())
    rf = (time.perf_counter() - t0) / 5 * 1000
    print(f"  one match against {stored:,} stored: index {lsh:.2f} ms, rapidfuzz {rf:.0f} ms "
          f"(index built in {build:.1f} s, {build / stored * 1000:.2f} ms per document)")
    return {"stored": stored, "index_ms": round(lsh, 2), "rapidfuzz_ms": round(rf, 1),
            "index_build_ms_per_doc": round(build / stored * 1000, 2)}


def latency(interval: float, rounds: int, kind: str, tmp: Path) -> dict:
    url, drop = _fresh_db(kind, tmp)
    engine = open_store(url)
    server = Server()
    items = [{"title": "Old item", "link": "http://bench.invalid/old",
              "content": paragraphs_html(_document(10_000)[1])}]
    server.routes["/feed"] = Route(rss(items))
    settings = C.Settings(host_delay=0.0, timeout=10)
    source = C.Source("Watch", server.url("/feed"), local=True, language="en", every=interval)
    starts: list[float] = []

    class Timed(Poller):
        def round(self, *a, **k):
            starts.append(time.perf_counter())  # when a poll begins: the processing is measured from here
            return super().round(*a, **k)

    poller = Timed(engine, C.Config((source,), settings), Fetcher(settings), on_line=print)
    thread = threading.Thread(target=watch, args=(poller,), kwargs={"max_wait": interval}, daemon=True)
    thread.start()
    samples, processing = [], []
    try:
        time.sleep(interval * 2)
        for r in range(rounds):
            figure = 31_000 + 17 * r
            title, body = _document(20_000 + r)
            body += f" A new estimate put the number at {figure:,} North Korean soldiers in Kursk."
            items = items + [{"title": title, "link": f"http://bench.invalid/new{r}", "content": paragraphs_html(body)}]
            t0 = time.perf_counter()
            server.routes["/feed"] = Route(rss(items))
            while True:
                with engine.connect() as c:
                    rows = c.execute(select(m.facts.c.data).where(m.facts.c.fact_type == "troop_figures")).scalars().all()
                if any(d.get("value") == figure for d in rows):
                    break
                if time.perf_counter() - t0 > interval * 5 + 60:
                    raise SystemExit(f"figure {figure} not stored")
                time.sleep(0.05)
            done = time.perf_counter()
            samples.append(done - t0)
            processing.append(done - max(x for x in starts if x <= done))
            print(f"  item {r + 1}: figure in the store after {samples[-1]:.2f} s ({processing[-1]:.2f} s after the poll began)")
            time.sleep(random.Random(r).uniform(0, interval))  # appear at a random point of the poll cycle
    finally:
        poller.stop.set()
        thread.join(30)
        server.close()
        engine.dispose()
        if drop:
            drop()
    worst = max(processing)
    out = {"interval_s": interval, "samples_s": [round(s, 2) for s in samples], "median_s": round(statistics.median(samples), 2),
           "max_s": round(max(samples), 2), "processing_s": [round(p, 3) for p in processing],
           "at_30s_worst_s": round(30 + worst, 1), "at_30s_mean_s": round(15 + statistics.mean(processing), 1)}
    print(f"  median {out['median_s']} s, max {out['max_s']} s with a {interval:g} s interval; processing at most "
          f"{worst:.2f} s, so with a 30 s interval: at most {out['at_30s_worst_s']} s, {out['at_30s_mean_s']} s on average")
    return out


def overview_latency(rounds: int, interval: float, tmp: Path) -> dict:
    """In chromium (Debian's, through Playwright): ``watch`` polls a served feed every ``interval`` s into a
    SQLite store the app reads; the Overview stays open; per new item, the seconds from its appearance in
    the feed until the Overview's document count shows it (no click: the page's live check reruns it)."""
    sys.path.insert(0, str(HERE.parent / "tests" / "browser"))
    from harness import StreamlitServer, launch_chromium, new_context, page_url, wait_ready
    from playwright.sync_api import sync_playwright
    import re

    url = f"sqlite:///{tmp / 'overview.db'}"
    os.environ["LAGEBILD_DATABASE_URL"] = url
    server = StreamlitServer("dashboard.py", cwd=HERE.parent)
    feed = Server()
    items = []
    feed.routes["/feed"] = Route(rss(items))
    engine = open_store(url)
    settings = C.Settings(host_delay=0.0, timeout=10)
    poller = Poller(engine, C.Config((C.Source("Overview", feed.url("/feed"), local=True, language="en",
                                               every=interval),), settings), Fetcher(settings), on_line=print)
    pw = sync_playwright().start()
    browser = launch_chromium(pw)
    samples = []
    try:
        page = new_context(browser).new_page()
        page.goto(page_url(server.url, "overview"))
        wait_ready(page)
        main = page.locator('[data-testid="stMain"]')

        def documents() -> int:
            m_ = re.search(r"Documents\s*([\d,]+)", main.inner_text())
            return int(m_.group(1).replace(",", "")) if m_ else -1

        thread = threading.Thread(target=watch, args=(poller,), kwargs={"max_wait": interval}, daemon=True)
        thread.start()
        for r in range(rounds):
            before = documents()
            title, body = _document(30_000 + r)
            items.append({"title": title, "link": f"http://bench.invalid/o{r}", "content": paragraphs_html(body)})
            t0 = time.perf_counter()
            feed.routes["/feed"] = Route(rss(items))
            while documents() < before + 1:
                if time.perf_counter() - t0 > interval + 120:
                    raise SystemExit("the Overview did not show the new document")
                time.sleep(0.2)
            samples.append(time.perf_counter() - t0)
            print(f"  item {r + 1}: on the open Overview after {samples[-1]:.1f} s")
            time.sleep(random.Random(r).uniform(0, 5))
    finally:
        poller.stop.set()
        browser.close()
        pw.stop()
        server.stop()
        feed.close()
        engine.dispose()
    out = {"interval_s": interval, "samples_s": [round(x, 1) for x in samples], "max_s": round(max(samples), 1),
           "median_s": round(statistics.median(samples), 1)}
    print(f"  with watch every {interval:g} s: median {out['median_s']} s, max {out['max_s']} s (target <= 60 s)")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=300)
    ap.add_argument("--interval", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--overview", type=float, metavar="INTERVAL",
                    help="only the browser measurement: watch polling every INTERVAL s (e.g. 30), the Overview open")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; database {args.db}")
    if args.overview:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"Feed item to the open Overview (watch every {args.overview:g} s, chromium):")
            result = overview_latency(args.rounds, args.overview, Path(tmp))
        (HERE / "out").mkdir(exist_ok=True)
        (HERE / "out" / "feeds_overview.json").write_text(json.dumps(result, indent=2))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        print("Near-duplicates (hand-written set):")
        result = {"near_duplicates": near_duplicates()}
        print(f"Throughput ({args.items} items):")
        result["throughput"] = throughput(args.items, args.db, Path(tmp))
        print(f"Latency (watch every {args.interval:g} s):")
        result["latency"] = latency(args.interval, args.rounds, args.db, Path(tmp))
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "feeds.json").write_text(json.dumps({**result, "db": args.db, "load": os.getloadavg()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
