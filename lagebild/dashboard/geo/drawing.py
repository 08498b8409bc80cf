"""Drawing one map view: land, focus region, troop figures where they were reported, pins, link, labels.

``map_figure`` is a pure function of a prepared view (``geo.views``) and the (filtered)
fact tables.  It runs in named steps on one ``_Canvas``: areas and marks first, then
every label through the collision-aware ``LabelPlacer`` (most important first), then the
label traces last so that nothing covers them.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely.geometry import box

from lagebild.dashboard.fmt import fmt_date, review_text
from lagebild.dashboard.colors import UNATTRIBUTED, actor_color, claimant_palette, rgba
from lagebild.dashboard.dating import effective_dates
from lagebild.dashboard.geo.claims import (LABEL_LINES, claim_hover, claim_label, distinct_rows, unlabelled_lines, claimant_name, figure_claims_by_place,
                                           locate_figures, of_country)
from lagebild.dashboard.geo.labels import CITY_PIN, MAP_HEIGHT, PLOT_WIDTH, LabelPlacer, region_anchor
from lagebild.dashboard.geo.views import (KNOWN_PLACES, LABEL_POSITION, PreparedView, area_geometry, distance_km,
                                          great_circle, polygon_xy)

WATER = "#DCE8F1"
LAND = "#F2F0EB"
BORDER = "#9A9A9A"
CONTEXT_FILL = "#E4E1D8"
HIGHLIGHT = "#6A3D9A"  # purple: vermillion means "Russia-aligned" elsewhere, no claimant wears this
LABEL = "#222222"
LABEL_BOX = "rgba(255,255,255,0.9)"
FIGURE_LABEL_SIZE = 16
# Fallback country of a link's origin when the places table lacks it.
LINK_ORIGIN_COUNTRY = {"pyongyang": "PRK"}
PLACE_NOTE = "* place from another sentence of the article (hover for which)"
# Labels name a review only where an analyst made one ("· confirmed", "· edited"), so that they stay short
# enough for a slide; the key says what an unmarked figure is, the hover says it for each figure.
REVIEW_NOTE = "unmarked figures: " + review_text("machine")


def _place_lookup(places: pd.DataFrame) -> dict[str, dict]:
    return {r["id"]: r for r in places.to_dict("records")}


def marker_size(value: float, vmax: float) -> float:
    """Marker diameter in px, area proportional to value, 14–60 px."""
    if vmax <= 0:
        return 14.0
    return 14.0 + 46.0 * math.sqrt(max(value, 0) / vmax)


@dataclass
class _Canvas:
    """What the steps of ``map_figure`` share: the figure, the label placer and the lookups."""

    view: PreparedView
    fig: go.Figure
    placer: LabelPlacer
    lookup: dict
    actors_lookup: dict
    claims: pd.DataFrame = None
    region_figures: list = field(default_factory=list)  # (place, geom, color, hover, text)
    cities: list = field(default_factory=list)  # (pid, name, x, y)
    link: tuple | None = None  # (xs, ys, km)
    texts: dict = field(default_factory=dict)  # label group -> [(x, y, text)]
    pin_labels: list = field(default_factory=list)  # (x, y, size, label)
    claimants: dict = field(default_factory=dict)  # claimant name -> colour, for the key
    palette: dict = field(default_factory=dict)  # claimant id -> its colour on this map
    label_lines: int = LABEL_LINES  # figures written in a place's label (the rest listed with the map)
    scale: float = 1.0  # of every label's type: a small slide's map has smaller labels
    derived_place: bool = False  # some label's place comes from another sentence
    machine_labelled: bool = False  # some labelled figure is the machine's (unmarked on its label)
    unlabelled: list = field(default_factory=list)  # the figures no label shows, in words

    def size(self, px: float) -> float:
        """A label's font size on this map."""
        return round(px * self.scale, 1)

    def area(self, geoms, name: str, fill: str, line: dict) -> None:
        xs, ys = polygon_xy(geoms)
        self.fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill, line=line,
                                      hoverinfo="skip", showlegend=False, name=name))

    def text(self, group: str, xy, text: str) -> None:
        self.texts.setdefault(group, []).append((xy[0], xy[1], text))


def map_figure(view: PreparedView, places: pd.DataFrame, figures: pd.DataFrame, actors: pd.DataFrame,
               all_places: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
               documents: pd.DataFrame | None = None, dates: pd.DataFrame | None = None,
               frame: tuple[int, int] | None = None, label_lines: int = LABEL_LINES, scale: float = 1.0) -> go.Figure:
    """The map of one view: land, focus region, labelled pins, troop figures where they were reported.

    ``places``/``figures`` are the filtered tables; ``all_places`` (default ``places``) resolves ids;
    ``events`` place a deployed figure its sentence does not place; ``documents``/``dates`` give the
    date labels ("undated (article of …)").  Figures located in a region (no pin) are drawn as the
    region filled in the leading claimant's colour, labelled with whose troops, kind and claimant.
    ``frame``: the chart's (width, height) in pixels where it is not the page's main column (a slide);
    ``label_lines``: figures written in a place's label, the rest listed with the map (``unlabelled_figures``);
    ``scale``: of the labels' and the key's type (a slide on a small screen).
    """
    all_places = places if all_places is None else all_places
    width, height = frame or (PLOT_WIDTH, MAP_HEIGHT)
    c = _Canvas(view=view, fig=go.Figure(), placer=LabelPlacer(view, width, height - 10), lookup=_place_lookup(all_places),
                actors_lookup={r["id"]: r for r in actors.to_dict("records")}, label_lines=label_lines, scale=scale)
    _draw_land(c)
    _draw_figures(c, _figures_shown(c, figures, actors, events, documents, dates))
    _draw_key(c)
    _draw_cities(c)
    _draw_link(c)
    _place_city_labels(c)
    _place_region_figure_labels(c)
    _place_pin_labels(c)
    _place_distance_label(c)
    _place_region_names(c)
    _place_country_names(c)
    _draw_labels(c)
    _layout(c, height)
    # What the labels leave out, for the views nobody can hover (see ``unlabelled_figures``).
    c.fig.update_layout(meta={"unlabelled": c.unlabelled})
    return c.fig


def unlabelled_figures(fig) -> list[str]:
    """The figures a map's labels leave out ("+ 2 more, listed with the map"), one line each."""
    meta = getattr(getattr(fig, "layout", None), "meta", None)
    return list(meta.get("unlabelled") or []) if isinstance(meta, dict) else []


def _draw_land(c: _Canvas) -> None:
    """Every country as one filled trace, then the admin-1 context and focus regions."""
    view = c.view
    c.area(view.countries.geometry, "Countries", LAND, dict(color=BORDER, width=1))
    context = view.admin1[view.admin1["role"] == "context"]
    if len(context):
        c.area(context.geometry, "Neighbouring regions", CONTEXT_FILL, dict(color=BORDER, width=1, dash="dot"))
    highlight = view.admin1[view.admin1["role"] == "highlight"]
    if len(highlight):
        c.area(highlight.geometry, "Kursk Oblast", rgba(HIGHLIGHT, 0.18), dict(color=HIGHLIGHT, width=3))
        # the map is about this region: labels (the figure boxes above all) keep it in sight (issue #19)
        c.placer.keep_clear(shapely.union_all(list(highlight.geometry)))


def _figures_shown(c: _Canvas, figures: pd.DataFrame, actors: pd.DataFrame, events, documents, dates) -> pd.DataFrame:
    """The figures this view draws, located (``claims.locate_figures``) and with their date label.

    A view with a link (Pyongyang → Kursk) is about the troops of the link's origin: a figure whose
    subject is of another country is left to the other maps, so it never reads as theirs.
    """
    figs = locate_figures(figures, events, actors)
    if documents is not None:
        figs = figs.assign(when_note=effective_dates(figs, documents, dates)["when_note"])
    else:
        figs = figs.assign(when_note=[fmt_date(d, p) for d, p in zip(figs["date"], figs["date_precision"])])
    origin = _fixed_place(c, c.view.spec.link[0]) if c.view.spec.link else None
    if origin is not None:
        figs = of_country(figs, actors, origin.get("country") or LINK_ORIGIN_COUNTRY.get(c.view.spec.link[0]))
    return figs


def _draw_figures(c: _Canvas, figures: pd.DataFrame) -> None:
    """Troop figures: regions filled, cities as pins sized by value (their labels are placed later)."""
    c.claims = figure_claims_by_place(figures, pd.DataFrame({"id": list(c.lookup)}))
    # one colour per claimant on this map, no two alike (the key is the only way to tell them apart)
    c.palette = claimant_palette(figures["claimed_by"]) if len(figures) else {}
    vmax = float(max((g["value"].max() for g in c.claims["latest"]), default=0.0)) if len(c.claims) else 0.0
    for row in c.claims.to_dict("records"):
        place = c.lookup[row["location"]]
        color = c.palette.get(row["claimed_by"], UNATTRIBUTED) if isinstance(row["claimed_by"], str) else UNATTRIBUTED
        hover = claim_hover(row["latest"], c.actors_lookup, place["name"], row["n"])
        # One article restating a figure (a summary box and the body) is one line, not two: worked out once.
        rows = distinct_rows(row["all"], c.actors_lookup)
        label = claim_label(rows, c.actors_lookup, c.label_lines)
        c.unlabelled += unlabelled_lines(rows, c.actors_lookup, place["name"], c.label_lines)
        geom = area_geometry(c.view, place) if place["kind"] in ("region", "country", "area") else None
        if geom is None and (pd.isna(place["lat"]) or pd.isna(place["lon"])):
            continue  # a place only the text names, without coordinates: listed on the pages, not drawn
        x, y = c.view.project(place["lon"], place["lat"]) if geom is None else (0.0, 0.0)
        if geom is None and not c.placer.contains(x, y):  # e.g. Sudzha on the Korea map: nothing drawn, no key
            continue
        _add_to_key(c, row["latest"].head(max(c.label_lines, 1)))  # the colour drawn has its key, labelled or not
        if geom is not None:
            c.area([geom], f"Figures: {place['name']}", rgba(color, 0.35), dict(color=color, width=4))
            c.region_figures.append((place, geom, color, hover, f"<b>{html.escape(place['name'])}</b><br>{label}"))
            continue
        size = marker_size(float(row["latest"]["value"].max()), vmax)
        c.placer.add_point(x, y, size / 2 + 2)
        c.fig.add_trace(go.Scatter(x=[x], y=[y], mode="markers", hovertext=[hover], hoverinfo="text", showlegend=False,
                                   marker=dict(size=[size], color=color, opacity=0.75, line=dict(color="white", width=1.5)),
                                   name=f"Figure pin: {place['name']}"))
        c.pin_labels.append((x, y, size, label))


def _add_to_key(c: _Canvas, labelled: pd.DataFrame) -> None:
    for a in labelled["claimed_by"]:
        name = f"claimed by {claimant_name(c.actors_lookup, a)}" if isinstance(a, str) else "no claimant named"
        c.claimants[name] = c.palette.get(a, actor_color(a)) if isinstance(a, str) else UNATTRIBUTED
    c.derived_place |= bool((labelled["place_note"] != "").any())
    status = labelled["review_status"] if "review_status" in labelled else pd.Series("machine", index=labelled.index)
    c.machine_labelled |= bool((~status.isin(["confirmed", "edited"])).any())


def _draw_key(c: _Canvas) -> None:
    """The colour key on the map: one entry per claimant whose figure is labelled, and the place note."""
    entries = sorted(c.claimants)
    for entry, color in zip(entries, (c.claimants[n] for n in entries)):
        c.fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=entry, legendgroup="figures",
                                   marker=dict(size=c.size(14), symbol="square", color=color), showlegend=True))
    for note, wanted in ((PLACE_NOTE, c.derived_place), (REVIEW_NOTE, c.machine_labelled)):
        if wanted:
            entries.append(note)
            c.fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=note, showlegend=True,
                                       marker=dict(size=1, color="rgba(0,0,0,0)")))
    c.placer.add_legend(entries, c.size(15))


def _fixed_place(c: _Canvas, pid: str) -> dict | None:
    """A view's fixed place (name, lat, lon) from the places table, else from KNOWN_PLACES."""
    if pid in c.lookup:
        return c.lookup[pid]
    if pid in KNOWN_PLACES:
        return dict(zip(("name", "lat", "lon"), KNOWN_PLACES[pid]))
    return None


def _draw_cities(c: _Canvas) -> None:
    """The view's fixed city pins that fall inside the frame (their labels are placed later)."""
    for pid in c.view.spec.cities:
        place = _fixed_place(c, pid)
        if place is None:
            continue
        x, y = c.view.project(place["lon"], place["lat"])
        if not c.placer.contains(x, y):  # e.g. Moscow, just north of the Kursk map
            continue
        c.placer.add_point(x, y, CITY_PIN / 2 + 3)
        c.cities.append((pid, place["name"], x, y))
    if c.cities:
        c.fig.add_trace(go.Scatter(
            x=[p[2] for p in c.cities], y=[p[3] for p in c.cities], mode="markers",
            marker=dict(size=CITY_PIN, color=LABEL, symbol="circle", line=dict(color="white", width=1)),
            hoverinfo="text", hovertext=[p[1] for p in c.cities], showlegend=False, name="Cities",
        ))


def _draw_link(c: _Canvas) -> None:
    """The overview's link line: a great circle with its distance."""
    if not c.view.spec.link:
        return
    a, b = (_fixed_place(c, pid) for pid in c.view.spec.link)
    lats, lons = great_circle(a["lat"], a["lon"], b["lat"], b["lon"])
    gx, gy = c.view.project(lons, lats)
    km = distance_km(a["lat"], a["lon"], b["lat"], b["lon"])
    c.fig.add_trace(go.Scatter(x=gx, y=gy, mode="lines", line=dict(color=HIGHLIGHT, width=3, dash="dash"),
                               hoverinfo="text", hovertext=f"{a['name']} → {b['name']}: about {km:,.0f} km",
                               showlegend=False, name="Pyongyang → Kursk"))
    for px_, py_ in zip(gx, gy):
        c.placer.add_point(px_, py_, 3, weight=0.5)
    c.link = (gx, gy, km)


def _place_city_labels(c: _Canvas) -> None:
    """City names next to their pins (preferred side first)."""
    for pid, name, x, y in c.cities:
        pos = c.placer.place_near_point(x, y, name, c.size(18), CITY_PIN / 2 + 3, prefer=LABEL_POSITION.get(pid))
        if pos is not None:
            c.text("city", pos, name)


def _place_region_figure_labels(c: _Canvas) -> None:
    """Region-level figures at the region's label anchor, nudged off pins/labels; else a callout with a leader."""
    for place, geom, color, hover, text in c.region_figures:
        anchor = region_anchor(geom, c.view)
        if anchor is None:
            continue
        placed = c.placer.place_region_label(anchor, text, c.size(FIGURE_LABEL_SIZE), region=geom, pad=6)
        if placed is not None:
            c.texts.setdefault("region_figures", []).append((place, color, hover, text, placed))


def _place_pin_labels(c: _Canvas) -> None:
    """Each pin's figures beside it (left out where it would cover something; the hover has them)."""
    for x, y, size, label in c.pin_labels:
        pos = c.placer.place_near_point(x, y, label, c.size(15), size / 2 + 2, required=False)
        if pos is not None:
            c.text("pin", pos, label)


def _place_distance_label(c: _Canvas) -> None:
    if c.link is None:
        return
    gx, gy, km = c.link
    mid = len(gx) // 2
    text = f"<b>≈ {round(km, -2):,.0f} km</b>"
    pos = c.placer.place_near_point(gx[mid], gy[mid], text, c.size(20), 8, prefer="top center")
    if pos is not None:
        c.text("distance", pos, text)


def _place_region_names(c: _Canvas) -> None:
    """Region names (focus region first); they give way (or are dropped) on collisions."""
    view = c.view
    if not len(view.admin1):
        return
    c.texts.setdefault("region", [])
    with_figures = {c.lookup[r].get("iso_3166_2") for r in c.claims["location"]} if len(c.claims) else set()
    for r in sorted(view.admin1.itertuples(), key=lambda r: r.role != "highlight"):
        if r.iso_3166_2 in with_figures:
            continue
        anchor = region_anchor(r.geometry, view)
        if anchor is None:
            continue
        text = f"<b>{r.name_en}</b>" if r.role == "highlight" else r.name_en
        pos = c.placer.place_region_label(anchor, text, c.size(15), region=r.geometry, callout=False,
                                          required=r.role == "highlight")
        if pos is not None:
            c.text("region", pos[0], text)


def _place_country_names(c: _Canvas) -> None:
    view, spec = c.view, c.view.spec
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    fixed = {iso: (lon, lat) for iso, lon, lat in spec.label_at}
    for r in view.countries.itertuples():
        if r.name_en == "Crimea" or (r.iso_a3 not in fixed and r.iso_a3 not in spec.country_labels):
            continue
        region = None
        if r.iso_a3 in fixed:
            anchor = view.project(*fixed[r.iso_a3])
        else:
            region = r.geometry.intersection(box(x0, y0, x1, y1)) if not r.geometry.is_empty else None
            if region is None or region.is_empty:
                continue
            anchor = region_anchor(region, view)
        if anchor is None:
            continue
        text = r.name_en.upper()
        pos = c.placer.place_region_label(anchor, text, c.size(15), region=region, callout=False, required=False)
        if pos is not None:
            c.text("country", pos[0], text)


# Label group -> (trace name, font size, colour); drawn in this order.
_TEXT_STYLE = {
    "country": ("Country labels", 15, "#6B6B6B"),
    "region": ("Region labels", 15, "#4A4A4A"),
    "city": ("City labels", 18, LABEL),
    "pin": ("Figure labels", 15, LABEL),
    "distance": ("Distance", 20, HIGHLIGHT),
}


def _draw_labels(c: _Canvas) -> None:
    """The labels, after every area and line so that nothing covers them."""
    for group, (name, size, color) in _TEXT_STYLE.items():
        rows = c.texts.get(group)
        if rows is None or (not rows and group != "region"):
            continue
        c.fig.add_trace(go.Scatter(x=[r[0] for r in rows], y=[r[1] for r in rows], mode="text",
                                   text=[r[2] for r in rows], textfont=dict(size=c.size(size), color=color),
                                   hoverinfo="skip", showlegend=False, name=name))
    for place, color, hover, text, ((cx, cy), bx, leader) in c.texts.get("region_figures", []):
        if leader is not None:
            (lx0, ly0), (lx1, ly1) = leader
            c.fig.add_trace(go.Scatter(x=[lx0, lx1], y=[ly0, ly1], mode="lines+markers",
                                       line=dict(color=LABEL, width=1.5), marker=dict(size=[6, 0], color=LABEL),
                                       hoverinfo="skip", showlegend=False,
                                       name=f"Region figure leader: {place['name']}"))
        if leader is not None or bx is not None:  # a callout box keeps the figure readable over lines and borders
            (bx0, by0, bx1, by1) = bx
            c.fig.add_trace(go.Scatter(x=[bx0, bx1, bx1, bx0, bx0], y=[by0, by0, by1, by1, by0], mode="lines",
                                       fill="toself", fillcolor=LABEL_BOX,
                                       line=dict(color=color, width=2), hoverinfo="skip", showlegend=False,
                                       name=f"Region figure box: {place['name']}"))
        c.fig.add_trace(go.Scatter(x=[cx], y=[cy], mode="text", text=[text], textfont=dict(size=c.size(FIGURE_LABEL_SIZE), color=LABEL),
                                   hovertext=[hover], hoverinfo="text", showlegend=False,
                                   name=f"Region figure: {place['name']}"))


def _layout(c: _Canvas, height: int = 0) -> None:
    view = c.view
    c.fig.update_layout(
        xaxis=dict(visible=False, range=list(view.x_range), constrain="domain"),
        yaxis=dict(visible=False, range=list(view.y_range), scaleanchor="x", scaleratio=1, constrain="domain"),
        plot_bgcolor=WATER, paper_bgcolor="rgba(0,0,0,0)", margin=dict(l=0, r=0, t=10, b=0), height=height or MAP_HEIGHT,
        # one entry a row, as the placer counts it (a horizontal key wrapped its entries and plotly moved it
        # left out of the map's frame, and capped it at half the chart's height with a scroll bar)
        legend=dict(orientation="v", yanchor="bottom", y=c.placer.legend_xy()[1], xanchor="left", x=c.placer.legend_xy()[0],
                    bgcolor="rgba(255,255,255,0.85)", itemsizing="constant", tracegroupgap=0,
                    font=dict(size=c.size(15), color=LABEL)),
        hoverlabel=dict(font_size=16), dragmode="pan",
    )
