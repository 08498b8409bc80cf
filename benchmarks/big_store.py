"""A store of N generated documents for the scale benchmarks, built once and kept between runs.

    .venv/bin/python benchmarks/big_store.py [--docs 10000,100000] [--db sqlite,postgresql] [--rebuild]
                                             [--writers 4] [--bank 120] [--resume]

Real extraction at ~100 docs/s would take 17+ minutes for 100,000 documents on a loaded machine, so a
bank of varied template documents (the seeds/ articles, documents recombined from the seed article's
sentences, documents from the German/English sentence bank of ``benchmarks/corpus.py``) is extracted
once with the real extraction (cached in ``benchmarks/out/bank-<engine>.json``); each generated
document is a template with a new doc_id, a line naming it appended to its text (a new content hash;
every span stays valid), its publication date spread over a year and its facts' dates shifted with
it.  Each goes through the store's own per-document write path, ``lagebild.store.ingest._write``
(document row and facts in one transaction: whatever the store maintains at ingest is maintained), in
one run of kind ``seed`` (past reporting: What's new counts a document from its publication date).

SQLite: ``benchmarks/out/big_<N>.db``; PostgreSQL: database ``lagebild_bench_<N>`` on the server of
``$LAGEBILD_TEST_DATABASE_URL`` (else 127.0.0.1:5432).  A marker (``benchmarks/out/big_<db>_<N>.json``)
records what was built (documents, facts, schema revision, bank, seconds); a store whose marker matches
is kept, ``--rebuild`` forces a new one (so does a new migration: the write path may maintain more).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from corpus import make_document, make_seed_document, seed_sentences  # noqa: E402
from lagebild import paths  # noqa: E402
from lagebild.extraction.documents import Meta  # noqa: E402
from lagebild.store.db import models as m  # noqa: E402
from lagebild.store.db import open_store, records  # noqa: E402
from lagebild.store.ingest import _extract, _write, content_hash, read_any, start_run  # noqa: E402
from lagebild.store.versions import _tree_hash  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
PG = os.environ.get("LAGEBILD_TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
YEAR_START = dt.date(2025, 1, 1)
DATE_FIELDS = {"dates": ["date"], "troop_figures": ["date", "since"], "events": ["date"]}


# --- the bank: templates through the real extraction -------------------------------------------

def _bank_documents(n: int) -> list[tuple[str, Meta, str]]:
    """(text, meta, doc_id): the seed articles, then seed-sentence recombinations and sentence-bank
    documents (German and English) in turn, ``n`` in all.  The bank documents are kept short (1.5 KB):
    their sentences are denser than a real article's, so the mix keeps the seed's ~50 facts a document."""
    out = []
    for f in sorted(paths.SEEDS.glob("*.txt")):
        d = read_any(f)
        out.append((d.text, d.meta, d.doc_id))
    rng, sentences = random.Random(20), seed_sentences()
    i = 0
    while len(out) < n:
        if i % 2 == 0:
            body, meta = make_seed_document(i, rng, sentences)
        else:
            body, meta = make_document(i, rng, target_bytes=1500)
        out.append((body, Meta(language=meta["language"], published=dt.date.fromisoformat(meta["published"]),
                               published_precision="day"), f"tpl{i:04d}"))
        i += 1
    return out


def engine_version() -> str:
    """A hash of the extraction code (the cache key of the bank)."""
    return "code-" + _tree_hash([ROOT / "lagebild" / "extraction"], "*.py")[:12]


def load_bank(n: int) -> list[dict]:
    """The extracted templates (cached per extraction engine and size)."""
    cache = OUT / f"bank-{engine_version()}-{n}.json"
    if cache.exists():
        return json.loads(cache.read_text())
    t = time.perf_counter()
    bank = [_extract(body, meta, doc_id) for body, meta, doc_id in _bank_documents(n)]
    OUT.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(bank, ensure_ascii=False))
    print(f"bank: {n} templates extracted in {time.perf_counter() - t:.1f} s "
          f"({sum(_n_facts(b) for b in bank) / n:.1f} facts a document)", flush=True)
    return bank


def _n_facts(rows: dict) -> int:
    return sum(len(rows[t]) for t in records.FACT_TABLES)


# --- one generated document ---------------------------------------------------------------------

def _shift(value: str | None, days: int) -> str | None:
    """A date at its precision moved by ``days`` (a month or a year by where its middle lands)."""
    if not value:
        return value
    try:
        if len(value) == 10:
            return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
        if len(value) == 7:
            return (dt.date.fromisoformat(value + "-15") + dt.timedelta(days=days)).isoformat()[:7]
        return (dt.date.fromisoformat(value + "-07-01") + dt.timedelta(days=days)).isoformat()[:4]
    except ValueError:
        return value


def generate(template: dict, doc_id: str, published: dt.date) -> tuple[str, dict]:
    """(content hash, rows) of a new document made from ``template``."""
    doc = dict(template["documents"][0])
    old = doc["published"]
    days = (published - dt.date.fromisoformat(old[:10] if len(old) >= 10 else (old + "-01-01")[:10])).days if old else 0
    doc["text"] = doc["text"] + f"\n[{doc_id}]\n"  # after every span: the facts stay where they are
    doc.update(doc_id=doc_id, length=len(doc["text"]), title=f"{doc['title']} [{doc_id}]",
               published=_shift(old, days) if old else published.isoformat(),
               precision=doc["precision"] if old else "day")
    rows = {"documents": [doc], "actors": template["actors"], "places": template["places"]}
    old_id = template["documents"][0]["doc_id"]
    for table in records.FACT_TABLES:
        out = []
        for r in template[table]:
            r = dict(r, doc_id=doc_id)
            for field in DATE_FIELDS.get(table, ()):
                r[field] = _shift(r.get(field), days)
            if table == "events":
                r["event_id"] = doc_id + r["event_id"][len(old_id):]
            out.append(r)
        rows[table] = out
    return content_hash(doc["text"]), rows


# --- the stores ----------------------------------------------------------------------------------

def schema_revision() -> str:
    from alembic.script import ScriptDirectory
    from lagebild.store.db.connect import alembic_config
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def url_of(kind: str, n: int) -> str:
    if kind == "sqlite":
        return f"sqlite:///{OUT / f'big_{n}.db'}"
    return make_url(PG).set(database=f"lagebild_bench_{n}").render_as_string(hide_password=False)


def marker_path(kind: str, n: int) -> Path:
    return OUT / f"big_{kind}_{n}.json"


def _fresh(kind: str, n: int) -> None:
    """An empty database of that kind (the old one removed)."""
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(OUT / f"big_{n}.db") + suffix).unlink(missing_ok=True)
        return
    admin = create_engine(make_url(PG).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "lagebild_bench_{n}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "lagebild_bench_{n}"'))
    admin.dispose()


def build(kind: str, n: int, bank: list[dict], writers: int = 4, seed: int = 0, resume: bool = False) -> dict:
    """Write the ``n`` documents (``resume``: into the store an interrupted build left, skipping the documents
    it stored: the same templates and dates, drawn from the same seeded sequence)."""
    if not (resume and _exists(kind, n)):
        _fresh(kind, n)
    engine = open_store(url_of(kind, n))
    with engine.connect() as conn:
        have = set(conn.execute(select(m.documents.c.doc_id)).scalars())
    run_id = start_run(engine, records.SEED_RUN)
    rng = random.Random(seed)
    facts = 0
    lock = threading.Lock()
    t = time.perf_counter()

    def one(i: int, template: dict, published: dt.date) -> None:
        nonlocal facts
        chash, rows = generate(template, f"big{i:06d}", published)
        outcome = _write(engine, run_id, chash, rows)
        with lock:
            facts += outcome.n_facts

    # SQLite takes one writer at a time: threads there would only queue.
    pool = ThreadPoolExecutor(writers) if kind != "sqlite" and writers > 1 else None
    pending = []
    for i in range(n):
        job = (i, rng.choice(bank), YEAR_START + dt.timedelta(days=rng.randrange(365)))
        if f"big{i:06d}" in have:  # stored by the interrupted build (a document is written in one transaction)
            continue
        if pool is None:
            one(*job)
        else:
            pending.append(pool.submit(one, *job))
            if len(pending) >= 8 * writers:
                for f in pending:
                    f.result()
                pending = []
        if (i + 1) % 5000 == 0:
            print(f"  {kind} {n}: {i + 1} documents, {(i + 1) / (time.perf_counter() - t):.0f} docs/s", flush=True)
    for f in pending:
        f.result()
    if pool is not None:
        pool.shutdown()
    records.finish_run(engine, run_id)
    seconds = time.perf_counter() - t
    if kind != "sqlite":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    written = n - len(have)
    if have:  # resumed: the facts of the documents stored before count too (seconds: this run's only)
        with engine.connect() as conn:
            facts = conn.execute(select(func.count()).select_from(m.facts)).scalar_one()
    engine.dispose()
    return {"db": kind, "documents": n, "facts": facts, "seconds": round(seconds, 1),
            "docs_per_s": round(written / seconds, 1), "writers": 1 if pool is None else writers,
            **({"resumed_at": len(have)} if have else {})}


def _exists(kind: str, n: int) -> bool:
    if kind == "sqlite":
        return (OUT / f"big_{n}.db").exists()
    admin = create_engine(make_url(PG).set(database="postgres"))
    with admin.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": f"lagebild_bench_{n}"}).first()
    admin.dispose()
    return found is not None


def ensure(kind: str, n: int, rebuild: bool = False, writers: int = 4, bank_size: int = 120, resume: bool = False) -> str:
    """The URL of a store of ``n`` generated documents, built unless an identical one is there."""
    wanted = {"db": kind, "documents": n, "schema": schema_revision(), "engine": engine_version(), "bank": bank_size}
    marker = marker_path(kind, n)
    if not rebuild and marker.exists() and _exists(kind, n):
        built = json.loads(marker.read_text())
        if all(built.get(k) == v for k, v in wanted.items()):
            return url_of(kind, n)
    print(f"building {kind} store of {n:,} documents …", flush=True)
    result = build(kind, n, load_bank(bank_size), writers, resume=resume)
    marker.write_text(json.dumps({**wanted, **result, "built_at": dt.datetime.now(dt.timezone.utc).isoformat()},
                                 indent=2) + "\n")
    print(f"built {kind} {n:,}: {result['facts']:,} facts in {result['seconds']} s ({result['docs_per_s']} docs/s)",
          flush=True)
    return url_of(kind, n)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", default="10000,100000")
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--writers", type=int, default=4, help="writer threads on PostgreSQL")
    ap.add_argument("--bank", type=int, default=120, help="template documents extracted for real")
    ap.add_argument("--resume", action="store_true", help="go on with the store an interrupted build left")
    args = ap.parse_args()
    for n in (int(x) for x in args.docs.split(",")):
        for kind in args.db.split(","):
            print(ensure(kind, n, args.rebuild, args.writers, args.bank, args.resume))
            print(marker_path(kind, n).read_text())


if __name__ == "__main__":
    main()
