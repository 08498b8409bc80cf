"""Map: the Kursk deployment region, the Korean peninsula and the link between them (offline)."""

import streamlit as st

from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.widgets import empty_notice, unlabelled_list
from lagebild.dashboard.app.loaders import load_map_views, map_key, per_view
from lagebild.dashboard.briefing import TAB_KEY, TAB_VISUALS
from lagebild.dashboard.geo import map_figure
from lagebild.dashboard.geo.claims import DEPLOYMENT_EVENTS

view = current_view()
t = view.filtered
st.title("Map")
try:
    views = load_map_views()
except Exception as exc:  # a damaged geo file must not take the page down
    st.error(f"The map data in data/geo cannot be read ({type(exc).__name__}: {exc}). "
             "It is a raw input kept in git: restore data/geo/*.geojson from the repository.")
    st.stop()

figs = t["troop_figures"]
known = set(view.tables["places"]["id"])
located = figs[figs["location"].isin(known)]
if len(figs) == 0:
    empty_notice("troop figures", view)
else:
    st.caption(
        f"{len(located):,} of {len(figs):,} troop figures have a location in their sentence; a deployed figure "
        "without one is placed where the article describes that deployment (marked *). Regions are filled, cities are "
        "pins; colour = claimant (key on the map). The Pyongyang → Kursk map shows North Korean troops only. "
        "Hover for date, claimant and quote."
    )

CONFIG = {"displaylogo": False, "scrollZoom": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
tab_views = TAB_VISUALS["map"]
tabs = st.tabs(list(tab_views), key=TAB_KEY, bind="query-params")
for tab, key in zip(tabs, [v.split(":", 1)[1] for v in tab_views.values()]):
    with tab:
        # The events that place a figure and the dates in the figures' sentences (not every event and date).
        fig = per_view(("map", key, map_key()), view.tables, view.state, map_figure, views[key], t["places"], figs,
                       view.tables["actors"], all_places=view.tables["places"],
                       events=view.placing_events(DEPLOYMENT_EVENTS), documents=view.tables["documents"],
                       dates=view.sentence_dates("troop_figures"))
        st.plotly_chart(fig, key=f"map_{key}", config=CONFIG)
        unlabelled_list(fig, key=f"map_unlabelled_{key}")
st.caption("Boundaries: Natural Earth 1:10m (public domain), generalised — not for deciding which side of a border a place lies on.")
