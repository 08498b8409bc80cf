"""Overview: headline figures, key developments with quotes and sources, a compact timeline."""

import streamlit as st

from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.live import follow_store
from lagebild.dashboard.app.claims_blocks import latest_claims_block
from lagebild.dashboard.app.loaders import per_view
from lagebild.dashboard.app.widgets import empty_notice, quote_md, source_link
from lagebild.dashboard.fmt import event_label, review_badge
from lagebild.dashboard.overview import store_summary, summary
from lagebild.dashboard.markup import md_escape
from lagebild.dashboard.roles import role_line

view = current_view()
follow_store(view.key)  # new documents (watch, other sessions) show without a click
st.title("Lagebild: North Korea–Russia")
st.caption("Defence treaty and North Korea's troop deployment to Russia's Kursk region, from the extracted documents.")
if view.from_store:  # the database answers: no table is loaded for this page
    s_ = view.ask("overview", store_summary, view.state, view.lookup().actor_sides)
else:
    s_ = per_view("overview", view.tables, view.state, summary, view.filtered, view.tables["documents"],
                  view.tables["actors"], view.tables["dates"])

# Headline: the latest claim of each major claimant (never one number for all of them).
latest_claims_block(view)
c1, c2, c3, c4 = st.columns([1, 1, 1, 1.2])
c1.metric("Events", f"{s_['n_events']:,}")
c2.metric("Actors", f"{s_['n_actors']:,}")
c3.metric("Documents", f"{s_['n_docs']:,}")
c4.metric("As of", s_["as_of"], help="Latest publication date among the documents shown (~ = inferred, not stated).")

left, right = st.columns([1.15, 1], gap="large")
with left:
    st.subheader("Key developments")
    if s_["picked"] is None:
        empty_notice("events", view)
    else:
        for r in s_["picked"].itertuples():
            with st.container(border=True):
                # who did what to whom, each actor in the role it has ("Ukraine captured soldiers of …")
                who = md_escape(role_line(r._asdict(), view.actor_name))
                # Heading line and quote in one Markdown block (one element, not two).
                st.markdown(f"**{md_escape(r.when_note)}** · **{event_label(r.type, r.modality)}** · {who} · "
                            f"{review_badge(getattr(r, 'review_status', None))}\n\n"
                            + quote_md(r.quote))
                source_link(view, r.doc_id, int(r.sentence))
with right:
    st.subheader("Events per month")
    if s_["timeline"] is None:
        empty_notice("events", view)
    else:
        st.plotly_chart(s_["timeline"], key="overview_timeline")
    undated = s_["undated"]
    if undated:
        st.caption(f"{undated:,} event{'s' if undated != 1 else ''} the text does not date "
                   f"{'are' if undated != 1 else 'is'} counted at {'their' if undated != 1 else 'its'} article's publication date.")
