"""Issue #19, item 4, on the eleven documents in seeds/: every casualty kind ("killed or wounded",
"casualties") is on the Casualties panel, never under "Mobilised and other"; a step line joins only
one claimant's claims of one kind (never a 6,000 brigade to 2 captured)."""

from __future__ import annotations

import json

import pytest

from lagebild import paths
from lagebild.store import parquet
from lagebild.claims import derive_claims
from lagebild.dashboard import claimviews as cv
from lagebild.dashboard.charts import FIGURE_GROUPS
from test_app_pages import figures, run


@pytest.fixture(scope="module")
def claims():
    return derive_claims(parquet.read_tables(paths.TABLES))


def test_every_casualty_kind_is_on_the_casualties_panel(claims):
    cas = cv.casualty_claims(claims)
    assert {"killed_or_wounded", "casualties"} <= set(cas["kind"])
    assert set(cas["kind"]) <= set(FIGURE_GROUPS["casualties"])


def test_a_step_line_joins_one_claimant_and_one_kind(claims):
    names = dict(zip(*[parquet.read_tables(paths.TABLES)["actors"][c] for c in ("id", "name")]))
    fig = json.loads(cv.claims_chart(claims, names, {}, {}, by_kind=True).to_json())
    for tr in fig["data"]:
        if "lines" in (tr.get("mode") or "") and tr.get("showlegend", True):  # not a stated range's band
            assert not (tr.get("name") or "").endswith("(kind not stated)"), tr["name"]  # "other" is no series
    zel = [tr for tr in fig["data"] if (tr.get("name") or "").startswith("Volodymyr Zelensky · (kind not stated)")]
    assert zel and all("lines" not in tr["mode"] for tr in zel)


def test_the_casualties_tab_shows_killed_or_wounded(monkeypatch):
    monkeypatch.setenv("LAGEBILD_TABLES", str(paths.TABLES))
    at = run("pages/troop_figures.py")
    names = {f["layout"].get("title", {}).get("text", "") or i: [tr.get("name") for tr in f["data"]]
             for i, f in enumerate(figures(at))}
    chart_names = list(names.values())
    casualties = next(n for n in chart_names if any("killed" in (x or "") for x in n))
    assert any("killed or wounded" in (x or "") for x in casualties)
    other = chart_names[-1]
    assert not any("killed or wounded" in (x or "") or "casualties" in (x or "") for x in other), other


def test_a_small_figure_is_not_drawn_on_the_x_axis(claims):
    """Issue #19, item 8: "2 captured" sat half under the x-axis (the axis started at 0)."""
    cas = cv.casualty_claims(claims)
    fig = cv.claims_chart(cas, {}, {}, {}, by_kind=True)
    low, high = fig.layout.yaxis.range
    assert low < 0 and high > float(cas["value"].max())


def test_one_figure_at_one_point_is_written_once(claims):
    """Issue #19, item 8: the UK's "more than 6,000" (casualties, and killed or wounded) overprinted
    itself ("moremore than 6,000")."""
    fig = cv.claims_chart(cv.casualty_claims(claims), {}, {}, {}, by_kind=True)
    written = [(str(x), t) for tr in fig.data if tr.text is not None for x, t in zip(tr.x, tr.text) if t]
    assert len(written) == len(set(written))
