"""The effective tables written out in constant memory: ``facts --format json`` and ``export-tables``.

The store is read a chunk of documents at a time (their rows, their current facts with the decisions
on them, the actors and places they saw), by the full read's own queries and parsing
(``records``, ``tables.fact_frame``) limited to the chunk's documents; each chunk is validated against ``lagebild.schemas`` and
written as it comes: JSON rows as ``json.dump`` would print them, parquet as one row group per chunk
(pyarrow's ``ParquetWriter``, one file per table).  What spans documents stays small: the actors and
places (one row per id, merged as they come), the documents' publication dates and sources (three
short columns per document).

``claims`` and ``event_groups`` group reports across documents.  What each figure's claimant is looks
at its own document only, so it is found chunk by chunk while the texts are at hand; the lean rows the
groupings need are set aside in a temporary SQLite file, split where no group can cross (claims by
kind and scope, the first keys of their order; events by type and modality), and each part is grouped
by the same ``lagebild.claims`` code as the full tables, so the rows are the same and in the same order.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Engine, select

from lagebild import schemas
from lagebild.claims import rules as claim_rules
from lagebild.claims.claimants import figure_claimants
from lagebild.claims.events import group_events
from lagebild.claims.figures import group_figures
from lagebild.claims.sources import document_sources
from lagebild.store.db import models as m
from lagebild.store.db import records
from lagebild.store.db.tables import _merge_entities, fact_frame
from lagebild.store.parquet import json_rows, staged, write_manifest

# Documents read at a time: ~10,000 facts at the seed's density, ~50 MB in Python while a chunk is written
# (decoded JSON is ~3-4 KB a fact); more saves little time.
CHUNK_DOCS = 200


@dataclass
class Chunk:
    documents: pd.DataFrame                 # validated (``schemas.EFFECTIVE``), with texts
    facts: dict[str, pd.DataFrame]          # per fact table: validated effective rows, rejected left out
    entities: list[dict]                    # per document, in doc_id order


# --- reading a chunk of documents ----------------------------------------------------------------

def document_ids(engine: Engine) -> list[str]:
    """Every document's id, in the order a full read lists them (byte order on every database)."""
    with engine.connect() as conn:
        return list(conn.execute(select(m.documents.c.doc_id).order_by(records.by_doc_id(conn, m.documents.c.doc_id))).scalars())


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    return schemas.validate_effective(name, pd.DataFrame(rows))


def chunks(engine: Engine, chunk_docs: int = CHUNK_DOCS) -> Iterator[Chunk]:
    """The store ``chunk_docs`` documents at a time, in document order."""
    ids = document_ids(engine)
    for i in range(0, len(ids), chunk_docs):
        part = ids[i:i + chunk_docs]
        with engine.connect() as conn:  # the full read's own queries and parsing, for these documents
            chunk = Chunk(_frame("documents", records.document_rows(conn, doc_ids=part)), {},
                          records.current_entities(conn, doc_ids=part))
            logs = records.decisions(conn, doc_ids=part)
            chunk.facts = {name: fact_frame(conn, name, logs, doc_ids=part) for name in schemas.FACT_TABLES}
        yield chunk
        del chunk  # not held while the next chunk is read


class _Entities:
    """Actors and places merged as the chunks come (``tables._merge_entities``, fed what it merged so far)."""

    def __init__(self) -> None:
        self.merged = {"actors": [], "places": []}

    def add(self, per_doc: list[dict]) -> None:
        self.merged = _merge_entities([self.merged, *per_doc])

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: _frame(name, rows) for name, rows in self.merged.items()}


# --- parquet: export-tables ----------------------------------------------------------------------

def arrow_schema(name: str) -> pa.Schema:
    """A table's parquet columns (and the pandas metadata ``DataFrame.to_parquet`` writes) from its contract,
    not from a chunk: a chunk whose column is all null keeps the column's type."""
    return pa.Schema.from_pandas(schemas.empty(name), preserve_index=False)


def export_tables(engine: Engine, target: Path | str, chunk_docs: int = CHUNK_DOCS) -> Path:
    """The effective tables as parquet in ``target`` (the files and schemas of ``parquet.write_tables``),
    swapped in complete as ``write_tables`` does."""
    entities = _Entities()
    counts = dict.fromkeys(schemas.TABLES, 0)
    with staged(target) as staging:
        writers = {name: pq.ParquetWriter(staging / f"{name}.parquet", arrow_schema(name))
                   for name in schemas.TABLES}
        try:
            def write(name: str, df: pd.DataFrame) -> None:
                df = schemas.validate(name, df)
                writers[name].write_table(pa.Table.from_pandas(df, schema=writers[name].schema, preserve_index=False))
                counts[name] += len(df)

            for chunk in chunks(engine, chunk_docs):
                write("documents", chunk.documents)
                for name, df in chunk.facts.items():
                    write(name, df)
                entities.add(chunk.entities)
                del chunk, df
            for name, df in entities.frames().items():
                write(name, df)
        finally:
            for w in writers.values():
                w.close()
        write_manifest(staging, counts)
    return Path(target)


# --- JSON: facts --format json -------------------------------------------------------------------

class _JsonTable:
    """One table's rows as the items of a JSON list, in a temporary file (``json.dump``'s layout)."""

    def __init__(self, folder: Path, name: str, compact: bool) -> None:
        self.name, self.compact = name, compact
        self.path = folder / f"{name}.json"
        self.file = open(self.path, "w", encoding="utf-8")
        self.n = 0

    def add(self, rows: list[dict]) -> None:
        for row in rows:
            if self.compact:
                item = json.dumps(row, ensure_ascii=False)
            else:
                item = "    " + json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            self.file.write(("" if not self.n else ", " if self.compact else ",\n") + item)
            self.n += 1

    def copy_to(self, out: IO[str]) -> None:
        self.file.close()
        if not self.n:
            out.write("[]")
            return
        out.write("[" if self.compact else "[\n")
        with open(self.path, encoding="utf-8") as f:
            while block := f.read(1 << 20):
                out.write(block)
        out.write("]" if self.compact else "\n  ]")


def write_json(engine: Engine, out: IO[str], compact: bool = False, chunk_docs: int = CHUNK_DOCS) -> None:
    """What ``json.dump(tables_to_json(effective_tables(engine)), out, ensure_ascii=False, indent=2)``
    writes (``indent=None`` if ``compact``), a chunk of documents at a time."""
    rules = claim_rules.load()
    with tempfile.TemporaryDirectory(prefix="lagebild-facts-") as tmp:
        folder = Path(tmp)
        names = [*schemas.TABLES, *schemas.DERIVED]
        parts = {name: _JsonTable(folder, name, compact) for name in names}
        grouped = _Grouping(folder / "grouping.db", rules)
        entities = _Entities()
        for chunk in chunks(engine, chunk_docs):
            parts["documents"].add(json_rows("documents", chunk.documents))
            for name, df in chunk.facts.items():
                parts[name].add(json_rows(name, df))
            entities.add(chunk.entities)
            grouped.add(chunk)
            del chunk, df
        for name, df in entities.frames().items():
            parts[name].add(json_rows(name, df))
        grouped.claims(parts["claims"])
        grouped.event_groups(parts["event_groups"])
        grouped.close()
        out.write("{")
        for i, name in enumerate(names):
            out.write(("" if not i else ", " if compact else ",") + ("" if compact else "\n  ") + json.dumps(name) + ": ")
            parts[name].copy_to(out)
        out.write("}" if compact else "\n}")


# The columns the groupings read (``group_figures`` with the claimants found per chunk; ``group_events``).
FIGURE_COLUMNS = ["doc_id", "sentence", "start", "end", "quote", "value", "low", "high", "qualifier", "kind",
                  "date", "date_precision", "modality", "scope", "since", "since_precision", "fact_id"]
CLAIMANT_COLUMNS = ["claimant", "claimant_basis", "relayed_by", "subject_actor"]
EVENT_COLUMNS = ["doc_id", "sentence", "start", "end", "quote", "type", "actors", "source", "target", "date",
                 "date_precision", "modality", "fact_id"]
INTS, NULLABLE_INTS = ["sentence", "start", "end", "value", "gi"], ["low", "high"]


class _Grouping:
    """Claims and event groups over every chunk: the lean rows set aside in a temporary SQLite file,
    one column each."""

    def __init__(self, path: Path, rules) -> None:
        self.rules = rules
        self.db = sqlite3.connect(path)
        fig_cols = ", ".join(f'"{c}"' for c in FIGURE_COLUMNS + ["_" + c for c in CLAIMANT_COLUMNS])
        ev_cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        self.db.executescript(
            f"CREATE TABLE figures (part_kind TEXT, part_scope TEXT, {fig_cols});"
            f"CREATE TABLE events (gi INTEGER, {ev_cols});"
            "CREATE TABLE groups (gi INTEGER, row TEXT);"
            "CREATE TABLE documents (doc_id TEXT, published TEXT, precision TEXT, source_key TEXT);")
        self.n_events = 0

    def _put(self, table: str, df: pd.DataFrame) -> None:
        cols = [_objects(df[c].astype("object")) for c in df.columns]
        self.db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(cols))})", zip(*cols))

    def add(self, chunk: Chunk) -> None:
        docs, figs, events = chunk.documents, chunk.facts["troop_figures"], chunk.facts["events"]
        sources = document_sources(docs, self.rules)
        self._put("documents", pd.DataFrame({"doc_id": docs["doc_id"], "published": docs["published"],
                                             "precision": docs["precision"], "source_key": sources["source_key"]}))
        if len(figs):
            who = figure_claimants(figs, docs, chunk.facts["mentions"], self.rules)
            # Claims never span a kind or a scope (a figure without one is "unclear" in group_figures).
            part = pd.DataFrame({"part_kind": figs["kind"], "part_scope": figs["scope"].fillna("unclear")})
            self._put("figures", part.join(figs[FIGURE_COLUMNS]).join(who.add_prefix("_")))
        if len(events):
            gi = pd.DataFrame({"gi": range(self.n_events, self.n_events + len(events))}, index=events.index)
            self.n_events += len(events)
            self._put("events", gi.join(events[EVENT_COLUMNS]))

    def _read(self, table: str, where: str = "", params: tuple = (), order: str = "rowid") -> pd.DataFrame:
        """A part of a set-aside table, read a column at a time (each column becomes a compact pandas
        column before the next one is read: a part holds hundreds of thousands of rows at 100,000
        documents)."""
        names = [r[1] for r in self.db.execute(f"PRAGMA table_info({table})")]
        query = f"SELECT {{}} FROM {table} {'WHERE ' + where if where else ''} ORDER BY {order}"
        return pd.DataFrame({n: _column(n, [v for v, in self.db.execute(query.format(f'"{n}"'), params)])
                             for n in names})

    def _documents(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        docs = self._read("documents")
        return docs[["doc_id", "published", "precision"]], docs[["doc_id", "source_key"]]

    def claims(self, out: _JsonTable) -> None:
        """In the claims' order: kind, then scope, first (``group_figures`` sorts on them first)."""
        self.db.execute("CREATE INDEX ix_figures ON figures (part_kind, part_scope)")
        docs, sources = self._documents()
        for kind, scope in sorted(self.db.execute("SELECT DISTINCT part_kind, part_scope FROM figures").fetchall()):
            figs = self._read("figures", "part_kind = ? AND part_scope = ?", (kind, scope))
            who = figs[["_" + c for c in CLAIMANT_COLUMNS]].rename(columns=lambda c: c[1:])
            out.add(json_rows("claims", group_figures(figs[FIGURE_COLUMNS], docs, None, sources, self.rules,
                                                      claimants=who)))
            del figs, who

    def event_groups(self, out: _JsonTable) -> None:
        """Each (type, modality) apart (no event group spans two), the groups then in the order of their
        first row in the events table (``group_events`` numbers them so)."""
        self.db.execute("CREATE INDEX ix_events ON events (type, modality, gi)")
        docs, sources = self._documents()
        for etype, modality in self.db.execute("SELECT DISTINCT type, modality FROM events").fetchall():
            events = self._read("events", "type = ? AND modality = ?", (etype, modality), order="gi")
            position = dict(zip(events["fact_id"], events["gi"]))
            groups = json_rows("event_groups", group_events(events.drop(columns="gi"), docs, sources, self.rules))
            del events
            self.db.executemany("INSERT INTO groups VALUES (?, ?)", (
                (min(position[f] for f in g["member_ids"]), json.dumps(g, ensure_ascii=False)) for g in groups))
            del groups, position
        for (row,) in self.db.execute("SELECT row FROM groups ORDER BY gi"):
            out.add([json.loads(row)])

    def close(self) -> None:
        self.db.close()


def _objects(s: pd.Series) -> list:
    return [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in s.tolist()]


def _column(name: str, values: list) -> pd.Series:
    """Set-aside values back in the dtype of the validated tables' column."""
    if name in INTS:
        return pd.Series(values, dtype="int64")
    if name in NULLABLE_INTS:
        return pd.Series(values, dtype="Int64")
    return pd.Series(values, dtype=schemas.empty("documents")["doc_id"].dtype)


def default_chunk() -> int:
    """``$LAGEBILD_EXPORT_CHUNK`` documents at a time (for tests and benchmarks), else ``CHUNK_DOCS``."""
    return int(os.environ.get("LAGEBILD_EXPORT_CHUNK") or CHUNK_DOCS)
