"""Every page with hostile values in every document field (issue #21, item 2).

A sidecar, the form or a file name can carry Markdown, HTML and LaTeX; every page must show them as
text: no image fetched (offline), no live link, no colour or formula directive.  The hostile
document's title, source, url, text and id (its file name) all carry the payload; each page is
opened plain and focused on that document, Sources with every tab; then every Markdown-rendering
field of every element (bodies, labels, help texts) and every HTML body is checked."""

from __future__ import annotations

import json
import re

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from lagebild.store import parquet
from lagebild.dashboard import registry
from lagebild.store.db import open_store
from lagebild.store.ingest import Document, Meta, ingest_documents
from lagebild_testdata import DASHBOARD, HOSTILE_ID, HOSTILE_TEXT, small_tables

ALL_PAGES = [p.path for p in registry.PAGES]

PAYLOAD = ("![p](https://evil.example/pixel.png) [Official release](https://evil.example/phish) :red[ALARM] "
           "$$x^2$$ http://evil.example/bare <img src=https://evil.example/i.png> "
           '<a href="https://evil.example/a">a</a> **bold**')
# The id comes from a file name: no "/" in it.
EVIL_ID = "evil-![f](http:evil.example) [l](http:evil.example) :red[id]"
# What Markdown would turn into something live, unescaped: image, link out (the app's own links are relative),
# autolink, colour, formula, HTML.
LIVE = [re.compile(p) for p in (r"(?<!\\)!\[", r"(?<!\\)\]\(\s*<?(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)", r"https?://evil", r"(?<!\\):red\[", r"(?<!\\)\$\$",
                                 r"(?<!\\)<(?:img|a\s|script)", r"(?<!\\)\*\*bold")]
# In HTML (escaped with html.escape), what would fetch or link: a tag of ours carrying the payload.
LIVE_HTML = re.compile(r"""<(?:img|a|script|iframe|link|source|video)\b[^>]*(?:href|src)=["']?(?:https?:|//)[^"'>\s]*evil""")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    tables = small_tables()
    for name, df in tables.items():
        if "doc_id" in df.columns:
            df["doc_id"] = df["doc_id"].replace(HOSTILE_ID, EVIL_ID)
    docs = tables["documents"]
    row = docs["doc_id"] == EVIL_ID
    text = docs.loc[row, "text"].iloc[0] + "\n" + PAYLOAD  # appended: the facts' offsets stay right
    docs.loc[row, ["title", "source", "url", "text"]] = [PAYLOAD, PAYLOAD, PAYLOAD, text]
    docs.loc[row, "length"] = len(text)
    return parquet.write_tables(tables, tmp_path_factory.mktemp("hostile") / "tables")


MARKDOWN_FIELDS = {"body", "label", "help", "caption", "placeholder", "title", "text"}
PLAIN_MESSAGES = {"Html", "Code", "Json", "Arrow", "PlotlyChart", "DataFrame", "Exception", "IFrame"}


def _strings(msg: Message, kind: str, out: list):
    """(message type, field, value) of every string field in ``msg``, recursively."""
    for field, value in msg.ListFields():
        values = list(value) if getattr(field, "is_repeated", False) or isinstance(value, (list, tuple)) or \
            type(value).__name__.startswith("Repeated") else [value]
        for v in values:
            if isinstance(v, Message):
                _strings(v, type(v).__name__, out)
            elif isinstance(v, str):
                out.append((kind, field.name, v))


def live_directives(at: AppTest) -> list[tuple[str, str, str]]:
    found = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message):
            continue
        strings: list = []
        _strings(proto, type(proto).__name__, strings)
        for kind, field, value in strings:
            if field == "body" and (kind == "Html" or (kind == "Markdown" and proto.allow_html)):
                # HTML the app writes itself (the highlighted text, the theme link): values html-escaped
                if LIVE_HTML.search(value):
                    found.append((kind, field, LIVE_HTML.search(value).group(0)))
                continue
            if kind in PLAIN_MESSAGES or field not in MARKDOWN_FIELDS:
                continue
            hits = [p.pattern for p in LIVE if p.search(value)]
            if "evil" in value and hits:
                found.append((kind, field, hits, value[:300]))
    return found


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def _open(page: str, query: dict | None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.run()
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """A database holding a hostile document as an upload brings it: file name, form fields, text."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile-db') / 'store.db'}"
    engine = open_store(url)
    errors = []
    ingest_documents(engine, [Document(EVIL_ID, EVIL_ID + ".txt", HOSTILE_TEXT + "\n" + PAYLOAD,
                                       Meta(title=PAYLOAD, source=PAYLOAD, url=PAYLOAD, language="en"))],
                     errors.append, workers=1)
    engine.dispose()
    assert not errors
    return url


@pytest.mark.parametrize("page", ALL_PAGES)
@pytest.mark.parametrize("focus", [False, True], ids=["plain", "focused"])
@pytest.mark.parametrize("backend", ["tables", "database"])
def test_every_page_shows_hostile_document_fields_as_text(hostile_store, hostile_db, monkeypatch, page, focus,
                                                          backend):
    if backend == "tables":
        monkeypatch.setenv("LAGEBILD_TABLES", str(hostile_store))
    else:
        monkeypatch.delenv("LAGEBILD_TABLES", raising=False)
        monkeypatch.setenv("LAGEBILD_DATABASE_URL", hostile_db)
    query = ({"source": EVIL_ID} if page.endswith("sources.py") else {"doc": EVIL_ID}) if focus else None
    at = _open(page, query)
    assert live_directives(at) == []
    if page.endswith("review.py") and backend == "database":
        at.text_input(key="_lagebild_reviewer_input").input("Ana")
        next(b for b in at.button if b.label == "Start reviewing").click().run()
        assert not at.exception and "evil" in str([m.proto for m in at.markdown] + [c.proto for c in at.caption])
        assert live_directives(at) == []
    if page.endswith("sources.py"):
        for label in [t.label for t in at.tabs][1:]:
            at.session_state["sources_tab"] = label
            at.run()
            assert not at.exception
            assert live_directives(at) == [], label


def test_the_check_sees_an_unescaped_source():
    """The check itself: the caption Sources showed before (the source unescaped) is caught."""
    at = AppTest.from_string(f"import streamlit as st\nst.caption({PAYLOAD!r} + ' · 2024-11-12')")
    at.run()
    assert live_directives(at)
