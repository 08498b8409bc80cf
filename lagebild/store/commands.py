"""The database commands of ``python -m lagebild``: ingest, reextract, facts, review, orphans, export-tables
(and, through the ``command`` maker ``register`` returns, the feeds' fetch and watch: ``lagebild.cli``).

Each takes ``--db URL`` (else ``$LAGEBILD_DATABASE_URL``, else ``data/lagebild.db``) and
migrates the database on open.  Problems are one line on stderr; the exit status is 1
if anything failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lagebild import paths
from lagebild.store import exports
from lagebild.store.db import ReviewError, StoreUnavailable, open_store, orphaned_decisions, review
from lagebild.store.db.connect import display_url, database_url
from lagebild.store.db.faults import describe, is_database_error
from lagebild.store.batch import BatchStopped

if TYPE_CHECKING:
    from lagebild.extraction.documents import DocumentError


def _say(msg: str) -> None:
    print(f"lagebild: {msg}", file=sys.stderr)


def _error_reporter(errors: list):
    def report(err: DocumentError) -> None:
        errors.append(err)
        _say(str(err))
    return report


def _ingest(args, engine) -> int:
    # Imported here (and in _reextract): facts and export-tables read in constant memory and need no
    # extraction engine loaded (lagebild.store.exports).
    from lagebild.store.ingest import ingest_paths

    errors: list = []
    where = display_url(database_url(args.db))
    try:
        out = ingest_paths(engine, args.paths, _error_reporter(errors), workers=args.workers)
    except BatchStopped as stop:
        # Always a summary: what is in the store now, and that re-running continues (stored texts are recognised).
        known = sum(not o.added for o in stop.outcomes)
        _say(f"stopped ({stop.reason}): {stop.stored} document(s) added before it, each complete, {known} already "
             f"stored, {len(errors)} failed, into {where}; run the same command again to add the rest "
             "(documents already stored are recognised and skipped)")
        return 130 if stop.interrupted else 1
    added = sum(o.added for o in out)
    _say(f"{added} document(s) added, {len(out) - added} already stored, {len(errors)} failed "
         f"({sum(o.n_facts for o in out)} facts) into {where}")
    return 1 if errors else 0


def _orphans(engine) -> list[dict]:
    found = orphaned_decisions(engine)
    for o in found:
        _say(f"orphaned decision on {o['fact_id']} ({o['table']} in {o['doc_id']}, {o['quote']!r}): "
             f"{o['action']} {o['changes'] or ''} by {o['reviewer']} at {o['decided_at']:%Y-%m-%d %H:%M}"
             .replace("  ", " "))
    return found


def _list_orphans(args, engine) -> int:
    _say(f"{len(_orphans(engine))} orphaned decision(s)")
    return 0


def _reextract(args, engine) -> int:
    from lagebild.store.ingest import reextract

    errors: list = []
    try:
        run_id = reextract(engine, _error_reporter(errors))
    except BatchStopped as stop:
        _say(f"stopped ({stop.reason}): {stop.stored} document(s) re-extracted before it; every other document "
             "keeps its previous extraction; run reextract again when the database answers")
        return 130 if stop.interrupted else 1
    found = _orphans(engine)
    _say(f"run {run_id}: re-extracted every document, {len(errors)} failed, {len(found)} orphaned decision(s)")
    return 1 if errors else 0


def _facts(args, engine) -> int:
    # A chunk of documents at a time: constant memory at any store size (lagebild.store.exports).
    exports.write_json(engine, sys.stdout, compact=args.compact, chunk_docs=exports.default_chunk())
    sys.stdout.write("\n")
    return 0


def _parse_set(items: list[str]) -> dict:
    changes = {}
    for item in items:
        field, sep, value = item.partition("=")
        if not sep or not field.strip():
            raise ReviewError(f"--set takes FIELD=VALUE, not {item!r}")
        changes[field.strip()] = value
    return changes


def _review(args, engine) -> int:
    action = "accept" if args.accept else "reject" if args.reject else "edit"
    fact = review(engine, args.fact_id, action, reviewer=args.reviewer, reason=args.reason,
                  changes=_parse_set(args.set or []), expected_version=args.version)
    _say(f"{args.fact_id}: {fact['status']} (version {fact['version']}) by {args.reviewer.strip()}")
    return 0


def _export(args, engine) -> int:
    target = exports.export_tables(engine, paths.tables_dir(args.out), chunk_docs=exports.default_chunk())
    _say(f"wrote {target} (the effective tables: decisions applied, rejected facts left out)")
    return 0


def register(sub):
    """Add the database commands to the CLI's subparsers; returns the maker of a database command
    (``command(name, help, run)``: ``--db``, ``--create``, run by ``run``), for the feeds' commands."""
    def command(name: str, help_: str, run) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_)
        p.add_argument("--db", metavar="URL", help="database URL (default: $LAGEBILD_DATABASE_URL, else data/lagebild.db)")
        p.add_argument("--create", action="store_true",
                       help="make a new SQLite database if there is none at that path (else that is an error)")
        p.set_defaults(run_store=run)
        return p

    ing = command("ingest", "add documents (files and folders, sidecars picked up) to the database", _ingest)
    ing.add_argument("paths", nargs="+", type=Path)
    ing.add_argument("--workers", type=int, metavar="N",
                     help="extraction processes (default: one per CPU, up to 4, for 40 or more documents; 1: none)")
    command("reextract", "extract every stored document again with the current rules", _reextract)
    facts = command("facts", "print the effective tables (decisions applied) as one JSON object", _facts)
    facts.add_argument("--format", choices=["json"], default="json")
    facts.add_argument("--compact", action="store_true", help="JSON on one line")
    rev = command("review", "record an analyst's decision on one fact", _review)
    rev.add_argument("fact_id")
    what = rev.add_mutually_exclusive_group(required=True)
    what.add_argument("--accept", action="store_true")
    what.add_argument("--reject", action="store_true")
    what.add_argument("--set", action="append", metavar="FIELD=VALUE", help="edit a field (repeatable)")
    rev.add_argument("--reviewer", required=True, metavar="NAME")
    rev.add_argument("--reason", metavar="TEXT")
    rev.add_argument("--version", type=int, metavar="N", help="the version you saw: refused if it changed since")
    command("orphans", "list decisions whose fact the latest extraction no longer finds", _list_orphans)
    exp = command("export-tables", "write the effective tables as parquet to OUT/tables", _export)
    exp.add_argument("--out", type=Path, required=True)
    return command


def run(args) -> int:
    if args.db is not None and not args.db.strip():
        _say("--db is empty: give a database URL, or leave --db out for the default")
        return 2
    try:
        engine = open_store(args.db, create=args.create, on_create=lambda p: _say(f"created a new database at {p}"))
    except StoreUnavailable as exc:
        _say(str(exc))
        return 1
    try:
        return args.run_store(args, engine)
    except (ReviewError, StoreUnavailable) as exc:
        _say(str(exc))
        return 1
    except Exception as exc:  # noqa: BLE001 - a failing store is one line, never a traceback with SQL
        if not is_database_error(exc):
            raise
        _say(f"{args.command}: {describe(exc)}; nothing was changed by this command")
        return 1
    finally:
        try:
            engine.dispose()
        except Exception:  # noqa: BLE001 - closing connections to a store that is gone
            pass

