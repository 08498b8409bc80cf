"""The "Sources and feeds" page (AppTest, on a SQLite store of its own): without a sources file it says
nothing is fetched; with one, "Fetch now" polls with progress and the sources, outlets and the fetch log
are listed, every value escaped."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from lagebild.dashboard.markup import md_escape
from lagebild.store.db import open_store
from lagebild.feeds import fetch
from lagebild_testdata import DASHBOARD
from feedserver import Route
from stories import OWN_REPORT, WIRE, WIRE_TITLE, article_html, json_feed, rss

PAGE = "pages/feeds.py"


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.delenv("LAGEBILD_TABLES", raising=False)
    monkeypatch.setenv("LAGEBILD_DATABASE_URL", url)
    return url


def _open() -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
                     + [e.value for e in at.error] + [s.value for s in at.success])


def test_without_a_sources_file_nothing_is_fetched(app_db, tmp_path, monkeypatch):
    monkeypatch.setenv("LAGEBILD_FEEDS", str(tmp_path / "none.toml"))
    monkeypatch.setattr(fetch.Fetcher, "get", lambda *a, **k: (_ for _ in ()).throw(AssertionError("fetched")))
    at = _open()
    assert at.title[0].value == "Sources and feeds"
    assert "nothing is fetched from the web" in _text(at)
    assert not [b for b in at.button if b.label == "Fetch now"]


def test_fetch_now_polls_and_lists_sources_outlets_and_failures(app_db, server, tmp_path, monkeypatch):
    for site in ("alpha", "beta"):
        server.routes[f"/{site}/story"] = Route(article_html(site))
        server.routes[f"/{site}/feed"] = Route(rss([{"title": WIRE_TITLE, "link": server.url(f"/{site}/story")}]))
    server.routes["/j"] = Route(json_feed([{"title": "*bold* <b>x</b>", "link": "http://x.invalid/1", "text": WIRE}]))
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(
        "[defaults]\nhost_delay = 0\n"
        f'[[source]]\nname = "Alpha **Daily**"\nurl = "{server.url("/alpha/feed")}"\nlocal = true\n'
        f'[[source]]\nname = "Beta News"\nurl = "{server.url("/beta/feed")}"\nlocal = true\n'
        f'[[source]]\nname = "Broken <i>feed</i>"\nurl = "{server.url("/missing")}"\nlocal = true\n'
        f'[[source]]\nname = "Off"\nurl = "{server.url("/j")}"\nlocal = true\nenabled = false\n', encoding="utf-8")
    monkeypatch.setenv("LAGEBILD_FEEDS", str(feeds))
    at = _open()
    fetch_button = next(b for b in at.button if b.label == "Fetch now")
    assert not fetch_button.disabled
    fetch_button.click().run()
    assert not at.exception, [e.message for e in at.exception]
    text = _text(at)
    assert "1 new document(s) from 3 source(s)" in text
    assert md_escape("Alpha **Daily**: 1 new") in text  # source names escaped, not rendered as markup
    assert "**Daily**" not in text.replace(md_escape("**Daily**"), "")
    assert any(e.value.startswith(md_escape("Broken <i>feed</i>: ")) and "HTTP 404" in e.value for e in at.error)
    sources = at.dataframe[0].value
    assert list(sources["source"]) == ["Alpha **Daily**", "Beta News", "Broken <i>feed</i>", "Off"]
    assert list(sources["documents stored"]) == [1, 0, 0, 0] and list(sources["copies of stored stories"]) == [0, 1, 0, 0]
    assert list(sources["enabled"]) == [True, True, True, False]
    outlets = at.dataframe[1].value
    assert outlets["outlets"].tolist() == ["Alpha **Daily**; Beta News"]
    log = at.dataframe[2].value
    assert log["source"].tolist() == ["Broken <i>feed</i>"]
    assert len(open_store(app_db).connect().exec_driver_sql("SELECT doc_id FROM feed_items").all()) == 2


def test_whats_new_lists_the_arrivals_since_the_day_by_source(app_db, server, tmp_path, monkeypatch):
    server.routes["/a"] = Route(json_feed([{"title": WIRE_TITLE, "link": "http://x.invalid/1", "text": WIRE}]))
    server.routes["/b"] = Route(json_feed([{"title": "Other", "link": "http://x.invalid/2",
                                            "text": OWN_REPORT}]))
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("[defaults]\nhost_delay = 0\n"
                     f'[[source]]\nname = "Agency <A>"\nurl = "{server.url("/a")}"\nlocal = true\n'
                     f'[[source]]\nname = "Broadcaster B"\nurl = "{server.url("/b")}"\nlocal = true\n', encoding="utf-8")
    monkeypatch.setenv("LAGEBILD_FEEDS", str(feeds))
    at = _open()  # the first start seeds the store (the seeds arrive at their publication dates)
    next(b for b in at.button if b.label == "Fetch now").click().run()
    yesterday = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)).strftime("%Y-%m-%d")
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.query_params["since"] = yesterday
    at.run()
    at.switch_page("pages/whats_new.py").run()
    assert not at.exception, [e.message for e in at.exception]
    by_source = next(d.value for d in at.dataframe if "documents" in d.value.columns and "source" in d.value.columns)
    assert sorted(zip(by_source["source"], by_source["documents"])) == [("Agency <A>", 1), ("Broadcaster B", 1)]
    assert set(by_source["latest"]) == {dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")}


def test_sources_lists_every_outlet_of_a_story_stored_once(app_db, server, tmp_path, monkeypatch):
    for site in ("alpha", "beta", "gamma"):
        server.routes[f"/{site}/story"] = Route(article_html(site))
        server.routes[f"/{site}/feed"] = Route(rss([{"title": WIRE_TITLE, "link": server.url(f"/{site}/story")}]))
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("[defaults]\nhost_delay = 0\n" + "".join(
        f'[[source]]\nname = "{name}"\nurl = "{server.url(f"/{site}/feed")}"\nlocal = true\n'
        for site, name in (("alpha", "Alpha *Daily*"), ("beta", "Beta News"), ("gamma", "Gamma Online"))),
        encoding="utf-8")
    monkeypatch.setenv("LAGEBILD_FEEDS", str(feeds))
    at = _open()
    next(b for b in at.button if b.label == "Fetch now").click().run()
    doc_id = at.dataframe[1].value["doc_id"].item()
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.query_params["source"] = doc_id
    at.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(c.value.startswith(md_escape("Alpha *Daily*") + " · ") for c in at.caption)  # the source, escaped
    line = next(c.value for c in at.caption if c.value.startswith("Carried by"))
    assert line.endswith(md_escape("Alpha *Daily*") + "; Beta News; Gamma Online") and "Carried by 3 outlets" in line
