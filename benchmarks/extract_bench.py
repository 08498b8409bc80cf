"""Extraction throughput and memory over a synthetic corpus (not a test: run by hand).

    .venv/bin/python benchmarks/extract_bench.py [--docs 2000] [--corpus bank|seed] [--reps 3] [--against DIR]

Prints, for the same documents in the same run:
* baseline: reading every file and tokenizing it (the least any extraction must do);
* extraction: ``extract_corpus`` end to end (read, extract, build and validate tables);
  docs per CPU-second is the per-core figure; both are timed --reps times, interleaved,
  and the fastest run counts (on a shared machine other load only adds time: CPU time
  grows too when another process shares the core);
* peak memory of the per-document extraction at growing corpus sizes, each in a fresh
  process, to show it stays flat (the returned tables themselves grow with the corpus,
  reported separately);
* with ``--against DIR`` (another checkout, e.g. ``git worktree add /tmp/main main``): this
  code and that code extract the same corpus in alternating fresh processes, --reps times
  each, and the ratio of their fastest docs per CPU-second is printed (old vs new in one run,
  as the machine's load drifts).
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
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def baseline(folder: Path) -> int:
    from lagebild.extraction.documents import read_document
    from lagebild.extraction.text import tokenize

    n = 0
    for p in sorted(folder.glob("*.txt")):
        n += len(tokenize(read_document(p).text)[0])
    return n


def timing_child(root: str, folder: str) -> None:
    """Run in a fresh process on the code at ``root``: print the CPU seconds of one
    ``extract_corpus`` of ``folder`` after a warm-up run (lexicons, GeoNames loaded)."""
    sys.path.insert(0, root)
    from lagebild import extraction as code

    code.extract_corpus([folder])
    c = time.process_time()
    code.extract_corpus([folder])
    print(time.process_time() - c)


def compare(folder: Path, against: str, reps: int, n: int) -> dict:
    """Docs per CPU-second of this code and of the checkout at ``against``, alternating."""
    cpu: dict[str, list[float]] = {"this": [], "against": []}
    for _ in range(max(1, reps)):
        for name, root in (("against", against), ("this", str(ROOT))):
            out = subprocess.run([sys.executable, __file__, "--time", root, str(folder)],
                                 capture_output=True, text=True, check=True, cwd=root)
            cpu[name].append(float(out.stdout.strip()))
    best = {name: round(n / min(v)) for name, v in cpu.items()}
    return {"against": against, "docs_per_cpu_s": best, "ratio": round(best["this"] / best["against"], 2),
            "each_rep": {name: [round(n / c) for c in v] for name, v in cpu.items()}}


def memory_child(folder: str, n: int, keep: bool) -> None:
    """Run in a fresh process: extract the first n documents, print peak RSS in MB."""
    from lagebild.extraction.documents import read_document
    from lagebild.extraction.pipeline import extract_corpus, extract_document_rows

    files = sorted(Path(folder).glob("*.txt"))[:n]
    if keep:
        extract_corpus(files)
    else:
        for p in files:
            d = read_document(p)
            extract_document_rows(d.text, d.meta, d.doc_id)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec,
    # so it would report the parent's peak instead of this process's.
    hwm = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM"))
    print(int(hwm.split()[1]) / 1024)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--corpus", choices=["bank", "seed"], default="bank",
                    help="bank: German and English sentence bank with filler (dense); "
                         "seed: the seed article's sentences recombined (a real article's density)")
    ap.add_argument("--reps", type=int, default=3,
                    help="time extraction and baseline this many times, interleaved; report the fastest "
                         "(other load on a shared machine only ever slows a run down)")
    ap.add_argument("--against", help="another checkout's root: time its extraction too, interleaved")
    ap.add_argument("--child", nargs=3)
    ap.add_argument("--time", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.time:
        timing_child(*args.time)
        return
    if args.child:
        memory_child(args.child[0], int(args.child[1]), args.child[2] == "keep")
        return

    from lagebild import extraction as lagebild_extraction

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(Path(tmp) / "corpus", args.docs, kind=args.corpus)
        files = sorted(folder.glob("*.txt"))
        kb = sum(p.stat().st_size for p in files) / len(files) / 1024
        lagebild_extraction.extract_document("Warm-up\nNordkorea.", {"language": "de"})  # load lexicons once
        lagebild_extraction.extract_document("Warm-up\nNorth Korea.", {"language": "en"})

        runs = {"baseline": [], "extract": []}
        for _ in range(max(1, args.reps)):  # interleaved: the machine's load drifts
            _, w, c = timed(lambda: baseline(folder))
            runs["baseline"].append((c, w))
            tables, w, c = timed(lambda: lagebild_extraction.extract_corpus([folder]))
            runs["extract"].append((c, w))
        b_cpu, b_wall = min(c for c, _ in runs["baseline"]), min(w for _, w in runs["baseline"])
        e_cpu, e_wall = min(c for c, _ in runs["extract"]), min(w for _, w in runs["extract"])
        n = len(files)
        facts = sum(len(tables[t]) for t in ("mentions", "dates", "troop_figures", "events"))
        result = {
            "documents": n, "avg_kb": round(kb, 2), "facts": facts,
            "baseline_docs_per_cpu_s": round(n / b_cpu), "extract_docs_per_cpu_s": round(n / e_cpu),
            "extract_docs_per_wall_s": round(n / e_wall), "extract_vs_baseline_cpu": round(e_cpu / b_cpu, 1),
            "reps": max(1, args.reps),
            "extract_docs_per_cpu_s_each_rep": [round(n / c) for c, _ in runs["extract"]],
            "load_avg": [round(x, 2) for x in os.getloadavg()],
        }
        sizes = [n // 8, n // 4, n // 2, n]
        mem = {}
        for keep in (False, True):
            for k in sizes:
                out = subprocess.run([sys.executable, __file__, "--child", str(folder), str(k),
                                      "keep" if keep else "stream"], capture_output=True, text=True, check=True)
                mem[f"{'tables' if keep else 'stream'}_{k}"] = round(float(out.stdout.strip()), 1)
        result["peak_rss_mb"] = mem
        if args.against:
            result["compare"] = compare(folder, args.against, args.reps, n)

    print(f"corpus ({args.corpus}): {n} synthetic documents, {kb:.1f} KB each on average, "
          f"{facts} facts extracted ({facts / n / kb:.0f} per KB; the seed article has 20)")
    print(f"baseline (read + tokenize): {result['baseline_docs_per_cpu_s']:>6} docs per CPU-second")
    print(f"extraction (extract_corpus): {result['extract_docs_per_cpu_s']:>5} docs per CPU-second "
          f"({result['extract_docs_per_wall_s']} per wall-second; {result['extract_vs_baseline_cpu']}x the baseline's CPU time)")
    print(f"  fastest of {result['reps']} runs; each run: {result['extract_docs_per_cpu_s_each_rep']} docs per CPU-second; "
          f"load average {result['load_avg']}")
    print("peak RSS, per-document extraction (streaming):  " +
          ", ".join(f"{k} docs {mem[f'stream_{k}']} MB" for k in sizes))
    print("peak RSS, extract_corpus keeping all tables:    " +
          ", ".join(f"{k} docs {mem[f'tables_{k}']} MB" for k in sizes))
    if args.against:
        cmp_ = result["compare"]
        print(f"this code vs {args.against}: {cmp_['docs_per_cpu_s']['this']} vs {cmp_['docs_per_cpu_s']['against']} "
              f"docs per CPU-second ({cmp_['ratio']}x; each run: {cmp_['each_rep']})")
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"extract_{args.corpus}.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
