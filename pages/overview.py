"""Overview: headline figures, key developments with quotes and sources, a compact timeline."""

import pandas as pd
import streamlit as st

from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.live import follow_store
from lagebild.dashboard.app.claims_blocks import latest_claims_block
from lagebild.dashboard.app.loaders import per_view
from lagebild.dashboard.app.widgets import empty_notice, quote_md, source_link
from lagebild.dashboard.charts import compact_timeline, with_time
from lagebild.dashboard.filters import actor_ids_of_events
from lagebild.dashboard.fmt import event_label, fmt_amount, fmt_published, review_badge
from lagebild.dashboard.markup import md_escape
from lagebild.dashboard.roles import role_line

KEY_TYPES = ["treaty_signing", "ratification", "ratification_exchange", "entry_into_force", "treaty_termination",
             "troop_deployment", "intelligence_assessment", "casualty_report", "acknowledgement", "denial",
             "warning", "threat", "condemnation", "combat", "capture", "visit", "meeting", "troop_training",
             "repatriation", "statement", "other"]


def summary(t: dict, documents: pd.DataFrame, actors: pd.DataFrame, dates: pd.DataFrame) -> dict:
    """What the page shows, from the filtered tables ``t`` (pure; memoised per view below)."""
    events = t["events"]
    actor_ids = actor_ids_of_events(events) | set(t["mentions"].loc[t["mentions"]["entity_kind"] == "actor", "entity_id"].unique())
    picked = timeline = None
    if len(events):
        ev = with_time(events, documents, dates=dates)
        ev["rank"] = ev["type"].map({k: i for i, k in enumerate(KEY_TYPES)}).fillna(len(KEY_TYPES))
        # What the text dates leads, in date order; then undated facts, most important types first.
        # At most two per type among the latest, so both ratifications of a treaty stay in.
        ev["undated"] = ~ev["in_text"]
        latest = ev.sort_values(["undated", "when", "rank"], ascending=[True, False, True])
        picked = latest.groupby("type", sort=False).head(2).head(8)
        picked = picked.sort_values(["undated", "when", "rank"], ascending=[True, True, True])
        timeline = compact_timeline(ev, documents, actors, dates=dates)  # ev: the dates worked out once
    return {"n_actors": len(actor_ids), "n_events": len(events), "n_docs": len(t["documents"]),
            "as_of": as_of(t["documents"]), "picked": picked, "timeline": timeline,
            "undated": int((~ev["in_text"]).sum()) if len(events) else 0}


def as_of(documents: pd.DataFrame) -> str:
    """The latest publication date, "~" when that date is itself inferred."""
    dated = documents[documents["published"].notna()]
    if len(dated) == 0:
        return "—"
    row = dated.sort_values("published").iloc[-1]
    return fmt_published(row["published"], row["precision"])


view = current_view()
follow_store(view.tables)  # new documents (watch, other sessions) show without a click
t = view.filtered
st.title("Lagebild: North Korea–Russia")
st.caption("Defence treaty and North Korea's troop deployment to Russia's Kursk region, from the extracted documents.")
s_ = per_view("overview", view.tables, view.state, summary, t, view.tables["documents"], view.tables["actors"],
              view.tables["dates"])

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
        st.caption(f"{undated} event{'s' if undated != 1 else ''} the text does not date "
                   f"{'are' if undated != 1 else 'is'} counted at {'their' if undated != 1 else 'its'} article's publication date.")
