"""Hostile links: only http(s) addresses become links, quotes never auto-link, and
spreadsheet exports never carry a formula (OWASP CSV injection)."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lagebild.store import parquet
from lagebild.dashboard import export as E
from lagebild.dashboard.markup import md_escape, safe_link
from lagebild_testdata import DASHBOARD, HOSTILE_ID, small_tables

# What Streamlit's Markdown (mdast-util-gfm-autolink-literal) turns into a link after parsing.
AUTOLINK = re.compile(r"(https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.I)


@pytest.mark.parametrize("url, link", [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("HTTP://Example.org", "HTTP://Example.org"),
    ("javascript:alert(document.cookie)", None),
    ("JaVaScRiPt:alert(1)", None),
    (" javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox", None),
    ("file:///etc/passwd", None),
    ("//evil.example/x", None),
    ("/sources?x=1", None),
    ("https://", None),
    ("https://evil.example/\"onmouseover=alert(1)", None),
    ("http://[::1", None),
    (None, None),
    (42, None),
])
def test_only_absolute_http_addresses_may_become_links(url, link):
    assert safe_link(url) == link


@pytest.mark.parametrize("text", [
    "Siehe https://evil.example/login jetzt", "www.evil.example/x", "kim@evil.example",
    "HTTPS://EVIL.EXAMPLE", "mailto:kim@evil.example", "WWW.evil.example",
])
def test_quotes_never_auto_link(text):
    shown = md_escape(text)
    assert not AUTOLINK.search(shown.replace("\\", "")), shown
    assert shown.replace("\\", "").replace("\u2060", "") == text  # reads the same


def test_csv_neutralises_formula_cells_and_keeps_numbers():
    df = pd.DataFrame({"quote": ['=HYPERLINK("https://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3",
                                 "@SUM(1+1)", "\tx", "normal text", None],
                       "value": [-5, 1, 2, 3, 4, 5, 6]})
    rows = pd.read_csv(io.BytesIO(E.table_csv(df)), keep_default_na=False)
    assert rows["quote"].tolist()[:6] == ["'=HYPERLINK(\"https://evil.example\",\"click\")", "'+cmd|' /C calc'!A0",
                                          "'-2+3", "'@SUM(1+1)", "'\tx", "normal text"]
    assert rows["value"].tolist()[0] == -5  # a number is not a formula


def test_csv_zip_neutralises_and_says_so():
    tables = small_tables()
    tables["documents"].loc[0, "title"] = "=HYPERLINK(\"https://evil.example\")"
    z = zipfile.ZipFile(io.BytesIO(E.tables_csv_zip(tables, {"filters": "none"})))
    docs = pd.read_csv(z.open("lagebild-documents.csv"))
    assert docs["title"][0].startswith("'=HYPERLINK")
    assert "formulas" in z.read("ABOUT.txt").decode()


def test_excel_never_holds_a_formula():
    from openpyxl import load_workbook

    tables = small_tables()
    tables["documents"].loc[0, "title"] = "=HYPERLINK(\"https://evil.example\")"
    wb = load_workbook(io.BytesIO(E.tables_excel(tables, {"filters": "none"})))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == "=HYPERLINK(\"https://evil.example\")" for c in cells)


def test_sources_links_only_http_sidecar_urls(tmp_path, monkeypatch):
    tables = small_tables()
    docs = tables["documents"]
    docs.loc[docs["doc_id"] == HOSTILE_ID, "url"] = "javascript:alert(document.cookie)"
    monkeypatch.setenv("LAGEBILD_TABLES", str(parquet.write_tables(tables, tmp_path / "tables")))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.switch_page("pages/sources.py").run()
    at.session_state["sources_tab"] = [t.label for t in at.tabs][1]
    at.run()
    assert not at.exception
    (table,) = at.dataframe
    shown = table.value
    config = json.loads(table.proto.columns)
    links = [c for c, conf in config.items() if conf.get("type_config", {}).get("type") == "link"]
    assert links == ["link"] and config["url"]["type_config"]["type"] == "text"
    assert "javascript:alert(document.cookie)" not in shown["link"].dropna().tolist()
    hostile = shown[shown["doc_id"] == HOSTILE_ID].iloc[0]
    assert pd.isna(hostile["link"]) and hostile["url"] == "javascript:alert(document.cookie)"  # shown as text
