"""The Sources page highlights a document's facts as the filters keep them: filtering that one document
(``View.of_document``: the state with ``docs`` set to it, read from the database) keeps exactly the facts of it
that filtering every document keeps, on the grid of filter states of ``test_queries``, on both databases."""

from __future__ import annotations

import dataclasses

from lagebild.dashboard.app.store_tables import StoreTables
from lagebild.dashboard.filters import FilterState, apply_filters
from lagebild.dashboard.markup import fact_spans, sentence_extent
from lagebild.store.db import tables as db_tables
from test_queries import _states, store  # noqa: F401 - the fixture: the seeds with review decisions


def test_one_documents_filtered_facts_are_its_facts_of_the_filtered_view(store):  # noqa: F811
    engine, tables = store
    with engine.connect() as conn:
        cat = db_tables.catalog_tables(conn)
    names = dict(zip(tables["actors"]["id"], tables["actors"]["name"]))
    places = dict(zip(tables["places"]["id"], tables["places"]["name"]))
    docs = list(tables["documents"]["doc_id"])[:3]
    seen = 0
    for state in [FilterState(), *_states(tables)[::2]]:  # every other state: a read per state and document
        t = apply_filters(tables, state)
        for doc in docs:
            if state.docs and doc not in state.docs:
                continue
            one = StoreTables(engine, ("db", "test", state), dataclasses.replace(state, docs=(doc,)), cat)
            assert sorted(fact_spans(one, doc, names, places)) == sorted(fact_spans(t, doc, names, places)), (state, doc)
            seen += len(fact_spans(t, doc, names, places)) > 0
    whole = StoreTables(engine, ("db", "test", None), FilterState(docs=(docs[0],)), cat)
    for sentence in range(12):
        assert sentence_extent(whole, docs[0], sentence) == sentence_extent(tables, docs[0], sentence)
    assert seen > 15
