"""Sources: a document's full text with its facts highlighted; the documents and the filtered fact tables with CSV download."""

import streamlit as st

from lagebild.dashboard.app.feedsview import outlets_line
from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.claims_blocks import document_novelty_block
from lagebild.dashboard.app.sidebar import DOC_OPTION_LIMIT, doc_options
from lagebild.dashboard.app.loaders import per_view
from lagebild.dashboard.app.widgets import empty_notice, first_rows, link_column, show_notice, with_provenance
from lagebild.dashboard import export as E
from lagebild.dashboard.markup import document_html, md_escape, safe_link
from lagebild.dashboard.app.downloads import download_button
from lagebild.dashboard.fmt import LANGUAGE_NAMES, published_line

view = current_view()
t = view.filtered
docs_all = view.tables["documents"]
cat = view.lookup()
st.title("Sources")

# The document to show: ?source=<doc_id>&sentence=<n> (links from facts elsewhere), else the first filtered one.
wanted = st.query_params.get("source") or None  # an empty parameter is no request
raw_sentence = st.query_params.get("sentence") or None
try:
    sentence = int(raw_sentence) if raw_sentence is not None else None
except ValueError:
    sentence = None
    show_notice(f"Ignored sentence={raw_sentence[:80]!r}: not a number.")
if sentence is not None and sentence < 0:
    show_notice(f"Ignored sentence={sentence}: not a sentence of this document.")
    sentence = None
if wanted is not None and wanted not in cat.doc_id_set:
    show_notice(f"Ignored source={wanted[:80]!r}: no document with that id.")
    wanted = None

docs = t["documents"].sort_values("published", ascending=False, na_position="last")

# The document's text and the filtered tables, as tabs built only when open: a table (and the
# data-grid component it loads) costs nothing until its tab is picked.  Tab labels carry the row
# counts, so they change with the filters (a new tabs widget): the open tab is then picked again by name.
LABELS = {"text": "Document text", "documents": "Documents", "events": "Events", "troop_figures": "Troop figures",
          "mentions": "Mentions", "dates": "Dates", "actors": "Actors", "places": "Places"}
K_TAB, K_TAB_NAME = "sources_tab", "_sources_tab_name"
tab_labels = {n: (label if n == "text" else f"{label} · {view.count(n):,}") for n, label in LABELS.items()}
current = st.session_state.get(K_TAB)
if current not in tab_labels.values():
    # A new visit (a fact's source link shows its sentence) starts at the text; new counts keep the open tab.
    name = "text" if current is None else st.session_state.get(K_TAB_NAME, "text")
    st.session_state[K_TAB] = tab_labels.get(name, tab_labels["text"])
tabs = dict(zip(LABELS, st.tabs(list(tab_labels.values()), key=K_TAB, on_change="rerun")))
open_name = next((n for n, tab in tabs.items() if tab.open), "text")
st.session_state[K_TAB_NAME] = open_name


def document_text() -> None:
    """The document picker and the document's text with its facts highlighted."""
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
    if not options:
        empty_notice("documents", view)
        return
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
    # Every part is a document's value (a sidecar's or the form's source): escaped, never Markdown.
    st.caption(" · ".join(md_escape(x) for x in [doc["source"], published_line(doc["published"], doc["precision"]),
                                                 LANGUAGE_NAMES.get(doc["language"], doc["language"]),
                                                 f"{doc['length']:,} characters"] if isinstance(x, str) and x))
    outlets_line(doc_id)
    document_novelty_block(view, doc_id)
    linked = sentence if (sentence is not None and doc_id == wanted) else None
    # The document's own facts: on the database only its rows are read, not every mention of the view.
    body, target = per_view(("sources:text", doc_id, linked), view.tables, view.state, document_html, view.document_text(doc_id),
                            view.of_document(doc_id), view.of_document(doc_id, filtered=False), doc_id, linked,
                            cat.actor_names, cat.place_names)
    if linked is not None and target is None:
        st.info(f"No extracted fact lies in sentence {linked + 1} of this document.")
    st.html(body)
    if target:
        # Scroll the linked sentence into view (our own script; the document text is escaped above).
        st.html("<script>setTimeout(function(){var e=document.getElementById('lb-target');"
                "if(e){e.scrollIntoView({block:'center'});}},400);</script>", unsafe_allow_javascript=True)


def fact_table(name: str) -> None:
    """One filtered table (its first rows, with links to the sentence) and its CSV download."""
    df = t[name]
    if len(df) == 0:
        empty_notice(name.replace("_", " "), view)
        return
    if name == "documents":
        # Newest first, without the text (the CSV has it).
        first = first_rows(docs.drop(columns=["text"]), "documents (newest first)")
        # Only http(s) addresses become links; any other sidecar url is shown as plain text.
        links = first["url"].map(safe_link)
        first = first.assign(link=links, url=first["url"].where(links.isna()))
        order = ["link" if c == "url" else c for c in first.columns if c != "link"]
        st.dataframe(first, hide_index=True, height=min(380, 40 + 36 * len(first)),
                     column_order=order + (["url"] if first["url"].notna().any() else []),
                     column_config={"link": st.column_config.LinkColumn("url"),
                                    "url": st.column_config.TextColumn("url (not a web link)"),
                                    "length": st.column_config.NumberColumn("characters")})
    else:
        first = first_rows(df, "rows")
        shown = with_provenance(view, first) if "sentence" in df.columns else first
        config = {"open": link_column(), "quote": st.column_config.TextColumn("quote", width="large")}
        st.dataframe(shown, hide_index=True, height=380, column_config=config)
    # The CSV is built only when the button is clicked.
    download_button(f"Download {LABELS[name].lower()} (CSV)",
                    lambda: E.table_csv(view.with_texts(df) if name == "documents" else df),
                    file_name=f"lagebild-{name}.csv", mime="text/csv", key=f"csv_{name}",
                    icon=":material/download:")


with tabs[open_name]:
    if open_name == "text":
        document_text()
    else:
        fact_table(open_name)
