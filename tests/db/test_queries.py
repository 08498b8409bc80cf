"""The shared filters as SQL (``lagebild.store.db.queries.Where``) keep exactly the rows ``apply_filters``
keeps, table by table, for single filters and their combinations, on SQLite and PostgreSQL, with review
decisions in the store."""

from __future__ import annotations

import itertools
from datetime import date

import pandas as pd
import pytest

from lagebild import paths
from lagebild.dashboard.filters import FilterState, apply_filters
from lagebild.store.db import effective_tables, queries, review, review_queue
from lagebild.store.ingest import ingest_paths


@pytest.fixture
def store(engine):
    """The seeds, with decisions: a figure confirmed, an event edited to another source, one rejected, two accepted."""
    ingest_paths(engine, [paths.SEEDS], lambda err: None)
    queue = review_queue(engine)
    figs = [r for r in queue if r["table"] == "troop_figures"]
    events = [r for r in queue if r["table"] == "events"]
    review(engine, figs[0]["fact_id"], "accept", reviewer="ana")
    review(engine, figs[1]["fact_id"], "edit", reviewer="ana", changes={"date": "2024-11-04", "date_precision": "day"})
    review(engine, events[0]["fact_id"], "edit", reviewer="ana", changes={"source": "ukraine"})
    review(engine, events[1]["fact_id"], "reject", reviewer="ana")
    review(engine, events[2]["fact_id"], "accept", reviewer="ben")
    return engine, effective_tables(engine)


def _states(tables) -> list[FilterState]:
    actors = sorted(set(tables["actors"]["id"]))
    docs = sorted(tables["documents"]["doc_id"])
    types = sorted(set(tables["events"]["type"]))
    claimants = ["nis", "ukraine", "united-states", "jcs"]
    singles = [FilterState(actors=(a,)) for a in actors]
    singles += [FilterState(types=(t,)) for t in types[:6]]
    singles += [FilterState(docs=(d,)) for d in docs[:4]]
    singles += [FilterState(claimants=(c,)) for c in claimants]
    singles += [FilterState(date_from=date(2024, 10, 1)), FilterState(date_to=date(2024, 6, 30)),
                FilterState(date_from=date(2024, 11, 1), date_to=date(2024, 11, 30)),
                FilterState(text_dated=True), FilterState(reviewed=True)]
    combos = [FilterState(actors=("russia", "north-korea"), date_from=date(2024, 10, 15), text_dated=True),
              FilterState(actors=("nis",), reviewed=True), FilterState(types=("troop_deployment", "statement"),
                                                                      docs=tuple(docs[:5]), date_to=date(2024, 12, 31)),
              FilterState(claimants=("nis",), actors=("ukraine",)), FilterState(reviewed=True, text_dated=True),
              FilterState(actors=("kim-jong-un",), claimants=("ukraine",), date_from=date(2024, 1, 1),
                          date_to=date(2025, 12, 31), types=("statement",))]
    return singles + combos


def test_sql_filters_keep_the_rows_apply_filters_keeps(store):
    engine, tables = store
    states = _states(tables)
    assert len(states) > 40
    kept_something = 0
    with engine.connect() as conn:
        for state in states:
            want = apply_filters(tables, state)
            where = queries.Where(state)
            for name in queries.FACT_TABLES:
                got = sorted(queries.fact_ids(conn, where, name))
                assert got == sorted(want[name]["fact_id"]), (state, name)
                assert queries.count(conn, where, name) == len(want[name])
            assert sorted(queries.document_ids(conn, where)) == sorted(want["documents"]["doc_id"]), state
            assert queries.count_documents(conn, where) == len(want["documents"])
            places = where.places()
            got_places = sorted(tables["places"]["id"]) if places is None else \
                sorted(p for p in conn.execute(places).scalars() if p in set(tables["places"]["id"]))
            assert got_places == sorted(want["places"]["id"]), state
            ids = where.actor_ids()
            assert sorted(tables["actors"]["id"] if ids is None else [a for a in ids if a in set(tables["actors"]["id"])]) \
                == sorted(want["actors"]["id"])
            kept_something += 0 < len(want["events"]) < len(tables["events"])
    assert kept_something > 20  # the grid narrows, it does not only keep all or nothing



def test_filtered_fact_frames_equal_apply_filters_frames(store):
    """What a page reads for a filtered table (``queries.fact_frame``: the index's rows, parsed in bulk) is
    ``apply_filters``' frame of the full read: the same rows, columns, types, values and order."""
    engine, tables = store
    with engine.connect() as conn:
        for state in [FilterState(), *_states(tables)]:
            want = apply_filters(tables, state)
            for name in queries.FACT_TABLES:
                got = queries.fact_frame(conn, queries.Where(state), name)
                pd.testing.assert_frame_equal(got, want[name].reset_index(drop=True), obj=f"{name} {state}")
