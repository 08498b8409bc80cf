"""Claims on the pages: the Troop figures claims view and the Overview's latest claims.

Streamlit glue only; the figures, tables and wording come from ``lagebild.dashboard.claimviews``
and the grouping from ``lagebild.claims`` (both pure).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lagebild.dashboard import briefing as B

from lagebild import claims as claims_mod
from lagebild.dashboard import claimviews as cv
from lagebild.dashboard.app.view import View
from lagebild.dashboard.app.loaders import per_view
from lagebild.dashboard.app.widgets import empty_notice, first_rows, link_column, with_provenance
from lagebild.dashboard.filters import FilterState
from lagebild.dashboard.fmt import review_badge
from lagebild.dashboard.markup import md_escape
from lagebild.dashboard.storeclaims import store_deployment_claims, store_view_claims

MAJOR_CLAIMANTS = claims_mod.rules.load().major_claimants
# The claims table is always open; past this many rows the rest is in the JSON export.
CLAIM_ROWS = 300


def document_sources(view: View) -> pd.DataFrame:
    """Each document's source (wire credit or itself), once per tables: it depends on the texts, not the filters."""
    return per_view("claims:sources", view.tables, FilterState(), claims_mod.document_sources,
                    view.tables["documents"], claims_mod.rules.load())


# The dashboard skips pandera on the derived tables (a quarter second per filter state at 10,000
# documents): the same builders are validated by ``extract --format json`` and the tests.
def view_claims(view: View) -> pd.DataFrame:
    """The ``claims`` of the filtered tables (memoised per view).  Who makes a figure's claim is read from its
    sentence with every mention in it, not only those the actor filter keeps: picking an actor must not turn
    an accusation into a plain statement (the claim keeps its claimant and basis whatever the filter).
    On the database each figure's claimant was read when its document was stored: no mention is read."""
    if view.from_store:
        return view.ask("claims", store_view_claims, view.state, view.lookup().tables["documents"])[0]
    return per_view("claims", view.tables, view.state, claims_mod.derive_claims,
                    {**view.filtered, "mentions": view.tables["mentions"]}, sources=document_sources(view),
                    validate=False)


def view_event_groups(view: View) -> pd.DataFrame:
    """The ``event_groups`` of the filtered tables (memoised per view; only pages that show them pay for them)."""
    return per_view("event_groups", view.tables, view.state, claims_mod.derive_event_groups, view.filtered,
                    sources=document_sources(view), validate=False)


def _lookups(view: View) -> tuple[dict, dict, dict]:
    cat = view.lookup()
    return cat.actor_names, cat.doc_titles, cat.doc_published


def _chart(view: View, what: str, claims: pd.DataFrame, by_kind: bool):
    names, titles, published = _lookups(view)
    return per_view(f"claims_chart:{what}", view.tables, view.state, cv.claims_chart, claims, names, titles,
                    published, by_kind=by_kind)


def claims_charts(view: View, claims: pd.DataFrame) -> None:
    """Deployment claims per claimant; casualties, and everything else, on panels of their own."""
    panels = [(what, label, df, by_kind) for what, label, _, df, by_kind in cv.claim_panels(claims)]
    # Tab labels are the briefing's (stable: they are the URL's tab=, so a shared link opens on the tab).
    st.caption(" · ".join(f"{label}: {len(df):,} claims" for _, label, df, _ in panels))
    tabs = st.tabs(list(B.TAB_VISUALS["troop_figures"]), key=B.TAB_KEY, bind="query-params")
    for tab, (what, label, df, by_kind) in zip(tabs, panels):
        with tab:
            if len(df) == 0:
                empty_notice(f"{label.lower()} claims", view)
            else:
                st.plotly_chart(_chart(view, what, df, by_kind), key=f"claims_{what}")
                note = cv.undrawn_note(df)
                if note:  # the marks must add up to what the caption above counts
                    st.caption(note)


def claims_table(view: View, claims: pd.DataFrame) -> None:
    st.subheader("Claims and their sources")
    if len(claims) == 0:
        empty_notice("claims", view)
        return
    claims_rows_table(view, claims, "claims_rows")


def claims_rows_table(view: View, claims: pd.DataFrame, what: str, height: int = 420) -> None:
    """Claims as a table: claimant, figure as stated, reports, independent sources, every source."""
    names, titles, published = _lookups(view)
    rows = per_view(what, view.tables, view.state, cv.claims_rows, claims, names, titles, published)
    rows = with_provenance(view, first_rows(rows, "claims (newest first)", "all of them are in extract --format json",
                                            limit=CLAIM_ROWS))
    # As tall as its rows (no empty rows); taller than the box, a caption says the table scrolls
    # (issue #19: 9 of 26 rows showed, with no sign of the rest).
    # (+ 20: the columns are wider than the page, and the horizontal scroll bar took the last row's lower half)
    fit = 38 + 35 * len(rows) + 20
    if fit > height:
        st.caption(f"{len(rows):,} claims: scroll the table to see them all.")
    st.dataframe(rows.drop(columns=["doc_id", "sentence", "claim_id", "document"]), hide_index=True,
                 height=min(height, fit),
                 column_config={"sources": st.column_config.TextColumn("sources", width="large"),
                                "figure": st.column_config.TextColumn("figure", width="medium"),
                                "independent sources": st.column_config.NumberColumn("independent sources", width="medium"),
                                "first quote": st.column_config.TextColumn("first quote", width="medium"),
                                "open": link_column()})


def latest_claims_block(view: View) -> None:
    """The Overview headline: the latest deployment claim of each major claimant, and a line when they differ."""
    if view.from_store:  # asked of the database: the deployment figures only, no table loaded
        claims, figures = view.ask("deployment_claims", store_deployment_claims, view.state, view.lookup().tables["documents"])
    else:
        claims, figures = view_claims(view), view.filtered["troop_figures"]
    names = view.lookup().actor_names
    latest = cv.latest_by_claimant(claims, MAJOR_CLAIMANTS)
    increments = cv.latest_increments(claims)
    st.markdown("**Latest claims: North Korean troops deployed in total**")
    if len(latest) == 0 and len(increments) == 0:
        st.caption("No deployment claim about North Korea in the current selection.")
        return
    beside = []  # increments of claimants without a total card: listed under the cards, never as a total
    by_claimant = {w: r for w, r in zip(increments["_who"], increments.to_dict("records"))} if len(increments) else {}
    # Cards of a fixed width in a row that wraps (not equal columns): at 1280 px beside the sidebar four columns
    # were too narrow for "approximately" in heading type, which broke mid-word ("approximatel / y 11,000").
    row_box = st.container(horizontal=True, gap="medium", key="lb_latest_claims")
    cols = [row_box.container(width=270) for _ in range(len(latest))]
    for col, row in zip(cols, latest.to_dict("records")):
        # Markdown, not st.metric: a long figure ("more than 10,000") wraps instead of being cut off.
        status = cv.claim_review_status(row, figures)
        more = by_claimant.pop(row["_who"], None)
        col.markdown(f"{md_escape(cv.claimant_of(row, names))}\n\n"
                     f"### {md_escape(cv.figure_text(row))}\n\n"
                     f":gray[{md_escape(cv.reported_text(row))} · {md_escape(cv.reports_text(row))}]"
                     + (f" {review_badge(status)}" if status else "")
                     + (f"\n\n{md_escape(increment_line(more, names, with_claimant=False))}" if more else ""))
    beside = []
    for r in by_claimant.values():  # each with its review status, as the cards
        status = cv.claim_review_status(r, figures)
        beside.append(md_escape(increment_line(r, names)) + (f" {review_badge(status)}" if status else ""))
    if len(latest) == 0:
        st.caption("No total of North Korean troops deployed in the current selection.")
    if beside:
        st.markdown("**Increments reported** (more troops on top of an earlier figure, not totals): "
                    + " · ".join(beside))
    line = cv.disagreement(latest, names)
    if line:
        st.warning(md_escape(line), icon=":material/compare_arrows:")


def increment_line(row, names: dict[str, str], with_claimant: bool = True) -> str:
    """'+about 5,000 since Sep 2025 (National Intelligence Service (South Korea), reported Dec 2025)'."""
    who = f"{cv.claimant_of(row, names)}, " if with_claimant else ""
    return f"{cv.stated_text(row)} ({who}{cv.reported_text(row)})"


# Whether a document's reports are new groups every report of the view (its events and troop figures) into
# events and claims: about 16 s at 10,000 documents and 90 s at 100,000, for one line above the text.  Past this
# many reports the Sources page shows the text at once and works the line out when asked (then, for the rest of
# the session, for every document shown: the grouping is kept per view).
NOVELTY_ON_REQUEST = 20_000
K_NOVELTY = "sources_novelty_asked"


def _ask_novelty() -> None:
    st.session_state[K_NOVELTY] = True


def document_novelty_block(view: View, doc_id: str) -> None:
    """On the Sources page: which of the document's figures and events are new and which repeat earlier reports."""
    reports = view.count("events") + view.count("troop_figures")
    if reports > NOVELTY_ON_REQUEST and not st.session_state.get(K_NOVELTY):
        st.button(f"Which of this document's reports are new? (compares them with the view's {reports:,} reports)",
                  key="sources_novelty", on_click=_ask_novelty, icon=":material/compare_arrows:")
        return
    cat = view.lookup()
    new_c, rep_c = cv.document_novelty(view_claims(view), doc_id)
    new_e, rep_e = cv.document_novelty(view_event_groups(view), doc_id)
    if not (len(new_c) or len(rep_c) or len(new_e) or len(rep_e)):
        return
    lines = [f"**In this document:** figure claims — {len(new_c)} new here, {len(rep_c)} repeating an earlier report; "
             f"events — {len(new_e)} new here, {len(rep_e)} reported before."]
    for rep in (rep_c, rep_e):
        lines += ["- repeats: " + md_escape(cv.repeat_line(r, cat.actor_names, cat.doc_titles))
                  for r in rep.head(8).to_dict("records")]
    st.markdown("\n".join(lines))
