"""What a change costs an open session: the dashboard's Overview run in-process (Streamlit's AppTest, the
same script a browser session runs, no browser) against a database store: the first view after a start,
a rerun with nothing changed, the rerun after one new document (stored through the real ingest in another
process), the rerun after one review decision (the real CLI) and two filter changes (an actor, then another,
as a shared link sets them), with this process's RSS after each.

    .venv/bin/python benchmarks/change_bench.py --db URL [--db URL2 …] [--reps 2]

Each URL is measured in a fresh process, in turn, ``--reps`` times (the machine is shared: compare the
stores measured in the same run, not seconds across runs).  Writes ``benchmarks/out/change.json``.
The new documents and decisions stay in the stores (each run adds one document and one decision).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def rss_mb() -> tuple[int, int]:
    status = Path("/proc/self/status").read_text()
    get = lambda key: int(status.split(key + ":")[1].split()[0]) // 1024  # noqa: E731
    return get("VmRSS"), get("VmHWM")


def measure(url: str, root: Path) -> dict:
    """One fresh process's figures (run as ``change_bench.py --child URL``)."""
    os.environ["LAGEBILD_DATABASE_URL"] = url
    os.environ.pop("LAGEBILD_TABLES", None)
    sys.path.insert(0, str(root))
    os.chdir(root)
    from streamlit.testing.v1 import AppTest

    out: dict = {}
    at = AppTest.from_file(str(root / "dashboard.py"), default_timeout=900)
    t = time.perf_counter()
    at.run()
    out["first_view_s"] = time.perf_counter() - t
    out["rss_after_first_mb"], _ = rss_mb()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error and len(at.metric) == 4, [e.value for e in at.error]  # the page, not a one-line error
    t = time.perf_counter()
    at.run()
    out["rerun_s"] = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / f"bench-{time.time_ns()}.txt"
        doc.write_text(f"Nordkorea hat nach Angaben des südkoreanischen Geheimdienstes NIS weitere {time.time_ns() % 9000 + 1000} "
                       "Soldaten nach Russland entsandt, wie die Nachrichtenagentur Yonhap am Montag meldete.\n",
                       encoding="utf-8")
        subprocess.run([sys.executable, "-m", "lagebild", "ingest", str(doc), "--db", url], cwd=root, check=True,
                       capture_output=True)
    t = time.perf_counter()
    at.run()
    out["new_document_rerun_s"] = time.perf_counter() - t
    assert not at.exception, [e.value for e in at.exception]

    code = ("import sys\ntry:\n    from lagebild.store.db import open_store, review_queue\n"
            "except ImportError:  # a checkout from before the store wing (a baseline)\n"
            "    from lagebild.db import open_store, review_queue\n"
            "print(review_queue(open_store(sys.argv[1]), limit=1)[0]['fact_id'])")
    fid = subprocess.run([sys.executable, "-c", code, url], cwd=root, check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "lagebild", "review", fid, "--accept", "--reviewer", "bench", "--db", url],
                   cwd=root, check=True, capture_output=True)
    t = time.perf_counter()
    at.run()
    out["decision_rerun_s"] = time.perf_counter() - t
    # Filter changes: an actor picked from a shared link, then another (after the store changes above).
    for name, value in (("filter_actor_s", "russia"), ("filter_other_actor_s", "ukraine")):
        at.query_params["actor"] = value
        t = time.perf_counter()
        at.run()
        out[name] = time.perf_counter() - t
        assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
    out["rss_end_mb"], out["rss_peak_mb"] = rss_mb()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", action="append", required=True, metavar="URL", help="a store (repeat to compare)")
    ap.add_argument("--root", action="append", metavar="DIR",
                    help="the checkout whose code measures the matching --db (default: this one; repeat per --db)")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, Path(args.root[0]) if args.root else ROOT)))
        return 0
    roots = args.root or [str(ROOT)] * len(args.db)
    samples: dict[str, list[dict]] = {f"{u} @ {r}": [] for u, r in zip(args.db, roots)}
    for _ in range(args.reps):
        for url, root in zip(args.db, roots):
            r = subprocess.run([sys.executable, __file__, "--child", url, "--db", url, "--root", root],
                               capture_output=True, text=True, cwd=root)
            if r.returncode:
                print(f"{url}: failed: {r.stderr.strip().splitlines()[-1:]}")
                continue
            sample = json.loads(r.stdout.strip().splitlines()[-1])
            samples[f"{url} @ {root}"].append(sample)
            print(url, root, {k: round(v, 2) if isinstance(v, float) else v for k, v in sample.items()}, flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "change.json").write_text(json.dumps(samples, indent=1))
    for key, got in samples.items():
        if got:
            best = {k: min(s[k] for s in got) for k in got[0]}
            print("fastest of", len(got), key, {k: round(v, 2) for k, v in best.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
