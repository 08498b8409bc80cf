"""Sources: documents with metadata, full text with facts highlighted, the filtered fact tables with CSV download."""

import pandas as pd
import streamlit as st

from lagebild.app.frame import DOC_OPTION_LIMIT, current_view, doc_options, empty_notice
from lagebild.app.widgets import first_rows, link_column, with_provenance
from lagebild.markup import LEGEND, STYLE, highlighted_html

view = current_view()
t = view.filtered
docs_all = view.tables["documents"]
cat = view.lookup()
st.title("Sources")

# The document to show: ?source=<doc_id>&sentence=<n> (links from facts elsewhere), else the first filtered one.
wanted = st.query_params.get("source")
try:
    sentence = int(st.query_params.get("sentence")) if st.query_params.get("sentence") is not None else None
except ValueError:
    sentence = None
    st.warning("Ignored sentence= in the link: not a number.")
if wanted is not None and wanted not in cat.doc_id_set:
    st.warning(f"Ignored source={wanted!r}: no document with that id.")
    wanted = None

docs = t["documents"].sort_values("published", ascending=False, na_position="last")
st.subheader("Documents")
if len(docs) == 0:
    empty_notice("documents", view)
else:
    meta = first_rows(docs.drop(columns=["text"]), "documents (newest first)",
                      "the Documents tab below has a CSV of all of them")
    st.dataframe(meta, hide_index=True, height=min(320, 40 + 36 * len(meta)),
                 column_config={"url": st.column_config.LinkColumn("url"), "length": st.column_config.NumberColumn("characters")})

options = list(docs["doc_id"])
if len(options) > DOC_OPTION_LIMIT:
    # Thousands of documents: offer the newest ones matching a search (plus the one shown), not all of them.
    query = st.text_input("Find a document", key="source_search", placeholder="title, date or source",
                          help=f"Lists at most {DOC_OPTION_LIMIT} matching documents, newest first.")
    in_filter = set(options)
    matching, _ = doc_options(cat, query, [], limit=len(cat.doc_ids))
    matching = [d for d in matching if d in in_filter]
    current = st.session_state.get("source_doc")
    keep = [d for d in (wanted, current) if d is not None and (d == wanted or d in in_filter)]
    options = list(dict.fromkeys([*keep, *matching[:DOC_OPTION_LIMIT]]))
    if not options:
        options = keep or list(docs["doc_id"][:1])
    st.caption(f"Listing {min(len(matching), DOC_OPTION_LIMIT):,} of {len(matching):,} matching documents"
               + ("; search to find others." if len(matching) > DOC_OPTION_LIMIT else "."))
if wanted is not None and wanted not in options:
    options.insert(0, wanted)
if options:
    titles = cat.doc_titles
    pub = cat.doc_published
    if wanted is not None:
        st.session_state["source_doc"] = wanted
    elif st.session_state.get("source_doc") not in options:
        st.session_state["source_doc"] = options[0]

    def _on_pick():
        st.query_params["source"] = st.session_state["source_doc"]
        if "sentence" in st.query_params:
            del st.query_params["sentence"]

    doc_id = st.selectbox("Document", options, key="source_doc", on_change=_on_pick,
                          format_func=lambda d: f"{pub.get(d) or 'undated'} · {titles.get(d, d)}")
    doc = docs_all[docs_all["doc_id"] == doc_id].iloc[0]
    st.caption(" · ".join(str(x) for x in [doc["source"], doc["published"], f"date {doc['precision']}", doc["language"],
                                            f"{doc['length']:,} characters"] if isinstance(x, str) and x))
    spans = []
    names = cat.actor_names
    places = cat.place_names
    m = t["mentions"][t["mentions"]["doc_id"] == doc_id]
    for r in m.itertuples():
        label = names.get(r.entity_id) if r.entity_kind == "actor" else places.get(r.entity_id)
        spans.append((r.start, r.end, r.entity_kind, f"{r.entity_kind}: {label or r.entity_id}"))
    for r in t["events"][t["events"]["doc_id"] == doc_id].itertuples():
        spans.append((r.start, r.end, "event", f"event: {r.type} ({r.modality}), {r.date or 'undated'}"))
    for r in t["troop_figures"][t["troop_figures"]["doc_id"] == doc_id].itertuples():
        spans.append((r.start, r.end, "figure", f"troop figure: {r.value:,} {r.kind}"))
    for r in t["dates"][t["dates"]["doc_id"] == doc_id].itertuples():
        spans.append((r.start, r.end, "date", f"date: {r.date or 'unresolved'} ({r.precision or '?'})"))
    target = None
    if sentence is not None and doc_id == wanted:
        in_sentence = pd.concat([view.tables[n].loc[(view.tables[n]["doc_id"] == doc_id) & (view.tables[n]["sentence"] == sentence), ["start", "end"]]
                                 for n in ("mentions", "events", "troop_figures", "dates")])
        if len(in_sentence):
            target = (int(in_sentence["start"].min()), int(in_sentence["end"].max()))
        else:
            st.info(f"No extracted fact lies in sentence {sentence + 1} of this document.")
    st.html(STYLE + LEGEND + highlighted_html(str(doc["text"]), spans, target))
    if target:
        # Scroll the linked sentence into view (our own script; the document text is escaped above).
        st.html("<script>setTimeout(function(){var e=document.getElementById('lb-target');"
                "if(e){e.scrollIntoView({block:'center'});}},400);</script>", unsafe_allow_javascript=True)

st.subheader("Fact tables (filtered)")
labels = {"events": "Events", "troop_figures": "Troop figures", "mentions": "Mentions", "dates": "Dates",
          "actors": "Actors", "places": "Places", "documents": "Documents"}
tabs = st.tabs([f"{labels[n]} · {len(t[n]):,}" for n in labels])
for tab, name in zip(tabs, labels):
    with tab:
        df = t[name]
        if len(df) == 0:
            empty_notice(name.replace("_", " "), view)
            continue
        first = first_rows(df, "rows")
        shown = with_provenance(view, first) if "sentence" in df.columns else first
        if name == "documents":
            shown = first.drop(columns=["text"])
        config = {"open": link_column(), "quote": st.column_config.TextColumn("quote", width="large")}
        st.dataframe(shown, hide_index=True, height=380, column_config=config)
        # The CSV is built only when the button is clicked.
        st.download_button(f"Download {labels[name].lower()} (CSV)", lambda df=df: df.to_csv(index=False).encode("utf-8"),
                           file_name=f"lagebild-{name}.csv", mime="text/csv", key=f"csv_{name}",
                           icon=":material/download:", on_click="ignore")
