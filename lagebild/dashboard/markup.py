"""Showing document text safely: Markdown escaping and the highlighted-document HTML.

Document text is data, never markup: a document containing ``<script>`` or
``**bold**`` must display those characters literally.  ``md_escape`` is for
``st.markdown``/captions; ``highlighted_html`` escapes every character of the
text with ``html.escape`` and adds only our own ``<span>`` tags.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


# Streamlit's Markdown turns bare addresses into links *after* parsing (GFM autolink
# literals: "https://…", "www.…", "name@host.tld"), so backslash escapes do not stop them.
# An invisible WORD JOINER (U+2060) in "://", after "@" and inside "www." breaks those
# patterns while the text reads exactly the same.
_WJ = "\u2060"
_AUTOLINK_BREAK = re.compile(r"(?<=:)(?=//)|(?<=@)(?=\w)|(?i:(?<=www)(?=\.))")


def md_escape(text: object) -> str:
    """Text that st.markdown shows literally: Markdown, HTML and LaTeX specials
    backslash-escaped, and no address in it becomes a link."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    escaped = _MD_SPECIAL.sub(r"\\\1", _AUTOLINK_BREAK.sub(_WJ, str(text)))
    return escaped.replace("\n", "  \n")


def safe_link(url: object) -> str | None:
    """``url`` if it may become a link (an absolute http(s) address with a host), else None.

    A sidecar's ``url`` is data from outside: ``javascript:``, ``data:`` or a relative
    path must never be clickable."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c in url for c in "\n\r\t <>\"'`"):
        return None
    return url


CLASSES = {"actor": "lb-actor", "place": "lb-place", "event": "lb-event", "figure": "lb-figure", "date": "lb-date"}

STYLE = """
<style>
.lb-doc { font-size: 1.15rem; line-height: 1.9; white-space: pre-wrap; max-width: 70rem; }
.lb-doc span.lb-event { background: rgba(0,114,178,0.09); }
.lb-doc span.lb-figure { background: rgba(230,159,0,0.35); }
.lb-doc span.lb-date { text-decoration: underline 3px rgba(0,158,115,0.9); text-underline-offset: 4px; }
.lb-doc span.lb-actor { font-weight: 700; border-bottom: 3px solid rgba(213,94,0,0.8); }
.lb-doc span.lb-place { font-weight: 700; border-bottom: 3px dotted rgba(86,180,233,0.95); }
.lb-doc span.lb-target { outline: 3px solid #D55E00; background: rgba(213,94,0,0.22); }
.lb-legend span { margin-right: 1.4rem; padding: 0 .3rem; }
</style>
"""

LEGEND = (
    '<div class="lb-doc lb-legend"><span class="lb-actor">actor</span><span class="lb-place">place</span>'
    '<span class="lb-event">event</span><span class="lb-figure">troop figure</span>'
    '<span class="lb-date">date</span><span class="lb-target">linked sentence</span></div>'
)


def highlighted_html(text: str, spans: list[tuple[int, int, str, str]], target: tuple[int, int] | None = None) -> str:
    """``text`` as escaped HTML with ``spans`` (start, end, kind, tooltip) highlighted.

    Overlapping spans are fine: the text is cut at every span boundary and each
    piece carries the classes of all spans covering it.  ``target`` (start, end)
    marks the linked sentence's facts; its first piece gets ``id="lb-target"``.
    """
    n = len(text)
    cuts = {0, n}
    clean = []
    for start, end, kind, tip in spans:
        start, end = max(0, min(int(start), n)), max(0, min(int(end), n))
        if end > start:
            clean.append((start, end, kind, tip))
            cuts.update((start, end))
    if target:
        target = (max(0, min(target[0], n)), max(0, min(target[1], n)))
        cuts.update(target)
    points = sorted(cuts)
    out = ['<div class="lb-doc">']
    target_done = False
    for a, b in zip(points, points[1:]):
        covering = [s for s in clean if s[0] <= a and b <= s[1]]
        classes = [CLASSES.get(s[2], "lb-event") for s in covering]
        in_target = bool(target) and target[0] <= a and b <= target[1]
        if in_target:
            classes.append("lb-target")
        piece = html.escape(text[a:b])
        if not classes:
            out.append(piece)
            continue
        attrs = f' class="{" ".join(dict.fromkeys(classes))}"'
        tips = "; ".join(dict.fromkeys(s[3] for s in covering if s[3]))
        if tips:
            attrs += f' title="{html.escape(tips, quote=True)}"'
        if in_target and not target_done:
            attrs += ' id="lb-target"'
            target_done = True
        out.append(f"<span{attrs}>{piece}</span>")
    out.append("</div>")
    return "".join(out)


def context_html(text: str, start: int, end: int, kind: str, tip: str = "", around: int = 280) -> str:
    """The span ``text[start:end]`` highlighted in its context: the text around it (about ``around``
    characters each side, cut at whitespace, "…" where cut), escaped."""
    lo, hi = max(0, start - around), min(len(text), end + around)
    if lo > 0:
        lo = next((i + 1 for i in range(lo, start) if text[i].isspace()), lo)
    if hi < len(text):
        hi = next((i for i in range(hi, end, -1) if text[i].isspace()), hi)
    body = highlighted_html(text[lo:hi], [(start - lo, end - lo, kind, tip)], target=(start - lo, end - lo))
    inner = body[len('<div class="lb-doc">'):-len("</div>")]
    return f'{STYLE}<div class="lb-doc">{"… " if lo > 0 else ""}{inner}{" …" if hi < len(text) else ""}</div>'


def fact_spans(t: dict[str, pd.DataFrame], doc_id: str, actor_names: dict, place_names: dict) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, tooltip) of every fact of document ``doc_id`` in the (filtered) tables ``t``."""
    spans = []
    m = t["mentions"][t["mentions"]["doc_id"] == doc_id]
    for r in m.itertuples():
        label = actor_names.get(r.entity_id) if r.entity_kind == "actor" else place_names.get(r.entity_id)
        spans.append((r.start, r.end, r.entity_kind, f"{r.entity_kind}: {label or r.entity_id}"))
    for r in t["events"][t["events"]["doc_id"] == doc_id].itertuples():
        spans.append((r.start, r.end, "event", f"event: {r.type} ({r.modality}), {r.date or 'undated'}"))
    for r in t["troop_figures"][t["troop_figures"]["doc_id"] == doc_id].itertuples():
        spans.append((r.start, r.end, "figure", f"troop figure: {r.value:,} {r.kind}"))
    for r in t["dates"][t["dates"]["doc_id"] == doc_id].itertuples():
        spans.append((r.start, r.end, "date", f"date: {r.date or 'unresolved'} ({r.precision or '?'})"))
    return spans


def sentence_extent(tables: dict[str, pd.DataFrame], doc_id: str, sentence: int) -> tuple[int, int] | None:
    """(start, end) covering every extracted fact in sentence ``sentence`` of ``doc_id``; None when it holds none."""
    parts = [tables[n].loc[(tables[n]["doc_id"] == doc_id) & (tables[n]["sentence"] == sentence), ["start", "end"]]
             for n in ("mentions", "events", "troop_figures", "dates")]
    hits = pd.concat(parts)
    if len(hits) == 0:
        return None
    return int(hits["start"].min()), int(hits["end"].max())


def document_html(text: str, t: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame], doc_id: str,
                  sentence: int | None, actor_names: dict, place_names: dict) -> tuple[str, tuple[int, int] | None]:
    """The Sources page's document: legend + escaped text with the facts of ``t`` highlighted and, when
    ``sentence`` is given, that sentence's facts marked as the target.  Returns (html, target).  Pure."""
    target = sentence_extent(tables, doc_id, sentence) if sentence is not None else None
    return STYLE + LEGEND + highlighted_html(text, fact_spans(t, doc_id, actor_names, place_names), target), target
