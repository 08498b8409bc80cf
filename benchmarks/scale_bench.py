"""The dashboard at scale, in chromium, against the seed-size store in the same run (run by hand; not a test).

    .venv/bin/python benchmarks/scale_bench.py [--sizes seed,10000] [--db postgresql|sqlite]
                                               [--pages overview,map] [--timeout 120] [--skip-live]

For each store (``seed``: the seeds/ articles, as the app's first start stores them, in a fresh database;
N: the kept store of N generated documents of ``benchmarks/big_store.py``, built first if missing) the app
is served with ``LAGEBILD_DATABASE_URL`` and, per page (``st.navigation``'s pages; default: the seven
analysis pages):

* first view: a new ``streamlit run`` process, a fresh browser context opens the page; ms from navigation
  start until the script has finished and every plotly chart is drawn (``tests/browser/harness.py``'s
  ``wait_ready``, as ``benchmarks/dashboard_bench.py`` times pages);
* filter change: in that session, pick an actor in the sidebar's Actors filter; ms until the rerun is drawn;
* page switch: in that session, click the next page in the sidebar navigation; ms until it is drawn;
* the server's VmRSS and VmHWM (``/proc/<pid>/status`` of the ``streamlit run`` process) after these.

Then, with one server and the Overview open in chromium:

* new document visible: ``python -m lagebild ingest --db URL FILE`` of a new document (a troop figure, the
  latest publication date); seconds from the end of the command until the Overview's "Documents" count
  shows it, without a click (the page's own live check), and whether its figure is on the page by then;
* review decision visible: ``python -m lagebild review FACT --accept --reviewer bench --db URL`` on an
  event no analyst has decided; seconds from the end of the command until an Overview opened with
  ``?reviewed=1`` (only reviewed facts) counts one more event.

Every wait is bounded by ``--timeout`` seconds: a slower step is reported as "> N s", not a hang.  (Each
run adds one document and one decision to a kept store: the next run's document differs, its fact too.)
Writes benchmarks/out/scale.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from harness import NetworkGuard, StreamlitServer, launch_chromium, new_context, page_url, select_actor, since_now, \
    wait_ready  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

import big_store  # noqa: E402
from dashboard_bench import ACTOR  # noqa: E402
from lagebild.dashboard.registry import ANALYSIS_PAGES, BY_KEY  # noqa: E402
from lagebild.store.db import models as m  # noqa: E402
from lagebild.store.db import open_store  # noqa: E402
from lagebild.store.ingest import ensure_seeded  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "scale.json"
PAGE_KEYS = [p.key for p in ANALYSIS_PAGES]


class TooSlow(Exception):
    pass


def seed_store(kind: str) -> str:
    """A fresh database holding the seeds as the app's first start stores them."""
    if kind == "sqlite":
        path = big_store.OUT / "scale_seed.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        admin = create_engine(make_url(big_store.PG).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text('DROP DATABASE IF EXISTS "lagebild_bench_seed" WITH (FORCE)'))
            conn.execute(text('CREATE DATABASE "lagebild_bench_seed"'))
        admin.dispose()
        url = make_url(big_store.PG).set(database="lagebild_bench_seed").render_as_string(hide_password=False)
    engine = open_store(url)
    ensure_seeded(engine)
    engine.dispose()
    return url


def rss(pid: int) -> dict:
    """VmRSS and VmHWM (peak) of a process, MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return {k: round(int(re.search(rf"{k}:\s+(\d+) kB", status).group(1)) / 1024) for k in ("VmRSS", "VmHWM")}


def timed(step, *args, **kwargs):
    """ms of a browser step, or the TooSlow of its timeout."""
    try:
        return step(*args, **kwargs)
    except PlaywrightError as exc:
        if "Timeout" in str(exc):
            raise TooSlow() from None
        raise


def shown(value, timeout_s: float) -> str:
    return f"> {timeout_s:.0f} s" if value is None else f"{value / 1000:.1f} s"


def views(browser, guard, url: str, key: str, timeout_s: float) -> dict:
    """First view after a server start, filter change, switch to the next page; the server's memory."""
    os.environ["LAGEBILD_DATABASE_URL"] = url
    t_ms = int(timeout_s * 1000)
    out = {"page": key, "first_view_ms": None, "filter_ms": None, "switch_ms": None}
    with StreamlitServer("dashboard.py", timeout=timeout_s) as server:
        context = new_context(browser, guard)
        try:
            page = context.new_page()
            page.goto(page_url(server.url, key), timeout=t_ms)
            out["first_view_ms"] = timed(wait_ready, page, timeout_ms=t_ms)["done"]
            t0 = since_now(page)
            timed(select_actor, page, ACTOR)
            out["filter_ms"] = timed(wait_ready, page, since=t0, timeout_ms=t_ms)["done"]
            following = PAGE_KEYS[(PAGE_KEYS.index(key) + 1) % len(PAGE_KEYS)] if key in PAGE_KEYS else "overview"
            link = page.locator('[data-testid="stSidebarNav"] a').filter(has_text=BY_KEY[following].title).first
            t0 = since_now(page)
            link.click(timeout=t_ms)
            out["switch_to"] = following
            out["switch_ms"] = timed(wait_ready, page, since=t0, timeout_ms=t_ms)["done"]
        except TooSlow:
            pass
        finally:
            context.close()
            out.update(rss(server.proc.pid))
    return out


def _count(page, label: str) -> int:
    found = re.search(rf"{label}\s*([\d,]+)", page.locator('[data-testid="stMain"]').inner_text())
    return int(found.group(1).replace(",", "")) if found else -1


def _until(page, label: str, target: int, timeout_s: float) -> float | None:
    """Seconds until the page's ``label`` count reaches ``target`` (None: not within the timeout)."""
    t = time.perf_counter()
    while time.perf_counter() - t < timeout_s:
        if _count(page, label) >= target:
            return time.perf_counter() - t
        time.sleep(0.25)
    return None


def _cli(*args: str) -> float:
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "lagebild", *args], cwd=ROOT, capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f"lagebild {args[0]} failed: {r.stderr.strip()}")
    return time.perf_counter() - t


def unreviewed_event(url: str) -> str:
    engine = open_store(url)
    try:
        with engine.connect() as conn:
            decided = set(conn.execute(select(m.decisions.c.fact_id)).scalars())
            latest = conn.execute(select(m.facts.c.doc_id).order_by(m.facts.c.run_id.desc()).limit(1)).scalar()
            for fid in conn.execute(select(m.facts.c.fact_id).where(m.facts.c.fact_type == "events",
                                                                   m.facts.c.doc_id != latest).limit(500)).scalars():
                if fid not in decided:
                    return fid
    finally:
        engine.dispose()
    raise SystemExit("no undecided event in the store")


def live(browser, guard, url: str, timeout_s: float, tmp: Path) -> dict:
    """New document and review decision, each until an open Overview shows it."""
    os.environ["LAGEBILD_DATABASE_URL"] = url
    t_ms = int(timeout_s * 1000)
    stamp = int(time.time())
    figure = 4000 + stamp % 997  # a number no other document of the store states
    doc = tmp / f"bench-{stamp}.txt"
    doc.write_text(f"Weitere nordkoreanische Truppen in Kursk ({stamp})\nNach Angaben des ukrainischen "
                   f"Militärgeheimdienstes hat Nordkorea weitere {figure:,} Soldaten in die russische Region Kursk "
                   "entsandt.\n".replace(",", "."), encoding="utf-8")
    doc.with_suffix(".meta.json").write_text(json.dumps(
        {"language": "de", "published": dt.date.today().isoformat(), "source": "Bench"}), encoding="utf-8")
    out = {"new_document_s": None, "figure_shown": None, "review_s": None}
    with StreamlitServer("dashboard.py", timeout=timeout_s) as server:
        context = new_context(browser, guard)
        try:
            overview = context.new_page()
            overview.goto(page_url(server.url, "overview"), timeout=t_ms)
            timed(wait_ready, overview, timeout_ms=t_ms)
            before = _count(overview, "Documents")
            out["ingest_command_s"] = round(_cli("ingest", "--db", url, str(doc)), 1)
            seen = _until(overview, "Documents", before + 1, timeout_s)
            out["new_document_s"] = None if seen is None else round(seen, 1)
            out["figure_shown"] = f"{figure:,}" in overview.locator('[data-testid="stMain"]').inner_text()
            reviewed = context.new_page()
            reviewed.goto(page_url(server.url, "overview", "?reviewed=1"), timeout=t_ms)
            timed(wait_ready, reviewed, timeout_ms=t_ms)
            before = _count(reviewed, "Events")
            fact = unreviewed_event(url)
            out["review_command_s"] = round(_cli("review", fact, "--accept", "--reviewer", "bench", "--db", url), 1)
            seen = _until(reviewed, "Events", before + 1, timeout_s)
            out["review_s"] = None if seen is None else round(seen, 1)
        except TooSlow:
            pass
        finally:
            context.close()
            out.update(rss(server.proc.pid))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="seed,10000", help="seed and/or document counts (10000, 100000)")
    ap.add_argument("--db", default="postgresql", choices=["postgresql", "sqlite"])
    ap.add_argument("--pages", default=",".join(PAGE_KEYS))
    ap.add_argument("--timeout", type=float, default=120, help="seconds per measurement")
    ap.add_argument("--skip-live", action="store_true", help="no new-document / review measurements")
    args = ap.parse_args()
    pages = [p for p in args.pages.split(",") if p]
    from playwright.sync_api import sync_playwright

    guard = NetworkGuard()
    results = {}
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            for size in args.sizes.split(","):
                url = seed_store(args.db) if size == "seed" else big_store.ensure(args.db, int(size))
                print(f"store {size} ({args.db})", flush=True)
                rows = []
                for key in pages:
                    row = views(browser, guard, url, key, args.timeout)
                    rows.append(row)
                    print(f"  {key:<14} first view {shown(row['first_view_ms'], args.timeout):>8}  filter "
                          f"{shown(row['filter_ms'], args.timeout):>8}  switch {shown(row['switch_ms'], args.timeout):>8}"
                          f"  RSS {row['VmRSS']} MB (peak {row['VmHWM']})", flush=True)
                result = {"pages": rows}
                if not args.skip_live:
                    result["live"] = live(browser, guard, url, args.timeout, Path(tmp))
                    lv = result["live"]
                    print(f"  new document visible {shown(None if lv['new_document_s'] is None else lv['new_document_s'] * 1000, args.timeout)}"
                          f" (figure shown: {lv['figure_shown']})  review visible "
                          f"{shown(None if lv['review_s'] is None else lv['review_s'] * 1000, args.timeout)}"
                          f"  RSS {lv['VmRSS']} MB (peak {lv['VmHWM']})", flush=True)
                results[size] = result
        finally:
            browser.close()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"when": dt.datetime.now(dt.timezone.utc).isoformat(), "db": args.db,
                               "timeout_s": args.timeout, "seconds": round(time.time() - started),
                               "load": os.getloadavg(), "outside_requests": guard.distinct(), "stores": results},
                              indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
