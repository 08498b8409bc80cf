"""Where map labels go: a greedy, collision-aware placer in the screen pixels of one view."""

from __future__ import annotations

import html
import math
import re

import numpy as np
import shapely
from shapely.geometry import box
from shapely.ops import polylabel

from lagebild.dashboard.geo.views import PreparedView

# ----------------------------------------------------------------------------------------------
# Label placement.  Plotly draws scatter text centred on a point and does not move it out of the
# way, so every label is placed here: its box is estimated in screen pixels from text length ×
# font size, and each label tries candidate positions (preferred side, N/S/E/W, diagonals, then
# callouts with a leader line) and takes the one that stays in the frame and overlaps no pin and
# no label placed before it.  Pixels per projected metre come from the chart size at 1920×1080.
# ----------------------------------------------------------------------------------------------
MAP_HEIGHT = 720
PLOT_WIDTH = 1370  # the main column at 1920×1080 with the sidebar open
CITY_PIN = 10
_FRAME_MARGIN = 4.0  # px kept free along the frame
_OVERLAP = 1000.0  # cost of any overlap; candidates at or above it are "colliding"
_OUTSIDE = 1e6  # cost of leaving the frame
_COVER = 2000.0  # cost of covering all of an area kept clear: half of Kursk Oblast hidden weighs as much as an overlap


def _char_width(c: str) -> float:
    """Approximate advance of one character in em (a little generous for a sans-serif UI font)."""
    if c == " ":
        return 0.28
    if c in "mwMW":
        return 0.85
    if c.isdigit():
        return 0.56
    if c.isupper():
        return 0.66
    if c in "ijlftr":
        return 0.33
    if c in ",.;:'’!|":
        return 0.27
    if c in "()[]-–/":
        return 0.36
    if c.isalpha():
        return 0.53
    return 0.62


def text_box_px(text: str, size: float) -> tuple[float, float]:
    """Width and height in px of plotly scatter text (``<br>`` line breaks, ``<b>`` bold)."""
    lines = re.split(r"<br\s*/?>", text)
    width = 0.0
    for line in lines:
        plain = html.unescape(re.sub(r"<[^>]+>", "", line))
        w = sum(_char_width(c) for c in plain) * size * (1.08 if "<b>" in line else 1.0)
        width = max(width, w)
    return width + 4, len(lines) * size * 1.25 + 2


_DIRS = {  # textposition-style names -> unit direction (x right, y up)
    "middle right": (1, 0), "middle left": (-1, 0), "top center": (0, 1), "bottom center": (0, -1),
    "top right": (1, 1), "top left": (-1, 1), "bottom right": (1, -1), "bottom left": (-1, -1),
}


class LabelPlacer:
    """Greedy, collision-aware label placement in the screen pixels of one map view."""

    def __init__(self, view: PreparedView, width_px: float = PLOT_WIDTH, height_px: float = MAP_HEIGHT - 10):
        # The chart's size on screen: the page's main column, or a slide's figure column (labels keep
        # their pixel size while the map shrinks, so the placer must know which).
        self.chart_w, self.chart_h = width_px, height_px
        (self.x0, x1), (self.y0, y1) = view.x_range, view.y_range
        self.k = min(width_px / (x1 - self.x0), height_px / (y1 - self.y0))  # px per projected unit
        self.w, self.h = (x1 - self.x0) * self.k, (y1 - self.y0) * self.k
        self._boxes = np.empty((0, 5))  # x0, y0, x1, y1, weight (px)
        self._clear: list = []  # (prepared area in projected units, its area): labels keep off them

    def px(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) * self.k, (y - self.y0) * self.k

    def xy(self, px: float, py: float) -> tuple[float, float]:
        return self.x0 + px / self.k, self.y0 + py / self.k

    def contains(self, x: float, y: float) -> bool:
        px, py = self.px(x, y)
        return 0 <= px <= self.w and 0 <= py <= self.h

    def add_point(self, x: float, y: float, r_px: float, weight: float = 1.0) -> None:
        """A pin (or a point of a line) that labels keep clear of."""
        px, py = self.px(x, y)
        self._add((px - r_px, py - r_px, px + r_px, py + r_px), weight)

    def legend_xy(self) -> tuple[float, float]:
        """Where the key's bottom-left corner goes, in the chart's paper fractions: just inside the map's frame."""
        return ((self.chart_w - self.w) / 2 + 0.01 * self.w) / self.chart_w, \
            ((self.chart_h - self.h) / 2 + 0.01 * self.h) / self.chart_h

    def add_legend(self, entries: list[str], size: float = 15) -> None:
        """The legend in the bottom-left corner (layout.legend x=y=0.01 of the chart, one entry a row)."""
        if not entries:
            return
        width = max(text_box_px(e, size)[0] for e in entries) + 50
        height = len(entries) * (size * 1.5) + 12
        # inside the map's own frame (a tall map's plot area is narrower than the chart: the key stuck out)
        left, bottom = 0.01 * self.w, 0.01 * self.h
        self._add((left, bottom, left + width, bottom + height))

    def keep_clear(self, area) -> None:
        """An area (projected units) that labels should not cover: the map's focus region.  A label over it
        costs in proportion to the share of it hidden, less than any overlap with another label or pin."""
        (x0, x1), (y0, y1) = (self.x0, self.x0 + self.w / self.k), (self.y0, self.y0 + self.h / self.k)
        visible = area.intersection(box(x0, y0, x1, y1))
        if not visible.is_empty and visible.area > 0:
            shapely.prepare(visible)
            self._clear.append((visible, visible.area))

    def _add(self, b, weight: float = 1.0) -> None:
        self._boxes = np.vstack([self._boxes, [*b, weight]])

    def cost(self, b) -> float:
        """0 for a box inside the frame touching nothing; ≥ _OVERLAP if it overlaps; ≥ _OUTSIDE if it leaves the frame."""
        bx0, by0, bx1, by1 = b
        m = _FRAME_MARGIN
        ix = max(0.0, min(bx1, self.w - m) - max(bx0, m))
        iy = max(0.0, min(by1, self.h - m) - max(by0, m))
        outside = (bx1 - bx0) * (by1 - by0) - ix * iy
        cost = _OUTSIDE + outside if outside > 0.5 else 0.0
        if len(self._boxes):
            o = self._boxes
            ox = np.clip(np.minimum(bx1, o[:, 2]) - np.maximum(bx0, o[:, 0]), 0, None)
            oy = np.clip(np.minimum(by1, o[:, 3]) - np.maximum(by0, o[:, 1]), 0, None)
            overlap = float(np.sum(ox * oy * o[:, 4]))
            if overlap > 0.5:
                cost += _OVERLAP + 10 * overlap
        for area, total in self._clear:
            (ax, ay), (bx, by) = self.xy(bx0, by0), self.xy(bx1, by1)
            cost += _COVER * area.intersection(box(ax, ay, bx, by)).area / total
        return cost

    def _best(self, candidates, region=None):
        """(cost, box, extra) of the cheapest candidate; candidates are (box_px, extra_cost, use_region)."""
        best = None
        for b, extra, use_region in candidates:
            c = self.cost(b) + extra
            if best is not None and c >= best[0]:
                continue
            if region is not None:
                # near the anchor a label belongs inside its area; a callout (joined by a leader line)
                # may leave it, but one that sits over a neighbour reads as the neighbour's
                c += (200 if use_region else 80) * self._outside_fraction(b, region)
            if best is None or c < best[0]:
                best = (c, b, use_region)
        return best

    def _outside_fraction(self, b, region) -> float:
        bx0, by0, bx1, by1 = b
        gx = np.array([bx0, (bx0 + bx1) / 2, bx1] * 3)
        gy = np.repeat([by0, (by0 + by1) / 2, by1], 3)
        xs, ys = self.x0 + gx / self.k, self.y0 + gy / self.k
        return 1.0 - float(np.mean(shapely.contains_xy(region, xs, ys)))

    def _box_data(self, b):
        (ax, ay), (bx, by) = self.xy(b[0], b[1]), self.xy(b[2], b[3])
        return ax, ay, bx, by

    def place_near_point(self, x: float, y: float, text: str, size: float, r_px: float, prefer: str | None = None,
                         required: bool = True) -> tuple[float, float] | None:
        """Centre of a label beside the pin at (x, y): preferred side first, then E, W, N, S, diagonals, farther out."""
        w, h = text_box_px(text, size)
        px, py = self.px(x, y)
        order = ([prefer] if prefer in _DIRS else []) + [d for d in _DIRS if d != prefer]
        candidates = []
        for ring, extra0 in ((1.0, 0.0), (2.2, 60.0), (3.6, 140.0)):
            for i, name in enumerate(order):
                ux, uy = _DIRS[name]
                diag = 0.7 if ux and uy else 1.0
                cx = px + ux * (r_px * ring * diag + 3 + w / 2)
                cy = py + uy * (r_px * ring * diag + 3 + h / 2)
                candidates.append(((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), extra0 + 4 * i, False))
        cost, b, _ = self._best(candidates)
        if not required and cost >= _OVERLAP:
            return None
        self._add(b)
        return self.xy((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)

    def place_region_label(self, anchor: tuple[float, float], text: str, size: float, region=None, pad: float = 0.0,
                           callout: bool = True, required: bool = True):
        """A label for an area at its anchor, shifted N/S/E/W off pins and labels (staying inside ``region``
        if it can); with ``callout``, else a box further out joined to the anchor by a leader line.

        Returns ((x, y) centre, box (x0, y0, x1, y1) or None, leader ((x, y), (x, y)) or None), or None
        when ``required`` is false and every candidate collides.
        """
        w, h = text_box_px(text, size)
        w, h = w + 2 * pad, h + 2 * pad
        ax, ay = self.px(*anchor)
        if region is not None:
            shapely.prepare(region)
        candidates = []
        for step in (0.0, 0.3, 0.6, 0.9, 1.25, 1.6):
            for ux, uy in ((0, 0),) if step == 0 else ((0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1)):
                dx, dy = ux * step * (w * 0.5 + 10), uy * step * (h + 6)
                cx, cy = ax + dx, ay + dy
                candidates.append(((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), 0.12 * math.hypot(dx, dy), True))
        near = len(candidates)
        if callout:
            for d in (45, 80, 120, 170, 230, 300):
                for deg in range(0, 360, 30):
                    ux, uy = math.cos(math.radians(deg)), math.sin(math.radians(deg))
                    # centre so that the box edge is d px from the anchor along (ux, uy)
                    reach = min(w / 2 / abs(ux) if abs(ux) > 1e-9 else math.inf, h / 2 / abs(uy) if abs(uy) > 1e-9 else math.inf)
                    cx, cy = ax + ux * (d + reach), ay + uy * (d + reach)
                    candidates.append(((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), 60 + 0.5 * d, False))
        best = self._best(candidates, region)
        cost, b, _ = best
        if not required and (cost >= _OVERLAP or (region is not None and self._outside_fraction(b, region) > 0.5)):
            return None  # an optional label that would collide or mostly sit outside its area is left out
        idx = next(i for i, c in enumerate(candidates) if c[0] is b)
        self._add(b)
        centre = self.xy((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
        leader = None
        if idx >= near:
            ex, ey = min(max(ax, b[0]), b[2]), min(max(ay, b[1]), b[3])
            leader = (anchor, self.xy(ex, ey))
            self._add((min(ax, ex) - 1, min(ay, ey) - 1, max(ax, ex) + 1, max(ay, ey) + 1), 0.02)
        return centre, (self._box_data(b) if pad else None), leader


def region_anchor(geom, view: PreparedView) -> tuple[float, float] | None:
    """Where an area's label belongs: the pole of inaccessibility of its largest part inside the frame."""
    if geom is None or geom.is_empty:
        return None
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    visible = geom.intersection(box(x0, y0, x1, y1))
    if visible.is_empty:
        return None
    parts = [g for g in getattr(visible, "geoms", [visible]) if g.geom_type == "Polygon"]
    if not parts:
        pt = visible.representative_point()
        return pt.x, pt.y
    part = max(parts, key=lambda g: g.area)
    tol = max(part.bounds[2] - part.bounds[0], part.bounds[3] - part.bounds[1]) / 100
    pt = polylabel(part, tolerance=tol)
    return pt.x, pt.y
