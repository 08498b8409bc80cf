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

import math
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from pyproj import Transformer
from shapely.geometry import box

from . import paths
from .colors import UNATTRIBUTED, actor_color, rgba

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


VIEWS: dict[str, ViewSpec] = {
    "overview": ViewSpec(
        "overview", "Pyongyang → Kursk", (26.0, 30.0, 142.0, 62.0),
        "+proj=lcc +lat_1=38 +lat_2=56 +lat_0=45 +lon_0=84 +datum=WGS84 +units=m", 0.08,
        highlight=("RU-KRS",), country_labels=("RUS", "UKR", "CHN", "MNG", "KAZ", "PRK", "KOR", "JPN"),
        cities=("pyongyang", "seoul", "moscow", "kursk"), link=("pyongyang", "kursk"),
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
    clip_box = box(lon0 - margin, lat0 - margin, lon1 + margin, lat1 + margin)
    countries = gpd.clip(layers.countries, clip_box)
    countries = countries[~countries.geometry.is_empty].copy()
    countries["geometry"] = countries.geometry.simplify(spec.tolerance)
    codes = set(spec.highlight) | set(spec.context)
    admin1 = layers.admin1[layers.admin1["iso_3166_2"].isin(codes)].copy()
    admin1["geometry"] = admin1.geometry.simplify(spec.tolerance / 2)
    admin1["role"] = np.where(admin1["iso_3166_2"].isin(spec.highlight), "highlight", "context")
    countries = countries.to_crs(spec.crs)
    admin1 = admin1.to_crs(spec.crs)
    transformer = Transformer.from_crs("EPSG:4326", spec.crs, always_xy=True)
    xs, ys = transformer.transform([lon0, lon1, lon0, lon1, (lon0 + lon1) / 2], [lat0, lat0, lat1, lat1, lat1])
    return PreparedView(
        spec=spec, countries=countries, admin1=admin1,
        x_range=(min(xs), max(xs)), y_range=(min(ys), max(ys)), transformer=transformer,
    )


def polygon_xy(geoms) -> tuple[list, list]:
    """x and y lists of every ring of ``geoms``, rings separated by None (one scatter trace)."""
    xs: list = []
    ys: list = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        polys = getattr(geom, "geoms", [geom])
        for poly in polys:
            if poly.geom_type != "Polygon":
                continue
            coords = shapely.get_coordinates(poly.exterior)
            xs.extend(coords[:, 0].tolist() + [None])
            ys.extend(coords[:, 1].tolist() + [None])
    return xs, ys


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


def _fmt_date(value, precision) -> str:
    if not isinstance(value, str):
        return "date unknown"
    return f"{value} ({precision or 'precision unknown'})"


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
    import html

    lines = [f"<b>{html.escape(place_name)}</b> — {n} reported figure{'s' if n != 1 else ''}"]
    for r in claims.itertuples():
        rng = f" (range {r.low:,}–{r.high:,})" if pd.notna(r.low) and pd.notna(r.high) else ""
        quote = html.escape(str(r.quote))
        quote = quote if len(quote) <= 90 else quote[:87] + "…"
        lines.append(
            f"{r.value:,} {html.escape(str(r.kind))}{rng} · {html.escape(_name(actors_lookup, r.claimed_by))} · "
            f"{html.escape(_fmt_date(r.date, r.date_precision))} · subject {html.escape(_name(actors_lookup, r.subject_actor))}"
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

    # Troop figures: regions filled, cities as pins sized by value.
    claims = figure_claims_by_place(figures, all_places)
    vmax = float(claims["value"].max()) if len(claims) else 0.0
    pin_rows = []
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
            pt = geom.representative_point()
            lowest = geom.bounds[1]
            fig.add_trace(go.Scatter(
                x=[pt.x], y=[(pt.y + lowest) / 2], mode="text", text=[f"<b>{label}</b><br>{place['name']} (region)"],
                textfont=dict(size=17, color=LABEL), hovertext=[hover], hoverinfo="text", showlegend=False,
                name=f"Region figure: {place['name']}",
            ))
        else:
            x, y = view.project(place["lon"], place["lat"])
            pin_rows.append({"x": x, "y": y, "value": row["value"], "color": color, "hover": hover,
                             "label": label, "claimant": _name(actors_lookup, row["claimed_by"])})
    if pin_rows:
        pins = pd.DataFrame(pin_rows)
        for claimant, group in pins.groupby("claimant", sort=True):
            fig.add_trace(go.Scatter(
                x=group["x"], y=group["y"], mode="markers",
                marker=dict(size=[marker_size(v, vmax) for v in group["value"]], color=group["color"].iloc[0],
                            opacity=0.75, line=dict(color="white", width=1.5)),
                hovertext=group["hover"], hoverinfo="text", name=f"Figure claimed by {claimant}",
                legendgroup="figures", showlegend=True,
            ))

    # Fixed, labelled city pins.
    city_x, city_y, city_text, city_pos = [], [], [], []
    for pid in spec.cities:
        if pid in lookup:
            name, lat, lon = lookup[pid]["name"], lookup[pid]["lat"], lookup[pid]["lon"]
        elif pid in KNOWN_PLACES:
            name, lat, lon = KNOWN_PLACES[pid]
        else:
            continue
        x, y = view.project(lon, lat)
        city_x.append(x), city_y.append(y), city_text.append(name), city_pos.append(LABEL_POSITION.get(pid, "top center"))
    if city_x:
        fig.add_trace(go.Scatter(
            x=city_x, y=city_y, mode="markers+text", text=city_text, textposition=city_pos,
            textfont=dict(size=18, color=LABEL), marker=dict(size=9, color=LABEL, symbol="circle"),
            hoverinfo="text", hovertext=city_text, showlegend=False, name="Cities",
        ))

    # Link line (overview): great circle with its distance.
    if spec.link:
        a = lookup.get(spec.link[0]) or dict(zip(("name", "lat", "lon"), KNOWN_PLACES[spec.link[0]]))
        b = lookup.get(spec.link[1]) or dict(zip(("name", "lat", "lon"), KNOWN_PLACES[spec.link[1]]))
        lats, lons = great_circle(a["lat"], a["lon"], b["lat"], b["lon"])
        gx, gy = view.project(lons, lats)
        km = distance_km(a["lat"], a["lon"], b["lat"], b["lon"])
        fig.add_trace(go.Scatter(x=gx, y=gy, mode="lines", line=dict(color=HIGHLIGHT, width=3, dash="dash"),
                                 hoverinfo="text", hovertext=f"{a['name']} → {b['name']}: about {km:,.0f} km",
                                 showlegend=False, name="Pyongyang → Kursk"))
        mid = len(gx) // 2
        fig.add_trace(go.Scatter(x=[gx[mid]], y=[gy[mid]], mode="text",
                                 text=[f"<b>≈ {round(km, -2):,.0f} km</b>"], textposition="top center",
                                 textfont=dict(size=20, color=HIGHLIGHT), hoverinfo="skip", showlegend=False,
                                 name="Distance"))

    # Labels: countries and context regions (plain SVG text, offline).
    lab_x, lab_y, lab_t = [], [], []
    x0, x1 = view.x_range
    y0, y1 = view.y_range
    fixed = {iso: (lon, lat) for iso, lon, lat in spec.label_at}
    for r in view.countries.itertuples():
        if r.iso_a3 in fixed and r.name_en != "Crimea":
            x, y = view.project(*fixed[r.iso_a3])
            lab_x.append(x), lab_y.append(y), lab_t.append(r.name_en.upper())
        elif r.iso_a3 in spec.country_labels and r.name_en != "Crimea":
            pt = r.geometry.intersection(box(x0, y0, x1, y1)).representative_point() if not r.geometry.is_empty else None
            if pt is not None and not pt.is_empty:
                lab_x.append(pt.x), lab_y.append(pt.y), lab_t.append(r.name_en.upper())
    if lab_x:
        fig.add_trace(go.Scatter(x=lab_x, y=lab_y, mode="text", text=lab_t, textfont=dict(size=15, color="#6B6B6B"),
                                 hoverinfo="skip", showlegend=False, name="Country labels"))
    if len(view.admin1):
        ax, ay, at = [], [], []
        placed_region_figures = {lookup[r].get("iso_3166_2") for r in claims["location"]} if len(claims) else set()
        for r in view.admin1.itertuples():
            if r.iso_3166_2 in placed_region_figures:
                continue
            pt = r.geometry.representative_point()
            ax.append(pt.x), ay.append(pt.y - (25000 if r.role == "highlight" else 0))
            at.append(f"<b>{r.name_en}</b>" if r.role == "highlight" else r.name_en)
        fig.add_trace(go.Scatter(x=ax, y=ay, mode="text", text=at, textfont=dict(size=15, color="#4A4A4A"),
                                 hoverinfo="skip", showlegend=False, name="Region labels"))

    fig.update_layout(
        xaxis=dict(visible=False, range=list(view.x_range), constrain="domain"),
        yaxis=dict(visible=False, range=list(view.y_range), scaleanchor="x", scaleratio=1, constrain="domain"),
        plot_bgcolor=WATER, paper_bgcolor="rgba(0,0,0,0)", margin=dict(l=0, r=0, t=10, b=0), height=720,
        legend=dict(orientation="h", yanchor="bottom", y=0.01, xanchor="left", x=0.01, bgcolor="rgba(255,255,255,0.85)",
                    font=dict(size=15, color=LABEL)),
        hoverlabel=dict(font_size=16), dragmode="pan",
    )
    return fig
