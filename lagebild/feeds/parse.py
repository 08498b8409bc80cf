"""What a fetched body holds: a feed's items (RSS/Atom by feedparser, JSON Feed by json, a sitemap's
URLs by lxml) or one page's main text, title, date and language (trafilatura).

Feeds are read leniently (feedparser's "bozo" feeds with items are still used: real feeds are often
slightly broken); a body with no items that is not a page is one error line.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass

import feedparser
import lxml.etree
import lxml.html
import trafilatura
from dateutil import parser as dateparser

from lagebild.extraction.documents import detect_language


class ParseError(Exception):
    """A body that is neither a feed nor a page with text; the message is one line."""


@dataclass(frozen=True)
class Item:
    identity: str                 # guid / id, else the link: what makes the item itself in its feed
    url: str | None
    title: str | None
    published: dt.date | None
    text: str                     # the item's own text (content or summary, as plain text; may be short)


@dataclass(frozen=True)
class Page:
    title: str | None
    published: dt.date | None
    language: str | None
    text: str


# A sitemap is XML: read without entities, network or huge trees (no billion laughs, no XXE).
_XML = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def fragment_text(html: str) -> str:
    """An HTML fragment (a feed item's content) as plain text, paragraphs on their own lines;
    scripts, styles and frames dropped."""
    if not html or "<" not in html:
        return (html or "").strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//iframe|//noscript|//object|//embed"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, time.struct_time):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    try:
        return dateparser.isoparse(str(value)).date()
    except (ValueError, OverflowError):
        try:
            return dateparser.parse(str(value)).date()
        except (ValueError, OverflowError, TypeError):
            return None


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lower()
    return b"<html" in head or b"<!doctype html" in head


def _json_feed(body: bytes) -> list[Item]:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(f"malformed JSON feed ({type(exc).__name__})") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise ParseError("JSON without a JSON Feed version")
    out = []
    for it in data.get("items") or []:
        if not isinstance(it, dict):
            continue
        url = it.get("url") if isinstance(it.get("url"), str) else None
        identity = str(it.get("id") or url or "")
        if not identity:
            continue
        text = it.get("content_text") or fragment_text(it.get("content_html") or "") or it.get("summary") or ""
        out.append(Item(identity, url, it.get("title") if isinstance(it.get("title"), str) else None,
                        _date(it.get("date_published")), str(text).strip()))
    return out


def _sitemap(body: bytes) -> list[Item]:
    try:
        root = lxml.etree.fromstring(body, _XML)
    except lxml.etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed sitemap ({str(exc).splitlines()[0][:120]})") from None
    if isinstance(root.tag, str) and root.tag.endswith("sitemapindex"):
        raise ParseError("a sitemap index, not a sitemap: list the sitemaps it names as sources of their own")
    out = []
    for url in root.iter("{*}url"):
        loc = url.findtext("{*}loc")
        if loc and loc.strip():
            out.append(Item(loc.strip(), loc.strip(), None, _date(url.findtext("{*}lastmod")), ""))
    return out


def _rss_atom(body: bytes) -> tuple[list[Item], bool]:
    """(items, whether it parsed as a feed at all)."""
    parsed = feedparser.parse(body, sanitize_html=True, resolve_relative_uris=False)
    out = []
    for e in parsed.entries:
        url = e.get("link")
        identity = e.get("id") or url or e.get("title")
        if not identity:
            continue
        content = " ".join(c.get("value", "") for c in e.get("content", []) if c.get("value"))
        text = fragment_text(content) or fragment_text(e.get("summary", ""))
        if not url and not text:
            continue  # nothing to read (a truncated feed's last fragment)
        published = _date(e.get("published_parsed") or e.get("updated_parsed"))
        out.append(Item(str(identity), url, e.get("title"), published, text))
    # A feed that had to be repaired and still yields nothing is malformed, not empty.
    return out, bool(out) or (bool(parsed.version) and not parsed.bozo)


def feed_items(body: bytes, content_type: str = "", kind: str = "auto") -> list[Item] | None:
    """The items of a feed or sitemap; None when the body is a web page (``kind`` auto or page)."""
    if kind == "page":
        return None
    head = body.lstrip()[:1]
    if kind == "json" or (kind == "auto" and (head == b"{" or "json" in content_type.lower())):
        return _json_feed(body)
    if kind == "sitemap" or (kind == "auto" and (b"<urlset" in body[:4096] or b"<sitemapindex" in body[:4096])):
        return _sitemap(body)
    if kind == "auto" and _looks_like_html(body):
        return None
    items, is_feed = _rss_atom(body)
    if not is_feed:
        raise ParseError("neither a feed nor a web page (malformed XML?)")
    return items


def page(body: bytes | str, url: str) -> Page:
    """A web page's main text (boilerplate, menus, scripts and frames removed), title, date and language."""
    doc = trafilatura.bare_extraction(body, url=url, with_metadata=True, favor_precision=True,
                                      include_comments=False, include_tables=False)
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise ParseError("no article text found on the page")
    language = doc.language if doc.language and len(doc.language) == 2 else None
    return Page(doc.title or None, _date(doc.date), language, text)


def language_of(text: str, given: str | None) -> str:
    return given or detect_language(text)
