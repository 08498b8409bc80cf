"""How big the browser's window is, in two classes: "wide" (a 1920×1080 projector) or "compact" (1280×720).

A slide's map places its labels in the pixels of its frame, so the server must know the frame before it
draws (CSS alone cannot shrink a map: a zoomed or transformed plotly map mis-sizes itself).  Streamlit has
no call for the window's size; a JavaScript-only ``st.components.v2`` component reports which side of the
line the window is on, at mount and whenever it crosses the line (the report reruns the page once).  Until
it has reported (the first run of a session, AppTest) the class is "wide", the layout the slides were
first made for.
"""

from __future__ import annotations

import streamlit as st

WIDE, COMPACT = "wide", "compact"
# Below either edge the wide layout (560 px visuals, 2.7rem titles) does not fit: 1280×720, 1366×768,
# 1440×900 are compact, 1920×1080 (less the browser's bars) and larger are wide.
COMPACT_QUERY = "(max-height: 900px), (max-width: 1500px)"

_JS = """
export default function (component) {
  const { setStateValue } = component;
  const q = window.matchMedia(%r);
  const report = () => setStateValue('compact', q.matches);
  report();
  q.addEventListener('change', report);
  return () => q.removeEventListener('change', report);
}
""" % COMPACT_QUERY

_probe = st.components.v2.component("lagebild.screen", js=_JS)

STYLE = """<style>.st-key-lb_screen { display: none; }</style>"""


def screen_class() -> str:
    """WIDE or COMPACT, as the browser last reported (WIDE until it has)."""
    with st.container(key="lb_screen"):  # hidden: the probe draws nothing, its slot must not take a row
        result = _probe(key="lb_screen_probe", on_compact_change=lambda: None)
    return COMPACT if getattr(result, "compact", None) else WIDE
