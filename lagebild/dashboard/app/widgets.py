"""Small Streamlit pieces the pages share: quotes with their source link, fact tables."""

from __future__ import annotations

from urllib.parse import quote as q, urlencode

import pandas as pd
import streamlit as st

from lagebild.dashboard.markup import md_escape
from lagebild.dashboard import registry
from lagebild.dashboard.app.view import View
from lagebild.dashboard.fmt import query_pairs, query_string


_KINDS = {"warning": st.warning, "error": st.error, "info": st.info, "success": st.success}


def show_notice(text: str, kind: str = "warning", icon: str | None = ":material/link_off:") -> None:
    """A notice shown literally: every notice can echo a value from a URL, a file name or a
    document (``?actor=[Session expired](https://evil.example)``), so the whole text is escaped
    (no link, image, colour directive or formula renders).  Pages and the frame use only this."""
    _KINDS[kind](md_escape(text), icon=icon)


def show_notices(notices: list[str], kind: str = "warning", icon: str | None = ":material/link_off:",
                 limit: int = 5) -> None:
    """``show_notice`` for each, at most ``limit`` boxes: the rest are summarised in one line."""
    for text in notices[:limit]:
        show_notice(text, kind, icon)
    if len(notices) > limit:
        show_notice(f"…and {len(notices) - limit:,} more ignored value(s) in the link.", kind, icon)


def empty_notice(what: str, view: View) -> None:
    """The one message for an empty selection."""
    hint = " Widen the filters or reset them in the sidebar." if not view.state.is_default else ""
    st.info(f"No {what} for the current selection.{hint}", icon=":material/filter_alt_off:")


def quote_md(text: str) -> str:
    """A document quote as a Markdown block quote, shown literally (to put in a card's one Markdown block)."""
    return "> " + md_escape(text)


def source_link(view: View, doc_id: str, sentence: int | None, label: str | None = None) -> None:
    title = view.lookup().doc_titles.get(doc_id, doc_id)
    text = label or f"Source: {title}" + (f", sentence {int(sentence) + 1}" if sentence is not None else "")
    st.page_link(registry.SOURCES.path, label=md_escape(text), icon=":material/article:", query_params=view.source_link(doc_id, sentence))


def source_url(view: View, doc_id: str, sentence: int) -> str:
    return registry.SOURCES.key + query_string(view.source_link(doc_id, sentence))


def with_provenance(view: View, df: pd.DataFrame) -> pd.DataFrame:
    """Adds document title and a link column to the Sources page at the fact's sentence."""
    out = df.copy()
    out["document"] = out["doc_id"].map(view.lookup().doc_titles)
    base = urlencode(query_pairs(view.link_params()))
    prefix = registry.SOURCES.key + "?" + (base + "&" if base else "") + "source="
    encoded = {d: q(str(d), safe="") for d in out["doc_id"].unique()}
    out["open"] = prefix + out["doc_id"].map(encoded) + "&sentence=" + out["sentence"].astype(str)
    # On screen a sentence is counted from 1, as everywhere else (the table's index is 0-based).
    out["sentence"] = out["sentence"].astype(int) + 1
    return out


# Fact tables on a page show at most this many rows (the browser gets every row shown on every run);
# the rest is in the CSV/Excel downloads.
ROW_LIMIT = 1000


def first_rows(df: pd.DataFrame, what: str, rest: str = "the download has all of them",
               limit: int = ROW_LIMIT) -> pd.DataFrame:
    """``df``, cut to its first ``limit`` rows with a caption saying so (and where ``rest`` is)."""
    if len(df) <= limit:
        return df
    st.caption(f"Showing the first {limit:,} of {len(df):,} {what}; {rest}.")
    return df.head(limit)


def link_column() -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn("source", display_text="open ↗", help="Open the sentence on the Sources page")


__all__ = ["show_notice", "show_notices", "quote_md", "source_link", "source_url", "with_provenance", "link_column", "empty_notice", "first_rows", "ROW_LIMIT"]


def unlabelled_list(fig, key: str = "lb_unlabelled") -> None:
    """Under a map: every figure its labels leave out ("+ 2 more, listed under the map"), so that a
    screenshot or a projector shows them all (nobody hovers a slide)."""
    from lagebild.dashboard.geo import unlabelled_figures

    lines = unlabelled_figures(fig)
    if lines:
        by_place: dict[str, list[str]] = {}
        for x in lines:  # "Kursk Oblast: …" -> one paragraph per place, its figures after each other
            place, _, what = x.partition(": ")
            by_place.setdefault(place, []).append(what)
        with st.container(key=key):
            st.markdown("**Also on this map:**\n\n" + "\n\n".join(
                f"**{md_escape(p)}:** " + "; ".join(md_escape(w) for w in ws) for p, ws in by_place.items()))
