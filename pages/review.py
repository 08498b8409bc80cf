"""Review: the machine's facts one at a time, most consequential first; accept, reject or edit."""

import streamlit as st

from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.intake import require_store
from lagebild.dashboard.app.reviewing import K_REASON, LABELS, decide, document_of, edit_form, history_md, orphans, \
    pending, show_message, skip, summary_md
from lagebild.dashboard.auth import ask_reviewer_name
from lagebild.dashboard.fmt import review_badge
from lagebild.dashboard.markup import context_html, md_escape
from lagebild.store import db
from lagebild.dashboard.app.loaders import store_engine

view = current_view()
st.title("Review")
st.caption("Confirm, correct or reject what the rules found, before it goes on a projector. "
           "Troop figures first, then events, each by date. Keys: A accept · X reject · S skip · E save edit.")
require_store()
reviewer = ask_reviewer_name()
if reviewer is None:
    st.stop()
show_message()

queue = pending()
wanted = st.query_params.get("fact")
fact = None
if wanted:
    try:
        fact = db.current(store_engine(), wanted)
    except db.ReviewError as exc:  # an unknown or orphaned fact in the link: say so, go on with the queue
        st.warning(md_escape(f"{exc}; showing the next fact waiting instead." if queue else str(exc)))
        wanted = None
if fact is None and queue:
    fact = db.current(store_engine(), queue[0]["fact_id"])
st.markdown(f"**{len(queue):,}** fact{'s' if len(queue) != 1 else ''} waiting · reviewing as **{md_escape(reviewer)}**")
if fact is None:
    st.success("Nothing left to review.", icon=":material/done_all:")
    st.stop()

doc = document_of(view.tables, fact["doc_id"])
names = view.lookup().actor_names
with st.container(border=True):
    st.markdown(f"### {LABELS.get(fact['table'], fact['table'])} · {review_badge(fact['status'])} · version {fact['version']}")
    st.markdown(summary_md(fact["table"], fact["row"], names))
    st.caption(f"{md_escape(doc['title'])} · {md_escape(doc.get('source') or 'source not given')} · "
               f"published {md_escape(doc.get('published') or 'undated')} · sentence {fact['row']['sentence'] + 1}")
    row = fact["row"]
    kind = "figure" if fact["table"] == "troop_figures" else "event"
    st.html(context_html(view.document_text(fact["doc_id"]), int(row["start"]), int(row["end"]), kind))
    st.text_input("Reason (optional, kept with the decision)", key=K_REASON)
    c1, c2, c3 = st.columns(3)
    c1.button("Accept", type="primary", icon=":material/check:", shortcut="A", width="stretch",
              on_click=decide, args=(fact, "accept", reviewer))
    c2.button("Reject", icon=":material/close:", shortcut="X", width="stretch",
              on_click=decide, args=(fact, "reject", reviewer))
    c3.button("Skip for now", icon=":material/skip_next:", shortcut="S", width="stretch",
              on_click=skip, args=(fact["fact_id"],), disabled=bool(wanted))
edit_form(fact, reviewer, names, view.lookup().place_names)
with st.expander(f"History of this fact ({len(fact['log'])} decision{'s' if len(fact['log']) != 1 else ''})",
                 icon=":material/history:"):
    st.markdown(history_md(fact))
orphaned = orphans()
if orphaned:
    with st.expander(f"{len(orphaned)} orphaned decision(s): their fact is no longer found after a re-extraction",
                     icon=":material/link_off:"):
        for o in orphaned:
            st.markdown(f"- {md_escape(o['doc_id'])} · {md_escape(o['table'] or '?')} · “{md_escape(o['quote'] or '')}” · "
                        f"{o['action']} by **{md_escape(o['reviewer'])}** at {o['decided_at']:%Y-%m-%d %H:%M}")
