"""Truth on the map: every figure label says whose troops, what kind, how many as the text says and who
claims it; the Pyongyang → Kursk link carries only North Korean troops; a derived bound is never drawn."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from lagebild.dashboard.fmt import bounds_source
from lagebild.dashboard.geo import VIEWS, locate_figures, map_figure, prepare_view, read_geo


@pytest.fixture(scope="module")
def views():
    layers = read_geo()
    return {key: prepare_view(layers, spec) for key, spec in VIEWS.items()}


def draw(view, t, figures=None):
    return map_figure(view, t["places"], t["troop_figures"] if figures is None else figures, t["actors"],
                      all_places=t["places"], events=t["events"], documents=t["documents"], dates=t["dates"])


def figure_texts(fig) -> list[str]:
    """Every label and hover line that shows a figure (regions and pins)."""
    out = []
    for tr in fig.data:
        name = tr.name or ""
        if name.startswith(("Region figure:", "Figure pin:", "Figure labels")):
            out += [str(x) for x in (tr.text or ())] + [str(x) for x in (tr.hovertext or ())]
    return out


from lagebild.dashboard.geo.claims import CONTINUED  # noqa: E402


def label_lines(fig) -> list[str]:
    lines = []
    for tr in fig.data:
        if (tr.name or "").startswith("Region figure:") or tr.name == "Figure labels":
            for text in tr.text:
                # a figure wrapped onto a second (indented) line is still one figure
                lines += [ln for ln in re.split(r"<br>", text.replace(CONTINUED, " ")) if "troops" in ln]
    return lines


@pytest.mark.parametrize("key", list(VIEWS))
@pytest.mark.parametrize("dataset", ["small", "seed", "synthetic"])
def test_every_label_names_whose_troops_the_kind_and_the_claimant(views, key, dataset, small, seed_tables, synthetic):
    t = {"small": small, "seed": seed_tables, "synthetic": synthetic}[dataset]
    names = set(t["actors"]["name"])
    for line in label_lines(draw(views[key], t)):
        assert re.search(r"troops of [^<]+ (deployed|mobilised|killed|wounded|captured|missing|\(kind)", line), line
        claimant = line.split(":", 1)[0] if ":" in line else None
        assert "(no claimant named)" in line or claimant in names, line


@pytest.mark.parametrize("dataset", ["small", "seed", "synthetic"])
def test_no_figure_of_another_country_sits_on_the_pyongyang_kursk_link(views, dataset, small, seed_tables, synthetic):
    t = {"small": small, "seed": seed_tables, "synthetic": synthetic}[dataset]
    countries = dict(zip(t["actors"]["id"], t["actors"]["country"]))
    places = t["places"].set_index("id")
    origin = places.loc["pyongyang", "country"] if "pyongyang" in places.index else "PRK"
    foreign = {t["actors"].set_index("id").loc[a, "name"] for a in t["troop_figures"]["subject_actor"].dropna()
               if countries.get(a) != origin}
    assert foreign, "the data set has figures of another country's troops"
    figs = t["troop_figures"]
    foreign_quotes = {html.escape(q)[:80] for a, q in zip(figs["subject_actor"], figs["quote"]) if countries.get(a) != origin}
    for text in figure_texts(draw(views["overview"], t)):
        for name in foreign:
            assert f"troops of {name} " not in text, text
        assert not any(q in text for q in foreign_quotes), text


def test_the_seed_deployment_is_on_the_kursk_map_marked_as_placed_from_the_article(views, seed_tables):
    """"etwa 11.000 nordkoreanische Soldaten" names no place; the article places them "hauptsächlich in der
    russischen Region Kursk" in another sentence: drawn there, marked, and never as 50,000."""
    for key in ("kursk", "overview"):
        lines = label_lines(draw(views[key], seed_tables))
        nk = [ln for ln in lines if "troops of North Korea deployed" in ln]
        assert nk and all(ln.startswith("about 11,000") for ln in nk), lines
        assert not any("50,000" in ln and "North Korea" in ln for ln in lines)
    located = locate_figures(seed_tables["troop_figures"], seed_tables["events"], seed_tables["actors"])
    row = located[located["value"] == 11000].iloc[0]
    assert row["location"] == "kursk-oblast"
    own = seed_tables["troop_figures"].loc[seed_tables["troop_figures"]["value"] == 11000, "location"].iloc[0]
    if pd.isna(own):  # placed from the other sentence: said so on the label and in the hover
        assert row["place_note"].startswith("place from sentence")
        assert all(ln.endswith("*") for ln in label_lines(draw(views["kursk"], seed_tables)) if "North Korea" in ln)


def test_a_figure_the_text_places_keeps_its_own_place(small):
    located = locate_figures(small["troop_figures"], small["events"], small["actors"])
    own = small["troop_figures"]["location"].notna()
    assert (located.loc[own, "location"] == small["troop_figures"].loc[own, "location"]).all()
    assert (located.loc[own, "place_note"] == "").all()


@pytest.mark.parametrize("dataset", ["small", "seed", "synthetic"])
def test_no_derived_bound_on_the_map(views, dataset, small, seed_tables, synthetic):
    t = {"small": small, "seed": seed_tables, "synthetic": synthetic}[dataset]
    figs = t["troop_figures"]
    derived = figs[[bounds_source(lo, hi, q) == "derived" for lo, hi, q in zip(figs["low"], figs["high"], figs["qualifier"])]]
    bounds = {f"{int(v):,}" for col in ("low", "high") for v in derived[col].dropna()} - {f"{int(v):,}" for v in figs["value"]}
    for key in VIEWS:
        for text in figure_texts(draw(views[key], t)):
            assert not any(re.search(rf"(?<![\d,]){re.escape(b)}(?![\d,])", text) for b in bounds), text
            assert "range" not in text


def test_the_key_on_the_map_names_each_claimant_colour(views, small):
    fig = draw(views["kursk"], small)
    keys = {tr.name for tr in fig.data if tr.showlegend}
    labelled = {ln.split(":", 1)[0] for ln in label_lines(fig) if ":" in ln}
    assert {f"claimed by {c}" for c in labelled} <= keys
    # one entry a row, as the label placer counts it: plotly moved a wrapped horizontal key out of the map
    assert fig.layout.legend.orientation == "v"


def test_the_map_says_each_figure_s_review_status_in_its_label_and_hover(views, seed_tables):
    """Issue 12: the Map showed no review status.  The same words as the other pages (``fmt.review_text``)."""
    figs = seed_tables["troop_figures"].assign(review_status="machine")
    figs.loc[figs["value"] == 11000, "review_status"] = "confirmed"
    fig = draw(views["kursk"], seed_tables, figures=figs)
    nk = [ln for ln in label_lines(fig) if "troops of North Korea deployed" in ln]
    assert nk and all("· confirmed" in ln for ln in nk), nk
    hovers = [t for t in figure_texts(fig) if "about 11,000" in t and "<i>" in t]
    assert hovers and all("confirmed by an analyst" in h for h in hovers)
    key = {t.name for t in fig.data if t.showlegend}
    assert "unmarked figures: not reviewed" in key  # the other labelled figures are the machine's
    # Parquet tables (no review column): every figure is the machine's; labels stay short, the key says so.
    plain = draw(views["kursk"], seed_tables)
    assert not any("· confirmed" in ln or "· edited" in ln for ln in label_lines(plain))
    assert "unmarked figures: not reviewed" in {t.name for t in plain.data if t.showlegend}
    everything = draw(views["kursk"], seed_tables, figures=seed_tables["troop_figures"].assign(review_status="edited"))
    assert "unmarked figures: not reviewed" not in {t.name for t in everything.data if t.showlegend}


def test_a_long_map_label_line_is_written_on_two_lines():
    from lagebild.dashboard.geo.claims import LINE_CHARS, wrap_line
    long = "National Intelligence Service (South Korea): about 5,000 troops of North Korea deployed (reported)"
    assert wrap_line(long) == ("National Intelligence Service (South Korea):" + CONTINUED +
                               "about 5,000 troops of North Korea deployed (reported)")
    short = "3,000 troops of North Korea deployed"
    assert wrap_line(short) == short
    no_claimant = "more than 10,000 troops of North Korea deployed (reported) (no claimant named)"
    a, b = wrap_line(no_claimant).split(CONTINUED)
    assert max(len(a), len(b)) <= LINE_CHARS and (a + " " + b) == no_claimant


def _areas(tr) -> list:
    from shapely.geometry import Polygon

    out, ring = [], []
    for x, y in [*zip(tr.x, tr.y), (None, None)]:
        if x is None or y is None or x != x or y != y:  # None or NaN: between two rings
            if len(ring) >= 3:
                out.append(Polygon(ring).buffer(0))
            ring = []
        else:
            ring.append((x, y))
    return out


@pytest.mark.parametrize("frame,lines,scale", [(None, None, 1.0), ((1090, 560), 1, 1.0), ((650, 360), 0, 0.8)],
                         ids=["page", "slide-1920", "slide-1280"])
def test_the_figure_boxes_leave_kursk_oblast_in_sight(views, frame, lines, scale):
    """Issue #19, item 8: on the Map and on the deployment slide the figure boxes of Kursk Oblast and of Russia
    covered half of Kursk Oblast itself.  On the committed tables (eleven documents) they cover under a tenth."""
    from shapely.ops import unary_union

    from lagebild import paths
    from lagebild.store import parquet

    t = parquet.read_tables(paths.TABLES)
    slide = {} if lines is None else {"frame": frame, "label_lines": lines, "scale": scale}  # the page's: defaults
    fig = map_figure(views["kursk"], t["places"], t["troop_figures"], t["actors"], all_places=t["places"],
                     events=t["events"], documents=t["documents"], dates=t["dates"], **slide)
    kursk = unary_union([a for tr in fig.data if tr.name == "Kursk Oblast" for a in _areas(tr)])
    boxes = unary_union([a for tr in fig.data if (tr.name or "").startswith("Region figure box") for a in _areas(tr)])
    assert not boxes.is_empty
    assert kursk.intersection(boxes).area / kursk.area < 0.1
