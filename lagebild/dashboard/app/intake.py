"""The "Add documents" page's glue: the form's submission into the store, with a progress bar.

What an upload may be and how the form's metadata applies is ``lagebild.store.ingest`` (pure, tested
there); each document is stored in its own transaction; one that cannot be used is one line.
"""

from __future__ import annotations

import streamlit as st

from lagebild.store import StoreError, ingest, parquet
from lagebild.dashboard.app.loaders import review_enabled, store_engine
from lagebild.dashboard.markup import md_escape
from lagebild.store.uploads import MAX_BYTES
from lagebild.store.ingest import Document, DocumentError, FormMeta, form_meta, pasted_document, uploads_to_documents

UPLOAD_TYPES = ["txt", "md", "html", "htm", "json"]
# Files per batch: a day's reporting is a handful; a folder of hundreds goes through the command line
# (``python -m lagebild ingest``), which streams them instead of holding them all in the server's memory.
MAX_FILES = 50
UPLOAD_HELP = (f"Up to {MAX_FILES} files at a time, each at most {MAX_BYTES // 2**20} MB (a larger file is "
               "refused in one line). For a whole folder use `python -m lagebild ingest FOLDER`.")


def store_batch(documents: list[Document | DocumentError]) -> tuple[list[ingest.Outcome], list[str]]:
    """Ingest with a progress bar; returns the outcomes and the error lines."""
    errors: list[str] = []
    n = max(1, len(documents))
    bar = st.progress(0.0, text=f"Storing {len(documents)} document(s)…")

    def progress(i: int, outcome: ingest.Outcome) -> None:
        bar.progress((i + 1) / n, text=f"{i + 1} of {len(documents)}: {outcome.doc_id}")

    # workers=1: in the server's own process (forking a process with the server's threads is unsafe)
    try:
        outcomes = ingest.ingest_documents(store_engine(), documents, lambda err: errors.append(str(err)), progress,
                                           workers=1)
    except ingest.BatchStopped as stop:  # the store failed: what was stored is complete, the rest is said
        outcomes = stop.outcomes
        errors.append(f"Stopped: {stop.reason}. {stop.stored} of {len(documents)} document(s) were stored (each "
                      "complete); add the others again once it is fixed (stored ones are recognised).")
    except StoreError as exc:
        outcomes = []
        errors.append(f"Nothing was stored: {exc}")
    bar.progress(1.0, text="Done.")
    return outcomes, errors


def undated_names(documents: list) -> list[str]:
    """The documents of a batch that have no publication date (form, sidecar and page metadata say none)."""
    return [d.path for d in documents if isinstance(d, Document) and d.meta.published is None]


def report(outcomes: list[ingest.Outcome], errors: list[str], undated: list[str] = ()) -> None:
    added = [o for o in outcomes if o.added]
    if undated:  # said, never silently left to the extraction's guess (issue #19)
        st.warning(f"No publication date for {len(undated)} document(s): " + ", ".join(md_escape(n) for n in undated)
                   + ". Neither the form, a sidecar nor the page gives one: their facts show as undated unless "
                   "the text dates them. Set **Published** in the form and add them again to fix it.",
                   icon=":material/event_busy:")
    if added:
        st.success(f"Added {len(added)} document(s): " + ", ".join(
            f"{md_escape(o.doc_id)} ({o.n_facts} facts)" for o in added) + ". They are on every page now.",
            icon=":material/check:")
    for o in outcomes:
        if not o.added:
            st.info(f"Already stored (same text): {md_escape(o.doc_id)}", icon=":material/content_copy:")
    for line in errors:
        st.error(md_escape(line), icon=":material/error:")


K_PENDING = "_add_pending"


def take_submission() -> None:
    """Form callback: the submitted documents, read before the form clears (run before any script)."""
    ss = st.session_state
    language = ss.get("add_language")
    meta = form_meta(FormMeta(
        title=(ss.get("add_title") or "").strip() or None, source=(ss.get("add_source") or "").strip() or None,
        url=(ss.get("add_url") or "").strip() or None, language=None if language in (None, "detect") else language,
        published=ss.get("add_published"), precision=ss.get("add_precision") or "day",
    ))
    files = list(ss.get("add_files") or [])
    refusal = batch_refusal(len(files))
    if refusal is not None:
        ss[K_PENDING] = [refusal]
        return
    documents = uploads_to_documents(files, meta)
    pasted = ss.get("add_text") or ""
    if pasted.strip():
        documents.append(pasted_document(pasted, meta))
    ss[K_PENDING] = documents


def batch_refusal(n_files: int) -> DocumentError | None:
    """The one line refusing a batch of more than ``MAX_FILES`` files (nothing of it is added)."""
    if n_files <= MAX_FILES:
        return None
    return DocumentError("upload", f"{n_files} files chosen, at most {MAX_FILES} go in one batch; nothing was "
                                   "added: add them in smaller batches")


def add_submitted() -> list[Document | DocumentError] | None:
    """The documents of a submission to store in this run (None when nothing was submitted)."""
    return st.session_state.pop(K_PENDING, None)


def require_store() -> None:
    if not review_enabled():
        st.info("Adding documents needs the database: this app reads a parquet tables folder "
                "(LAGEBILD_TABLES is set), which is read-only.", icon=":material/info:")
        st.stop()
