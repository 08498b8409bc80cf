"""HTTP in front of the app: two answers Streamlit's own server gets wrong for us.

``dashboard.py`` hands :func:`middleware` to ``st.App`` (Streamlit's ASGI app), so these run
for every request before Streamlit's routes:

* **Unknown nested paths.** Streamlit answers any unknown path with its page shell, whose
  assets are *relative* (``./static/js/…``). One level deep (``/zzz``) that works and the app
  shows its "Page not found"; two or more levels deep (``/map/extra``, ``/a/b/c``) the assets
  resolve to ``/map/static/…``, come back as HTML and the browser shows a blank page. Pages
  here are one segment deep, so a nested path is never a page: it is sent (303, query kept) to
  :data:`NOT_FOUND`, a one-level path that is no page, where Streamlit's own notice appears.
* **Server metrics behind a login.** ``/_stcore/metrics`` lists session counts and cache
  names and no setting turns it off; while access is restricted (a password or OIDC gate in
  the secrets) it answers 404.
* **No upload before login.** Streamlit's upload route takes a file for any live session, and
  a session exists as soon as the login page is open: an anonymous client could ``PUT`` large
  bodies into the server's memory.  While access is restricted, an upload (any method) for a
  session the gate has not let through (``gatepass.is_past``) answers 403 before a byte of the
  body is read.
* **The client's address.** uvicorn's own reading of ``X-Forwarded-For`` is off (``dashboard.py``);
  with ``[auth] trusted_proxies = N`` in the secrets, the address is the one the N-th proxy from
  this server saw (the header's N-th entry from the right), else the connection's own.  The login
  limiter counts guesses per that address (``st.context.ip_address``).
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import quote

from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse, RedirectResponse

NOT_FOUND = "page-not-found"
# First path segments Streamlit's server owns (assets, websocket, media, components, login).
SERVER_SEGMENTS = frozenset({"_stcore", "static", "media", "component", "app", "auth", "oauth2callback"})
METRICS = "_stcore/metrics"
UPLOAD = ["_stcore", "upload_file"]


def nested_unknown(path: str, base: str = "") -> bool:
    """Is ``path`` (under the base URL path ``base``) two or more segments deep and none of
    them the server's own? Such a path can only be a mistyped or stale link. (The browser
    probes ``/<page>/_stcore/health`` to find the app's base path: that must stay untouched.)"""
    rest = _strip_base(path, base)
    parts = [p for p in rest.split("/") if p]
    return len(parts) >= 2 and not SERVER_SEGMENTS.intersection(parts)


def not_found_url(base: str, query: str) -> str:
    root = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    return root + NOT_FOUND + ("?" + query if query else "")


def _strip_base(path: str, base: str) -> str:
    base = base.strip("/")
    rest = path.lstrip("/")
    if base and (rest == base or rest.startswith(base + "/")):
        rest = rest[len(base):]
    return rest.strip("/")


class LagebildHTTP:
    """ASGI middleware: see the module docstring. ``gated`` and ``base`` are read per request
    (cheap; the secrets and the config may change while the server runs)."""

    def __init__(self, app, gated: Callable[[], bool], base: Callable[[], str],
                 past_gate: Callable[[str], bool] | None = None,
                 trusted_proxies: Callable[[], int] | None = None) -> None:
        self.app = app
        self.gated = gated
        self.base = base
        self.past_gate = past_gate or _past_gate
        self.trusted_proxies = trusted_proxies or _trusted_proxies

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] in ("http", "websocket"):
            client = forwarded_client(scope, self.trusted_proxies())
            if client is not None:
                scope["client"] = client
        if scope["type"] == "http":
            parts = [p for p in _strip_base(scope.get("path", ""), self.base()).split("/") if p]
            if parts[:2] == UPLOAD and self.gated() and not self.past_gate(parts[2] if len(parts) > 2 else ""):
                await PlainTextResponse("Log in first", status_code=403)(scope, receive, send)
                return
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            path = scope.get("path", "")
            base = self.base()
            if _strip_base(path, base) == METRICS and self.gated():
                await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
                return
            if nested_unknown(path, base) and _wants_html(scope):
                query = scope.get("query_string", b"").decode("latin-1")
                target = not_found_url(quote(base), query)
                await RedirectResponse(target, status_code=303)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def forwarded_client(scope, proxies: int) -> tuple[str, int] | None:
    """(address, port) of the client behind ``proxies`` trusted proxies, from ``X-Forwarded-For``;
    None to keep the connection's own (no proxies declared, or no header)."""
    if proxies <= 0:
        return None
    hops: list[str] = []
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-for":
            hops += [h.strip() for h in value.decode("latin-1").split(",") if h.strip()]
    if not hops:
        return None
    # Each proxy appends the address it was connected from: the last N entries were written by ours.
    return (hops[-proxies] if len(hops) >= proxies else hops[0]), 0


def _wants_html(scope) -> bool:
    """A page navigation (the address bar, a link), not a script's fetch."""
    for name, value in scope.get("headers", ()):
        if name == b"accept":
            return b"text/html" in value
    return False


def _gated() -> bool:
    from lagebild.dashboard import auth

    try:
        return auth.mode() is not None
    except Exception:  # noqa: BLE001 - unreadable secrets: be safe, treat as gated
        return True


def _past_gate(session_id: str) -> bool:
    from lagebild.dashboard import gatepass

    return gatepass.is_past(session_id)


def _trusted_proxies() -> int:
    from lagebild.dashboard import auth

    try:
        return max(0, int(auth._section(auth.st.secrets).get("trusted_proxies") or 0))
    except Exception:  # noqa: BLE001 - unreadable or not a number: trust no proxy
        return 0


def _base() -> str:
    from streamlit import config

    return config.get_option("server.baseUrlPath") or ""


def middleware() -> list[Middleware]:
    return [Middleware(LagebildHTTP, gated=_gated, base=_base)]
