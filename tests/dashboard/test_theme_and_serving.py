"""Light/dark switch (Streamlit's ``embed_options`` URL parameter) and the HTTP rules in front of
the app (unknown nested paths, metrics behind a login)."""

from __future__ import annotations

import html
import re

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
import asyncio
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from streamlit.testing.v1 import AppTest

from lagebild.dashboard import serving
from lagebild.dashboard.app import theme
from lagebild.dashboard.app.tools import K_SHARE
from lagebild_testdata import DASHBOARD


# --- theme -------------------------------------------------------------------------------------

def test_switch_link_keeps_the_view_and_flips_the_theme():
    params = {"actor": ["nis", "gur"], "from": "2024-06-01"}
    assert theme.switch_href(params, "light") == "?actor=nis&actor=gur&from=2024-06-01&embed_options=dark_theme"
    assert theme.switch_href(params, "dark").endswith("&embed_options=light_theme")
    # an old theme parameter is replaced, never doubled
    assert theme.switch_href({"embed_options": "dark_theme"}, "dark") == "?embed_options=light_theme"


def switch_link(at) -> str:
    (md,) = [m.value for m in at.sidebar.markdown if "lagebild-theme-switch" in m.value]
    return md


def test_sidebar_offers_the_other_theme_on_every_page(small_store):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["actor"] = "dmitry-medvedev"
    at.run()
    assert not at.exception
    link = switch_link(at)
    assert "Switch to dark mode" in link and 'target="_self"' in link
    assert html.unescape(re.search(r'href="([^"]*)"', link).group(1)) == \
        "?actor=dmitry-medvedev&embed_options=dark_theme"
    at.context = {"theme": "dark"}
    at.switch_page("pages/timeline.py").run()
    assert "Switch to light mode" in switch_link(at)
    assert "embed_options=light_theme" in switch_link(at)


def test_a_shared_link_opens_in_the_dark_theme_it_was_shared_in(small_store, monkeypatch):
    monkeypatch.delenv("LAGEBILD_PUBLIC_URL", raising=False)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.context = {"url": "http://h:8501/", "theme": "dark"}
    at.query_params["type"] = "warning"
    at.session_state[K_SHARE] = True
    at.run()
    assert [c.value for c in at.sidebar.code] == ["http://h:8501/?type=warning&embed_options=dark_theme"]


def test_the_switch_escapes_what_the_url_brought():
    href = theme.switch_href({"actor": ['"><script>x</script>']}, "light")
    assert "<" not in href and '"' not in href  # url-encoded before it is put in the attribute



def test_the_rendered_switch_link_carries_a_hostile_url_value_only_escaped(small_store):
    """The theme link is the one raw-HTML element of the frame (``unsafe_allow_html``): a value a URL brings
    reaches it only URL-encoded and HTML-escaped, so it can neither close the attribute nor add a tag."""
    hostile = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["actor"] = hostile
    at.query_params["q"] = hostile
    at.run()
    assert not at.exception
    link = switch_link(at)
    assert link.count("<") == 2 and link.startswith("<a ") and link.endswith("</a>")  # one element, nothing added
    assert "onerror" not in link.split('href="', 1)[0] and "<img" not in link and "<script" not in link
    href = html.unescape(re.search(r'href="([^"]*)"', link).group(1))
    assert '"' not in href and "<" not in href

# --- HTTP rules --------------------------------------------------------------------------------

def test_nested_paths_are_never_pages_but_server_paths_stay_untouched():
    assert serving.nested_unknown("/a/b/c")
    assert serving.nested_unknown("/map/extra")
    assert not serving.nested_unknown("/map")
    assert not serving.nested_unknown("/")
    assert not serving.nested_unknown("/static/js/index.js")
    assert not serving.nested_unknown("/map/_stcore/health")  # the browser's base-path probe
    assert not serving.nested_unknown("/media/abc.csv")
    assert serving.nested_unknown("/lagebild/map/extra", base="lagebild")
    assert not serving.nested_unknown("/lagebild/map", base="lagebild")


class client:
    """Drives the middleware with plain ASGI messages (in front of an app that answers "app")."""

    def __init__(self, gated=False, base="", past=()):
        self.bodies_read = 0

        async def ok(request):
            self.bodies_read += len(await request.body())
            return PlainTextResponse("app")

        inner = Starlette(routes=[Route("/{path:path}", ok, methods=["GET", "HEAD", "PUT", "DELETE", "OPTIONS"])])
        self.app = serving.LagebildHTTP(inner, gated=lambda: gated, base=lambda: base, past_gate=lambda s: s in past,
                                        trusted_proxies=lambda: 0)

    def get(self, url: str, headers: dict | None = None, method: str = "GET", body: bytes = b""):
        path, _, query = url.partition("?")
        scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "root_path": "",
                 "query_string": query.encode(), "scheme": "http", "server": ("t", 80), "http_version": "1.1",
                 "headers": [(k.encode(), v.encode()) for k, v in (headers or {}).items()]}
        sent = []

        async def receive():
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message):
            sent.append(message)

        # in a thread of its own: the browser tests' Playwright may hold an event loop in this one
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, self.app(scope, receive, send)).result()
        start = next(m for m in sent if m["type"] == "http.response.start")
        heads = {k.decode(): v.decode() for k, v in start["headers"]}
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return SimpleNamespace(status_code=start["status"], headers=heads, text=body.decode())


HTML = {"accept": "text/html,application/xhtml+xml"}


def test_a_nested_unknown_path_goes_to_the_apps_page_not_found_with_its_query():
    r = client().get("/map/extra?actor=nis", headers=HTML)
    assert r.status_code == 303 and r.headers["location"] == "/page-not-found?actor=nis"
    r = client(base="lagebild").get("/lagebild/a/b/c", headers=HTML)
    assert r.headers["location"] == "/lagebild/page-not-found"
    # not a page navigation (a script's fetch) or a known page: passed on
    assert client().get("/map/extra", headers={"accept": "*/*"}).text == "app"
    assert client().get("/map?actor=nis", headers=HTML).text == "app"


def test_metrics_are_hidden_while_access_is_restricted():
    assert client(gated=True).get("/_stcore/metrics").status_code == 404
    assert client(gated=True, base="lb").get("/lb/_stcore/metrics").status_code == 404
    assert client(gated=False).get("/_stcore/metrics").text == "app"
    assert client(gated=True).get("/_stcore/health").text == "app"


def test_no_upload_reaches_streamlit_for_a_session_not_past_the_gate():
    c = client(gated=True, past={"in"})
    body = b"x" * 100_000
    for method in ("PUT", "DELETE", "OPTIONS"):
        for url in ("/_stcore/upload_file/anon/f1", "//_stcore/upload_file/anon/f1", "/_stcore/upload_file/"):
            r = c.get(url, method=method, body=body)
            assert r.status_code == 403, (method, url)
    assert c.bodies_read == 0
    based = client(gated=True, base="lb", past={"in"})
    assert based.get("/lb/_stcore/upload_file/anon/f1", method="PUT", body=body).status_code == 403
    # past the gate, or no gate at all: Streamlit's own route decides
    assert c.get("/_stcore/upload_file/in/f1", method="PUT", body=body).text == "app" and c.bodies_read == len(body)
    assert based.get("/lb/_stcore/upload_file/in/f1", method="PUT", body=body).text == "app"
    assert client(gated=False).get("/_stcore/upload_file/anon/f1", method="PUT", body=body).text == "app"


def _scope(xff: list[str], peer: str = "127.0.0.1") -> dict:
    return {"type": "websocket", "client": (peer, 5000), "headers": [(b"x-forwarded-for", v.encode()) for v in xff]}


def test_the_client_address_comes_from_the_declared_proxies_only():
    # No proxy declared: the connection's own address, whatever the header says (it rotated "addresses").
    assert serving.forwarded_client(_scope(["203.0.113.1"]), 0) is None
    # One proxy (nginx appends the address it saw): its entry, not what the client wrote before it.
    assert serving.forwarded_client(_scope(["6.6.6.6, 7.7.7.7", "198.51.100.4"]), 1) == ("198.51.100.4", 0)
    assert serving.forwarded_client(_scope(["6.6.6.6, 198.51.100.4, 10.0.0.2"]), 2) == ("198.51.100.4", 0)
    assert serving.forwarded_client(_scope([]), 1) is None


def test_the_middleware_hands_the_app_the_client_behind_the_proxies():
    seen = []

    async def inner(scope, receive, send):
        seen.append(scope["client"])

    for proxies, want in ((0, ("127.0.0.1", 5000)), (1, ("198.51.100.4", 0))):
        app = serving.LagebildHTTP(inner, gated=lambda: False, base=lambda: "", trusted_proxies=lambda p=proxies: p)
        with ThreadPoolExecutor(1) as pool:  # a thread of its own: Playwright may hold this thread's event loop
            pool.submit(asyncio.run, app(_scope(["6.6.6.6, 198.51.100.4"]), None, None)).result()
        assert seen.pop() == want


def test_uvicorn_trusts_no_forwarded_header_for_the_app():
    import os
    import runpy

    before = os.environ.get("FORWARDED_ALLOW_IPS")
    try:
        runpy.run_path(DASHBOARD, run_name="dashboard")
        assert os.environ["FORWARDED_ALLOW_IPS"] == ""
    finally:
        if before is None:
            os.environ.pop("FORWARDED_ALLOW_IPS", None)
        else:
            os.environ["FORWARDED_ALLOW_IPS"] = before


def test_the_gate_lets_a_session_upload_only_while_logged_in(monkeypatch):
    from lagebild.dashboard import gatepass

    gatepass.reset()
    assert not gatepass.is_past("s1")
    gatepass.admit("s1")
    assert gatepass.is_past("s1") and not gatepass.is_past("s2")
    gatepass.revoke("s1")
    assert not gatepass.is_past("s1")


def test_the_only_html_the_app_writes_carries_url_values_escaped(small_store):
    """The theme link is the one ``unsafe_allow_html`` markup: whatever the address bar holds reaches it
    URL-encoded and attribute-escaped, so it can neither close the attribute nor add a tag."""
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["note"] = hostile  # a parameter the app does not know is kept in the link
    at.query_params["actor"] = hostile  # an unknown actor is dropped (with a notice)
    at.run()
    assert not at.exception
    link = switch_link(at)
    assert link.count("<") == 2 and link.count(">") == 2  # <a …> and </a>, nothing else
    href = re.search(r'href="([^"]*)"', link).group(1)
    assert "<" not in href and '"' not in href and "%3Cscript%3E" in href
