"""Troop figures: every reported figure as a claim over time; deployed, mobilised, casualties apart."""

import streamlit as st

from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.loaders import per_view
from lagebild.dashboard.app.widgets import empty_notice, first_rows, link_column, with_provenance
from lagebild.dashboard.charts import FIGURE_GROUPS, figure_chart, with_time
from lagebild.dashboard.briefing import TAB_KEY, TAB_VISUALS
from lagebild.dashboard.fmt import bounds_source, review_text

view = current_view()
figs = view.filtered["troop_figures"]
docs = view.tables["documents"]
st.title("Troop figures")
st.caption("Each mark is one claim, coloured by who claimed it, shaped by kind. A range the text states is a bar; "
           "a faint band marks bounds derived from a qualifier such as “etwa” (approximate, not in the text). "
           "Figures the text does not date are placed at their article's publication date.")

# Tab label -> figure group, from the briefing's tab table; labels are stable (they are the URL's tab=).
labels = {visual.split(":", 1)[1]: label for label, visual in TAB_VISUALS["troop_figures"].items()}
groups = {g: figs[figs["kind"].isin(kinds)] for g, kinds in FIGURE_GROUPS.items()}
st.caption(" · ".join(f"{labels[g]}: {len(df):,}" for g, df in groups.items())
           + " figures (casualties: killed, wounded, killed or wounded, captured, missing).")
tabs = st.tabs([labels[g] for g in groups], key=TAB_KEY, bind="query-params")
for tab, (g, df) in zip(tabs, groups.items()):
    with tab:
        if len(df) == 0:
            others = [labels[o] for o, d in groups.items() if len(d)]
            empty_notice(f"{labels[g].lower()} figures", view)
            if others:
                st.caption(f"Figures for the current selection are under: {', '.join(others)}.")
        else:
            fig = per_view(f"troop_figures:{g}", view.tables, view.state, figure_chart, df, docs, view.tables["actors"],
                           dates=view.tables["dates"])
            st.plotly_chart(fig, key=f"figures_{g}")

# The table is built only while its expander is open: the data grid (and its JavaScript) is the
# heaviest thing on this page, and the charts above come first.
K_TABLE = "figures_table"
if len(figs) == 0:
    st.subheader("All reported figures with provenance")
    empty_notice("troop figures", view)
else:
    box = st.expander("All reported figures with provenance", icon=":material/table:", key=K_TABLE, on_change="rerun")
    if box.open:
        with box:
            # Newest first; only the rows shown get their provenance columns.
            table = with_time(figs, docs, dates=view.tables["dates"]).sort_values("when", ascending=False)
            st.caption(f"{len(figs):,} figure{'s' if len(figs) != 1 else ''}, newest first.")
            table = first_rows(table, "figures (newest first)", "all of them are in the sidebar's Export and on the Sources page")
            table = with_provenance(view, table)
            table["claimant"] = table["claimed_by"].map(view.actor_name)
            table["subject actor"] = table["subject_actor"].map(lambda a: view.actor_name(a) if isinstance(a, str) else None)
            table["bounds_source"] = [bounds_source(lo, hi, q) for lo, hi, q in zip(table["low"], table["high"], table["qualifier"])]
            places = view.lookup().place_names
            table["place"] = table["location"].map(places).fillna(table["location"])
            table["review"] = table["review_status"].map(review_text) if "review_status" in table else review_text(None)
            st.dataframe(
                table[["when_note", "value", "low", "high", "bounds_source", "qualifier", "kind", "subject actor", "claimant",
                       "place", "review", "quote", "document", "open"]],
                hide_index=True, height=420,
                column_config={
                    "when_note": st.column_config.TextColumn("date", help="“undated (article of …)”: the text gives no date"),
                    "bounds_source": st.column_config.TextColumn("bounds", help="derived = computed from the qualifier, not in the text"),
                    "value": st.column_config.NumberColumn("value", format="localized"),
                    "low": st.column_config.NumberColumn("low", format="localized"),
                    "high": st.column_config.NumberColumn("high", format="localized"),
                    "quote": st.column_config.TextColumn("quote", width="large"),
                    "open": link_column(),
                },
            )
