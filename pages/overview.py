"""Overview: headline figures, key developments with quotes and sources, a compact timeline."""

import pandas as pd
import streamlit as st

from lagebild.app.frame import current_view, empty_notice, fmt_date
from lagebild.app.widgets import quote, source_link
from lagebild.charts import compact_timeline, with_time
from lagebild.filters import split_ids

KEY_TYPES = ["treaty_signing", "ratification", "ratification_exchange", "entry_into_force", "treaty_termination",
             "troop_deployment", "intelligence_assessment", "casualty_report", "acknowledgement", "denial",
             "warning", "threat", "condemnation", "combat", "capture", "visit", "meeting", "troop_training",
             "repatriation", "statement", "other"]

view = current_view()
t = view.filtered
st.title("Lagebild: North Korea–Russia")
st.caption("Defence treaty and North Korea's troop deployment to Russia's Kursk region, from the extracted documents.")

# Headline: latest reported North Korean deployment figure.
figs = t["troop_figures"]
# Only figures the text gives as fact or as a claim, never a possible or denied one.
nk = figs[(figs["subject_actor"] == "north-korea") & (figs["kind"] == "deployed") & figs["modality"].isin(["asserted", "reported"])]
c0, c1, c2, c3, c4 = st.columns([2.2, 1, 1, 1, 1.2])
with c0:
    if len(nk):
        nk = with_time(nk, view.tables["documents"]).sort_values(["when", "value"], ascending=[False, False])
        top = nk.iloc[0]
        rng = f"range {int(top['low']):,}–{int(top['high']):,}" if pd.notna(top["low"]) and pd.notna(top["high"]) else "no range given"
        st.metric("Latest reported North Korean troops deployed", f"{int(top['value']):,}",
                  help="The most recent deployed-troops figure about North Korea in the current selection.")
        st.caption(f"{rng} · {('claimed by ' + view.actor_name(top['claimed_by'])) if isinstance(top['claimed_by'], str) else 'no claimant named in the text'} · {top['when_note'] or fmt_date(top['date'], top['date_precision'])}")
        source_link(view, top["doc_id"], int(top["sentence"]), label="Source of this figure")
    else:
        st.metric("Latest reported North Korean troops deployed", "—")
        st.caption("No deployment figure about North Korea in the current selection.")
events = t["events"]
actor_ids = {a for v in events["actors"] for a in split_ids(v)} | set(t["mentions"].loc[t["mentions"]["entity_kind"] == "actor", "entity_id"])
c1.metric("Events", f"{len(events):,}")
c2.metric("Actors", f"{len(actor_ids):,}")
c3.metric("Documents", f"{len(t['documents']):,}")
as_of = t["documents"]["published"].dropna().max()
c4.metric("As of", as_of if isinstance(as_of, str) else "—", help="Latest publication date among the documents shown.")

left, right = st.columns([1.15, 1], gap="large")
with left:
    st.subheader("Key developments")
    if len(events) == 0:
        empty_notice("events", view)
    else:
        ev = with_time(events, view.tables["documents"])
        ev["rank"] = ev["type"].map({k: i for i, k in enumerate(KEY_TYPES)}).fillna(len(KEY_TYPES))
        # The latest events, at most two per type, most important types first on ties.
        picked = ev.sort_values(["when", "rank"], ascending=[False, True]).groupby("type", sort=False).head(2).head(8)
        for r in picked.sort_values("when", ascending=False).itertuples():
            with st.container(border=True):
                who = ", ".join(view.actor_name(a) for a in split_ids(r.actors)) or "no actor named"
                st.markdown(f"**{r.when_note or 'undated'}** · **{r.type.replace('_', ' ')}** ({r.modality}) · {who}")
                quote(r.quote)
                source_link(view, r.doc_id, int(r.sentence))
with right:
    st.subheader("Events per month")
    if len(events) == 0:
        empty_notice("events", view)
    else:
        st.plotly_chart(compact_timeline(events, view.tables["documents"], view.tables["actors"]), key="overview_timeline")
    undated = int(events["date"].isna().sum())
    if undated:
        st.caption(f"{undated} undated event{'s' if undated != 1 else ''} counted at the document's publication date.")
