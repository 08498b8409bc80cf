"""The presenter page's library side: its style and keys, which briefing and slide the URL asks for,
and the edit callbacks (reorder, delete, rebuild) that save the briefing.  ``pages/briefing.py`` keeps
only the layout."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import streamlit as st

from lagebild.dashboard import briefing as B
from lagebild.dashboard.app.loaders import per_view
from lagebild.dashboard.briefing.visuals import SLIDE_MAP_FRAME, SLIDE_MAP_LINES
from lagebild.dashboard.filters import FilterState

FLASH = "_lb_briefing_flash"

STYLE = """
<style>
.st-key-lb_head h1 { font-size: 2.7rem !important; line-height: 1.1; padding: 0 0 0.3rem 0; }
.st-key-lb_head .stMarkdown p { font-size: 1.5rem; line-height: 1.3; font-weight: 500; }
.st-key-lb_head [data-testid="stCaptionContainer"] p { font-size: 1.1rem; }
.st-key-lb_sources .stMarkdown p, .st-key-lb_sources li { font-size: 1.05rem; line-height: 1.35; }
.st-key-lb_sources .st-key-lb_unlabelled p { font-size: 0.85rem; line-height: 1.22; margin-bottom: 0.3rem; }
.st-key-lb_cards .stMarkdown p { font-size: 1.25rem; }
.st-key-lb_cards blockquote p { font-size: 1.15rem; }
.st-key-lb_controls { align-items: center; }
[data-testid="stMainBlockContainer"] { padding-top: 4.2rem; padding-bottom: 0.5rem; }
</style>
"""
# 1280×720 (and anything below 1500×900): the same slide in smaller type with less space between its parts,
# so that title, takeaway, visual and sources fit the screen without scrolling.
COMPACT_STYLE = """
<style>
.st-key-lb_head h1 { font-size: 1.55rem !important; line-height: 1.15; padding: 0 !important; }
.st-key-lb_head .stMarkdown p { font-size: 1.05rem; line-height: 1.3; margin-bottom: 0; }
.st-key-lb_head [data-testid="stCaptionContainer"] p { font-size: 0.85rem; }
.st-key-lb_sources .stMarkdown p, .st-key-lb_sources li { font-size: 0.85rem; line-height: 1.25; margin-bottom: 0.15rem; }
.st-key-lb_sources .stMarkdown ol { margin-bottom: 0.2rem; }
.st-key-lb_sources .st-key-lb_unlabelled p { font-size: 0.78rem; line-height: 1.18; }
.st-key-lb_cards { gap: 0.5rem; }
.st-key-lb_cards [data-testid="stVerticalBlockBorderWrapper"], .st-key-lb_cards [data-testid="stVerticalBlock"] { gap: 0.5rem; }
.st-key-lb_cards .stMarkdown p { font-size: 0.95rem; line-height: 1.3; }
.st-key-lb_cards blockquote p { font-size: 0.9rem; }
[data-testid="stMainBlockContainer"] { padding-top: 4rem; padding-bottom: 0.3rem; }
[data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] { gap: 0.6rem; }
</style>
"""


@dataclass(frozen=True)
class SlideFrame:
    """A slide's sizes on one class of screen (``app.screen``)."""

    style: str
    figure_height: int  # px, charts and maps
    map_frame: tuple[int, int]  # the map's (width, height) in px: its labels are placed for it
    notes: int  # source sentences listed on the slide (the export and the live view have them all)
    note_chars: int  # of each quoted sentence
    card_chars: int  # of each card's quote
    head_caption: bool  # "Slide 1 of 3 · <briefing>" above the title (the controls say "1 / 3" too)
    map_lines: int = SLIDE_MAP_LINES  # figures written in a map label (the rest listed beside the map)
    map_scale: float = 1.0  # of the map's labels and key
    chart_font: int = 19  # px, a chart's ticks and axis titles (its key one smaller): readable from the back


FRAMES = {
    "wide": SlideFrame(STYLE, 560, SLIDE_MAP_FRAME, 4, 80, 110, True),
    # the figure column at 1280 wide is about 650 px
    "compact": SlideFrame(STYLE + COMPACT_STYLE, 360, (650, 360), 2, 56, 80, False, map_lines=0, map_scale=0.8,
                          chart_font=14),
}

# A clicker sends PageDown/PageUp; the keyboard has arrows.  Ignored while typing in a field.
KEYS_JS = """
<script>
(function () {
  if (window.__lbBriefingKeys) return;
  window.__lbBriefingKeys = true;
  document.addEventListener('keydown', function (e) {
    var t = e.target && e.target.tagName;
    if (t === 'INPUT' || t === 'TEXTAREA' || (e.target && e.target.isContentEditable)) return;
    if (!document.querySelector('.st-key-lb_next')) return;
    var key = null;
    if (e.key === 'ArrowRight' || e.key === 'PageDown') key = '.st-key-lb_next button';
    if (e.key === 'ArrowLeft' || e.key === 'PageUp') key = '.st-key-lb_prev button';
    var b = key && document.querySelector(key);
    if (b && !b.disabled) { e.preventDefault(); b.click(); }
  });
})();
</script>
"""


@dataclass
class Presenting:
    """Which briefing and slide the URL asks for, after falling back from bad values (with notices)."""

    name: str
    briefing: B.Briefing
    index: int  # 1-based
    names: list[str]  # every briefing there is to pick from
    notices: list[str] = field(default_factory=list)
    unreadable: str | None = None

    @property
    def n(self) -> int:
        return len(self.briefing.slides)


def presenting(tables) -> Presenting:
    """Reads ``briefing`` and ``slide`` from the URL, falls back with a notice, and writes the result back."""
    notices = []
    names = B.list_names()
    name = st.query_params.get("briefing") or B.DEFAULT_NAME
    if name not in names:
        notices.append(f"Ignored briefing={name[:80]!r}: no such briefing; showing “{B.DEFAULT_NAME}”.")
        name = B.DEFAULT_NAME
    unreadable = None
    try:
        briefing = B.load_or_default(name, tables, build=built_default)
    except B.BriefingError as exc:
        unreadable = str(exc)
        briefing = built_default(tables) if name == B.DEFAULT_NAME else B.Briefing(name, [])
    n = len(briefing.slides)
    raw = st.query_params.get("slide")
    try:
        index = int(raw) if raw is not None else 1
    except ValueError:
        notices.append(f"Ignored slide={raw[:80]!r}: not a number.")
        index = 1
    if n and not 1 <= index <= n:
        notices.append(f"Ignored slide={index}: this briefing has slides 1–{n}.")
        index = min(max(index, 1), n)
    if st.query_params.get("briefing") != name:
        st.query_params["briefing"] = name
    if n and st.query_params.get("slide") != str(index):
        st.query_params["slide"] = str(index)
    return Presenting(name, briefing, index, names, notices, unreadable)


def built_default(tables) -> B.Briefing:
    """The default briefing built from the data, memoised per tables: building it reads every fact
    (13 s at 10,000 documents), and the page reruns at every slide step.  A copy: editing changes it."""
    return copy.deepcopy(per_view("briefing:default", tables, FilterState(), B.default_briefing, tables))


def go(i: int) -> None:
    st.query_params["slide"] = str(i)


def pick_briefing() -> None:
    st.query_params["briefing"] = st.session_state["lb_pick"]
    st.query_params["slide"] = "1"


def edit(name: str, tables, action: str, i: int) -> None:
    """Reorder/delete slide i (0-based) and save; an unreadable file is never overwritten."""
    try:
        b = B.load_or_default(name, tables, build=built_default)
        if action == "up":
            b, target = B.move_slide(b, i, -1), max(i - 1, 0)
        elif action == "down":
            b, target = B.move_slide(b, i, +1), min(i + 1, len(b.slides) - 1)
        elif action == "delete":
            b, target = B.delete_slide(b, i), min(i, len(b.slides) - 2)
        else:  # rebuild the default from the data
            b, target = built_default(tables), 0
        B.save(b)
    except B.BriefingError as exc:
        st.session_state[FLASH] = str(exc)
        return
    st.query_params["slide"] = str(max(target, 0) + 1)
