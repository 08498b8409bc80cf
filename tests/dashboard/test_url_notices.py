"""Every notice that echoes a value from the URL shows it literally: no link, image, colour
directive or formula renders from ``actor=``, ``type=``, ``doc=``, ``from=``, ``source=``,
``sentence=``, ``briefing=`` or ``slide=``; many bad values make one notice; empty ones none."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from lagebild.dashboard.markup import md_escape
from lagebild_testdata import DASHBOARD, plain

# Each value packs several hostile kinds; together they cover links, images, colour
# directives, LaTeX, HTML, bare addresses (http, www, e-mail), autolinks, headings and code.
HOSTILE = [
    "[Session expired - log in again](https://evil.example/login) ![x](https://evil.example/pixel.png)",
    ":red-background[ALARM] $$x^2 + y_1$$ <img src=https://evil.example/p.png onerror=alert(1)>",
    "# Alert www.evil.example admin@evil.example <https://evil.example> `rm -rf` https://evil.example/x",
]
# Markdown that would render as something other than literal text once escaped.
LIVE = [
    re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\("),           # [text](url) or ![alt](url)
    re.compile(r"(?<!\\):[a-z-]+(?<!\\)\["),             # :red-background[...]
    re.compile(r"(?<!\\)\$"),                             # LaTeX
    re.compile(r"(?<!\\)<"),                              # HTML / autolink
    re.compile(r"(https?://|www\.)[-.\w]+|[-.\w+]+@[-\w]+\.[-\w]+", re.I),  # bare addresses
    re.compile(r"(?<!\\)`"),
    re.compile(r"^(?<!\\)#", re.M),
]


def rendered(md: str) -> list[str]:
    return [p.pattern for p in LIVE if p.search(md)]


def app(page: str | None, query: dict) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page)
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def notices(at: AppTest) -> list[str]:
    return [e.value for kind in ("warning", "error", "info") for e in at.get(kind)]


PAGE_KEYS = {None: ("actor", "type", "doc", "from"), "pages/sources.py": ("source", "sentence"),
             "pages/briefing.py": ("briefing", "slide")}


@pytest.mark.parametrize("page", list(PAGE_KEYS))
@pytest.mark.parametrize("value", HOSTILE)
def test_every_notice_echoes_url_values_literally(small_store, page, value):
    keys = PAGE_KEYS[page]
    at = app(page, {key: value for key in keys})
    shown = notices(at)
    for key in keys:  # the viewer is told what was ignored …
        assert any(f"{key}=" in plain(n) and value[:12] in plain(n) for n in shown), (key, shown)
    for n in shown:
        assert not rendered(n), (n, rendered(n))  # … and it reads literally


def test_many_unknown_values_make_one_notice(small_store):
    # 999 values: Streamlit itself ignores a query string of more than 1,000 parameters.
    at = app(None, {"actor": [f"nobody-{i}" for i in range(998)] + ["russia"]})
    shown = [plain(w.value) for w in at.warning]
    assert len(shown) == 1 and "998 actor= values" in shown[0] and "995 more" in shown[0]
    assert at.sidebar.multiselect(key="f_actor").value == ["russia"]


def test_empty_parameters_are_ignored_quietly(small_store):
    at = app(None, {"actor": "", "type": "", "doc": "", "from": "", "to": ""})
    assert not at.warning
    at = app("pages/sources.py", {"source": "", "sentence": ""})
    assert not at.warning


def test_negative_sentence_is_refused_with_a_notice(small_store):
    at = app("pages/sources.py", {"sentence": "-3"})
    assert any("sentence=-3" in plain(w.value) for w in at.warning)
    assert not any('id="lb-target"' in h.proto.body for h in at.get("html"))


def test_md_escape_is_literal_for_every_hostile_kind():
    for value in HOSTILE:
        assert not rendered(md_escape(value)), value
