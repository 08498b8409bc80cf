"""Troop figures: claims over time per claimant (deployment; casualties apart), the claims table, every mention."""

import streamlit as st

from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.claims_blocks import claims_charts, claims_table, view_claims
from lagebild.dashboard.app.widgets import empty_notice, first_rows, link_column, with_provenance
from lagebild.dashboard import claimviews as cv
from lagebild.dashboard.charts import with_time
from lagebild.dashboard.filters import split_ids
from lagebild.dashboard.fmt import bounds_source, review_text

view = current_view()
docs = view.tables["documents"]
st.title("Troop figures")
st.caption("Each step is one claim: a figure as one claimant stated it, however many documents repeat it "
           "(hover for every source). Lines join one claimant's totals; increments (marked +, “+3,000 more”) and parts (an open mark) "
           "are marks of their own. Stated ranges are bands; claimants are never merged or averaged.")
claims = view_claims(view)
claims_charts(view, claims)
claims_table(view, claims)

# The table is built only while its expander is open: the data grid (and its JavaScript) is the
# heaviest thing on this page, and the charts above come first.
K_TABLE = "figures_table"
# The figures themselves are read only while their table is open (the claims above are grouped on their own).
if view.count("troop_figures") == 0:
    st.subheader("Every reported figure (mention) with provenance")
    empty_notice("troop figures", view)
else:
    box = st.expander("Every reported figure (mention) with provenance", icon=":material/table:", key=K_TABLE, on_change="rerun")
    if box.open:
        with box:
            # Newest first; only the rows shown get their provenance columns.
            figs = view.filtered["troop_figures"]
            table = with_time(figs, docs, dates=view.sentence_dates("troop_figures")).sort_values("when", ascending=False)
            st.caption(f"{len(figs):,} figure{'s' if len(figs) != 1 else ''}, newest first.")
            table = first_rows(table, "figures (newest first)", "all of them are in the sidebar's Export and on the Sources page")
            table = with_provenance(view, table)
            table["claimant"] = [" + ".join(view.actor_name(a) for a in split_ids(c)) or None for c in table["claimed_by"]]
            table["relayed by"] = [", ".join(view.actor_name(a) for a in split_ids(c)) or None
                                   for c in (table["relayed_by"] if "relayed_by" in table else [None] * len(table))]
            table["counts"] = [cv.scope_words(r) for r in table.to_dict("records")]
            table["subject actor"] = table["subject_actor"].map(lambda a: view.actor_name(a) if isinstance(a, str) else None)
            table["bounds_source"] = [bounds_source(lo, hi, q) for lo, hi, q in zip(table["low"], table["high"], table["qualifier"])]
            places = view.lookup().place_names
            table["place"] = table["location"].map(places).fillna(table["location"])
            table["review"] = table["review_status"].map(review_text) if "review_status" in table else review_text(None)
            st.dataframe(
                table[["when_note", "value", "low", "high", "bounds_source", "qualifier", "kind", "counts", "subject actor",
                       "claimant", "relayed by", "place", "review", "quote", "document", "open"]],
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
