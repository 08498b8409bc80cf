"""Command line: ``python -m lagebild extract PATH... [--format json] [--out DIR]``.

Every problem is one line on stderr naming the file and the reason; the exit
status is 1 if any document failed, 2 for a usage error.  ``--out`` replaces
DIR/tables only after a complete run without failures (``--partial`` writes the
documents that did succeed), and then in one swap, so nothing stored is lost.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import pandas as pd

from lagebild import claims, paths, schemas
from lagebild.extraction.documents import DocumentError
from lagebild.extraction.pipeline import extract_corpus
from lagebild.store import write_tables


def _jsonable(v):
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


# Columns that hold "; "-joined ids in the tables and lists in JSON.
LIST_COLUMNS = {"events": ["actors"], "claims": ["doc_ids", "member_ids"], "event_groups": ["actors", "doc_ids", "member_ids"]}


def tables_to_json(tables: dict[str, pd.DataFrame]) -> dict[str, list[dict]]:
    """Every table as a list of rows, then the cross-document ``claims`` and ``event_groups``."""
    out = {}
    tables = {**tables, **{k: v for k, v in claims.derive(tables).items() if k in schemas.DERIVED}}
    for name in schemas.MODELS:
        df = tables[name]
        if name == "documents":
            df = df.drop(columns=["text"]).assign(id=df["doc_id"])
        rows = [{k: _jsonable(v) for k, v in r.items()} for r in df.to_dict(orient="records")]
        for col in LIST_COLUMNS.get(name, []):
            for r in rows:
                r[col] = r[col].split("; ") if r[col] else []
        out[name] = rows
    return out


def _extract(args) -> int:
    errors: list[DocumentError] = []

    def report(err: DocumentError) -> None:
        errors.append(err)
        print(f"lagebild: {err}", file=sys.stderr)

    tables = extract_corpus(args.paths, on_error=report)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lagebild", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract fact tables from documents")
    ex.add_argument("paths", nargs="+", type=Path, help="document files or folders of .txt documents")
    ex.add_argument("--format", choices=["json"], default=None, help="print all tables as one JSON object")
    ex.add_argument("--out", type=Path, help="write the tables to OUT/tables (parquet) for the dashboard")
    ex.add_argument("--partial", action="store_true", help="with --out: write even if some documents failed")
    ex.add_argument("--compact", action="store_true", help="JSON on one line")
    args = parser.parse_args(argv)
    try:
        return _extract(args)
    except BrokenPipeError:  # output piped into head & co.
        return 0
    except KeyboardInterrupt:
        print("lagebild: interrupted; nothing written", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"lagebild: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 1
