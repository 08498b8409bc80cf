"""Offline maps: ``views`` (what each map shows, read and projected once), ``labels`` (where labels go)
and ``drawing`` (``map_figure``: the plotly figure of one view and the fact tables)."""

from lagebild.dashboard.geo.claims import figure_claims_by_place, locate_figures
from lagebild.dashboard.geo.drawing import map_figure, marker_size, unlabelled_figures
from lagebild.dashboard.geo.labels import MAP_HEIGHT, PLOT_WIDTH, LabelPlacer, region_anchor, text_box_px
from lagebild.dashboard.geo.views import (VIEWS, GeoLayers, PreparedView, ViewSpec, area_geometry, distance_km,
                                          great_circle, polygon_xy, prepare_view, read_geo)

__all__ = ["VIEWS", "GeoLayers", "LabelPlacer", "MAP_HEIGHT", "PLOT_WIDTH", "PreparedView", "ViewSpec", "area_geometry",
           "distance_km", "figure_claims_by_place", "great_circle", "locate_figures", "map_figure", "marker_size", "polygon_xy",
           "prepare_view", "read_geo", "region_anchor", "text_box_px", "unlabelled_figures"]
