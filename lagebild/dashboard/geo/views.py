"""Map views: which part of the world each map shows, read from ``data/geo/``, clipped and projected once.

Why cartesian ``go.Scatter`` and not plotly's geo or MapLibre traces: geo traces
(``Scattergeo``/``Choropleth``) fetch topojson from a CDN and come up blank
offline, and MapLibre text labels fetch glyphs from the internet.  Projected
polygons drawn as filled scatter traces need nothing but plotly.js, and their
text labels are ordinary SVG text.  Each view is clipped to its box, simplified
and projected (geopandas + pyproj) once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import box

from lagebild import paths


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
