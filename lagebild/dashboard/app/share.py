"""'Share this view': the full URL of the current page with its query string.

Base URL, first found wins:
1. ``public_base_url`` in ``.streamlit/secrets.toml`` (e.g. ``https://example.org/lagebild``),
2. ``$LAGEBILD_PUBLIC_URL``,
3. the address the viewer's browser uses (``st.context.url``, includes any path prefix),
4. nothing: a path relative to the app, with a note saying how to configure the base.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode, urlsplit

import streamlit as st

from lagebild.dashboard.app import theme
from lagebild.dashboard.fmt import query_pairs

PUBLIC_URL_ENV = "LAGEBILD_PUBLIC_URL"


def configured_base() -> str | None:
    try:
        base = st.secrets.get("public_base_url")
    except Exception:  # no secrets file
        base = None
    return (str(base) if base else None) or os.environ.get(PUBLIC_URL_ENV) or None


def _browser_base(page_path: str) -> str | None:
    try:
        url = st.context.url
    except Exception:
        return None
    if not url:
        return None
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    # st.context.url ends with the page's path; drop it to get the app's base.
    if page_path and path.endswith("/" + page_path):
        path = path[: -len(page_path) - 1]
    return f"{parts.scheme}://{parts.netloc}{path}"


def build_url(base: str | None, page_path: str, params: dict) -> str:
    """``base`` + ``/page_path`` + ``?query``; a relative URL when ``base`` is None.  Pure."""
    query = urlencode(query_pairs(params))
    path = page_path.strip("/")
    prefix = (base or "").rstrip("/")
    url = f"{prefix}/{path}" if path else (prefix + "/" if prefix else "./")
    return url + (f"?{query}" if query else "")


def current_params() -> dict[str, list[str]]:
    """The address bar's parameters as the app sees them (Streamlit hides its ``embed_options``)."""
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def shared_params() -> dict[str, list[str]]:
    """What a shared link carries: the view, and the dark theme when it is on (light is the default)."""
    params = current_params()
    if theme.active() == "dark":
        params.update(theme.theme_params("dark"))
    return params


def share_url(page_path: str, params: dict | None = None) -> tuple[str, str]:
    """(url, where the base came from)."""
    params = shared_params() if params is None else params
    base = configured_base()
    origin = "configured public URL"
    if base is None:
        base = _browser_base(page_path)
        origin = "this browser's address"
    if base is None:
        origin = "relative (set public_base_url in secrets or LAGEBILD_PUBLIC_URL)"
    return build_url(base, page_path, params), origin


def share_control(page_path: str, params: dict | None = None) -> None:
    """The URL in a code block (Streamlit's copy button copies it)."""
    url, origin = share_url(page_path, params)
    st.code(url, language=None, wrap_lines=True)
    st.caption(f"Copy with the button in the box's corner · base: {origin}.")
