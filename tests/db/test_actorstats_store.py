"""The Actors page's mention counts, first and last mentions and spellings asked of the database
(``actorstats.store_actor_stats``) are what the page computed from the filtered mentions, and each card's events
asked of the database (``store_actor_events``) are the card's rows of the filtered events, on the grid of filter
states of ``test_queries``, on SQLite and PostgreSQL."""

from __future__ import annotations

import pandas as pd

from lagebild.dashboard import actorstats
from lagebild.dashboard.filters import FilterState, apply_filters
from test_queries import _states, store  # noqa: F401 - the fixture: the seeds with review decisions


def _shown(s: dict) -> dict:
    fl = s["first_last"]
    return {"actors": list(zip(s["actors"]["id"], s["actors"]["mentions"])),
            "first_last": {a: (fl.loc[a, "min"], fl.loc[a, "max"]) for a in sorted(fl.index)},
            "spellings": {a: list(v) for a, v in sorted(s["spellings"].items())}}


def test_the_store_counts_the_actors_mentions_as_the_tables_did(store):  # noqa: F811
    engine, tables = store
    spelled = 0
    with engine.connect() as conn:
        for state in [FilterState(), *_states(tables)]:
            t = apply_filters(tables, state)
            want = actorstats.actor_stats(t, tables["documents"])
            got = actorstats.store_actor_stats(conn, state, t)
            assert _shown(got) == _shown(want), state
            spelled += sum(len(v) > 1 for v in want["spellings"])
    assert spelled > 20  # actors with more than one spelling: the order of spellings is tested


def test_the_store_gives_each_card_the_events_the_tables_gave_it(store):  # noqa: F811
    engine, tables = store
    cards = 0
    with engine.connect() as conn:
        for state in [FilterState(), *_states(tables)[::3]]:
            t = apply_filters(tables, state)
            want = actorstats.actor_stats(t, tables["documents"])
            for actor_id in want["actors"]["id"]:
                mine = actorstats.actor_events(t, want, actor_id).reset_index(drop=True)
                got = actorstats.store_actor_events(conn, state, actor_id)
                pd.testing.assert_frame_equal(got, mine, obj=f"{actor_id} in {state}")
                cards += len(mine) > 0
    assert cards > 100  # cards with events, on many views
