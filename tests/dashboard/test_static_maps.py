"""Issue #19, item 9: a static view (slide, PNG, PDF, HTML) lists every figure of a map: a label that
has no room says "+ n more, listed under the map" (never "(hover)"), and the list is there."""

from __future__ import annotations

import pandas as pd
import pytest

from lagebild.dashboard import briefing as B
from lagebild.dashboard import export as E
from lagebild.dashboard.geo import VIEWS, map_figure, prepare_view, read_geo, unlabelled_figures


@pytest.fixture(scope="module")
def crowded(small):
    """Six figures in one place (Kursk Oblast): three fit its label."""
    t = dict(small)
    figs = t["troop_figures"]
    row = figs[figs["location"].notna()].iloc[[0]]
    more = pd.concat([row.assign(value=v, start=row["start"] + i, end=row["end"] + i, low=pd.NA, high=pd.NA,
                                 qualifier=None)
                      for i, v in enumerate((1111, 2222, 3333, 4444, 5555), start=1)], ignore_index=True)
    t["troop_figures"] = pd.concat([figs, more], ignore_index=True)
    return t


@pytest.fixture(scope="module")
def views():
    layers = read_geo()
    return {key: prepare_view(layers, spec) for key, spec in VIEWS.items()}


def test_a_crowded_label_points_to_the_list_and_the_list_has_every_figure(views, crowded):
    t = crowded
    fig = map_figure(views["kursk"], t["places"], t["troop_figures"], t["actors"], all_places=t["places"],
                     events=t["events"], documents=t["documents"], dates=t["dates"])
    texts = " ".join(str(x) for tr in fig.data for x in (tr.text or ()) if isinstance(x, str))
    assert "(hover)" not in texts and "more, listed with the map" in texts
    listed = " ".join(unlabelled_figures(fig))
    shown = texts + listed
    for v in (1111, 2222, 3333, 4444, 5555):
        assert f"{v:,}" in shown, v
    # the PNG's labelled figure writes the list under the map
    png_fig = E.labelled(fig, "Map", "sources")
    notes = " ".join(a.text for a in png_fig.layout.annotations if a.text)
    assert all(x.split(": ", 1)[1].split(",")[0] in notes for x in unlabelled_figures(fig))


def test_the_html_export_lists_what_a_map_label_leaves_out(views, crowded):
    slide = B.Slide(page="map", show="map:kursk", title="Kursk", params={})
    html = E.briefing_html(B.Briefing("x", [slide]), crowded, map_views=views)
    assert "(hover)" not in html and "Also on this map" in html


def test_the_map_key_sits_inside_the_maps_frame(views, crowded):
    """Issue #19, item 8: on a tall map in a wide slide the key stuck out of the map's frame."""
    from lagebild.dashboard.briefing.visuals import SLIDE_MAP_FRAME
    from lagebild.dashboard.geo.labels import LabelPlacer

    t = crowded
    fig = map_figure(views["kursk"], t["places"], t["troop_figures"], t["actors"], all_places=t["places"],
                     events=t["events"], documents=t["documents"], dates=t["dates"], frame=SLIDE_MAP_FRAME)
    placer = LabelPlacer(views["kursk"], SLIDE_MAP_FRAME[0], SLIDE_MAP_FRAME[1] - 10)
    left = (placer.chart_w - placer.w) / 2 / placer.chart_w
    assert fig.layout.legend.x >= left


def test_a_year_of_figures_on_one_place_lists_a_dozen_and_counts_the_rest(views, small):
    """At 10,000 documents one region held thousands of figures: the list under the map (and the figure's
    data sent to the browser) grew with them and the Map took minutes.  The list spells out ``LISTED`` of a
    place's figures and says how many more there are and where they all are."""
    from lagebild.dashboard.geo.claims import LISTED

    t = dict(small)
    figs = t["troop_figures"]
    row = figs[figs["location"].notna()].iloc[[0]]
    values = range(1001, 1001 + 40)
    more = pd.concat([row.assign(value=v, start=row["start"] + i, end=row["end"] + i, low=pd.NA, high=pd.NA,
                                 qualifier=None) for i, v in enumerate(values, start=1)], ignore_index=True)
    fig = map_figure(views["kursk"], t["places"], pd.concat([figs, more], ignore_index=True), t["actors"],
                     all_places=t["places"], events=t["events"], documents=t["documents"], dates=t["dates"])
    place = row["location"].iloc[0]
    name = dict(zip(t["places"]["id"], t["places"]["name"]))[place]
    lines = [x for x in unlabelled_figures(fig) if x.startswith(name + ": ")]
    assert len(lines) == LISTED + 1
    texts = " ".join(str(x) for tr in fig.data for x in (tr.text or ()) if isinstance(x, str))
    shown = [v for v in values if f"{v:,}" in texts + " ".join(lines)]
    last = lines[-1]
    assert "more figures, every one on the Troop figures page" in last
    # nothing is lost: every figure is in the label, spelled out, or counted
    counted = int(last.split("and ", 1)[1].split(" more")[0].replace(",", ""))
    assert len(shown) + counted >= len(values) and 0 < counted < len(values)
