"""The Actors page's mention counts, first and last mentions and spellings asked of the database
(``actorstats.store_actor_stats``) are what the page computed from the filtered mentions, and each card's counts
and statements asked of the database (``store_card_events``) those of its rows of the filtered events, on the grid of filter
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


def test_the_store_gives_each_card_what_the_tables_gave_it(store):  # noqa: F811
    """A card's counts by role and type (``card_roles``) and its latest statements, asked of the database
    (``store_card_events``: the events counted per side, type and other party; the statements quoted), for every
    card at once and for one alone, are those of the actor's rows of the filtered events."""
    engine, tables = store
    names = dict(zip(tables["actors"]["id"], tables["actors"]["name"]))
    name = names.get
    cards = said = 0
    with engine.connect() as conn:
        for state in [FilterState(), *_states(tables)[::3]]:
            t = apply_filters(tables, state)
            want = actorstats.actor_stats(t, tables["documents"])
            ids = list(want["actors"]["id"])
            got_all = actorstats.store_card_events(conn, state, ids, name)  # every card at once
            for actor_id in ids:
                mine = actorstats.actor_events(t, want, actor_id)
                card = actorstats.card_events(mine, actor_id, name)
                for got in (got_all[actor_id], actorstats.store_card_events(conn, state, [actor_id], name)[actor_id]):
                    assert {k: v for k, v in got.items() if k != "said"} == \
                        {k: v for k, v in card.items() if k != "said"}, (actor_id, state)
                    pd.testing.assert_frame_equal(got["said"].reset_index(drop=True),
                                                  card["said"].reset_index(drop=True), obj=f"{actor_id} in {state}")
                cards += card["n"] > 0
                said += len(card["said"])
    assert cards > 100 and said > 100  # cards with events and statements, on many views
