"""The "Sources and feeds" page's glue: the sources file, its sources' state, the fetch log, the
stories several outlets carried, and "Fetch now" with a progress bar (one round in this process).

Online fetching is opt-in: without a sources file, or with no enabled source, nothing is fetched
and the button is off.
"""

from __future__ import annotations

import streamlit as st

from sqlalchemy.exc import SQLAlchemyError

from lagebild.dashboard.app.loaders import review_enabled, store_engine
from lagebild.dashboard.markup import md_escape
from lagebild.feeds import config as feeds_config
from lagebild.feeds import status
from lagebild.feeds.poll import Poller


def load_config() -> feeds_config.Config | None:
    """The sources file, or None (said in one line) when there is none or it cannot be used."""
    path = feeds_config.default_path()
    if not path.exists():
        st.info(f"No sources file ({md_escape(str(path))}): nothing is fetched from the web. Copy "
                "feeds.example.toml to feeds.toml (or set LAGEBILD_FEEDS) and enable the sources to follow.",
                icon=":material/cloud_off:")
        return None
    try:
        return feeds_config.load(path)
    except feeds_config.ConfigError as exc:
        st.error(md_escape(str(exc)), icon=":material/error:")
        return None


K_FETCH = "_feeds_fetch_asked"


def ask_fetch() -> None:
    st.session_state[K_FETCH] = True


def fetch_asked() -> bool:
    """Whether "Fetch now" was clicked (once: the flag is taken)."""
    return bool(st.session_state.pop(K_FETCH, False))


def fetch_now(config: feeds_config.Config) -> None:
    """One round over the enabled sources with a progress bar; a line per source, failures as errors."""
    sources = config.enabled
    bar = st.progress(0.0, text=f"Polling {len(sources)} source(s)…")
    errors: list[str] = []
    done = {"sources": 0}

    def progress(name: str, i: int, n: int) -> None:
        part = (done["sources"] + (i / n if n else 1)) / len(sources)
        bar.progress(min(part, 1.0), text=f"{md_escape(name)}: item {i} of {n}")

    poller = Poller(store_engine(), config, on_line=errors.append)
    results = []
    for source in sources:
        bar.progress(done["sources"] / len(sources), text=f"{md_escape(source.name)}: reading…")
        results += poller.round((source,), progress)
        done["sources"] += 1
    bar.progress(1.0, text="Done.")
    new = sum(r.new for r in results)
    st.success(f"{new} new document(s) from {len(results)} source(s)." + (" They are on every page now." if new else ""),
               icon=":material/check:")
    for r in results:
        st.caption(md_escape(r.line()))
    for line in errors:
        st.error(md_escape(line), icon=":material/error:")


def sources_table(config: feeds_config.Config) -> None:
    df = status.source_rows(store_engine(), config)
    st.dataframe(df, hide_index=True, width="stretch",
                 column_config={"url": st.column_config.TextColumn("url"),
                                "enabled": st.column_config.CheckboxColumn("enabled")})


def outlets_table() -> None:
    df = status.multi_outlet_rows(store_engine())
    st.subheader("Stories carried by several outlets")
    if len(df) == 0:
        st.caption("None yet: every stored story came from one outlet.")
        return
    st.caption("Stored once and counted as one independent source in the claims; every outlet listed.")
    st.dataframe(df, hide_index=True, width="stretch")


def log_table() -> None:
    df = status.log_rows(store_engine())
    st.subheader("Fetch log")
    if len(df) == 0:
        st.caption("No failures logged.")
        return
    st.dataframe(df, hide_index=True, width="stretch")


def outlets_line(doc_id: str) -> None:
    """Under a document on Sources: every outlet whose feed carried this text (stored once), when more than one."""
    if not review_enabled():  # parquet tables: no store, no feeds
        return
    try:
        outlets = status.outlets_of(store_engine(), doc_id)
    except SQLAlchemyError:
        return
    if len(outlets) > 1:
        st.caption(f"Carried by {len(outlets)} outlets (one story, stored once, one independent source): "
                   + "; ".join(md_escape(o) for o in outlets))
