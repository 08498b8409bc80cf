"""The dashboard at scale: vectorised filters agree with plain per-row definitions, and pages keep
what they send to the browser bounded (document options, table rows) on a bigger store."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lagebild.store import parquet
from lagebild.dashboard.app.sidebar import DOC_OPTION_LIMIT, doc_options
from lagebild.dashboard.app.catalog import build_catalog
from lagebild.dashboard.app.widgets import ROW_LIMIT
from lagebild.dashboard.filters import FilterState, actor_ids_of_events, apply_filters, date_interval, event_actor_mask, event_participants, interval_columns, split_ids
from benchmarks.synthetic import synthetic_tables
from lagebild_testdata import DASHBOARD

N_DOCS = DOC_OPTION_LIMIT + 150  # more documents than the filter lists at once; > ROW_LIMIT mentions


@pytest.fixture(scope="module")
def big() -> dict[str, pd.DataFrame]:
    return synthetic_tables(N_DOCS, seed=3)


@pytest.fixture
def big_store(tmp_path_factory, big, monkeypatch):
    path = parquet.write_tables(big, tmp_path_factory.mktemp("big") / "tables")
    monkeypatch.setenv("LAGEBILD_TABLES", str(path))
    return path


@pytest.mark.parametrize("tables", ["small", "big"])
def test_interval_columns_match_date_interval(request, tables):
    t = request.getfixturevalue(tables)
    for name, pcol in (("events", "date_precision"), ("troop_figures", "date_precision"), ("dates", "precision")):
        df = t[name]
        iv = interval_columns(df, "date", pcol)
        for (lo, hi), d, p in zip(iv.itertuples(index=False), df["date"], df[pcol]):
            want = date_interval(d if isinstance(d, str) else None, p if isinstance(p, str) else None)
            got = None if pd.isna(lo) else (lo.date(), hi.date())
            assert got == want, (name, d, p)


@pytest.mark.parametrize("tables", ["small", "big"])
def test_event_actor_mask_and_participants_match_split_ids(request, tables):
    t = request.getfixturevalue(tables)
    ev = t["events"]
    part = event_participants(ev)
    for actor in set(t["actors"]["id"]) | {"nobody"}:
        want = [actor in split_ids(a) or s == actor or g == actor for a, s, g in zip(ev["actors"], ev["source"], ev["target"])]
        assert event_actor_mask(ev, {actor}).tolist() == want
        assert set(part.loc[part["actor"] == actor, "row"]) == set(ev.index[want])
    assert actor_ids_of_events(ev) == {a for v in ev["actors"] for a in split_ids(v)}


def test_filters_on_big_store_keep_their_rules(big):
    out = apply_filters(big, FilterState(actors=("dmitry-medvedev",), date_from=date(2024, 9, 1)))
    assert len(out["events"]) and event_actor_mask(out["events"], {"dmitry-medvedev"}).all()
    keys = set(zip(out["mentions"]["doc_id"], out["mentions"]["sentence"]))
    assert set(zip(out["dates"]["doc_id"], out["dates"]["sentence"])) <= keys | set(
        zip(out["events"]["doc_id"], out["events"]["sentence"])) | set(zip(out["troop_figures"]["doc_id"], out["troop_figures"]["sentence"]))
    assert set(out["documents"]["doc_id"]) >= set(out["events"]["doc_id"])


def test_doc_options_are_bounded_and_keep_the_picked(big):
    cat = build_catalog(big)
    oldest = cat.doc_ids[-1]
    options, n = doc_options(cat, "", [oldest])
    assert n == N_DOCS and len(options) == DOC_OPTION_LIMIT + 1 and options[0] == oldest
    assert options[1:] == list(cat.doc_ids[:DOC_OPTION_LIMIT])  # newest first
    title = big["documents"].set_index("doc_id").loc[oldest, "title"]
    hits, n_hits = doc_options(cat, title[:40], [])
    assert oldest in hits and n_hits <= N_DOCS


def test_big_store_pages_send_bounded_options_and_rows(big_store, big):
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.run()
    assert not at.exception
    docs = next(w for w in at.sidebar.multiselect if w.label == "Source documents")
    assert len(docs.options) == DOC_OPTION_LIMIT
    at.sidebar.text_input(key="f_doc_search").input(big["documents"]["doc_id"].iloc[-1]).run()
    docs = next(w for w in at.sidebar.multiselect if w.label == "Source documents")
    assert 1 <= len(docs.options) < DOC_OPTION_LIMIT
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    assert len(at.selectbox(key="source_doc").options) <= DOC_OPTION_LIMIT + 2
    mentions = next(t.label for t in at.tabs if t.label.startswith("Mentions"))
    at.session_state["sources_tab"] = mentions  # the tables are built when their tab is opened
    at.run()
    assert not at.exception
    assert at.dataframe and all(len(df.value) <= ROW_LIMIT for df in at.dataframe)
    assert len(big["mentions"]) > ROW_LIMIT and any("Showing the first" in c.value for c in at.caption)
    assert at.get("download_button")
