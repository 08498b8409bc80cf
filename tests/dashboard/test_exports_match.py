"""Issue #19, item 11: an export is the chart as shown.  The Troop figures PNG (and a slide of that
tab) is the page's claims chart of that tab, not another chart of the mentions."""

from __future__ import annotations

import json

from lagebild import paths
from lagebild.store import parquet
from lagebild.dashboard import briefing as B
from lagebild.dashboard.filters import FilterState, apply_filters
from test_app_pages import figures, run


def traces(fig: dict) -> list[tuple]:
    return [(tr.get("name"), tr.get("mode"), [str(x) for x in tr.get("x") or []], tr.get("y"))
            for tr in fig["data"]]


def test_the_troop_figures_png_is_the_chart_on_the_page(monkeypatch):
    monkeypatch.setenv("LAGEBILD_TABLES", str(paths.TABLES))
    shown = figures(run("pages/troop_figures.py"))  # the three tabs' charts, in tab order
    tables = parquet.read_tables(paths.TABLES)
    filtered = apply_filters(tables, FilterState())
    for visual, page_fig in zip(("figures:deployed", "figures:casualties", "figures:mobilised"), shown):
        exported = json.loads(B.slide_figure(visual, tables, filtered).to_json())
        assert traces(exported) == traces(page_fig), visual


def test_excel_and_csv_have_the_claims_and_event_groups_with_the_pages_columns(monkeypatch):
    import io
    import zipfile

    from openpyxl import load_workbook

    from lagebild.claims import derive_claims, derive_event_groups
    from lagebild.dashboard import claimviews as cv
    from lagebild.dashboard import export as E

    monkeypatch.setenv("LAGEBILD_TABLES", str(paths.TABLES))
    at = run("pages/troop_figures.py")
    on_screen = [c for c in at.dataframe[0].value.columns if c != "open"]
    t = parquet.read_tables(paths.TABLES)
    names = dict(zip(t["actors"]["id"], t["actors"]["name"]))
    titles, published = dict(zip(t["documents"]["doc_id"], t["documents"]["title"])), dict(
        zip(t["documents"]["doc_id"], t["documents"]["published"]))
    shown = {"claims": cv.claims_export(derive_claims(t), names, titles, published),
             "event_groups": cv.event_group_rows(derive_event_groups(t), names, titles, published)}
    wb = load_workbook(io.BytesIO(E.tables_excel(t, {"filters": "none"}, shown)))
    header = [c.value for c in next(wb["claims"].iter_rows(max_row=1))]
    assert header == on_screen
    assert wb["claims"].max_row == len(derive_claims(t)) + 1 and wb["event_groups"].max_row > 1
    z = zipfile.ZipFile(io.BytesIO(E.tables_csv_zip(t, {"filters": "none"}, shown)))
    assert {"lagebild-claims.csv", "lagebild-event_groups.csv"} <= set(z.namelist())
    assert "Treaty signing" in z.read("lagebild-event_groups.csv").decode()
