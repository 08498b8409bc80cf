"""Grouping figure mentions into claims (and events into event groups) at scale (not a test: run by hand).

    .venv/bin/python benchmarks/claims_bench.py [--mentions 100000] [--reps 3]

Builds a synthetic store (``benchmarks.synthetic``) and tiles it, shifting each copy's
documents in time, until it holds ``--mentions`` troop-figure mentions, then times, in
the same run and interleaved (the fastest of ``--reps`` counts):
* baseline: one pandas sort and group-by over the same figure rows (the least any grouping must do);
* ``group_figures`` end to end (claimants incl. the accusation rule, directions, chaining,
  per-claim summary, schema validation) — target < 2 s at 100,000 mentions;
* ``group_events`` over the events of the same store.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lagebild.claims import rules as claim_rules  # noqa: E402
from lagebild.claims.events import group_events  # noqa: E402
from lagebild.claims.figures import group_figures  # noqa: E402
from lagebild.claims.sources import document_sources  # noqa: E402
from benchmarks.synthetic import synthetic_tables  # noqa: E402

BASE_DOCS = 2000


def tiled(n_mentions: int) -> dict[str, pd.DataFrame]:
    base = synthetic_tables(BASE_DOCS, seed=7)
    copies = -(-n_mentions // len(base["troop_figures"]))
    out = {}
    for name in ["documents", "mentions", "troop_figures", "events"]:
        parts = []
        for k in range(copies):
            df = base[name].copy()
            df["doc_id"] = df["doc_id"] + f"-{k}"
            if name == "documents":
                shifted = pd.to_datetime(df["published"]) + pd.Timedelta(days=3 * k)
                df["published"] = shifted.dt.strftime("%Y-%m-%d")
            parts.append(df)
        out[name] = pd.concat(parts, ignore_index=True)
    out["troop_figures"] = out["troop_figures"].head(n_mentions)
    return out


def best(fn, reps: int) -> tuple[float, float, object]:
    """Fastest wall and CPU seconds of ``reps`` runs (other load on a shared machine only adds time)."""
    walls, cpus, out = [], [], None
    for _ in range(reps):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus), out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentions", type=int, default=100_000)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    t = tiled(args.mentions)
    rules = claim_rules.load()
    sources = document_sources(t["documents"], rules)
    figs = t["troop_figures"]
    key = ["kind", "subject_actor", "claimed_by", "modality", "value"]
    base_w, base_c, _ = best(lambda: figs.sort_values(key + ["doc_id", "start"]).groupby(key, dropna=False).size(), args.reps)
    claims_w, claims_c, claims = best(lambda: group_figures(figs, t["documents"], t["mentions"], sources, rules), args.reps)
    events_w, events_c, groups = best(lambda: group_events(t["events"], t["documents"], sources, rules), args.reps)
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(f"{len(figs):,} figure mentions in {len(t['documents']):,} documents; {len(t['events']):,} event mentions; load {load}")
    print(f"baseline (sort + group-by): {base_w:.3f} s wall, {base_c:.3f} s CPU")
    flag = "" if claims_w < 2 else "  ! over the 2 s target"
    print(f"group_figures: {claims_w:.3f} s wall, {claims_c:.3f} s CPU -> {len(claims):,} claims "
          f"({claims_c / base_c:.1f}x baseline CPU){flag}")
    print(f"group_events:  {events_w:.3f} s wall, {events_c:.3f} s CPU -> {len(groups):,} event groups")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
