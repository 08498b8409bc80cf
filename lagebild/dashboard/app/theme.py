"""Light or dark: Streamlit's own URL switch, offered as a link in the sidebar.

Streamlit 1.67 has no call that changes a session's theme, but its frontend reads the theme
from the address at page load: ``?embed_options=dark_theme`` (or ``light_theme``) — also
without ``embed=true``, measured in chromium. So the switch is a plain link to this page and
its query string with that parameter flipped (a page load: every chart is drawn anew in the
other theme), and a shared link carries the theme it was shared in. The active theme is read
back with ``st.context.theme``. Charts use Streamlit's plotly theme, which follows along; the
map keeps its own light land and sea colours, legible on either background.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import urlencode

import streamlit as st

from lagebild.dashboard.fmt import query_pairs

PARAM = "embed_options"
VALUE = {"dark": "dark_theme", "light": "light_theme"}


def active() -> str:
    """"dark" or "light" (the browser's theme; "light" where it is not known, as in AppTest)."""
    try:
        kind = st.context.theme.type
    except Exception:  # noqa: BLE001 - no browser context
        kind = None
    return "dark" if kind == "dark" else "light"


def other(theme: str) -> str:
    return "light" if theme == "dark" else "dark"


def theme_params(theme: str) -> dict[str, list[str]]:
    """The query parameter that opens the app in ``theme`` (for shared links)."""
    return {PARAM: [VALUE[theme]]}


def switch_href(params: Mapping[str, object], current: str) -> str:
    """A link to the same page and view in the other theme. Pure."""
    pairs = [(k, v) for k, v in query_pairs(params) if k != PARAM]
    return "?" + urlencode([*pairs, (PARAM, VALUE[other(current)])])


def theme_switch(params: Mapping[str, object]) -> None:
    """The link in the sidebar. ``target="_self"``: a Markdown link would open a new tab."""
    current = active()
    label = "Switch to light mode" if current == "dark" else "Switch to dark mode"
    href = html.escape(switch_href(params, current), quote=True)
    st.markdown(f'<a href="{href}" target="_self" data-testid="lagebild-theme-switch">{label}</a>',
                unsafe_allow_html=True)
