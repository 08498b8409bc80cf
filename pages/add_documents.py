"""Add documents: upload files or paste text, with a little metadata; stored and extracted at once."""

import streamlit as st

from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.intake import UPLOAD_HELP, UPLOAD_TYPES, add_submitted, report, require_store, store_batch, \
    take_submission, undated_names

current_view()
st.title("Add documents")
st.caption("New reporting goes into the database: its facts are extracted at once and are on every page at the "
           "next click. The same text added twice is recognised and stored once.")
require_store()

with st.form("add_documents", clear_on_submit=True):
    st.file_uploader("Files (.txt, .md, saved .html; a <name>.meta.json beside <name>.txt is its sidecar)",
                     type=UPLOAD_TYPES, accept_multiple_files=True, key="add_files", help=UPLOAD_HELP)
    st.text_area("…or paste the text (first line = title, unless you give one below)", key="add_text", height=180)
    c1, c2 = st.columns(2)
    c1.text_input("Title (a single document only)", key="add_title")
    c2.text_input("Source", key="add_source", placeholder="e.g. Yonhap")
    c1.text_input("URL", key="add_url")
    c2.selectbox("Language", ["detect", "de", "en"], key="add_language")
    c1.date_input("Published", value=None, key="add_published", format="YYYY-MM-DD")
    c2.radio("Precision of that date", ["day", "month", "year"], horizontal=True, key="add_precision",
             help="Known only to the month or year: the document's date is written as 2024-11 or 2024.")
    st.form_submit_button("Add to the store", type="primary", icon=":material/upload:", on_click=take_submission)

documents = add_submitted()
if documents is not None:
    if not documents:
        st.warning("Nothing to add: choose files or paste a text.", icon=":material/warning:")
    else:
        report(*store_batch(documents), undated=undated_names(documents))
