"""Exports, offline: a briefing as one self-contained HTML file or a PDF, a chart as PNG,
filtered tables as CSV (zip) and Excel.  No Streamlit.

* HTML: plotly.js is inlined once, every figure is a plain ``<div>`` + script; maps are
  cartesian scatter traces (``lagebild.dashboard.geo``), so nothing (no topojson, no tiles, no
  fonts) is fetched when the file is opened.  Each slide carries its takeaway, its
  "as of" stamp and its numbered sources.
* PDF: the same slides with each figure as a PNG (kaleido), printed by Debian's
  chromium headless (``--print-to-pdf``).  Without chromium, ``pdf_unavailable()``
  says why and nothing is attempted.
* PNG: ``plotly.io.to_image`` through kaleido 1.x, which drives a Chrome/Chromium it
  finds; ``BROWSER_PATH`` points it at Debian's ``/usr/bin/chromium`` when unset.
"""

from __future__ import annotations

import html
import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from base64 import b64encode
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from lagebild.dashboard import briefing as B
from lagebild.dashboard import whatsnew as wn
from lagebild.dashboard.dating import effective_dates
from lagebild.dashboard.fmt import bounds_source, review_text
from lagebild.dashboard.geo import unlabelled_figures

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
PNG_SIZE = (1600, 900)


class ExportError(Exception):
    """An export that cannot be made here; the message says why, in one line."""


def chromium_path() -> str | None:
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).exists():
        return env
    for c in CHROMIUM_CANDIDATES:
        if Path(c).exists():
            return c
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _kaleido_ready() -> None:
    path = chromium_path()
    if path is None:
        raise ExportError("PNG export needs Chrome or Chromium (Debian: apt-get install chromium); none was found.")
    os.environ.setdefault("BROWSER_PATH", path)


def standalone(fig):
    """Outside Streamlit (which grows margins to fit), axis labels need automargin to stay whole."""
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    fig.update_layout(template="plotly_white")  # builders set colours they need explicitly (maps: water, land)
    return fig


def labelled(fig, title: str, source_line: str):
    """A copy of ``fig`` that stands on its own as an image: its title on top, the source line and
    "as of" below, the legend shown; the plot keeps its own height (a map is not cropped)."""
    out = go.Figure(fig)
    top = 96  # title and, under it, the source line (a subtitle: never in the way of axis labels)
    m = out.layout.margin
    more = unlabelled_figures(fig)
    if more:  # an image cannot be hovered: what a map's labels leave out is written under it
        extra = 34 + 22 * len(more)
        out.add_annotation(text="<b>Also on this map:</b><br>" + "<br>".join(html.escape(x) for x in more),
                           xref="paper", yref="paper", x=0, y=0, yshift=-12, xanchor="left", yanchor="top",
                           showarrow=False, align="left", font=dict(size=15, color="#222222"))
        out.update_layout(height=int(out.layout.height or PNG_SIZE[1]) + extra,
                          margin=dict(b=(m.b if m.b is not None else 10) + extra))
        m = out.layout.margin
    out.update_layout(
        title=dict(text=html.escape(title), subtitle=dict(text=html.escape(source_line), font=dict(size=15, color="#444444")),
                   x=0.01, xanchor="left", y=1, yanchor="top", yref="container", pad=dict(t=14), font=dict(size=24)),
        margin=dict(l=m.l or 10, r=m.r or 10, t=(m.t or 0) + top, b=m.b if m.b is not None else 10),
        height=int(out.layout.height or PNG_SIZE[1]) + top, showlegend=True,
    )
    return out


def figure_png(fig, width: int = PNG_SIZE[0], height: int | None = None, scale: float = 1.0,
               title: str | None = None, source_line: str | None = None) -> bytes:
    """The figure as PNG bytes (kaleido + local chromium); with ``title``/``source_line``, labelled as an image."""
    import plotly.io as pio

    _kaleido_ready()
    if fig is not None and title is not None:
        fig = labelled(fig, title, source_line or "")
    if fig is not None:
        standalone(fig)
    h = height or int(fig.layout.height or PNG_SIZE[1])
    try:
        return pio.to_image(fig, format="png", width=width, height=h, scale=scale)
    except Exception as exc:  # kaleido reports browser problems with many exception types
        raise ExportError(f"PNG export failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc


def source_line(filtered: dict[str, pd.DataFrame], as_of: str) -> str:
    """The line under an exported chart: where its facts come from and as of when."""
    docs = filtered["documents"]
    sources = sorted({str(s) for s in docs["source"].dropna()})
    shown = "; ".join(sources[:3]) + ("; …" if len(sources) > 3 else "")
    n = len(docs)
    return (f"Source: {n} document{'s' if n != 1 else ''} ({shown}), facts extracted by Lagebild · as of {as_of} · "
            "dates 'undated (article of …)' are the article's, not the text's")


def pdf_unavailable() -> str | None:
    """Why a PDF cannot be made here, or None when it can."""
    if chromium_path() is None:
        return "PDF export needs Debian's chromium (apt-get install chromium) to print offline; it is not installed."
    return None


# ---------------------------------------------------------------- tables

def with_truth_columns(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables as exported: events and troop figures gain ``date_in_text`` (is the ``date`` written in
    the fact's sentence, or the article's stamp?) and ``date_shown`` (the label the pages show), figures
    ``bounds_source`` (``derived`` low/high were computed from a qualifier, not read in the text)."""
    out = dict(tables)
    for name in ("events", "troop_figures"):
        if name in out and "documents" in out and len(out[name]):
            eff = effective_dates(out[name], out["documents"], out.get("dates"))
            out[name] = out[name].assign(date_in_text=eff["in_text"], date_shown=eff["when_note"])
    figs = out.get("troop_figures")
    if figs is not None and len(figs):
        out["troop_figures"] = figs.assign(bounds_source=[bounds_source(lo, hi, q) for lo, hi, q in
                                                         zip(figs["low"], figs["high"], figs["qualifier"])])
    return out


# OWASP "CSV injection": a spreadsheet opening a CSV runs a cell starting with one of these
# as a formula (=HYPERLINK(...), +cmd|...).  Such text cells get a leading apostrophe, the
# spreadsheet convention for "this is text"; ABOUT.txt says so.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_NOTE = ("text cells starting with = + - @ or a tab/carriage return are prefixed with ' so that "
            "spreadsheets show them as text instead of running them as formulas")


def _neutral(v):
    return "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v


def table_csv(df: pd.DataFrame) -> bytes:
    """``df`` as UTF-8 CSV with formula-like text cells neutralised (numbers untouched)."""
    text_cols = [c for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c])]
    safe = df.assign(**{c: df[c].map(_neutral) for c in text_cols}) if text_cols else df
    return safe.to_csv(index=False).encode("utf-8")


def tables_csv_zip(tables: dict[str, pd.DataFrame], about: dict[str, str],
                   shown: dict[str, pd.DataFrame] | None = None) -> bytes:
    """One CSV per table in a zip, plus ABOUT.txt (filters, as of, generated, the formula note);
    ``shown``: tables as the pages show them (claims, event groups), added as they are."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ABOUT.txt", "".join(f"{k}: {v}\n" for k, v in {**about, "csv": CSV_NOTE}.items()))
        for name, df in {**with_truth_columns(tables), **(shown or {})}.items():
            z.writestr(f"lagebild-{name}.csv", table_csv(df))
    return buf.getvalue()


def _cell(v):
    if v is None or (not isinstance(v, (list, dict, str)) and pd.isna(v)):
        return None
    if isinstance(v, str) and len(v) > 32000:  # Excel's cell limit is 32,767 characters
        return v[:32000] + " … [truncated; the CSV export has the full text]"
    if hasattr(v, "item"):
        return v.item()
    return v


def tables_excel(tables: dict[str, pd.DataFrame], about: dict[str, str],
                 shown: dict[str, pd.DataFrame] | None = None) -> bytes:
    """One sheet per table plus an 'about' sheet (``shown``: tables as the pages show them, e.g. claims and
    event groups).  Text starting with '=' stays text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "about"
    for k, v in about.items():
        ws.append([k, v])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 110
    for name, df in {**with_truth_columns(tables), **(shown or {})}.items():
        ws = wb.create_sheet(name[:31])
        ws.append([str(c) for c in df.columns])
        for row in df.itertuples(index=False):
            ws.append([_cell(v) for v in row])
        for col in ws.iter_cols(min_row=2):
            for c in col:
                if isinstance(c.value, str) and c.data_type == "f":
                    c.data_type = "s"
        for i, col in enumerate(df.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = 60 if col in ("quote", "text", "title", "first quote",
                                                                            "sources") else 16
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- briefing as HTML / PDF

CSS = """
:root { color-scheme: light; }
body { font-family: "Source Sans 3", "Source Sans Pro", "Helvetica Neue", Arial, sans-serif; margin: 0; color: #111; background: #fff; }
.cover { padding: 48px 64px 16px; border-bottom: 2px solid #0072B2; }
.cover h1 { font-size: 44px; margin: 0 0 8px; }
.cover p { font-size: 20px; margin: 4px 0; color: #444; }
.slide { padding: 36px 64px 40px; border-bottom: 1px solid #ccc; min-height: 900px; box-sizing: border-box; }
.slide .num { font-size: 18px; color: #666; letter-spacing: .04em; text-transform: uppercase; }
.slide h2 { font-size: 46px; line-height: 1.15; margin: 6px 0 10px; }
.slide .takeaway { font-size: 28px; line-height: 1.35; margin: 0 0 8px; }
.slide .asof { font-size: 18px; color: #555; margin: 0 0 18px; }
.slide .notice { font-size: 18px; color: #8a5300; }
.visual { margin: 8px 0 16px; }
.visual img { max-width: 100%; height: auto; }
.cards { display: grid; grid-template-columns: repeat(2, 1fr); gap: 14px; }
.card { border: 1px solid #ccc; border-radius: 6px; padding: 12px 16px; font-size: 20px; }
.card blockquote { margin: 8px 0 4px; padding-left: 12px; border-left: 4px solid #0072B2; font-style: italic; }
.card .meta { color: #555; font-size: 16px; }
.sources { font-size: 16px; color: #333; margin-top: 12px; }
.sources h3 { font-size: 18px; margin: 0 0 4px; }
.sources ol { margin: 0; padding-left: 24px; }
.sources q { font-style: italic; }
@media print {
  .slide { page-break-after: always; break-after: page; min-height: 0; border: 0; padding: 18px 28px; }
  .cover { page-break-after: always; }
  .slide h2 { font-size: 28px; margin: 2px 0 6px; } .slide .takeaway { font-size: 17px; } .slide .asof { font-size: 12px; margin-bottom: 6px; }
  .visual { margin: 4px 0 6px; } .visual img { max-height: 105mm; width: auto; display: block; margin: 0 auto; }
  .cards { grid-template-columns: repeat(3, 1fr); gap: 6px; } .card { font-size: 11.5px; padding: 6px 10px; }
  .card .meta { font-size: 10px; } .sources { font-size: 10px; margin-top: 4px; } .sources h3 { font-size: 11px; }
}
@page { size: A4 landscape; margin: 10mm; }
"""


def _e(s) -> str:
    return html.escape(str(s), quote=True)


def _cards_html(slide: B.Slide, tables, filtered) -> str:
    if slide.show == "cards:actors":
        cards = B.actor_cards(filtered, tables)
        body = "".join(
            f'<div class="card"><b>{_e(c["name"])}</b><div class="meta">{_e(c["type"])} · {_e(c["country"])} · '
            f'{_e(c["side"].replace("_", " "))} · {c["mentions"]} mention{"s" if c["mentions"] != 1 else ""}</div>'
            + (f'<div class="meta">{_e(c["roles"])}</div>' if c["roles"] else "") + "</div>" for c in cards)
    else:
        cards = B.event_cards(filtered, tables, show=slide.show)
        body = "".join(
            ('<div class="card"><b>' + (_e(c["line"]) + "</b>" if c["line"] else
                                        f'{_e(c["when"])}</b> · <b>{_e(c["type"])}</b> · {_e(c["who"])}')
             + f' · <span class="meta">{_e(review_text(c["review"]))}</span>'
             + f'<blockquote>{"(in " + _e(c["language"]) + ") " if c["line"] and c["language"] else ""}'
               f'{_e(c["quote"])}</blockquote></div>') for c in cards)
    return f'<div class="cards">{body}</div>'


def _changes_html(slide: B.Slide, tables, filtered, review_log=None) -> str:
    """The "What changed since the last briefing" slide, recomputed from the tables being exported
    (``review_log``: since -> the store's decisions since then, or None)."""
    since = wn.slide_since(slide)
    if since is None:
        return "<p>This slide has no date to compare with.</p>"
    log = review_log(since) if review_log else None
    lines = wn.slide_lines(wn.whats_new(filtered, since, review_log=log), B.names_of(tables))
    return "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>"


def _sources_html(slide: B.Slide, tables) -> str:
    if not slide.footnotes:
        return '<div class="sources"><h3>Sources</h3><p>No source sentences recorded for this slide.</p></div>'
    def status(n) -> str:
        found = B.note_status(n, tables)
        return f' <span class="meta">({_e(review_text(found))})</span>' if found else ""

    items = "".join(f"<li>{_e(B.source_label(n, tables))}: <q>{_e(n['quote'])}</q>{status(n)}</li>" for n in slide.footnotes)
    return f'<div class="sources"><h3>Sources</h3><ol>{items}</ol></div>'


def briefing_html(briefing: B.Briefing, tables: dict[str, pd.DataFrame], map_views=None, *, static_images: bool = False,
                  generated: str | None = None, review_log=None) -> str:
    """The whole briefing as one HTML document that needs nothing but itself.

    ``static_images``: figures as embedded PNGs (for printing) instead of interactive plotly;
    ``review_log``: since -> the store's review decisions since then (for the changes slide), if any.
    """
    import plotly.io as pio
    from plotly.offline import get_plotlyjs

    from lagebild.dashboard.filters import apply_filters

    generated = generated or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = []
    needs_js = False
    n = len(briefing.slides)
    for i, slide in enumerate(briefing.slides, start=1):
        state, notices = B.state_of(slide.params, tables)
        filtered = apply_filters(tables, state)
        fig = B.slide_figure(slide.show, tables, filtered, map_views)
        if slide.kind == "cards":
            visual = _cards_html(slide, tables, filtered) if not B.is_empty(slide.show, filtered, tables) else "<p>No facts for this slide's filters.</p>"
        elif slide.kind == "changes":
            visual = _changes_html(slide, tables, filtered, review_log)
        elif fig is None:
            visual = "<p>No facts for this slide's filters in the current tables.</p>"
        elif static_images:
            standalone(fig)
            png = figure_png(fig, width=1600, height=min(int(fig.layout.height or 560), 640))
            visual = f'<img alt="{_e(slide.title)}" src="data:image/png;base64,{b64encode(png).decode()}">'
        else:
            needs_js = True
            standalone(fig)
            fig.update_layout(height=min(int(fig.layout.height or 560), 640))
            visual = pio.to_html(fig, full_html=False, include_plotlyjs=False, config=PLOT_CONFIG,
                                 div_id=f"slide-{i}-figure", default_width="100%")
        if fig is not None and unlabelled_figures(fig):  # a print lists what the labels leave out
            visual += ('<p class="meta">Also on this map (no room in its labels):</p><ul class="meta">'
                       + "".join(f"<li>{_e(x)}</li>" for x in unlabelled_figures(fig)) + "</ul>")
        notice = "".join(f'<p class="notice">{_e(x)}</p>' for x in notices)
        parts.append(
            f'<section class="slide" id="slide-{i}"><div class="num">Slide {i} of {n}</div>'
            f"<h2>{_e(slide.title)}</h2>"
            + (f'<p class="takeaway">{_e(slide.takeaway)}</p>' if slide.takeaway else "")
            + f'<p class="asof">As of {_e(slide.as_of or B.as_of(tables))} · view: {_e(B.PAGE_TITLES.get(slide.page, slide.page))}'
            + (f" · filters: {_e(B.params_words(slide.params, tables))}" if slide.params else "") + "</p>"
            + notice + f'<div class="visual">{visual}</div>' + _sources_html(slide, tables) + "</section>"
        )
    script = f'<script type="text/javascript">{get_plotlyjs()}</script>' if needs_js else ""
    title = briefing.title or f"Briefing {briefing.name}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{_e(title)} — Lagebild</title>"
        f"<style>{CSS}</style>{script}</head><body>"
        f'<header class="cover"><h1>{_e(title)}</h1><p>Lagebild briefing “{_e(briefing.name)}” · {n} slide{"s" if n != 1 else ""} · '
        f"data as of {_e(B.as_of(tables))} · exported {_e(generated)}</p>"
        "<p>Every figure and statement is extracted from the source documents; each slide lists the sentences it rests on.</p></header>"
        + "".join(parts) + "</body></html>\n"
    )


def briefing_pdf(briefing: B.Briefing, tables: dict[str, pd.DataFrame], map_views=None, timeout: float = 120,
                 review_log=None) -> bytes:
    """The briefing printed to PDF by headless chromium (figures as PNG); raises ExportError when impossible."""
    why = pdf_unavailable()
    if why:
        raise ExportError(why)
    doc = briefing_html(briefing, tables, map_views, static_images=True, review_log=review_log)
    with tempfile.TemporaryDirectory(prefix="lagebild-pdf-") as tmp:
        src, out = Path(tmp) / "briefing.html", Path(tmp) / "briefing.pdf"
        src.write_text(doc, encoding="utf-8")
        cmd = [chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={out}",
               src.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ExportError(f"chromium did not print the PDF within {timeout:.0f} s.") from None
        if not out.exists() or out.stat().st_size == 0:
            err = proc.stderr.decode(errors="replace").strip().splitlines()
            raise ExportError("chromium could not print the PDF" + (f": {err[-1]}" if err else "."))
        return out.read_bytes()
