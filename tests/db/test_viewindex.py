"""The view index (``lagebild.store.db.viewindex``) says of every effective fact what the pages' pandas rules
say of it — effective date, participants, claimants — after ingest, review decisions and reextract, on
SQLite and PostgreSQL; and an existing store gets it from migration 0007."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select, text

from lagebild import paths, schemas
from lagebild.claims.actors import claim_actors, event_participants, split_ids
from lagebild.dating import effective_intervals, interval_columns
from lagebild.store.db.viewindex import PARTY
from lagebild.store.db import effective_tables, models as m, open_store, review, review_queue
from lagebild.store.db.connect import make_engine, upgrade
from lagebild_testdata import store_as_before_0006
from lagebild.store.ingest import ingest_paths, reextract


def _iso(v):
    return None if pd.isna(v) else v.strftime("%Y-%m-%d")


def expected_index(tables: dict[str, pd.DataFrame]) -> tuple[dict, set]:
    """What the pandas rules over the whole effective tables say: per fact id (table, status, in_text, lo, hi,
    month), and the (fact, actor, role) rows."""
    facts, actors = {}, set()
    docs, dates = tables["documents"], tables["dates"]
    for name in schemas.FACT_TABLES:
        df = tables[name]
        if name in ("events", "troop_figures"):
            eff = effective_intervals(df, docs, dates)
            in_text = eff["in_text"].tolist()
        elif name == "dates":
            eff = interval_columns(df, "date", "precision")
            eff["when"] = eff["lo"] + (eff["hi"] - eff["lo"]) / 2
            in_text = eff["lo"].notna().tolist()
        else:
            eff, in_text = None, [None] * len(df)
        for i, (fid, status) in enumerate(zip(df["fact_id"], df["review_status"])):
            lo = _iso(eff["lo"].iloc[i]) if eff is not None else None
            hi = _iso(eff["hi"].iloc[i]) if eff is not None else None
            when = eff["when"].iloc[i] if eff is not None and lo else None
            facts[fid] = (name, status, in_text[i], lo, hi, when.strftime("%Y-%m-%dT%H") if when else None,
                          when.strftime("%Y-%m") if when else None)
    ev = tables["events"]
    for fid, listed, source, target in zip(ev["fact_id"], ev["actors"], ev["source"], ev["target"]):
        actors |= {(fid, a, "listed") for a in split_ids(listed)}
        actors |= {(fid, a, role) for a, role in ((source, "source"), (target, "target")) if isinstance(a, str) and a}
    parts = event_participants(ev)  # who takes part: the three roles together, as the actor filter reads them
    assert {(ev.at[r, "fact_id"], a) for r, a in zip(parts["row"], parts["actor"])} == \
        {(f, a) for f, a, role in actors if role in PARTY}
    fig = tables["troop_figures"]
    for fid, subject, who in zip(fig["fact_id"], fig["subject_actor"], claim_actors(fig, docs, tables["mentions"])):
        if isinstance(subject, str) and subject:
            actors.add((fid, subject, "subject"))
        actors |= {(fid, a, "claimant") for a in split_ids(who)}
    men = tables["mentions"]
    actors |= {(fid, e, "mention") for fid, k, e in zip(men["fact_id"], men["entity_kind"], men["entity_id"])
               if k == "actor"}
    return facts, actors


def stored_index(engine) -> tuple[dict, set]:
    f, a = m.view_facts, m.view_actors
    with engine.connect() as conn:
        facts = {r.fact_id: (r.fact_table, r.status, None if r.in_text is None else bool(r.in_text), r.lo, r.hi, r.mid,
                              r.month)
                 for r in conn.execute(select(f))}
        actors = {(r.fact_id, r.actor_id, r.role) for r in conn.execute(select(a))}
        n_actor_rows = conn.execute(select(text("count(*)")).select_from(a)).scalar()
    assert n_actor_rows == len(actors), "an actor is listed twice in one role of one fact"
    return facts, actors


def assert_index_matches(engine) -> None:
    want_facts, want_actors = expected_index(effective_tables(engine))
    got_facts, got_actors = stored_index(engine)
    assert got_facts == want_facts
    assert got_actors == want_actors


@pytest.fixture
def seeded(engine):
    ingest_paths(engine, [paths.SEEDS], lambda err: None)
    return engine


def test_the_index_after_ingest_is_what_the_pages_rules_say(seeded):
    facts, actors = stored_index(seeded)
    assert {t for t, *_ in facts.values()} == set(schemas.FACT_TABLES)
    assert {r for *_, r in actors} == {"listed", "source", "target", "subject", "claimant", "mention"}
    assert_index_matches(seeded)


def test_the_index_follows_review_decisions_in_the_same_transaction(seeded):
    queue = review_queue(seeded)
    fig = next(r for r in queue if r["table"] == "troop_figures")
    events = [r for r in queue if r["table"] == "events"]
    review(seeded, fig["fact_id"], "edit", reviewer="ana", changes={"date": "2024-10", "date_precision": "month"})
    review(seeded, events[0]["fact_id"], "reject", reviewer="ana")
    review(seeded, events[1]["fact_id"], "edit", reviewer="ana", changes={"source": "russia"})
    review(seeded, events[2]["fact_id"], "accept", reviewer="ben")
    facts, actors = stored_index(seeded)
    assert events[0]["fact_id"] not in facts  # rejected: not shown, not counted
    assert facts[events[2]["fact_id"]][1] == "confirmed"
    assert (events[1]["fact_id"], "russia", "source") in actors
    assert_index_matches(seeded)
    review(seeded, events[0]["fact_id"], "accept", reviewer="ben")  # taken back: counted again
    assert events[0]["fact_id"] in stored_index(seeded)[0]
    assert_index_matches(seeded)


def test_reextract_rebuilds_the_index(seeded):
    with seeded.begin() as conn:  # a stale index that reextract must replace, not add to
        conn.execute(m.view_facts.update().values(month="1900-01"))
    reextract(seeded, lambda err: None)
    assert_index_matches(seeded)


def test_an_existing_store_is_indexed_by_its_migration(db_url):
    """A store written before 0007 (documents, facts and a decision, no index) is indexed on upgrade, by the
    same code that keeps the index afterwards."""
    old = make_engine(db_url)
    upgrade(old, "0005")
    for i, path in enumerate(sorted(paths.SEEDS.glob("*.txt"))[:4]):
        store_as_before_0006(old, path.read_text(encoding="utf-8"), f"old-{i}")
    upgrade(old, "0006")
    old.dispose()
    engine = open_store(db_url)
    facts, _ = stored_index(engine)
    assert len(facts) > 50
    assert_index_matches(engine)
    engine.dispose()


def test_the_catalog_after_new_documents_reads_only_them_and_equals_a_full_read(seeded, tmp_path):
    from lagebild.store.db import tables as db_tables
    from lagebild.store.db.records import revision

    before = revision(seeded)[0]
    with seeded.connect() as conn:
        old = db_tables.catalog_tables(conn)
    (tmp_path / "a.txt").write_text("Neu\\nDie Ukraine meldete am 3. März 2025 in Kursk 200 gefangene Soldaten aus Nordkorea.\\n",
                                    encoding="utf-8")
    (tmp_path / "0-first.txt").write_text("Früh\\nSüdkoreas Präsident Yoon warnte am 5. Mai 2025 vor weiteren Truppen.\\n",
                                          encoding="utf-8")
    ingest_paths(seeded, [tmp_path], lambda err: pytest.fail(str(err)))
    with seeded.connect() as conn:
        patched = db_tables.patch_catalog_tables(conn, old, before)
        full = db_tables.catalog_tables(conn)
    assert patched is not None and len(patched["documents"]) == len(old["documents"]) + 2
    for name in ("documents", "places"):
        pd.testing.assert_frame_equal(patched[name], full[name])
    key = ["id", "name", "name_de", "type", "country", "side"]
    assert sorted(map(tuple, patched["actors"][key].astype(str).to_numpy())) == \
        sorted(map(tuple, full["actors"][key].astype(str).to_numpy()))
    n = revision(seeded)[0]
    reextract(seeded, lambda err: None)  # every document extracted again: not a patch, a full read
    with seeded.connect() as conn:
        assert db_tables.patch_catalog_tables(conn, full, n) is None
