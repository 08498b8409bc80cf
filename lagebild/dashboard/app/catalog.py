"""The catalog: what the frame and the pages look up in the unfiltered tables on every run — actor and
document lists in the filters' order, labels, names, sides, the dates' extent — built once per source.

On the database it is asked of the store without reading a fact (documents without their texts, the
entities the extractions saw, the view index's claimants and extent), kept across review decisions and,
after new documents, patched with theirs; from parquet tables it is built from the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from lagebild.dashboard.app.loaders import _engine, load_tables, more_extractions, source_key
from lagebild.dashboard.colors import SIDE_LABELS
from lagebild.dashboard.filters import claim_actors, date_extent, split_ids
from lagebild.store import StoreError
from lagebild.store.db import queries
from lagebild.store.db import tables as db_tables
from lagebild.store.db.faults import describe


def actor_label(row: dict) -> str:
    """The sidebar's label of an actor; the German name too when it differs, so "Selenskyj" finds Zelensky."""
    country = row["country"] if isinstance(row["country"], str) else "—"
    de = row.get("name_de")
    name = f"{row['name']} ({de})" if isinstance(de, str) and de and de != row["name"] else row["name"]
    return f"{name} · {row['type']} · {country} · {SIDE_LABELS.get(row['side'], row['side'])}"


def doc_label(row: dict) -> str:
    title = str(row["title"])
    title = title if len(title) <= 60 else title[:59] + "…"
    return f"{row['published'] or 'undated'} · {title}"


@dataclass(frozen=True)
class Catalog:
    """What the frame and pages look up in the (unfiltered) tables on every run, computed once per tables."""

    actor_ids: tuple[str, ...]          # sorted by side, type, name (the Actors filter's order)
    claimant_ids: tuple[str, ...]       # the actors who claim or relay a troop figure, in the same order
    actor_labels: dict[str, str]
    actor_names: dict[str, str]
    actor_sides: dict[str, str]
    doc_ids: tuple[str, ...]            # newest first, undated last (the documents filter's order)
    doc_id_set: frozenset[str]
    doc_labels: dict[str, str]
    doc_titles: dict[str, str]
    doc_published: dict[str, str | None]
    doc_search: pd.Series               # lower-case label + source per doc, indexed like doc_ids
    place_names: dict[str, str]
    extent: tuple[date, date] | None
    n_docs: int
    as_of: object                       # latest publication date (as the table has it)
    # On the database: the documents (texts left out, as ""), actors and places it was built from, which the
    # pages' tables narrow (``store_tables``); not part of what the catalog says (no comparison).
    tables: dict | None = field(default=None, compare=False, repr=False)


def build_catalog(tables: dict[str, pd.DataFrame]) -> Catalog:
    claiming = set(split_ids("; ".join(claim_actors(tables["troop_figures"], tables["documents"], tables["mentions"]))))
    return catalog_of(tables["actors"], tables["documents"], tables["places"], claiming, date_extent(tables))


def catalog_of(actors: pd.DataFrame, documents: pd.DataFrame, places: pd.DataFrame, claiming: set[str],
               extent: tuple[date, date] | None, tables: dict | None = None) -> Catalog:
    """The catalog of the unfiltered actors, documents and places tables, the actors who claim a troop figure
    and the dates' extent (from the tables, or from the store's queries: the same rows either way)."""
    sorted_actors = actors.sort_values(["side", "type", "name"])
    docs = documents.drop(columns=["text"]).sort_values("published", ascending=False, na_position="last")
    rows = docs.to_dict("records")
    doc_ids = tuple(r["doc_id"] for r in rows)
    labels = {r["doc_id"]: doc_label(r) for r in rows}
    search = pd.Series([f"{labels[r['doc_id']]} {r['source'] or ''} {r['doc_id']}".lower() for r in rows],
                       index=list(doc_ids), dtype="str")
    return Catalog(
        actor_ids=tuple(sorted_actors["id"]),
        claimant_ids=tuple(a for a in sorted_actors["id"] if a in claiming),
        actor_labels={r["id"]: actor_label(r) for r in sorted_actors.to_dict("records")},
        actor_names=dict(zip(actors["id"], actors["name"])),
        actor_sides=dict(zip(actors["id"], actors["side"])),
        doc_ids=doc_ids, doc_id_set=frozenset(doc_ids), doc_labels=labels,
        doc_titles=dict(zip(docs["doc_id"], docs["title"])), doc_published=dict(zip(docs["doc_id"], docs["published"])),
        doc_search=search,
        place_names=dict(zip(places["id"], places["name"])),
        extent=extent, n_docs=len(documents),
        as_of=documents["published"].dropna().max(), tables=tables,
    )


# The catalog's tables last read per database (extractions key, tables): new documents are added to them.
_LAST_CATALOG: dict[str, tuple[tuple, dict[str, pd.DataFrame]]] = {}


@st.cache_resource(max_entries=2, show_spinner=False)
def _store_catalog(url: str, extractions: tuple) -> Catalog:
    """The catalog asked of the database: documents without their texts, the entities the extractions saw,
    the claimants and the dates' extent from the view index; no fact is read.  After new documents only
    theirs are read (``db_tables.patch_catalog_tables``)."""
    with _engine(url).connect() as conn:
        last, t = _LAST_CATALOG.get(url), None
        if last is not None and more_extractions((*last[0], 0), (*extractions, 0)):
            t = db_tables.patch_catalog_tables(conn, last[1], last[0][0])
        if t is None:
            t = db_tables.catalog_tables(conn)
        _LAST_CATALOG[url] = (extractions, t)
        claiming = queries.claimant_ids(conn)
        span = queries.extent(conn)
    extent = (date.fromisoformat(span[0]), date.fromisoformat(span[1])) if span else None
    return catalog_of(t["actors"], t["documents"], t["places"], claiming, extent, tables=t)


@st.cache_resource(max_entries=4, show_spinner=False)
def _catalog(key: tuple, tables_id: int, _tables: dict) -> Catalog:
    return build_catalog(_tables)


def catalog(tables: dict[str, pd.DataFrame]) -> Catalog:
    """``build_catalog(tables)`` memoised per tables source.  The catalog reads only documents, actors and
    places, which review decisions never change: on the database it is kept across decisions (keyed on
    the extractions, not on the decision log), so a decision does not rebuild it."""
    key = source_key(tables)
    if key[0] == "db":
        key = (key[0], key[1], key[2][:2])
    return _catalog(key, id(tables["documents"]), tables)


def source_catalog(key: tuple) -> Catalog:
    """The catalog of the source ``key``: asked of the database (kept across review decisions, which never
    change documents, actors or places), or built from the parquet tables."""
    if key[0] == "db":
        try:
            return _store_catalog(key[1], key[2][:2])
        except SQLAlchemyError as exc:
            raise StoreError(describe(exc)) from None
    return catalog(load_tables())
