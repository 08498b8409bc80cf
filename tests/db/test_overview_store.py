"""The Overview asked of the database (``overview.store_summary``) shows what the Overview computed from the
filtered tables (``overview.summary``) — counts, the as-of date, the key developments in order with their date
labels, the monthly bars — for the grid of filter states of ``test_queries``, on SQLite and PostgreSQL."""

from __future__ import annotations


import json

import pandas as pd

from lagebild.dashboard import overview, storeclaims
from lagebild.dashboard.filters import apply_filters
from test_queries import _states, store  # noqa: F401 - the fixture: the seeds with review decisions


def _shown(s: dict) -> dict:
    picked = s["picked"]
    return {**{k: s[k] for k in ("n_actors", "n_events", "n_docs", "as_of", "undated")},
            "picked": None if picked is None else list(zip(picked["fact_id"], picked["when_note"], picked["review_status"],
                                                          picked["quote"])),
            "timeline": None if s["timeline"] is None else json.loads(s["timeline"].to_json())}


def test_the_store_answers_the_overview_as_the_tables_did(store):  # noqa: F811
    engine, tables = store
    sides = dict(zip(tables["actors"]["id"], tables["actors"]["side"]))
    with engine.connect() as conn:
        shown_events = 0
        for state in _states(tables):
            want = overview.summary(apply_filters(tables, state), tables["documents"], tables["actors"], tables["dates"])
            got = overview.store_summary(conn, state, sides)
            assert _shown(got) == _shown(want), state
            shown_events += want["picked"] is not None and len(want["picked"]) > 0
    assert shown_events > 20


def test_an_empty_store_has_an_empty_overview(engine):
    from lagebild.dashboard.filters import FilterState

    with engine.connect() as conn:
        s = overview.store_summary(conn, FilterState(), {})
    assert (s["n_events"], s["n_docs"], s["n_actors"], s["as_of"], s["picked"], s["timeline"]) == (0, 0, 0, "—", None, None)


def test_the_store_answers_the_latest_claims_as_the_tables_did(store):  # noqa: F811
    """The cards and increments of the Overview's headline, and each claim's review status, from the
    deployment figures and their stored claimant readings alone: the same as from all filtered figures."""
    from lagebild import claims as claims_mod
    from lagebild.dashboard import claimcompare as cc
    from lagebild.dashboard.app.claims_blocks import MAJOR_CLAIMANTS

    engine, tables = store
    sources = claims_mod.document_sources(tables["documents"], claims_mod.rules.load())
    cards = 0
    with engine.connect() as conn:
        for state in _states(tables):
            t = apply_filters(tables, state)
            # (every mention of a figure's sentence, as the pages read claimants: ``claims_blocks.view_claims``)
            want = claims_mod.derive_claims({**t, "mentions": tables["mentions"]}, sources=sources, validate=False)
            got, figures = storeclaims.store_deployment_claims(conn, state)
            for pick in (lambda c: cc.latest_by_claimant(c, MAJOR_CLAIMANTS), cc.latest_increments):
                w, g = pick(want), pick(got)
                assert w.reset_index(drop=True).to_json() == g.reset_index(drop=True).to_json(), state
                assert [cc.claim_review_status(r, t["troop_figures"]) for r in w.to_dict("records")] == \
                    [cc.claim_review_status(r, figures) for r in g.to_dict("records")]
            cards += len(pick(want)) > 0
    assert cards > 10


def test_the_frame_catalog_asked_of_the_store_is_the_one_built_from_the_tables(store):  # noqa: F811
    """Filters, document and actor lists, names and the dates' extent: the same whether the frame reads every
    table or asks the store (documents without texts, entities, the view index's claimants and extent)."""
    from datetime import date

    from lagebild.dashboard.app.catalog import build_catalog, catalog_of
    from lagebild.store.db import queries
    from lagebild.store.db import tables as db_tables

    engine, tables = store
    want = build_catalog(tables)
    with engine.connect() as conn:
        t = db_tables.catalog_tables(conn)
        span = queries.extent(conn)
        got = catalog_of(t["actors"], t["documents"], t["places"], queries.claimant_ids(conn),
                         (date.fromisoformat(span[0]), date.fromisoformat(span[1])))
    for field in want.__dataclass_fields__:
        a, b = getattr(want, field), getattr(got, field)
        if isinstance(a, pd.Series):
            pd.testing.assert_series_equal(a, b)
        else:
            assert a == b, field
    assert want.claimant_ids and want.extent


def test_the_store_groups_every_claim_as_the_tables_did(store):  # noqa: F811
    """The Troop figures page's claims (every kind: deployment, casualties, the rest) asked of the database
    equal the claims grouped from the filtered tables with every mention, row for row."""
    from lagebild import claims as claims_mod

    from lagebild.store.db import tables as db_tables

    engine, tables = store
    sources = claims_mod.document_sources(tables["documents"], claims_mod.rules.load())
    compared, kinds = 0, set()
    with engine.connect() as conn:
        catalog = db_tables.catalog_tables(conn)["documents"]
        for state in _states(tables):
            t = apply_filters(tables, state)
            want = claims_mod.derive_claims({**t, "mentions": tables["mentions"]}, sources=sources, validate=False)
            got, figures = storeclaims.store_claims(conn, state)
            kinds |= set(want["kind"])
            # (a missing value is None or NaN as it came: the pages test ``isinstance(x, str)``)
            same = [df.reset_index(drop=True).astype(object).pipe(lambda d: d.where(d.notna(), None)) for df in (got, want)]
            pd.testing.assert_frame_equal(*same, obj=str(state))
            # The same with the dashboard's catalog of documents at hand (no document read).
            at_hand = storeclaims.store_claims(conn, state, documents=catalog)[0]
            pd.testing.assert_frame_equal(at_hand.reset_index(drop=True).astype(object)
                                          .pipe(lambda d: d.where(d.notna(), None)), same[1], obj=str(state))
            assert sorted(figures["fact_id"]) == sorted(t["troop_figures"]["fact_id"])
            compared += len(want)
    assert compared > 100 and len(kinds) > 2


def test_the_store_groups_the_claims_as_they_stood_on_a_day_as_the_tables_did(engine):
    """What's new compares with the claims of the documents that had arrived by a day: asked of the database
    (figures and stored claimants of those documents), the same claims as grouped from the tables as they stood.
    (The seeds as the first start stores them: past reporting, arrived at their publication dates.)"""
    from lagebild import claims as claims_mod
    from lagebild.dashboard import whatsnew as wn
    from lagebild.store.db import effective_tables
    from lagebild.store.ingest import ensure_seeded

    from lagebild.store.db import tables as db_tables

    ensure_seeded(engine)
    tables = effective_tables(engine)
    with engine.connect() as conn:
        catalog = db_tables.catalog_tables(conn)["documents"]
    sources = claims_mod.document_sources(tables["documents"], claims_mod.rules.load())
    sizes = set()
    with engine.connect() as conn:
        for state in _states(tables)[::3]:
            t = apply_filters(tables, state)
            for since in ("2024-06-30", "2024-11-15", "2025-06-01", "2025-10-20"):
                before = wn.tables_as_of({**t, "mentions": tables["mentions"]}, since)
                want = claims_mod.derive_claims(before, sources=sources, validate=False)
                got = storeclaims.store_claims_before(conn, state, since)
                at_hand = storeclaims.store_claims_before(conn, state, since, documents=catalog)
                same = [df.reset_index(drop=True).astype(object).pipe(lambda d: d.where(d.notna(), None))
                        for df in (got, want, at_hand)]
                pd.testing.assert_frame_equal(same[0], same[1], obj=f"{state} {since}")
                pd.testing.assert_frame_equal(same[2], same[1], obj=f"{state} {since} (catalog)")
                sizes.add(len(want))
    assert len(sizes) > 3  # the days cut the claims differently
