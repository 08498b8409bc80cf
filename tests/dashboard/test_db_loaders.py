"""The pages on the database store: seeded on first start, decisions and new documents at the next rerun,
``reviewed=1`` for briefings, the review status on the page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lagebild import paths
from lagebild.store.db import effective_tables, open_store, review, review_queue
from lagebild.store.ingest import ingest_paths
from lagebild_testdata import DASHBOARD

N_SEEDS = len(list(paths.SEEDS.glob("*.txt")))


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def start(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_first_start_fills_an_empty_database_from_the_seeds(db_url):
    at = start()
    assert metrics(at)["Documents"] == f"{N_SEEDS:,}"
    engine = open_store(db_url)
    assert len(review_queue(engine)) > 0
    at.run()  # a second start does not ingest again
    assert metrics(at)["Documents"] == f"{N_SEEDS:,}"


def test_a_decision_and_a_new_document_show_at_the_next_rerun(db_url, tmp_path):
    at = start()
    events = int(metrics(at)["Events"].replace(",", ""))
    engine = open_store(db_url)
    event = next(r for r in review_queue(engine) if r["table"] == "events")
    review(engine, event["fact_id"], "reject", reviewer="ana", reason="not an event")
    at.run()
    assert int(metrics(at)["Events"].replace(",", "")) == events - 1
    new = tmp_path / "new.txt"
    new.write_text("Neue Meldung\nRussland und Nordkorea unterzeichneten am 19. Juni 2024 in Pjöngjang einen Vertrag.\n",
                   encoding="utf-8")
    ingest_paths(engine, [new], lambda err: pytest.fail(str(err)))
    at.run()
    assert metrics(at)["Documents"] == f"{N_SEEDS + 1:,}"


def test_reviewed_only_shows_just_the_confirmed_and_edited_facts(db_url):
    start()
    engine = open_store(db_url)
    queue = review_queue(engine)
    event = next(r for r in queue if r["table"] == "events")
    review(engine, event["fact_id"], "accept", reviewer="ana")
    at = start({"reviewed": "1"})
    assert metrics(at)["Events"] == "1"
    assert at.toggle(key="f_reviewed").value is True
    assert "confirmed" in "\n".join(m.value for m in at.markdown)
    assert at.query_params["reviewed"] in ("1", ["1"])
    at.toggle(key="f_reviewed").set_value(False).run()
    assert int(metrics(at)["Events"].replace(",", "")) > 1
    assert "reviewed" not in at.query_params


def test_an_unreachable_database_is_one_line_on_the_page(monkeypatch):
    monkeypatch.delenv("LAGEBILD_TABLES", raising=False)
    monkeypatch.setenv("LAGEBILD_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/x")
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert "cannot open the database" in at.error[0].value and "\n" not in at.error[0].value


def test_facts_from_older_rules_say_so_until_reextracted(db_url, monkeypatch):
    """An upgraded app on an existing store: the facts a newer engine would correct are still the old
    ones, and every page says how to bring them up to date; after ``reextract`` the notice is gone."""
    from lagebild.store import ingest
    from lagebild.store.ingest import reextract

    at = start()
    assert not [i for i in at.info if "older version of the rules" in i.value]
    engine = open_store(db_url)
    monkeypatch.setattr(ingest, "engine_version", lambda: "code-newer000000")  # the app was upgraded
    at.run()
    (notice,) = [i.value for i in at.info if "older version of the rules" in i.value]
    assert "reextract" in notice
    reextract(engine, lambda err: None)
    at.run()
    assert not [i for i in at.info if "older version of the rules" in i.value]


def test_the_overview_asks_the_store_and_loads_no_fact_table(db_url, monkeypatch):
    """At a year of reporting every fact in memory is gigabytes: the frame and the Overview (filters, counts,
    key developments, bars, latest claims) are answered by queries; the tables are never read, on the first
    view, after a filter change, or after a new decision."""
    import lagebild.dashboard.app.view as view_mod
    from lagebild.store.db import tables as db_tables

    start()  # seeds the store (first start)

    def refuse(*_a, **_k):
        raise AssertionError("the Overview loaded the fact tables")

    monkeypatch.setattr(view_mod, "load_tables", refuse)
    monkeypatch.setattr(db_tables, "effective_tables", refuse)
    at = start()
    assert metrics(at)["Documents"] == f"{N_SEEDS:,}" and int(metrics(at)["Events"].replace(",", "")) > 50
    assert len(at.get("plotly_chart")) == 1 and any("Latest claims" in m.value for m in at.markdown)
    at = start({"actor": "nis"})
    assert int(metrics(at)["Events"].replace(",", "")) > 0
    engine = open_store(db_url)
    review(engine, next(r for r in review_queue(engine) if r["table"] == "events")["fact_id"], "accept", reviewer="ana")
    at.run()
    assert not at.exception, [e.message for e in at.exception]


def test_a_page_reads_only_the_tables_it_draws_and_a_failed_read_is_one_line(db_url, monkeypatch):
    """On the database a page reads a table the first time it asks for it: the Troop figures and Timeline
    pages never read the mentions (at a year of reporting the largest table), the Map and Actors pages no
    event table.  A read that fails there is one
    line on the page, never a traceback."""
    from sqlalchemy.exc import OperationalError

    from lagebild.dashboard.app import store_tables as st_mod
    from lagebild.dashboard.registry import BY_KEY

    start()  # seeds the store (first start)
    read: list[str] = []
    real = st_mod.StoreTables._read
    monkeypatch.setattr(st_mod.StoreTables, "_read", lambda self, conn, name: read.append(name) or real(self, conn, name))
    for key in ("troop_figures", "timeline"):
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        at.switch_page(BY_KEY[key].path)
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        assert at.title[0].value == BY_KEY[key].title and at.get("plotly_chart"), key
    # The claims are grouped from the figures and their stored claimants; the figures' own table is read only
    # when its expander is opened.
    assert "mentions" not in read and "troop_figures" not in read, read
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.switch_page(BY_KEY["troop_figures"].path)
    at.run()
    at.session_state["figures_table"] = True  # open "Every reported figure"
    at.run()
    assert not at.exception and "troop_figures" in read and "mentions" not in read, read
    assert len(at.dataframe[1].value) == len(effective_tables(open_store(db_url))["troop_figures"])
    # The Map and the Actors cards ask for the events and dates they use (the events placing an unplaced
    # figure, one card's events, the dates in the figures' sentences), never the view's or the store's.
    read.clear()
    from lagebild.dashboard.app.view import View
    real_of = View.facts_of
    asked: list[tuple[str, int]] = []
    monkeypatch.setattr(View, "facts_of", lambda self, name, ids: asked.append((name, len(set(ids))))
                        or real_of(self, name, ids))
    for key in ("map", "actors"):
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        at.switch_page(BY_KEY[key].path)
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        assert at.title[0].value == BY_KEY[key].title, key
    assert "events" not in read and "dates" not in read and "mentions" not in read, read
    assert asked and all(n <= 6 for _, n in asked), asked  # the cards' statements' own documents' dates
    cards = " ".join(m.value for m in at.markdown)
    assert "What it did or said" in cards and "Done to it or said about it" in cards and "In the text:" in cards
    at.text_input(key="actor_search").input("Moskau").run()  # a spelling the text uses for Russia
    headings = [m.value.split("\n", 1)[0] for m in at.markdown if m.value.startswith("### ")]
    assert not at.exception and any(h.endswith("Russia") for h in headings), headings

    def broken(self, conn, name):
        raise OperationalError("SELECT …", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(st_mod.StoreTables, "_read", broken)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.switch_page(BY_KEY["sources"].path)
    at.query_params["actor"] = "ukraine"  # a view nobody read yet
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    errors = " ".join(e.value for e in at.error)
    assert "cannot be read" in errors and "SELECT" not in errors and "Traceback" not in errors
