"""Offline maps: geopandas reads ``data/geo/``, plotly draws it on plain cartesian axes.

Why cartesian ``go.Scatter`` and not plotly's geo or MapLibre traces: geo traces
(``Scattergeo``/``Choropleth``) fetch topojson from a CDN and come up blank
offline, and MapLibre text labels fetch glyphs from the internet.  Projected
polygons drawn as filled scatter traces need nothing but plotly.js, and their
text labels are ordinary SVG text.  Each view is clipped to its box, simplified
and projected (geopandas + pyproj) once; ``map_figure`` is a pure function of
that prepared view and the (filtered) fact tables.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from pyproj import Transformer
from shapely.geometry import box
from shapely.ops import polylabel

from lagebild import paths
from lagebild.dashboard.fmt import fmt_date
from lagebild.dashboard.colors import UNATTRIBUTED, actor_color, rgba

WATER = "#DCE8F1"
LAND = "#F2F0EB"
BORDER = "#9A9A9A"
CONTEXT_FILL = "#E4E1D8"
HIGHLIGHT = "#D55E00"
LABEL = "#222222"


@dataclass(frozen=True)
class ViewSpec:
    key: str
    title: str
    bbox: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
    crs: str
    tolerance: float  # simplification in degrees before projecting
    highlight: tuple[str, ...] = ()  # admin-1 codes drawn as the focus region
    context: tuple[str, ...] = ()  # admin-1 codes drawn and labelled around it
    country_labels: tuple[str, ...] = ()  # iso_a3 of countries to label
    label_at: tuple[tuple[str, float, float], ...] = ()  # (iso_a3, lon, lat) fixed country label positions
    cities: tuple[str, ...] = ()  # place ids always drawn as labelled pins
    link: tuple[str, str] | None = None  # two place ids joined by a great-circle line
    fit: tuple[tuple[float, float], ...] = ()  # (lon, lat) points the view frames (else the bbox corners)
    aspect: float | None = None  # widen/heighten the frame to this width/height (fills a wide chart)


VIEWS: dict[str, ViewSpec] = {
    "overview": ViewSpec(
        "overview", "Pyongyang → Kursk", (26.0, 30.0, 142.0, 62.0),
        "+proj=lcc +lat_1=38 +lat_2=56 +lat_0=45 +lon_0=84 +datum=WGS84 +units=m", 0.08,
        highlight=("RU-KRS",), country_labels=("RUS", "UKR", "CHN", "MNG", "KAZ", "PRK", "KOR", "JPN"),
        cities=("pyongyang", "seoul", "moscow", "kursk"), link=("pyongyang", "kursk"),
        # Kyiv's west, north of Moscow, Tokyo, south of Busan: the conic bbox corners cut Korea off.
        fit=((27.0, 50.0), (37.6, 58.5), (141.0, 36.0), (129.0, 33.0)), aspect=1.9,
    ),
    "kursk": ViewSpec(
        "kursk", "Kursk deployment region", (30.2, 48.6, 40.6, 54.2),
        "+proj=laea +lat_0=51.5 +lon_0=35.5 +datum=WGS84 +units=m", 0.01,
        highlight=("RU-KRS",),
        context=("RU-BEL", "RU-BRY", "RU-ORL", "RU-VOR", "RU-LIP", "UA-59", "UA-63", "UA-74", "UA-18"),
        country_labels=("UKR", "RUS", "BLR"), cities=("kursk", "sudzha", "moscow"),
        label_at=(("RUS", 39.6, 53.9), ("UKR", 32.2, 49.0), ("BLR", 30.9, 53.2)),
    ),
    "korea": ViewSpec(
        "korea", "Korean peninsula", (123.0, 33.0, 132.5, 43.5),
        "+proj=laea +lat_0=38 +lon_0=127.5 +datum=WGS84 +units=m", 0.01,
        country_labels=("PRK", "KOR", "CHN", "JPN", "RUS"), cities=("pyongyang", "seoul", "vladivostok"),
    ),
}

# Where each city's label sits relative to its pin, so labels do not collide.
LABEL_POSITION = {
    "kursk": "top right", "sudzha": "bottom left", "moscow": "top center", "pyongyang": "top left",
    "seoul": "bottom right", "vladivostok": "top left",
}
# Fallback coordinates for the view's fixed pins when the places table lacks them.
KNOWN_PLACES = {
    "kursk": ("Kursk", 51.73, 36.19), "sudzha": ("Sudzha", 51.19, 35.27), "moscow": ("Moscow", 55.76, 37.62),
    "pyongyang": ("Pyongyang", 39.03, 125.75), "seoul": ("Seoul", 37.57, 126.98),
    "vladivostok": ("Vladivostok", 43.12, 131.89),
}


@dataclass(frozen=True)
class GeoLayers:
    countries: gpd.GeoDataFrame
    admin1: gpd.GeoDataFrame


@dataclass
class PreparedView:
    spec: ViewSpec
    countries: gpd.GeoDataFrame  # projected, clipped, simplified
    admin1: gpd.GeoDataFrame  # highlight + context units, projected
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    transformer: Transformer = field(repr=False)

    def project(self, lon, lat):
        return self.transformer.transform(lon, lat)


def read_geo(folder: Path | str = paths.GEO) -> GeoLayers:
    folder = Path(folder)
    countries = gpd.read_file(folder / "countries.geojson")
    admin1 = gpd.read_file(folder / "admin1.geojson")
    return GeoLayers(countries=countries, admin1=admin1)


def prepare_view(layers: GeoLayers, spec: ViewSpec) -> PreparedView:
    lon0, lat0, lon1, lat1 = spec.bbox
    margin = 3.0
    transformer = Transformer.from_crs("EPSG:4326", spec.crs, always_xy=True)
    x_range, y_range = view_frame(spec, transformer)
    # Clip to the bbox and to everything the (possibly curved, widened) frame shows, so land fills the frame.
    fx0, fy0, fx1, fy1 = x_range[0], y_range[0], x_range[1], y_range[1]
    edge = np.linspace(0.0, 1.0, 41)
    fx = np.r_[fx0 + (fx1 - fx0) * edge, np.full(41, fx1), fx0 + (fx1 - fx0) * edge, np.full(41, fx0)]
    fy = np.r_[np.full(41, fy0), fy0 + (fy1 - fy0) * edge, np.full(41, fy1), fy0 + (fy1 - fy0) * edge]
    flon, flat = Transformer.from_crs(spec.crs, "EPSG:4326", always_xy=True).transform(fx, fy)
    clip_box = box(min(lon0, float(np.min(flon))) - margin, max(-89.0, min(lat0, float(np.min(flat))) - margin),
                   max(lon1, float(np.max(flon))) + margin, min(89.0, max(lat1, float(np.max(flat))) + margin))
    countries = gpd.clip(layers.countries, clip_box)
    countries = countries[~countries.geometry.is_empty].copy()
    countries["geometry"] = countries.geometry.simplify(spec.tolerance)
    codes = set(spec.highlight) | set(spec.context)
    admin1 = layers.admin1[layers.admin1["iso_3166_2"].isin(codes)].copy()
    admin1["geometry"] = admin1.geometry.simplify(spec.tolerance / 2)
    admin1["role"] = np.where(admin1["iso_3166_2"].isin(spec.highlight), "highlight", "context")
    countries = countries.to_crs(spec.crs)
    admin1 = admin1.to_crs(spec.crs)
    for frame in (countries, admin1):  # simplifying + projecting can leave self-touching rings
        bad = ~frame.geometry.is_valid
        if bad.any():
            frame.loc[bad, "geometry"] = shapely.make_valid(frame.geometry[bad].values)
    # Keep only what the frame (plus a little room to pan) shows: fewer points to send and draw.
    mx, my = 0.08 * (fx1 - fx0), 0.08 * (fy1 - fy0)
    countries = gpd.clip(countries, box(fx0 - mx, fy0 - my, fx1 + mx, fy1 + my))
    countries = countries[~countries.geometry.is_empty].copy()
    return PreparedView(spec=spec, countries=countries, admin1=admin1, x_range=x_range, y_range=y_range,
                        transformer=transformer)


def view_frame(spec: ViewSpec, transformer: Transformer) -> tuple[tuple[float, float], tuple[float, float]]:
    """The projected x and y range a view shows: its ``fit`` points (padded) or bbox corners, then ``aspect``."""
    lon0, lat0, lon1, lat1 = spec.bbox
    if spec.fit:
        xs, ys = transformer.transform([p[0] for p in spec.fit], [p[1] for p in spec.fit])
        pad = 0.04 * max(max(xs) - min(xs), max(ys) - min(ys))
        xs, ys = [min(xs) - pad, max(xs) + pad], [min(ys) - pad, max(ys) + pad]
    else:
        xs, ys = transformer.transform([lon0, lon1, lon0, lon1, (lon0 + lon1) / 2], [lat0, lat0, lat1, lat1, lat1])
    (x0, x1), (y0, y1) = (min(xs), max(xs)), (min(ys), max(ys))
    if spec.aspect:
        w, h = x1 - x0, y1 - y0
        if w / h > spec.aspect:
            grow = (w / spec.aspect - h) / 2
            y0, y1 = y0 - grow, y1 + grow
        else:
            grow = (h * spec.aspect - w) / 2
            x0, x1 = x0 - grow, x1 + grow
    return (x0, x1), (y0, y1)


def _polygons(geom):
    """Every Polygon in ``geom`` (also inside multi-geometries and collections, as make_valid returns)."""
    if geom is None or geom.is_empty:
        return
    if geom.geom_type == "Polygon":
        yield geom
    elif hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from _polygons(part)


def polygon_xy(geoms) -> tuple[np.ndarray, np.ndarray]:
    """x and y of every outer ring of ``geoms``, rings separated by NaN (a gap: one scatter trace).

    Float arrays rather than lists: plotly validates and encodes them without a Python loop per point.
    """
    rings = [shapely.get_coordinates(poly.exterior) for geom in geoms for poly in _polygons(geom)]
    if not rings:
        return np.empty(0), np.empty(0)
    gap = np.array([[np.nan, np.nan]])
    xy = np.concatenate([part for ring in rings for part in (ring, gap)])
    return xy[:, 0], xy[:, 1]


def great_circle(lat1: float, lon1: float, lat2: float, lon2: float, n: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """Points (lat, lon) along the great circle between two places."""
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    d = 2 * math.asin(math.sqrt(math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2))
    f = np.linspace(0, 1, n)
    a = np.sin((1 - f) * d) / math.sin(d)
    b = np.sin(f * d) / math.sin(d)
    x = a * math.cos(p1) * math.cos(l1) + b * math.cos(p2) * math.cos(l2)
    y = a * math.cos(p1) * math.sin(l1) + b * math.cos(p2) * math.sin(l2)
    z = a * math.sin(p1) + b * math.sin(p2)
    return np.degrees(np.arctan2(z, np.sqrt(x * x + y * y))), np.degrees(np.arctan2(y, x))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _place_lookup(places: pd.DataFrame) -> dict[str, dict]:
    return {r["id"]: r for r in places.to_dict("records")}


def _name(lookup: dict, actor_id) -> str:
    if not isinstance(actor_id, str):
        return "unattributed"
    row = lookup.get(actor_id)
    return row["name"] if row is not None else actor_id


def figure_claims_by_place(figures: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """One row per place with reported figures: the latest claim (deployed preferred), count, hover lines."""
    if len(figures) == 0:
        return pd.DataFrame(columns=["location", "value", "claimed_by", "kind", "n", "latest"])
    located = figures[figures["location"].isin(set(places["id"]))].copy()
    if len(located) == 0:
        return pd.DataFrame(columns=["location", "value", "claimed_by", "kind", "n", "latest"])
    located["_deployed"] = located["kind"] == "deployed"
    located["_date"] = located["date"].fillna("")
    located = located.sort_values(["location", "_deployed", "_date"], ascending=[True, False, False])
    rows = []
    for loc, group in located.groupby("location", sort=False):
        rows.append({"location": loc, "n": len(group), "latest": group.head(5), **group.iloc[0][["value", "claimed_by", "kind"]].to_dict()})
    return pd.DataFrame(rows)


def _claim_hover(claims: pd.DataFrame, actors_lookup: dict, place_name: str, n: int) -> str:
    lines = [f"<b>{html.escape(place_name)}</b> — {n} reported figure{'s' if n != 1 else ''}"]
    for r in claims.itertuples():
        rng = f" (range {r.low:,}–{r.high:,})" if pd.notna(r.low) and pd.notna(r.high) else ""
        quote = html.escape(str(r.quote))
        quote = quote if len(quote) <= 90 else quote[:87] + "…"
        lines.append(
            f"{r.value:,} {html.escape(str(r.kind))}{rng} · {html.escape(_name(actors_lookup, r.claimed_by))} · "
            f"{html.escape(fmt_date(r.date, r.date_precision))} · subject {html.escape(_name(actors_lookup, r.subject_actor))}"
            f"<br>  <i>“{quote}”</i>"
        )
    return "<br>".join(lines)


# Vague places without an admin-1 code, drawn as the union of these countries.
AREA_COUNTRIES = {"korean-peninsula": ("PRK", "KOR")}


def area_geometry(view: PreparedView, place: dict):
    """The projected polygon of a region/area/country place in this view, or None (then it is a pin)."""
    code = place.get("iso_3166_2")
    if isinstance(code, str) and len(view.admin1) and code in set(view.admin1["iso_3166_2"]):
        return view.admin1.set_index("iso_3166_2").loc[code, "geometry"]
    isos = AREA_COUNTRIES.get(place["id"])
    if isos is None and place["kind"] == "country" and isinstance(place.get("country"), str):
        isos = (place["country"],)
    if isos:
        rows = view.countries[view.countries["iso_a3"].isin(isos) | view.countries["iso_a2"].isin(isos)]
        if len(rows):
            return shapely.union_all(rows.geometry.values)
    return None


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
        (self.x0, x1), (self.y0, y1) = view.x_range, view.y_range
        self.k = min(width_px / (x1 - self.x0), height_px / (y1 - self.y0))  # px per projected unit
        self.w, self.h = (x1 - self.x0) * self.k, (y1 - self.y0) * self.k
        self._boxes = np.empty((0, 5))  # x0, y0, x1, y1, weight (px)

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

    def add_legend(self, entries: list[str], size: float = 15) -> None:
        """The legend in the bottom-left corner (layout.legend x=y=0.01 of the chart, one entry a row)."""
        if not entries:
            return
        width = max(text_box_px(e, size)[0] for e in entries) + 50
        height = len(entries) * (size * 1.5) + 12
        left = 0.01 * PLOT_WIDTH - (PLOT_WIDTH - self.w) / 2  # the chart is wider than a tall map's plot area
        bottom = 0.01 * (MAP_HEIGHT - 10)
        self._add((left, bottom, left + width, bottom + height))

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
        return cost

    def _best(self, candidates, region=None):
        """(cost, box, extra) of the cheapest candidate; candidates are (box_px, extra_cost, use_region)."""
        best = None
        for b, extra, use_region in candidates:
            c = self.cost(b) + extra
            if best is not None and c >= best[0]:
                continue
            if region is not None and use_region:
                c += 200 * self._outside_fraction(b, region)
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


def marker_size(value: float, vmax: float) -> float:
    """Marker diameter in px, area proportional to value, 14–60 px."""
    if vmax <= 0:
        return 14.0
    return 14.0 + 46.0 * math.sqrt(max(value, 0) / vmax)


def map_figure(view: PreparedView, places: pd.DataFrame, figures: pd.DataFrame, actors: pd.DataFrame,
               all_places: pd.DataFrame | None = None) -> go.Figure:
    """The map of one view: land, focus region, labelled pins, troop figures where they were reported.

    ``places``/``figures`` are the filtered tables; ``all_places`` (default ``places``) resolves ids.
    Figures located in a region (no pin) are drawn as the region filled in the claimant's colour.
    """
    spec = view.spec
    all_places = places if all_places is None else all_places
    lookup = _place_lookup(all_places)
    actors_lookup = {r["id"]: r for r in actors.to_dict("records")}
    fig = go.Figure()

    # Land: every country as one filled trace.
    xs, ys = polygon_xy(view.countries.geometry)
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=LAND, line=dict(color=BORDER, width=1),
                             hoverinfo="skip", showlegend=False, name="Countries"))
    # Admin-1 context and focus regions.
    context = view.admin1[view.admin1["role"] == "context"]
    if len(context):
        xs, ys = polygon_xy(context.geometry)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=CONTEXT_FILL,
                                 line=dict(color=BORDER, width=1, dash="dot"), hoverinfo="skip", showlegend=False,
                                 name="Neighbouring regions"))
    highlight = view.admin1[view.admin1["role"] == "highlight"]
    if len(highlight):
        xs, ys = polygon_xy(highlight.geometry)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=rgba(HIGHLIGHT, 0.18),
                                 line=dict(color=HIGHLIGHT, width=3), hoverinfo="skip", showlegend=False,
                                 name="Kursk Oblast"))

    # Troop figures: regions filled, cities as pins sized by value.  Labels are placed afterwards,
    # all at once, by the collision-aware LabelPlacer (pins and earlier labels are obstacles).
    placer = LabelPlacer(view)
    in_frame = placer.contains
    claims = figure_claims_by_place(figures, all_places)
    vmax = float(claims["value"].max()) if len(claims) else 0.0
    pin_rows, region_figures = [], []
    for row in claims.to_dict("records"):
        place = lookup[row["location"]]
        color = actor_color(row["claimed_by"]) if isinstance(row["claimed_by"], str) else UNATTRIBUTED
        hover = _claim_hover(row["latest"], actors_lookup, place["name"], row["n"])
        label = f"{row['value']:,} {row['kind']}"
        geom = area_geometry(view, place) if place["kind"] in ("region", "country", "area") else None
        if geom is not None:
            xs, ys = polygon_xy([geom])
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=rgba(color, 0.35),
                                     line=dict(color=color, width=4), hoverinfo="skip", showlegend=False,
                                     name=f"Figures: {place['name']}"))
            region_figures.append((place, geom, color, hover, f"<b>{label}</b><br>{place['name']} (region)"))
        elif pd.isna(place["lat"]) or pd.isna(place["lon"]):
            continue  # a place only the text names, without coordinates: listed on the pages, not drawn
        else:
            x, y = view.project(place["lon"], place["lat"])
            if not in_frame(x, y):  # e.g. Sudzha on the Korea map: no legend entry for an invisible pin
                continue
            size = marker_size(row["value"], vmax)
            placer.add_point(x, y, size / 2 + 2)
            pin_rows.append({"x": x, "y": y, "value": row["value"], "size": size, "color": color, "hover": hover,
                             "label": label, "claimant": _name(actors_lookup, row["claimed_by"])})
    if pin_rows:
        pins = pd.DataFrame(pin_rows)
        for claimant, group in pins.groupby("claimant", sort=True):
            fig.add_trace(go.Scatter(
                x=group["x"], y=group["y"], mode="markers",
                marker=dict(size=list(group["size"]), color=group["color"].iloc[0],
                            opacity=0.75, line=dict(color="white", width=1.5)),
                hovertext=group["hover"], hoverinfo="text", name=f"Figure claimed by {claimant}",
                legendgroup="figures", showlegend=True,
            ))
        placer.add_legend([f"Figure claimed by {c}" for c in pins["claimant"].unique()])

    # Fixed city pins (their labels are placed below).
    cities = []
    for pid in spec.cities:
        if pid in lookup:
            name, lat, lon = lookup[pid]["name"], lookup[pid]["lat"], lookup[pid]["lon"]
        elif pid in KNOWN_PLACES:
            name, lat, lon = KNOWN_PLACES[pid]
        else:
            continue
        x, y = view.project(lon, lat)
        if not in_frame(x, y):  # e.g. Moscow, just north of the Kursk map
            continue
        placer.add_point(x, y, CITY_PIN / 2 + 3)
        cities.append((pid, name, x, y))
    if cities:
        fig.add_trace(go.Scatter(
            x=[c[2] for c in cities], y=[c[3] for c in cities], mode="markers",
            marker=dict(size=CITY_PIN, color=LABEL, symbol="circle", line=dict(color="white", width=1)),
            hoverinfo="text", hovertext=[c[1] for c in cities], showlegend=False, name="Cities",
        ))

    # Link line (overview): great circle with its distance.
    link = None
    if spec.link:
        a = lookup.get(spec.link[0]) or dict(zip(("name", "lat", "lon"), KNOWN_PLACES[spec.link[0]]))
        b = lookup.get(spec.link[1]) or dict(zip(("name", "lat", "lon"), KNOWN_PLACES[spec.link[1]]))
        lats, lons = great_circle(a["lat"], a["lon"], b["lat"], b["lon"])
        gx, gy = view.project(lons, lats)
        km = distance_km(a["lat"], a["lon"], b["lat"], b["lon"])
        fig.add_trace(go.Scatter(x=gx, y=gy, mode="lines", line=dict(color=HIGHLIGHT, width=3, dash="dash"),
                                 hoverinfo="text", hovertext=f"{a['name']} → {b['name']}: about {km:,.0f} km",
                                 showlegend=False, name="Pyongyang → Kursk"))
        for px_, py_ in zip(gx, gy):
            placer.add_point(px_, py_, 3, weight=0.5)
        link = (gx, gy, km)

    # --- Labels, most important first; each avoids pins and every label placed before it. ---
    # 1. City names next to their pins (preferred side first).
    city_lab = ([], [], [])
    for pid, name, x, y in cities:
        pos = placer.place_near_point(x, y, name, 18, CITY_PIN / 2 + 3, prefer=LABEL_POSITION.get(pid))
        if pos is not None:
            city_lab[0].append(pos[0]), city_lab[1].append(pos[1]), city_lab[2].append(name)

    # 2. Region-level figures: at the region's label anchor, nudged off pins/labels; else a callout with a leader line.
    figure_traces = []
    for place, geom, color, hover, text in region_figures:
        anchor = region_anchor(geom, view)
        if anchor is None:
            continue
        placed = placer.place_region_label(anchor, text, 17, region=geom, pad=6)
        if placed is not None:
            figure_traces.append((place, color, hover, text, anchor, placed))

    # 3. The distance on the link line.
    dist_lab = None
    if link is not None:
        gx, gy, km = link
        mid = len(gx) // 2
        text = f"<b>≈ {round(km, -2):,.0f} km</b>"
        pos = placer.place_near_point(gx[mid], gy[mid], text, 20, 8, prefer="top center")
        if pos is not None:
            dist_lab = (pos, text)

    # 4. Region names (focus region first), then country names; these give way (or are dropped) on collisions.
    ax, ay, at = [], [], []
    if len(view.admin1):
        placed_region_figures = {lookup[r].get("iso_3166_2") for r in claims["location"]} if len(claims) else set()
        ordered = sorted(view.admin1.itertuples(), key=lambda r: r.role != "highlight")
        for r in ordered:
            if r.iso_3166_2 in placed_region_figures:
                continue
            anchor = region_anchor(r.geometry, view)
            if anchor is None:
                continue
            text = f"<b>{r.name_en}</b>" if r.role == "highlight" else r.name_en
            pos = placer.place_region_label(anchor, text, 15, region=r.geometry, callout=False,
                                            required=r.role == "highlight")
            if pos is not None:
                ax.append(pos[0][0]), ay.append(pos[0][1]), at.append(text)
    lab_x, lab_y, lab_t = [], [], []
    x0, x1 = view.x_range
    y0, y1 = view.y_range
    fixed = {iso: (lon, lat) for iso, lon, lat in spec.label_at}
    for r in view.countries.itertuples():
        if r.name_en == "Crimea" or (r.iso_a3 not in fixed and r.iso_a3 not in spec.country_labels):
            continue
        if r.iso_a3 in fixed:
            anchor = view.project(*fixed[r.iso_a3])
            region = None
        else:
            visible = r.geometry.intersection(box(x0, y0, x1, y1)) if not r.geometry.is_empty else None
            if visible is None or visible.is_empty:
                continue
            anchor = region_anchor(visible, view)
            region = visible
        if anchor is None:
            continue
        text = r.name_en.upper()
        pos = placer.place_region_label(anchor, text, 15, region=region, callout=False, required=False)
        if pos is not None:
            lab_x.append(pos[0][0]), lab_y.append(pos[0][1]), lab_t.append(text)

    # Draw the labels (after every area and line, so nothing covers them).
    if lab_x:
        fig.add_trace(go.Scatter(x=lab_x, y=lab_y, mode="text", text=lab_t, textfont=dict(size=15, color="#6B6B6B"),
                                 hoverinfo="skip", showlegend=False, name="Country labels"))
    if len(view.admin1):
        fig.add_trace(go.Scatter(x=ax, y=ay, mode="text", text=at, textfont=dict(size=15, color="#4A4A4A"),
                                 hoverinfo="skip", showlegend=False, name="Region labels"))
    if city_lab[0]:
        fig.add_trace(go.Scatter(x=city_lab[0], y=city_lab[1], mode="text", text=city_lab[2],
                                 textfont=dict(size=18, color=LABEL), hoverinfo="skip", showlegend=False,
                                 name="City labels"))
    if dist_lab is not None:
        (dx, dy), text = dist_lab
        fig.add_trace(go.Scatter(x=[dx], y=[dy], mode="text", text=[text], textfont=dict(size=20, color=HIGHLIGHT),
                                 hoverinfo="skip", showlegend=False, name="Distance"))
    for place, color, hover, text, anchor, ((cx, cy), bx, leader) in figure_traces:
        if leader is not None:
            (lx0, ly0), (lx1, ly1) = leader
            fig.add_trace(go.Scatter(x=[lx0, lx1], y=[ly0, ly1], mode="lines+markers", line=dict(color=LABEL, width=1.5),
                                     marker=dict(size=[6, 0], color=LABEL), hoverinfo="skip", showlegend=False,
                                     name=f"Region figure leader: {place['name']}"))
        if leader is not None or bx is not None:  # a callout box keeps the figure readable over lines and borders
            (bx0, by0, bx1, by1) = bx
            fig.add_trace(go.Scatter(x=[bx0, bx1, bx1, bx0, bx0], y=[by0, by0, by1, by1, by0], mode="lines",
                                     fill="toself", fillcolor="rgba(255,255,255,0.88)", line=dict(color=color, width=2),
                                     hoverinfo="skip", showlegend=False, name=f"Region figure box: {place['name']}"))
        fig.add_trace(go.Scatter(
            x=[cx], y=[cy], mode="text", text=[text], textfont=dict(size=17, color=LABEL), hovertext=[hover],
            hoverinfo="text", showlegend=False, name=f"Region figure: {place['name']}",
        ))

    fig.update_layout(
        xaxis=dict(visible=False, range=list(view.x_range), constrain="domain"),
        yaxis=dict(visible=False, range=list(view.y_range), scaleanchor="x", scaleratio=1, constrain="domain"),
        plot_bgcolor=WATER, paper_bgcolor="rgba(0,0,0,0)", margin=dict(l=0, r=0, t=10, b=0), height=MAP_HEIGHT,
        legend=dict(orientation="h", yanchor="bottom", y=0.01, xanchor="left", x=0.01, bgcolor="rgba(255,255,255,0.85)",
                    font=dict(size=15, color=LABEL)),
        hoverlabel=dict(font_size=16), dragmode="pan",
    )
    return fig
