"""Documents into the database: read, extract, store — one transaction per document.

Shared at the top because it joins the extraction wing and the store; the dashboard
may call it (uploads, first-start seeding), the extraction wing never imports it.
A document whose text is already stored (same content hash) is recognised and not
stored again; a file that cannot be used is reported in one line and the others go on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from lagebild import paths
from lagebild.claims import rules as claim_rules
from lagebild.claims.sources import wire_of
from lagebild.store.db import records, viewindex
from lagebild.store.versions import engine_version, rules_hash
from lagebild.store.batch import BatchStopped, StoreFault, classify, finish_quietly, stored_by
from lagebild.store.db.faults import describe, is_database_error
from lagebild.extraction.documents import Document, DocumentError, Meta, detect_language, parse_published, read_document
from lagebild.extraction.pipeline import extract_document_records
from lagebild.store.htmlpage import decode_html
from lagebild.store.uploads import HTML_SUFFIXES, FormMeta, form_meta, html_text, pasted_document, uploads_to_documents, \
    with_page_date

SUFFIXES = (".txt", ".md", ".html", ".htm")
def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Outcome:
    doc_id: str
    added: bool          # False: the same text was already stored under doc_id
    n_facts: int


def read_any(path: Path | str) -> Document:
    """A ``.txt``/``.md`` document (with sidecar) or a saved HTML page's main text."""
    path = Path(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        document = read_document(path, decode=decode_html)  # by the page's declared charset
        text = html_text(document.text, str(path))  # first: a page refused for its size gets no date reading
        return Document(document.doc_id, document.path, text, with_page_date(document.meta, document.text))
    return read_document(path)


def expand_any(inputs: Iterable[Path | str]) -> tuple[list[Path], list[DocumentError]]:
    """Files to ingest: each file itself, or a folder's documents (``SUFFIXES``) in name order."""
    files, errors = [], []
    for p in map(Path, inputs):
        if p.is_dir():
            found = sorted(x for x in p.iterdir() if x.is_file() and x.suffix.lower() in SUFFIXES)
            if not found:
                errors.append(DocumentError(p, f"folder holds no documents ({', '.join(SUFFIXES)})"))
            files += found
        elif not p.exists():
            errors.append(DocumentError(p, "no such file or folder"))
        else:
            files.append(p)
    return files, errors


def _extract(text: str, meta: Meta, doc_id: str) -> dict[str, list[dict]]:
    """The extraction of one document (also what a worker process runs: a top-level function)."""
    language = meta.language or detect_language(text)
    return extract_document_records(text, Meta(**{**meta.__dict__, "language": language}), doc_id)


def _claim_id(conn, text: str, doc_id: str | None, batch_ids: Iterable[str] = ()) -> tuple[str, str, str | None]:
    """(content hash, the doc_id to store under, the doc_id already holding this text or None).
    ``batch_ids``: names given to documents of this batch not yet written."""
    chash = content_hash(text)
    doc_id = doc_id or "doc_" + chash[:12]
    known, taken = records.known_documents(conn, doc_id, chash)
    # Another text already has this name (two days' "article.txt"): keep both, tell them apart.
    return chash, (f"{doc_id}_{chash[:8]}" if taken or doc_id in batch_ids else doc_id), known


def _write(engine: Engine, run_id: int, chash: str, rows: dict[str, list[dict]],
           also: Callable[[Connection, str], None] | None = None) -> Outcome:
    """One document in one transaction: the document row and its facts (and ``also(conn, doc_id)``'s rows,
    e.g. the feed item that brought it).  (Another process storing the same text meanwhile makes the unique
    content hash raise IntegrityError: the caller says "known".)"""
    doc_id = rows["documents"][0]["doc_id"]
    with engine.begin() as conn:
        records.insert_document(conn, rows["documents"][0], chash, wire_credit(rows["documents"][0]["text"]))
        n = records.write_extraction(conn, run_id, doc_id, rows)
        viewindex.refresh(conn, [doc_id])  # what the pages filter and count by, in the same transaction
        if also is not None:
            also(conn, doc_id)
    return Outcome(doc_id, True, n)


def wire_credit(text: str) -> str:
    """The wire service credited first in ``text`` ("" for none), kept with the document so no reader
    searches every text again (``claims.sources``)."""
    return wire_of(text, claim_rules.load()) or ""


def store_document(engine: Engine, run_id: int, text: str, meta: Meta, doc_id: str | None = None,
                   also: Callable[[Connection, str], None] | None = None) -> Outcome:
    """One document in one transaction: the document row, its extraction and its facts (and ``also``'s
    rows, written in the same transaction).  A text already stored is not stored again (``also`` is not
    called: the caller records what it needs about the known document)."""
    with engine.connect() as conn:
        chash, doc_id, known = _claim_id(conn, text, doc_id)
    if known is not None:
        return Outcome(known, False, 0)
    return _write(engine, run_id, chash, _extract(text, meta, doc_id), also)


def start_run(engine: Engine, kind: str) -> int:
    return records.start_run(engine, kind, engine_version(), rules_hash())


# A batch this large is extracted in worker processes (extraction is pure CPU; the writes stay in
# this process, one transaction per document, in input order).  Smaller batches (an upload, the
# seeds) are not worth starting the workers.
PARALLEL_FROM = 40


def default_workers() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def ingest_documents(engine: Engine, documents: Iterable[Document | DocumentError],
                     on_error: Callable[[DocumentError], None],
                     progress: Callable[[int, Outcome], None] | None = None,
                     workers: int | None = None, kind: str = "ingest") -> list[Outcome]:
    """Store each document (errors, given or raised while storing, go to ``on_error``); one run for the batch.

    ``workers``: extraction processes (None: one per CPU, up to 4, for batches of ``PARALLEL_FROM``
    documents or more; 1: all in this process)."""
    if workers is None:
        workers = default_workers() if isinstance(documents, list) and len(documents) >= PARALLEL_FROM else 1
    batch = _Batch(engine, _start_run_or_stop(engine, kind), on_error, progress)
    pool = _pool(engine, workers) if workers > 1 else None
    # With extraction in workers, the writes are what this process waits on: on a server database
    # writer threads overlap one document's round trips and commit with the next's (each still its
    # own transaction; PostgreSQL 1,000 documents: 140–162 docs/s with one writer, 181–206 with three).
    # SQLite takes one writer at a time: there they would only queue.
    writers = ThreadPoolExecutor(WRITERS) if pool is not None and engine.dialect.name != "sqlite" else None
    pending: deque[tuple[int, Document, object]] = deque()
    stop: tuple[str, bool] | None = None
    try:
        for i, doc, result in _extracted(engine, documents, on_error, pool):
            job = writers.submit(batch.write, *result) if writers is not None and \
                not isinstance(result, Outcome) else result
            pending.append((i, doc, job))
            while len(pending) > (2 * WRITERS if writers is not None else 0):
                batch.settle(*pending.popleft())  # in input order: outcomes and progress as before
        while pending:
            batch.settle(*pending.popleft())
    except KeyboardInterrupt:
        stop = ("interrupted", True)
    except StoreFault as fault:
        stop = (str(fault), False)
    finally:
        if writers is not None:
            writers.shutdown(wait=True, cancel_futures=True)  # a write under way completes (and is counted)
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    finish_quietly(engine, batch.run_id)
    if stop is not None:
        raise BatchStopped(stop[0], stored_by(engine, batch.run_id, batch.committed), batch.out, interrupted=stop[1])
    return batch.out


def _start_run_or_stop(engine: Engine, kind: str) -> int:
    """The batch's run; a store that cannot even start one stops the batch before any document (one line)."""
    try:
        return start_run(engine, kind)
    except Exception as exc:  # noqa: BLE001
        if is_database_error(exc):
            raise BatchStopped(describe(exc), 0) from None
        raise


class _Batch:
    """One batch's writes and outcomes: each document its own transaction, outcomes in input order, and
    how many were committed (what a stopped batch reports as stored)."""

    def __init__(self, engine: Engine, run_id: int, on_error: Callable[[DocumentError], None],
                 progress: Callable[[int, Outcome], None] | None) -> None:
        self.engine, self.run_id, self.on_error, self.progress = engine, run_id, on_error, progress
        self.out: list[Outcome] = []
        self.committed = 0
        self._lock = threading.Lock()  # writer threads count too

    def write(self, chash: str, rows: dict) -> Outcome:
        outcome = _write(self.engine, self.run_id, chash, rows)
        with self._lock:
            self.committed += 1
        return outcome

    def settle(self, i: int, doc: Document, job) -> None:
        """The outcome of document ``i``: already known, a writer thread's, or written now."""
        try:
            if isinstance(job, Outcome):
                outcome = job
            elif isinstance(job, Future):
                outcome = job.result()
            else:
                outcome = self.write(*job)
        except IntegrityError:  # the same text stored by someone else a moment ago
            outcome = Outcome(doc.doc_id or "pasted text", False, 0)
        except Exception as exc:  # a bug on one odd document must not cost the others
            self.on_error(classify(exc, doc.path, "extraction"))
            return
        self.out.append(outcome)
        if self.progress:
            self.progress(i, outcome)


WRITERS = 3


def _pool(engine: Engine, workers: int) -> ProcessPoolExecutor:
    """Extraction workers, forked now: they start with the gazetteer and lexicons this process has
    loaded (spawned ones would need ~2 s each to load them again).  Only the command line and the
    benchmarks get here (the app ingests in its own process: forking a server's threads is unsafe).
    The database pool is emptied first, so no worker inherits an open connection (one would hold a
    PostgreSQL session, or a SQLite lock, for as long as it lives)."""
    engine.dispose()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),))
    list(pool.map(int, range(workers)))  # start them all now, before this process connects again
    return pool


def _worker_start(parent: int) -> None:
    """A worker ends with the process that started it (killed or not): it never outlives an ingest.
    Ctrl-C reaches the whole process group: the ingest handles it (stops, says what was stored) and
    shuts the workers down; a worker of its own would only print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="lagebild-parent-watch").start()


def _extracted(engine: Engine, documents: Iterable, on_error, pool: ProcessPoolExecutor | None) -> Iterator[tuple]:
    """(index, document, (content hash, rows) to write, or the Outcome of a text already stored), in input
    order; with a pool, up to a few documents per worker are extracted ahead of the writes."""
    pending: deque[tuple[int, Document, str, Future | dict]] = deque()
    ahead = 4 * (pool._max_workers if pool is not None else 1)
    batch_hashes: dict[str, str] = {}  # texts met earlier in this batch (may not be committed yet) -> doc_id
    batch_ids: set[str] = set()

    def settle(item):
        i, doc, chash, job = item
        try:
            rows = job.result() if isinstance(job, Future) else _extract(*job)
        except Exception as exc:  # noqa: BLE001 - one document's failure is reported, the others go on
            on_error(classify(exc, doc.path, "extraction"))
            return None
        return i, doc, (chash, rows)

    for i, doc in enumerate(documents):
        if isinstance(doc, DocumentError):
            on_error(doc)
            continue
        try:
            with engine.connect() as conn:
                chash, doc_id, known = _claim_id(conn, doc.text, doc.doc_id, batch_ids)
        except Exception as exc:  # noqa: BLE001 - a failing store stops the batch; anything else is this document's
            on_error(classify(exc, doc.path, "storing"))
            continue
        known = known or batch_hashes.get(chash)
        if known is not None:
            pending.append((i, doc, chash, Outcome(known, False, 0)))
        else:
            batch_hashes[chash] = doc_id
            batch_ids.add(doc_id)
            job = (doc.text, doc.meta, doc_id)
            pending.append((i, doc, chash, pool.submit(_extract, *job) if pool is not None else job))
        while len(pending) > ahead or (pool is None and pending):
            item = pending.popleft()
            done = (item[0], item[1], item[3]) if isinstance(item[3], Outcome) else settle(item)
            if done is not None:
                yield done
    while pending:
        item = pending.popleft()
        done = (item[0], item[1], item[3]) if isinstance(item[3], Outcome) else settle(item)
        if done is not None:
            yield done


def _read_all(files: list[Path]):
    for f in files:
        try:
            yield read_any(f)
        except DocumentError as err:
            yield err
        except Exception as exc:  # noqa: BLE001 - one unreadable file is one line; the batch goes on
            yield DocumentError(f, f"cannot be read ({type(exc).__name__})")


def ingest_paths(engine: Engine, inputs: Iterable[Path | str], on_error: Callable[[DocumentError], None],
                 progress: Callable[[int, Outcome], None] | None = None, workers: int | None = None,
                 kind: str = "ingest") -> list[Outcome]:
    files, errors = expand_any(inputs)
    for err in errors:
        on_error(err)
    if workers is None:
        workers = default_workers() if len(files) >= PARALLEL_FROM else 1
    return ingest_documents(engine, _read_all(files), on_error, progress, workers, kind)


def reextract(engine: Engine, on_error: Callable[[DocumentError], None],
              progress: Callable[[int, str], None] | None = None) -> int:
    """A new run over every stored document with the current rules; returns the run id.
    Decisions whose fact still anchors apply to the new facts; the others become orphans."""
    done = 0
    try:
        run_id = start_run(engine, "reextract")
        with engine.connect() as conn:
            docs = records.document_rows(conn)
    except Exception as exc:  # noqa: BLE001
        if is_database_error(exc):
            raise BatchStopped(describe(exc), 0) from None
        raise
    try:
        for i, d in enumerate(docs):
            meta = Meta(title=d["title"], language=d["language"], source=d["source"], url=d["url"],
                        published=_date(d["published"]), published_precision=d["precision"])
            try:
                rows = extract_document_records(d["text"], meta, d["doc_id"])
                with engine.begin() as conn:
                    records.write_extraction(conn, run_id, d["doc_id"], rows)
                    records.set_wire(conn, d["doc_id"], wire_credit(d["text"]))  # the wire rules may have changed
                    viewindex.refresh(conn, [d["doc_id"]])
                done += 1
            except Exception as exc:  # noqa: BLE001 - the document keeps its previous extraction
                on_error(classify(exc, d["doc_id"], "re-extraction"))
            if progress:
                progress(i, d["doc_id"])
    except KeyboardInterrupt:
        finish_quietly(engine, run_id)
        raise BatchStopped("interrupted", done, interrupted=True) from None
    except StoreFault as fault:
        finish_quietly(engine, run_id)
        raise BatchStopped(str(fault), done) from None
    finish_quietly(engine, run_id)
    return run_id


def _date(iso: str | None) -> dt.date | None:
    """A stored publication date: YYYY-MM-DD, or YYYY-MM / YYYY for a month or year (its first day; the
    precision column keeps the uncertainty)."""
    return parse_published(iso) if iso else None


def ensure_seeded(engine: Engine, seeds: Path = paths.SEEDS,
                  on_error: Callable[[DocumentError], None] | None = None) -> list[Outcome]:
    """Fill an empty store from ``seeds/`` (the first start); a store with documents is left alone.
    A "seed" run: its documents are past reporting and arrive (for What's new) at their publication date.
    In this process (the app calls it: no worker processes forked from a server)."""
    with engine.connect() as conn:
        if records.document_count(conn):
            return []
    return ingest_paths(engine, [seeds], on_error or (lambda err: None), workers=1, kind=records.SEED_RUN)


__all__ = ["BatchStopped", "Document", "DocumentError", "FormMeta", "Outcome", "content_hash", "engine_version", "ensure_seeded",
           "form_meta", "html_text", "pasted_document", "uploads_to_documents",
           "ingest_documents", "ingest_paths", "read_any", "reextract", "rules_hash", "store_document"]
