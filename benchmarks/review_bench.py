"""Time per review decision on the Review page (not a test: run by hand).

    .venv/bin/python benchmarks/review_bench.py [--decisions 8] [--big 10000] [--skip-big]

For each store — the seed store in SQLite, and a PostgreSQL store of ``--big`` documents
(seeds plus documents recombined from the seed article, ``store_bench.write_docs``) — the
Review page is opened in AppTest as a reviewer and ``Accept`` is clicked ``--decisions`` times;
each click's run (the decision, the reread of whatever the page needs, the next fact drawn) is
timed server-side.  Prints the median and each sample, and how long one full reread of the
effective tables takes on that store (what every decision cost before the incremental update).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from lagebild.store.db import effective_tables, open_store  # noqa: E402
from lagebild.store.ingest import ensure_seeded, ingest_paths  # noqa: E402


def decisions_on_page(url: str, n: int) -> list[float]:
    from streamlit.testing.v1 import AppTest

    os.environ["LAGEBILD_DATABASE_URL"] = url
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.run()
    at.switch_page("pages/review.py").run()
    at.text_input(key="_lagebild_reviewer_input").input("bench")
    next(b for b in at.button if b.label == "Start reviewing").click().run()
    at.run()  # warm: every cache filled for this store
    out = []
    for _ in range(n):
        accept = next(b for b in at.button if b.label == "Accept")
        t = time.perf_counter()
        accept.click().run()
        out.append(time.perf_counter() - t)
        assert not at.exception, [e.message for e in at.exception]
        assert not at.error, [e.value for e in at.error]
    return out


def full_reread(url: str, reps: int = 3) -> float:
    engine = open_store(url)
    best = min(_timed(lambda: effective_tables(engine)) for _ in range(reps))
    engine.dispose()
    return best


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def report(label: str, url: str, n: int) -> dict:
    samples = decisions_on_page(url, n)
    reread = full_reread(url)
    med = statistics.median(samples)
    print(f"{label}: per decision median {med * 1000:.0f} ms (samples {', '.join(f'{s * 1000:.0f}' for s in samples)} ms); "
          f"one full reread of the effective tables {reread * 1000:.0f} ms")
    return {"median_s": med, "samples_s": samples, "full_reread_s": reread}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--decisions", type=int, default=8)
    ap.add_argument("--big", type=int, default=10000)
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--big-url", help="an already built big PostgreSQL store to use (not dropped)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        seed_url = f"sqlite:///{Path(tmp) / 'seed.db'}"
        ensure_seeded(open_store(seed_url))
        report("seed store, SQLite", seed_url, args.decisions)
        if args.skip_big:
            return 0
        if args.big_url:
            report(f"{args.big}-document store, PostgreSQL", args.big_url, args.decisions)
            return 0
        from store_bench import pg_database, write_docs

        with pg_database("review") as big_url:
            t = time.perf_counter()
            engine = open_store(big_url)
            ensure_seeded(engine)
            out = ingest_paths(engine, [write_docs(Path(tmp) / "big", args.big, 600, seed=1)], lambda err: None)
            engine.dispose()
            print(f"built the {args.big}-document PostgreSQL store in {time.perf_counter() - t:.0f} s "
                  f"({sum(o.n_facts for o in out):,} facts)")
            report(f"{args.big}-document store, PostgreSQL", big_url, args.decisions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
