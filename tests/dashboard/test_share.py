"""Share this view: the full URL of the current page and filters, from the configured base or the browser's."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lagebild.dashboard.app.share import build_url
from lagebild.dashboard.app.tools import K_SHARE
from lagebild_testdata import DASHBOARD


def test_build_url():
    assert build_url("https://example.org/lagebild/", "map", {"actor": ["nis", "gur"], "from": "2024-06-01"}) == \
        "https://example.org/lagebild/map?actor=nis&actor=gur&from=2024-06-01"
    assert build_url("https://example.org", "", {}) == "https://example.org/"
    assert build_url(None, "briefing", {"slide": "2"}) == "/briefing?slide=2"
    assert build_url("http://h", "sources", {"source": "a b&c"}) == "http://h/sources?source=a+b%26c"


def shared(at) -> str:
    (box,) = [c for c in at.sidebar.code]
    return box.value


def test_share_box_is_built_only_when_opened(small_store):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    assert "Share this view" in [e.label for e in at.sidebar.expander]
    assert not at.sidebar.code  # closed: nothing sent (no code block, no syntax-highlighter chunk)
    at.session_state[K_SHARE] = True  # what opening it in the browser does
    at.run()
    assert [c.value for c in at.sidebar.code] == ["./"]


def test_share_uses_the_browser_address(small_store, monkeypatch):
    monkeypatch.delenv("LAGEBILD_PUBLIC_URL", raising=False)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.context = {"url": "http://10.0.0.5:8501/prefix/timeline"}
    at.query_params["actor"] = "nis"
    at.session_state[K_SHARE] = True
    at.run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    assert shared(at) == "http://10.0.0.5:8501/prefix/timeline?actor=nis"


def test_share_prefers_the_configured_public_url(small_store, monkeypatch):
    monkeypatch.setenv("LAGEBILD_PUBLIC_URL", "https://env.example/lb")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.context = {"url": "http://127.0.0.1:8501/"}
    at.query_params["type"] = ["warning", "threat"]
    at.session_state[K_SHARE] = True
    at.run()
    assert shared(at) == "https://env.example/lb/?type=warning&type=threat"
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets["public_base_url"] = "https://secret.example/lagebild"
    at.session_state[K_SHARE] = True
    at.run()
    at.switch_page("pages/map.py").run()
    assert shared(at) == "https://secret.example/lagebild/map"


def test_briefing_share_has_briefing_and_slide(small_store, tmp_path, monkeypatch):
    monkeypatch.setenv("LAGEBILD_BRIEFINGS", str(tmp_path))
    monkeypatch.setenv("LAGEBILD_PUBLIC_URL", "https://pub.example")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.query_params["slide"] = "2"
    at.switch_page("pages/briefing.py").run()
    assert not at.exception
    assert [c.value for c in at.code] == ["https://pub.example/briefing?briefing=default&slide=2"]
