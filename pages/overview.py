"""Overview: headline figures, key developments with quotes and sources, a compact timeline."""

import pandas as pd
import streamlit as st

from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.claims_blocks import latest_claims_block
from lagebild.dashboard.fmt import review_badge
from lagebild.dashboard.app.loaders import per_view
from lagebild.dashboard.app.widgets import empty_notice, quote_md, source_link
from lagebild.dashboard.charts import compact_timeline, with_time
from lagebild.dashboard.filters import actor_ids_of_events, split_ids
from lagebild.dashboard.markup import md_escape

KEY_TYPES = ["treaty_signing", "ratification", "ratification_exchange", "entry_into_force", "treaty_termination",
             "troop_deployment", "intelligence_assessment", "casualty_report", "acknowledgement", "denial",
             "warning", "threat", "condemnation", "combat", "capture", "visit", "meeting", "troop_training",
             "repatriation", "statement", "other"]


def summary(t: dict, documents: pd.DataFrame, actors: pd.DataFrame) -> dict:
    """What the page shows, from the filtered tables ``t`` (pure; memoised per view below)."""
    events = t["events"]
    actor_ids = actor_ids_of_events(events) | set(t["mentions"].loc[t["mentions"]["entity_kind"] == "actor", "entity_id"].unique())
    picked = timeline = None
    if len(events):
        ev = with_time(events, documents)
        ev["rank"] = ev["type"].map({k: i for i, k in enumerate(KEY_TYPES)}).fillna(len(KEY_TYPES))
        # The latest events, at most two per type, most important types first on ties.
        picked = ev.sort_values(["when", "rank"], ascending=[False, True]).groupby("type", sort=False).head(2).head(8)
        picked = picked.sort_values("when", ascending=False)
        timeline = compact_timeline(events, documents, actors)
    return {"n_actors": len(actor_ids), "n_events": len(events), "n_docs": len(t["documents"]),
            "as_of": t["documents"]["published"].dropna().max(), "picked": picked, "timeline": timeline,
            "undated": int(events["date"].isna().sum())}


view = current_view()
t = view.filtered
st.title("Lagebild: North Korea–Russia")
st.caption("Defence treaty and North Korea's troop deployment to Russia's Kursk region, from the extracted documents.")
s_ = per_view("overview", view.tables, view.state, summary, t, view.tables["documents"], view.tables["actors"])

# Headline: the latest claim of each major claimant (never one number for all of them).
latest_claims_block(view)
c1, c2, c3, c4 = st.columns([1, 1, 1, 1.2])
c1.metric("Events", f"{s_['n_events']:,}")
c2.metric("Actors", f"{s_['n_actors']:,}")
c3.metric("Documents", f"{s_['n_docs']:,}")
as_of = s_["as_of"]
c4.metric("As of", as_of if isinstance(as_of, str) else "—", help="Latest publication date among the documents shown.")

left, right = st.columns([1.15, 1], gap="large")
with left:
    st.subheader("Key developments")
    if s_["picked"] is None:
        empty_notice("events", view)
    else:
        for r in s_["picked"].itertuples():
            with st.container(border=True):
                who = md_escape(", ".join(view.actor_name(a) for a in split_ids(r.actors)) or "no actor named")
                # Heading line and quote in one Markdown block (one element, not two).
                st.markdown(f"**{r.when_note or 'undated'}** · **{r.type.replace('_', ' ')}** ({r.modality}) · {who} · "
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
        st.caption(f"{undated} undated event{'s' if undated != 1 else ''} counted at the document's publication date.")
