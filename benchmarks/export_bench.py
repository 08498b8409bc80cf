"""Peak memory and time of ``facts --format json`` and ``export-tables`` at scale (run by hand; not a test).

    .venv/bin/python benchmarks/export_bench.py [--docs 10000,100000] [--db sqlite,postgresql]
                                                [--old-docs 10000] [--old-ref REF] [--chunk N]

Each command runs in its own process under ``/usr/bin/time -v`` (peak RSS = "Maximum resident set
size"), on the kept stores of ``benchmarks/big_store.py`` (built first if missing), and in the same run
the commands of the code before they streamed (``--old-ref``, by default the parent of the commit that
added ``lagebild/store/exports.py``, exported with ``git archive`` into a temporary folder) at
``--old-docs`` documents.  The JSON goes to a temporary file (its size is reported); the old and new
output of a size measured both ways are compared byte for byte.  Target: ≤ 300 MB at 100,000 documents.
Writes benchmarks/out/exports.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import big_store  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "exports.json"


def old_ref() -> str:
    added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", "lagebild/store/exports.py"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return (added[-1] + "^") if added else "HEAD"


def checkout(ref: str, folder: Path) -> Path:
    """The tree of ``ref`` in ``folder`` (a plain export: no worktree, nothing of git's changed)."""
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True).stdout
    tar = folder / "tree.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(folder / "tree", filter="data")
    return folder / "tree"


def measure(code: Path, args: list[str], stdout_to: Path | None, env: dict) -> dict:
    """One command in ``code``'s checkout under /usr/bin/time -v: seconds, peak RSS (MB), exit status."""
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "lagebild", *args]
    t = time.perf_counter()
    with open(stdout_to or os.devnull, "wb") as out:
        r = subprocess.run(cmd, cwd=code, stdout=out, stderr=subprocess.PIPE, text=True, env=env)
    seconds = time.perf_counter() - t
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    failed = [line for line in r.stderr.splitlines() if line.startswith("lagebild:") or "Error" in line][-3:]
    return {"seconds": round(seconds, 1), "peak_mb": round(int(peak.group(1)) / 1024) if peak else None,
            "status": r.returncode, **({"stderr": failed} if r.returncode else {})}


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", default="10000,100000")
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--old-docs", default="10000", help="sizes to run the old commands at too ('' for none)")
    ap.add_argument("--old-ref", default=None, help="git ref of the code before streaming")
    ap.add_argument("--chunk", type=int, help="documents a chunk ($LAGEBILD_EXPORT_CHUNK)")
    args = ap.parse_args()
    env = {**os.environ, **({"LAGEBILD_EXPORT_CHUNK": str(args.chunk)} if args.chunk else {})}
    old_sizes = {int(x) for x in args.old_docs.split(",") if x}
    results = []
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        tmp = Path(tmp)
        ref = args.old_ref or old_ref()
        old_code = checkout(ref, tmp) if old_sizes else None
        for n in (int(x) for x in args.docs.split(",")):
            for kind in args.db.split(","):
                url = big_store.ensure(kind, n)
                versions = [("new", ROOT)] + ([("old", old_code)] if n in old_sizes else [])
                digests = {}
                for version, code in versions:
                    out = tmp / f"facts-{version}.json"
                    facts = measure(code, ["facts", "--format", "json", "--db", url], out, env)
                    facts["bytes"] = out.stat().st_size
                    digests[version] = digest(out)
                    out.unlink()
                    export = measure(code, ["export-tables", "--out", str(tmp / f"export-{version}"), "--db", url], None, env)
                    for command, r in (("facts --format json", facts), ("export-tables", export)):
                        row = {"db": kind, "documents": n, "code": version, "command": command, **r}
                        results.append(row)
                        print(f"{kind:10} {n:>7,} {version:3} {command:19} {r['seconds']:>7.1f} s "
                              f"{r['peak_mb'] or 0:>6,} MB" + ("" if r["status"] == 0 else f"  exit {r['status']}"),
                              flush=True)
                if len(digests) == 2:
                    same = digests["new"] == digests["old"]
                    print(f"{kind:10} {n:>7,} facts JSON new == old: {same}", flush=True)
                    results.append({"db": kind, "documents": n, "facts_json_identical": same})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"old_ref": ref if old_sizes else None, "load": os.getloadavg(), "results": results},
                              indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
