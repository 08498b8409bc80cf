"""Command line: ``python -m lagebild extract PATH... [--format json] [--out DIR]``,
``python -m lagebild evaluate DIR... [--json]`` (scores against ``<stem>.gold.json``), and the database
commands (ingest, reextract, facts, review, orphans, export-tables) from ``lagebild.store.commands``.

Every problem is one line on stderr naming the file and the reason; the exit
status is 1 if any document failed, 2 for a usage error.  ``--out`` replaces
DIR/tables only after a complete run without failures (``--partial`` writes the
documents that did succeed), and then in one swap, so nothing stored is lost.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lagebild import paths, schemas
from lagebild.feeds import commands as feeds_commands
from lagebild.store import commands as store_cli
from lagebild.store.parquet import tables_to_json, write_tables

if TYPE_CHECKING:
    from lagebild.extraction.documents import DocumentError


def _extract(args) -> int:
    # Imported here: the database commands (facts, export-tables) need no extraction in memory.
    from lagebild.extraction.pipeline import extract_corpus

    errors: list[DocumentError] = []

    def report(err: DocumentError) -> None:
        errors.append(err)
        print(f"lagebild: {err}", file=sys.stderr)

    def warn(err: DocumentError) -> None:
        print(f"lagebild: warning: {err}", file=sys.stderr)

    tables = extract_corpus(args.paths, on_error=report, on_warning=warn)
    n_docs = len(tables["documents"])
    if args.out:
        target = paths.tables_dir(args.out)
        if errors and not args.partial:
            print(f"lagebild: {len(errors)} document(s) failed; {target} left unchanged "
                  f"(fix them, or pass --partial to write the {n_docs} that worked)", file=sys.stderr)
        elif n_docs == 0:
            print(f"lagebild: no documents extracted; {target} left unchanged", file=sys.stderr)
        else:
            write_tables(tables, target)
            counts = ", ".join(f"{len(tables[n])} {n}" for n in schemas.TABLES)
            print(f"lagebild: wrote {target}: {counts}", file=sys.stderr)
    if args.format == "json" or not args.out:
        json.dump(tables_to_json(tables), sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
        sys.stdout.write("\n")
    return 1 if errors or n_docs == 0 else 0


def _evaluate(args) -> int:
    from lagebild.extraction.evaluate import evaluate, format_report

    errors: list[DocumentError] = []

    def report(err: DocumentError) -> None:
        errors.append(err)
        print(f"lagebild: {err}", file=sys.stderr)

    result = evaluate(args.paths, on_error=report)
    if not result.per_document:
        print("lagebild: no document with a .gold.json beside it; nothing to evaluate", file=sys.stderr)
        return 1
    if args.json:
        json.dump(result.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(format_report(result))
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lagebild", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract fact tables from documents")
    ex.add_argument("paths", nargs="+", type=Path, help="document files or folders of .txt documents")
    ex.add_argument("--format", choices=["json"], default=None, help="print all tables as one JSON object")
    ex.add_argument("--out", type=Path, help="write the tables to OUT/tables (parquet) for the dashboard")
    ex.add_argument("--partial", action="store_true", help="with --out: write even if some documents failed")
    ex.add_argument("--compact", action="store_true", help="JSON on one line")
    ev = sub.add_parser("evaluate", help="score the extraction against gold annotations (<stem>.gold.json)")
    ev.add_argument("paths", nargs="+", type=Path, help="folders (or .txt files) whose documents have gold files")
    ev.add_argument("--json", action="store_true", help="print the scores and findings as JSON")
    # The feeds write to the store: their commands are database commands (--db, --create), made the same way.
    feeds_commands.register(store_cli.register(sub))
    args = parser.parse_args(argv)
    try:
        if hasattr(args, "run_store"):
            return store_cli.run(args)
        return _evaluate(args) if args.command == "evaluate" else _extract(args)
    except BrokenPipeError:  # output piped into head & co.
        return 0
    except KeyboardInterrupt:
        print("lagebild: interrupted; nothing written", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"lagebild: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 1
