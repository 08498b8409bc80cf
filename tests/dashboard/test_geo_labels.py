"""Map labels do not overlap each other or the pins, and stay inside the frame (all three views)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from lagebild.dashboard.geo import VIEWS, LabelPlacer, map_figure, prepare_view, read_geo, text_box_px


@pytest.fixture(scope="module")
def views():
    layers = read_geo()
    return {key: prepare_view(layers, spec) for key, spec in VIEWS.items()}


def label_boxes(fig, placer):
    """Screen-pixel boxes of every text label in the figure, with the trace name."""
    boxes = []
    for trace in fig.data:
        if trace.mode != "text":
            continue
        size = trace.textfont.size
        for x, y, text in zip(trace.x, trace.y, trace.text):
            w, h = text_box_px(text, size)
            px, py = placer.px(x, y)
            boxes.append((trace.name, text, (px - w / 2, py - h / 2, px + w / 2, py + h / 2)))
    return boxes


def pin_boxes(fig, placer):
    boxes = []
    for trace in fig.data:
        if trace.name == "Cities" or (trace.name or "").startswith("Figure pin:"):
            sizes = trace.marker.size
            sizes = [sizes] * len(trace.x) if np.isscalar(sizes) else list(sizes)
            for x, y, s in zip(trace.x, trace.y, sizes):
                px, py = placer.px(x, y)
                r = float(s) / 2
                boxes.append((trace.name, (px - r, py - r, px + r, py + r)))
    return boxes


def overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


@pytest.mark.parametrize("dataset", ["small", "synthetic"])
@pytest.mark.parametrize("key", list(VIEWS))
def test_labels_do_not_collide(views, small, synthetic, dataset, key):
    tables = small if dataset == "small" else synthetic
    view = views[key]
    fig = map_figure(view, tables["places"], tables["troop_figures"], tables["actors"], all_places=tables["places"])
    placer = LabelPlacer(view)
    labels = label_boxes(fig, placer)
    assert labels
    for (n1, t1, b1), (n2, t2, b2) in itertools.combinations(labels, 2):
        assert overlap(b1, b2) < 1, f"{t1!r} ({n1}) overlaps {t2!r} ({n2})"
    for name, text, b in labels:
        assert -1 <= b[0] and b[2] <= placer.w + 1 and -1 <= b[1] and b[3] <= placer.h + 1, f"{text!r} leaves the frame"
        for pin, p in pin_boxes(fig, placer):
            assert overlap(b, p) < 1, f"{text!r} ({name}) covers a pin of {pin}"


def test_region_figure_label_clears_sudzha(views, small):
    """The screenshot defect: the Kursk Oblast figure label sat on the Sudzha pin and label."""
    view = views["kursk"]
    fig = map_figure(view, small["places"], small["troop_figures"], small["actors"], all_places=small["places"])
    names = [t.name for t in fig.data]
    assert "Region figure: Kursk Oblast" in names and "City labels" in names
    placer = LabelPlacer(view)
    labels = {text: b for _, text, b in label_boxes(fig, placer)}
    figure_box = next(b for text, b in labels.items() if text.startswith("<b>Kursk Oblast</b><br>"))
    assert overlap(figure_box, labels["Sudzha"]) == 0


def test_overview_frames_both_ends_of_the_link(views, small):
    view = views["overview"]
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    for lon, lat in ((125.75, 39.03), (126.98, 37.57), (36.19, 51.73), (37.62, 55.76)):  # Pyongyang, Seoul, Kursk, Moscow
        x, y = view.project(lon, lat)
        assert x0 < x < x1 and y0 < y < y1
    assert (x1 - x0) / (y1 - y0) == pytest.approx(VIEWS["overview"].aspect)


def test_text_box_grows_with_text_and_size():
    w1, h1 = text_box_px("Kursk", 15)
    w2, h2 = text_box_px("<b>Kursk Oblast</b>", 15)
    w3, h3 = text_box_px("Kursk<br>Oblast", 18)
    assert w2 > w1 and h2 == h1 and h3 > h1


def test_a_planned_figure_says_so_and_a_place_without_coordinates_is_not_drawn(views, small):
    """"Pjöngjang will weitere 6.000 Soldaten entsenden": the map must not read "6,000 deployed"."""
    figs = small["troop_figures"].copy()
    kursk = figs[figs["location"] == "kursk-oblast"].index
    figs.loc[kursk, "modality"] = "possible"
    places = small["places"].copy()
    nowhere = places.iloc[[0]].assign(id="text-nowhere", name="Nowhere", kind="unknown", lat=float("nan"), lon=float("nan"))
    places = pd.concat([places, nowhere], ignore_index=True)
    figs.loc[figs.index[-1], "location"] = "text-nowhere"
    fig = map_figure(views["kursk"], places, figs, small["actors"], all_places=places)
    texts = [t for tr in fig.data if tr.mode == "text" for t in tr.text]
    assert any("(possible)" in t and "Kursk Oblast" in t for t in texts)
    assert not any("Nowhere" in t for t in texts)
