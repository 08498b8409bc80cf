"""Feeds and pages into items and text: RSS 2.0, Atom, JSON Feed, a sitemap, a malformed feed, a page
with scripts and iframes, a feed of 10,000 items."""

from __future__ import annotations

import time

import pytest

from lagebild.feeds import parse
from stories import WIRE, WIRE_TITLE, article_html, atom, json_feed, rss, sitemap

ITEMS = [{"title": WIRE_TITLE, "link": "http://a.invalid/1", "guid": "urn:1", "content": f"<p>{WIRE}</p>"},
         {"title": "Second", "link": "http://a.invalid/2", "summary": "short"}]


def test_rss_items_with_content_link_guid_and_date():
    items = parse.feed_items(rss(ITEMS).encode())
    assert [i.identity for i in items] == ["urn:1", "http://a.invalid/2"]
    assert items[0].title == WIRE_TITLE and items[0].text.startswith("Seoul, 4 November")
    assert str(items[0].published) == "2024-11-04" and items[1].text == "short"


def test_atom_items():
    items = parse.feed_items(atom(ITEMS).encode())
    assert [i.url for i in items] == ["http://a.invalid/1", "http://a.invalid/2"]
    assert "11,000 North Korean soldiers" in items[0].text


def test_json_feed_items():
    items = parse.feed_items(json_feed([{"title": "T", "link": "http://a.invalid/j", "text": WIRE}]).encode(),
                             "application/feed+json")
    assert items[0].url == "http://a.invalid/j" and items[0].text == WIRE and str(items[0].published) == "2024-11-04"


def test_sitemap_urls():
    items = parse.feed_items(sitemap(["http://a.invalid/x", "http://a.invalid/y"]).encode())
    assert [i.url for i in items] == ["http://a.invalid/x", "http://a.invalid/y"]


@pytest.mark.parametrize("body", [b"<rss><channel><item><title>broken", b"\x00\x01garbage", b"{not json",
                                  b'{"version": "1"}', b"<?xml version='1.0'?><urlset><url><loc>x</url>"])
def test_a_malformed_feed_is_one_error_line(body):
    with pytest.raises(parse.ParseError) as err:
        parse.feed_items(body)
    assert "\n" not in str(err.value)


def test_a_page_is_recognised_and_its_main_text_has_no_script_iframe_or_menu():
    body = article_html("alpha").encode()
    assert parse.feed_items(body, "text/html") is None
    pg = parse.page(body, "http://alpha.invalid/story")
    assert "About 11,000 North Korean soldiers" in pg.text
    assert "MUST-NOT-APPEAR" not in pg.text and "Imprint" not in pg.text and "Sport" not in pg.text
    assert pg.title == WIRE_TITLE and str(pg.published) == "2024-11-04"


def test_a_feed_with_10000_items_parses_in_seconds():
    body = rss([{"title": f"Item {i}", "link": f"http://a.invalid/{i}", "summary": "x"} for i in range(10_000)]).encode()
    t0 = time.monotonic()
    items = parse.feed_items(body)
    assert len(items) == 10_000 and len({i.identity for i in items}) == 10_000
    assert time.monotonic() - t0 < 30


def test_item_html_content_loses_scripts():
    assert parse.fragment_text("<p>One.</p><script>evil()</script><iframe>x</iframe><p>Two.</p>") == "One.\nTwo."


def test_a_sitemap_index_says_what_to_do_in_one_line():
    body = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<sitemap><loc>http://a.invalid/s1.xml</loc></sitemap></sitemapindex>")
    with pytest.raises(parse.ParseError, match="sitemap index"):
        parse.feed_items(body)


@pytest.mark.parametrize("wrap", ["rss", "sitemap"])
def test_external_entities_are_never_read(tmp_path, wrap):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    doctype = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    if wrap == "rss":
        body = (doctype + '<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title>'
                "<link>http://a.invalid/1</link><description>&xxe; text</description></item></channel></rss>")
    else:
        body = doctype + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&xxe;</loc></url></urlset>'
    try:
        items = parse.feed_items(body.encode())
    except parse.ParseError:
        return  # refused: as good as not read
    assert all("TOP-SECRET" not in f"{i.title} {i.text} {i.url}" for i in items)
