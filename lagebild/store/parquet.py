"""Reading and writing the fact tables (``data/tables/<name>.parquet``).

Writing is all-or-nothing: the new tables go to a sibling folder first and the
folder is swapped in by renames only once every table is written, so a crash or
a failed run never leaves ``data/tables`` half old, half new.

A run killed between the two renames leaves no ``data/tables`` at all (the old
tables sit in ``.tables-old-<pid>``, the new ones complete in ``.tables-new-<pid>-*``);
a run killed earlier leaves a ``.tables-new-*`` folder behind.  ``recover`` (called
by every write and by the dashboard's loader) puts the newest complete folder back
in place and removes the leftovers of runs that are no longer alive.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pandera.errors

from lagebild import claims, schemas
from lagebild.paths import TABLES
from lagebild.store import StoreError

MANIFEST = "manifest.json"
STAGING, OLD = ".tables-new-", ".tables-old-"  # sibling folders of a write in progress
REBUILD_HINT = "python -m lagebild extract seeds/ --out data/"


def write_tables(tables: dict[str, pd.DataFrame], target: Path | str = TABLES) -> Path:
    with staged(target) as staging:
        for name in schemas.TABLES:
            df = schemas.validate(name, tables[name])
            df.to_parquet(staging / f"{name}.parquet", index=False)
        counts = {name: int(len(tables[name])) for name in schemas.TABLES}
        write_manifest(staging, counts)
    return Path(target)


def write_manifest(staging: Path, counts: dict[str, int]) -> None:
    # Written last: a folder with a manifest is complete (what ``recover`` relies on).
    (staging / MANIFEST).write_text(json.dumps({"rows": counts}, indent=2) + "\n")


@contextmanager
def staged(target: Path | str = TABLES) -> Iterator[Path]:
    """A staging folder beside ``target`` to write a complete set of tables into (ending with
    ``write_manifest``); swapped in by renames when the block ends, removed if it raises."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=target.parent))
    try:
        yield staging
        old = None
        if target.exists():
            old = target.parent / f"{OLD}{os.getpid()}"
            if old.exists():
                shutil.rmtree(old)
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _alive(folder: Path) -> bool:
    """Whether the process that made ``folder`` (pid in its name) still runs."""
    digits = folder.name.removeprefix(STAGING).removeprefix(OLD).split("-")[0]
    if not digits.isdigit():
        return False
    pid = int(digits)
    if pid == os.getpid():
        return False  # our own leftovers: this process is not writing right now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _complete(folder: Path) -> bool:
    return (folder / MANIFEST).is_file() and all((folder / f"{n}.parquet").is_file() for n in schemas.TABLES)


def recover(target: Path | str = TABLES) -> Path | None:
    """If ``target`` is missing, move the newest complete leftover of a killed write into
    its place; remove every leftover of a write whose process is gone.  Returns the
    folder the tables were recovered from, or None."""
    target = Path(target)
    try:
        leftovers = [p for p in target.parent.iterdir()
                     if p.name.startswith((STAGING, OLD)) and p.is_dir() and not _alive(p)]
    except OSError:  # no parent folder: nothing to recover
        return None
    restored = None
    if not target.exists():
        complete = [p for p in leftovers if _complete(p)]
        if complete:
            restored = max(complete, key=lambda p: (p / MANIFEST).stat().st_mtime_ns)
            os.replace(restored, target)
    for p in leftovers:
        if p != restored:
            shutil.rmtree(p, ignore_errors=True)
    return restored


def read_table(name: str, folder: Path | str = TABLES) -> pd.DataFrame:
    path = Path(folder) / f"{name}.parquet"
    if not path.exists():
        raise StoreError(f"{path}: missing. Rebuild it with: {REBUILD_HINT}")
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise StoreError(f"{path}: unreadable ({type(exc).__name__}). Rebuild it with: {REBUILD_HINT}") from exc
    try:
        return schemas.validate(name, df)
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
        first = str(exc).strip().splitlines()[0][:200]
        raise StoreError(f"{path}: does not match its schema ({first}). Rebuild it with: {REBUILD_HINT}") from exc


def read_tables(folder: Path | str = TABLES) -> dict[str, pd.DataFrame]:
    return {name: read_table(name, folder) for name in schemas.TABLES}


def _jsonable(v):
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


# Columns that hold "; "-joined ids in the tables and lists in JSON.
LIST_COLUMNS = {"events": ["actors"], "claims": ["doc_ids", "member_ids"], "event_groups": ["actors", "doc_ids", "member_ids"]}


def tables_to_json(tables: dict[str, pd.DataFrame]) -> dict[str, list[dict]]:
    """All tables as one JSON-ready object (the shape of ``extract --format json`` and ``facts``),
    then the cross-document ``claims`` and ``event_groups`` derived from them (``lagebild.claims``)."""
    tables = {**tables, **{k: v for k, v in claims.derive(tables).items() if k in schemas.DERIVED}}
    return {name: json_rows(name, tables[name]) for name in [*schemas.TABLES, *schemas.DERIVED]}


def json_rows(name: str, df: pd.DataFrame) -> list[dict]:
    """The rows of one (validated) table as JSON-ready dicts: a document without its text (and with
    ``id``), "; "-joined id columns as lists."""
    if name == "documents":
        df = df.drop(columns=["text"]).assign(id=df["doc_id"])
    rows = [{k: _jsonable(v) for k, v in r.items()} for r in df.to_dict(orient="records")]
    for col in LIST_COLUMNS.get(name, []):
        for r in rows:
            r[col] = r[col].split("; ") if r[col] else []
    return rows
