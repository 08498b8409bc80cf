"""What the Actors page counts per actor: mentions, first and last mention (publication dates), the first three
spellings the text uses, and each actor's events — from the filtered tables (``actor_stats``, ``actor_events``)
or asked of the database (``store_actor_stats``, ``store_card_events``: neither the mentions, the largest
table, nor the view's events are read; a card's counts and statements are asked for when it is shown).
``tests/db/test_actorstats_store.py`` holds the two to each other.  Pure."""

from __future__ import annotations

import pandas as pd

from lagebild.dashboard.filters import event_participants
from lagebild.dashboard.roles import SPOKEN, card_from_groups, card_roles
from lagebild.store.db import beside, queries

SPELLINGS = 3  # spellings shown on a card (the first ones the text uses)
SAID = 2  # statements quoted on a card (its latest)


def actor_stats(t: dict, documents: pd.DataFrame) -> dict:
    """Mentions per actor, first/last mention, spellings and each actor's events, from the filtered tables ``t``."""
    published = documents.set_index("doc_id")["published"]
    men = t["mentions"][t["mentions"]["entity_kind"] == "actor"]
    counts = men.groupby("entity_id").size()
    men_dates = men.assign(published=men["doc_id"].map(published))
    first_last = men_dates.groupby("entity_id")["published"].agg(["min", "max"])
    spellings = men.groupby("entity_id")["quote"].agg(lambda q: list(dict.fromkeys(q))[:SPELLINGS])
    # Each actor's events as row positions in t["events"], in table order (actors, source or target).
    part = event_participants(t["events"])
    part["pos"] = t["events"].index.get_indexer(part["row"])
    rows = {a: sorted(set(g)) for a, g in part.groupby("actor")["pos"]}
    return {**_ranked(t["actors"], counts, first_last, spellings), "rows": rows}


def actor_events(t: dict, stats: dict, actor_id: str) -> pd.DataFrame:
    """The filtered events ``actor_id`` takes part in, in table order (``actor_stats``' rows)."""
    return t["events"].iloc[stats["rows"].get(actor_id, [])]


def card_events(own: pd.DataFrame, actor_id: str, name) -> dict:
    """An actor's events (``own``, in table order) by the role it has in them: what it did or said (it is the
    agent), what was done to it or said about it (it is the patient), where it is only named; its latest
    statements (``SAID`` of them)."""
    said = own[(own["source"] == actor_id).fillna(False) & own["type"].isin(SPOKEN)]
    return {**card_roles(own, actor_id, name), "n": len(own), "said": latest_first(said).head(SAID)}


def store_card_events(conn, state, actor_ids, name) -> dict[str, dict]:
    """``card_events`` of each of ``actor_ids`` (the cards shown), asked of the database: their events counted
    per side, type and other party, and their latest statements, not their events (the largest actors take
    part in most)."""
    where = queries.Where(state)
    said = beside.latest_statements(conn, where, actor_ids, sorted(SPOKEN), SAID)
    groups = beside.party_role_groups(conn, where, actor_ids)
    out = {}
    for actor_id, g in groups.items():
        n_named = sum(n for *_, n, _ in g["named"])
        card = card_from_groups(g["by"], g["at"], n_named, name)
        own = latest_first(said[(said["source"] == actor_id).fillna(False)])
        out[actor_id] = {**card, "n": card["n_by"] + card["n_at"] + n_named, "said": own}
    return out


def latest_first(events: pd.DataFrame) -> pd.DataFrame:
    """Events by their own date, latest first ("2024-11" after "2024-10-31", as text; undated last), then in
    the order given (table order)."""
    key = events["date"].astype(object).where(events["date"].notna(), "").tolist()
    order = sorted(range(len(key)), key=key.__getitem__, reverse=True)  # stable: ties keep their order
    return events.iloc[order]


def store_actor_stats(conn, state, t: dict) -> dict:
    """``actor_stats`` without the events' rows, the mention counts, dates and spellings asked of the
    database (two grouped questions); ``t``: the filtered tables, of which the actors are read."""
    where = queries.Where(state)
    rows = queries.actor_mention_counts(conn, where)
    ids = [r[0] for r in rows]
    counts = pd.Series([r[1] for r in rows], index=pd.Index(ids, name="entity_id"), dtype="int64")
    first_last = pd.DataFrame({"min": [r[2] for r in rows], "max": [r[3] for r in rows]},
                              index=pd.Index(ids, name="entity_id"))
    first_rows = sorted(queries.actor_spellings(conn, where),
                        key=lambda r: (r[2].encode("utf-8", "surrogatepass"), r[3], r[4]))  # table order
    spelled: dict[str, list[str]] = {}
    for actor, quote, *_ in first_rows:
        got = spelled.setdefault(actor, [])
        if len(got) < SPELLINGS:
            got.append(quote)
    spellings = pd.Series(spelled, dtype=object).rename_axis("entity_id")
    return _ranked(t["actors"], counts, first_last, spellings)


def _ranked(actors: pd.DataFrame, counts: pd.Series, first_last: pd.DataFrame, spellings: pd.Series) -> dict:
    actors = actors.copy()
    actors["mentions"] = actors["id"].map(counts).fillna(0).astype(int)
    actors = actors.sort_values(["mentions", "name"], ascending=[False, True])
    return {"actors": actors, "first_last": first_last, "spellings": spellings, "cards": {}}
