"""Reading and writing the fact tables (``data/tables/<name>.parquet``).

Writing is all-or-nothing: the new tables go to a sibling folder first and the
folder is swapped in by renames only once every table is written, so a crash or
a failed run never leaves ``data/tables`` half old, half new.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pandera.errors

from lagebild import schemas
from lagebild.paths import TABLES

MANIFEST = "manifest.json"
REBUILD_HINT = "python -m lagebild extract seeds/ --out data/"


class StoreError(Exception):
    """A table is missing or unreadable; the message says which and how to rebuild."""


def write_tables(tables: dict[str, pd.DataFrame], target: Path | str = TABLES) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tables-new-", dir=target.parent))
    try:
        for name in schemas.TABLES:
            df = schemas.validate(name, tables[name])
            df.to_parquet(staging / f"{name}.parquet", index=False)
        counts = {name: int(len(tables[name])) for name in schemas.TABLES}
        (staging / MANIFEST).write_text(json.dumps({"rows": counts}, indent=2) + "\n")
        old = None
        if target.exists():
            old = target.parent / f".tables-old-{os.getpid()}"
            if old.exists():
                shutil.rmtree(old)
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


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


def tables_to_json(tables: dict[str, pd.DataFrame]) -> dict[str, list[dict]]:
    """All tables as one JSON-ready object (the shape of ``extract --format json`` and ``facts``)."""
    out = {}
    for name in schemas.TABLES:
        df = tables[name]
        if name == "documents":
            df = df.drop(columns=["text"]).assign(id=df["doc_id"])
        rows = [{k: _jsonable(v) for k, v in r.items()} for r in df.to_dict(orient="records")]
        if name == "events":
            for r in rows:
                r["actors"] = r["actors"].split("; ") if r["actors"] else []
        out[name] = rows
    return out
