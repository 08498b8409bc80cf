"""Exports: self-contained HTML (no outside reference), PDF and PNG offline, tables as CSV and Excel."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

import pandas as pd
import pytest

from lagebild.dashboard import briefing as B
from lagebild.dashboard import export as E
from lagebild.dashboard.geo import VIEWS, prepare_view, read_geo

needs_chromium = pytest.mark.skipif(E.chromium_path() is None, reason="needs Debian's chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def map_views():
    layers = read_geo()
    return {k: prepare_view(layers, spec) for k, spec in VIEWS.items()}


class Refs(HTMLParser):
    """Every URL-bearing attribute of real tags (script bodies are not parsed as tags)."""

    def __init__(self):
        super().__init__()
        self.refs, self.tags, self.scripts = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.scripts += tag == "script"
        for k, v in attrs:
            if k in ("src", "href", "srcset", "data", "poster", "action", "xlink:href") and v:
                self.refs.append(v)


@pytest.fixture(scope="module")
def exported(small, map_views):
    return E.briefing_html(B.default_briefing(small), small, map_views)


def test_html_references_nothing_outside_itself(exported):
    from plotly.offline import get_plotlyjs

    p = Refs()
    p.feed(exported)
    assert not [r for r in p.refs if not r.startswith(("#", "data:"))], p.refs
    assert "<link" not in exported and "@import" not in exported
    assert get_plotlyjs() in exported  # plotly.js inline, once
    assert exported.count(get_plotlyjs()[:200]) == 1
    outside_plotlyjs = exported.replace(get_plotlyjs(), "")
    # Figure arrays travel as base64 ("bdata"), which may spell anything: leave them out of the word search.
    outside_plotlyjs = re.sub(r'"bdata":"[^"]*"', '"bdata":""', outside_plotlyjs)
    assert "cdn" not in outside_plotlyjs.lower()
    assert "http://" not in outside_plotlyjs and "https://" not in outside_plotlyjs


def test_html_has_all_slides_with_takeaway_as_of_and_sources(small, exported):
    import html

    b = B.default_briefing(small)
    text = html.unescape(exported)
    for i, s in enumerate(b.slides, start=1):
        assert f"Slide {i} of {len(b.slides)}" in text
        assert s.title in text and s.takeaway in text
        for n in s.footnotes:
            assert n["quote"] in text
    assert text.count("As of 20 Jan 2025") == len(b.slides)
    assert exported.count('class="plotly-graph-div"') == 2  # timeline + map; the third slide is cards
    assert "Sudzha" in exported  # the map's labels travel with the figure


def test_html_escapes_document_text(small, map_views):
    b = B.Briefing("x", [B.Slide(page="sources", show="cards:events", title="<b>t</b>", params={"doc": ["hostile-001"]},
                                 footnotes=[{"doc_id": "hostile-001", "sentence": 0, "quote": "<script>alert(1)</script>"}])])
    out = E.briefing_html(b, small, map_views)
    assert "<script>alert(1)</script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<b>t</b>" not in out


@needs_chromium
def test_png_via_kaleido_and_local_chromium(small):
    from lagebild.dashboard.filters import FilterState, apply_filters

    fig = B.slide_figure("figures:deployed", small, apply_filters(small, FilterState()))
    png = E.figure_png(fig, width=800, height=450)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size == (800, 450)


@needs_chromium
def test_pdf_printed_offline(small, map_views):
    pdf = E.briefing_pdf(B.default_briefing(small), small, map_views)
    assert pdf[:5] == b"%PDF-"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1 + 3, pages  # cover + one page per slide
    assert len(pdf) > 20_000


def test_pdf_says_why_without_chromium(monkeypatch, small):
    monkeypatch.setattr(E, "chromium_path", lambda: None)
    assert "chromium" in E.pdf_unavailable()
    with pytest.raises(E.ExportError, match="chromium"):
        E.briefing_pdf(B.default_briefing(small), small)
    with pytest.raises(E.ExportError, match="Chromium"):
        E.figure_png(None)


def test_excel_has_every_table_and_keeps_formula_like_text_as_text(small):
    from openpyxl import load_workbook

    t = dict(small)
    ev = small["events"].copy()
    ev.loc[ev.index[0], "quote"] = '=HYPERLINK("http://evil.example","click")'
    t["events"] = ev
    data = E.tables_excel(t, {"data as of": "2025-01-20", "filters": "none"})
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["about", *t.keys()]
    assert wb["about"]["A1"].value == "data as of" and wb["about"]["B1"].value == "2025-01-20"
    ws = wb["events"]
    header = [c.value for c in ws[1]]
    assert header == list(ev.columns) + ["date_in_text", "date_shown"]  # what the pages show beside it
    cell = ws.cell(row=2, column=header.index("quote") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert ws.max_row == len(ev) + 1
    back = pd.read_excel(io.BytesIO(data), sheet_name="troop_figures")
    assert list(back["value"]) == list(small["troop_figures"]["value"])


def test_csv_zip_has_every_table_and_what_it_is(small):
    z = zipfile.ZipFile(io.BytesIO(E.tables_csv_zip(small, {"data as of": "2025-01-20", "filters": "actor=nis"})))
    assert set(z.namelist()) == {"ABOUT.txt", *(f"lagebild-{n}.csv" for n in small)}
    assert "filters: actor=nis" in z.read("ABOUT.txt").decode()
    back = pd.read_csv(io.BytesIO(z.read("lagebild-events.csv")))
    assert list(back["event_id"]) == list(small["events"]["event_id"])


def test_an_exported_chart_says_what_it_is_where_from_and_as_of_when(small, map_views):
    """A PNG shown on its own carries title, source line, legend and as-of; a map keeps its whole height."""
    for show in ("figures:deployed", "map:kursk"):
        fig = B.slide_figure(show, small, small, map_views)
        out = E.labelled(fig, "Troop figures: deployed", E.source_line(small, B.as_of(small)))
        assert out.layout.title.text == "Troop figures: deployed" and out.layout.showlegend
        note = out.layout.title.subtitle.text
        assert "as of 20 Jan 2025" in note and "2 documents" in note
        plot_height = out.layout.height - out.layout.margin.t - out.layout.margin.b
        assert plot_height == fig.layout.height - (fig.layout.margin.t or 0) - (fig.layout.margin.b or 0)
        assert fig.layout.title.text != out.layout.title.text  # the page's figure is left as it was


def test_exported_tables_say_which_dates_and_bounds_the_text_gives(small):
    z = zipfile.ZipFile(io.BytesIO(E.tables_csv_zip(small, {"data as of": "20 Jan 2025"})))
    figs = pd.read_csv(z.open("lagebild-troop_figures.csv"))
    etwa = figs[figs["qualifier"] == "etwa"].iloc[0]
    # "etwa 11.000": its "2024-11" is the article's month, not the text's; "up to 12,000": its 11,000 is computed.
    assert not etwa["date_in_text"] and etwa["date_shown"] == "undated (article of ~12 Nov 2024)"
    assert figs.loc[figs["qualifier"] == "up to", "bounds_source"].tolist() == ["derived"]
    events = pd.read_csv(z.open("lagebild-events.csv"))
    assert set(events.loc[events["date_in_text"], "event_id"]) == {"e2", "e4"}
