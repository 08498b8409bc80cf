"""The "Since" control (``since=YYYY-MM-DD`` in the URL, or a saved briefing's day) and the
What's new view.  Streamlit glue; the comparison is ``lagebild.dashboard.whatsnew`` (pure)."""

from __future__ import annotations


import streamlit as st

from lagebild.dashboard import briefing as B
from lagebild.dashboard import claimviews as cv
from lagebild.dashboard import whatsnew as wn
from lagebild.dashboard.storeclaims import store_claims_before
from lagebild.dashboard.app.claims_blocks import claims_rows_table, view_claims, view_event_groups
from lagebild.dashboard.app.loaders import per_view, review_log
from lagebild.dashboard.app.view import View
from lagebild.dashboard.fmt import fmt_published, modality_word, plain
from lagebild.dashboard.markup import md_escape
from lagebild.dashboard.app.widgets import show_notice
from lagebild.dashboard.viewstate import typed_date

SINCE_KEY = "since"
K_BRIEFING = "since_briefing"


def saved_briefing_days() -> dict[str, str]:
    """Stored briefing name -> its day; unreadable or undated briefings are left out."""
    out = {}
    for name in B.list_names():
        if not B.exists(name):
            continue
        try:
            day = wn.briefing_date(B.load(name))
        except B.BriefingError:
            continue
        if day:
            out[name] = day
    return out


def _from_briefing(days: dict[str, str]) -> None:
    name = st.session_state.get(K_BRIEFING)
    if name in days:
        st.session_state[SINCE_KEY] = days[name]


def since_control(view: View) -> str | None:
    """The date to compare with, from the URL, a saved briefing or the date field.

    A text field bound to ``since=`` (Enter applies it; ``st.date_input`` applies a typed date only
    when the focus leaves it): ``2025-01-12``, or ``2025-01`` for the month's first day."""
    days = saved_briefing_days()
    default = wn.default_since(view.lookup().as_of if isinstance(view.lookup().as_of, str) else None, list(days.values()))
    left, right = st.columns([1, 1])
    left.selectbox("Since a saved briefing", list(days), index=None, key=K_BRIEFING,
                   format_func=lambda n: f"{n} (as of {days[n]})", on_change=_from_briefing, args=(days,),
                   placeholder="Pick a briefing" if days else "No saved briefing yet")
    typed = right.text_input("Since (any date)", value=default or "", key=SINCE_KEY, bind="query-params",
                             placeholder="YYYY-MM-DD, then Enter",
                             help="Documents published (or ingested) after this day count as new. Enter applies; "
                                  "2025-01 means its first day. In the URL: since=YYYY-MM-DD.")
    picked, problem = typed_date(typed or "")
    if problem:  # said in one line; the page compares with the default day meanwhile
        show_notice(f"Ignored since: {problem}" + (f" Showing what is new since {default}." if default else ""),
                    icon=":material/event_busy:")
        picked = typed_date(default or "")[0]
    return picked.isoformat() if picked else None


def _metrics(new: wn.WhatsNew) -> None:
    c = st.columns(4)
    c[0].metric("New documents", f"{len(new.new_documents):,}")
    c[1].metric("New claims", f"{len(new.new_claims):,}",
                help="Claims whose every report was published after the date (a report dated only by a month that "
                     "includes the date makes a claim 'possibly new', listed apart).")
    c[2].metric("Claimants with a new figure", f"{len(new.changes):,}")
    c[3].metric("New events", f"{len(new.new_events):,}", help="Events (grouped across reports) first reported after the date.")


def _changes(view: View, new: wn.WhatsNew) -> None:
    st.subheader("Changed figures per claimant: North Korean troops deployed")
    if not new.changes:
        st.caption("No claimant's latest deployment figure changed since then.")
        return
    names = view.lookup().actor_names
    st.markdown("\n".join("- " + md_escape(wn.change_line(c, names)) for c in new.changes))


def _possibly_new(view: View, new: wn.WhatsNew) -> None:
    """Claims, documents and events dated only by a month (or year) that holds the day: not counted as new."""
    claims, docs, events = new.possibly_new_claims, new.possibly_new_documents, new.possibly_new_events
    n = [len(x) if x is not None else 0 for x in (claims, docs, events)]
    if not any(n):
        return
    st.subheader("Possibly new")
    st.caption(f"Published in a month (or year) that includes {new.since}, with no earlier report: they may have "
               f"come before or after that day, so they are not counted as new above. "
               f"{n[0]} claim(s), {n[1]} document(s), {n[2]} event(s).")
    if n[0]:
        claims_rows_table(view, claims, f"whats_new_possible:{new.since}", height=200)
    if n[1]:
        st.markdown("\n".join(f"- {md_escape(fmt_published(r['published'], r['precision']))} · {md_escape(r['title'])} · "
                              f"{md_escape(r['source'] or 'source unknown')}" for r in docs.head(50).to_dict("records")))


def _documents(view: View, new: wn.WhatsNew) -> None:
    st.subheader("New documents")
    if len(new.new_documents) == 0:
        st.caption("No document published (or ingested) after that day.")
    else:
        st.caption("By source (the feed or outlet that brought them):")
        st.dataframe(wn.arrivals_by_source(new.new_documents), hide_index=True)
        st.markdown("\n".join(f"- {md_escape(_arrived(r))} · {md_escape(r['title'])} · {md_escape(r['source'] or 'source unknown')}"
                              for r in new.new_documents.head(50).to_dict("records")))
    if new.undated_documents:
        st.caption(f"{new.undated_documents} undated document(s) without an ingest time are counted as known before.")


def _arrived(row: dict) -> str:
    """A new document's date: its ingest day, else its publication at its precision ("Dec 2025", "~12 Nov 2024")."""
    if row["arrived"] == row["published"]:
        return fmt_published(row["published"], row["precision"])
    return str(row["arrived"])


def _events(view: View, new: wn.WhatsNew) -> None:
    st.subheader("New events")
    if len(new.new_events) == 0:
        st.caption("No event first reported after that day.")
        return
    names = view.lookup().actor_names
    lines = []
    for r in new.new_events.head(30).to_dict("records"):
        actors = r["actors"] if isinstance(r["actors"], str) else ""
        who = ", ".join(names.get(a, a) for a in actors.split("; ") if a) or "no actor named"
        when = r["date"] if isinstance(r["date"], str) else f"undated (first reported {cv.reported_date(r)})"
        word = modality_word(r["modality"])
        lines.append(f"- **{md_escape(plain(r['type']))}**{f' ({word})' if word else ''} · {md_escape(who)} · "
                     f"{md_escape(when)} · {md_escape(cv.reports_text(r))}")
    st.markdown("\n".join(lines))


def whats_new_view(view: View, since: str) -> None:
    now = {"claims": view_claims(view), "event_groups": view_event_groups(view)}
    # On the database the claims as they stood are grouped from the figures and their stored claimants (the
    # mentions are not read); from tables, of the tables as they stood.
    before = view.ask(f"claims_before:{since}", store_claims_before, view.state, since,
                      view.lookup().tables["documents"]) if view.from_store else None
    new = per_view(f"whats_new:{since}", view.tables, view.state, wn.whats_new, view.filtered, since, now,
                   review_log(view.tables, since), before)
    st.caption(f"Compared with what had arrived by {since}: documents published (or ingested) after that day are new.")
    _metrics(new)
    _changes(view, new)
    st.subheader("New claims")
    if len(new.new_claims):
        claims_rows_table(view, new.new_claims, f"whats_new_claims:{since}", height=320)
    else:
        st.caption("No claim first reported after that day.")
    _possibly_new(view, new)
    if len(new.repeated_claims):
        st.caption(f"{len(new.repeated_claims)} claim(s) known before were reported again since "
                   "(they count once; see Troop figures for their sources).")
    _documents(view, new)
    _events(view, new)
    _review(view, new)


def _review(view: View, new: wn.WhatsNew) -> None:
    st.subheader("Corrected or rejected in review")
    if new.review is None:
        st.caption("Not available: these tables come from files without review decisions (the database store keeps them).")
        return
    confirmed = f" {new.confirmed} fact(s) were confirmed unchanged." if new.confirmed else ""
    if len(new.review) == 0:
        st.caption(f"Nothing corrected or rejected in review after {new.since}.{confirmed}")
        return
    titles = view.lookup().doc_titles
    lines = []
    for r in new.review.head(100).to_dict("records"):
        what = f" — {md_escape(r['what'])}" if r["what"] else ""
        reason = f" · reason: “{md_escape(r['reason'])}”" if isinstance(r["reason"], str) and r["reason"] else ""
        lines.append(f"- {r['when']} · **{md_escape(r['reviewer'])}** {r['action']} {r['table']}{what} · "
                     f"“{md_escape(r['quote'] or '')}” · {md_escape(titles.get(r['doc_id'], r['doc_id']))}{reason}")
    st.markdown("\n".join(lines))
    more = f" (the first 100 of {len(new.review)})" if len(new.review) > 100 else ""
    st.caption(f"Decisions made after {new.since}, newest first{more}; each fact's full history is on the Review page.{confirmed}")


def changes_slide(view: View, slide: B.Slide, filtered: dict) -> None:
    """The briefing slide "What changed since the last briefing", recomputed from the current tables."""
    since = wn.slide_since(slide)
    if since is None:
        st.info("This slide has no date to compare with (its as-of is not a day).", icon=":material/event_busy:")
        return
    key = f"slide_changes:{since}:{sorted((k, tuple(v)) for k, v in slide.params.items())}"
    new = per_view(key, view.tables, view.state, wn.whats_new, filtered, since, None, review_log(view.tables, since))
    with st.container(key="lb_cards"):
        st.markdown("\n".join("- " + md_escape(line) for line in wn.slide_lines(new, view.lookup().actor_names)))
