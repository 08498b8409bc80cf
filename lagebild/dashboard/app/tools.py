"""Sidebar tools on every page but the briefing: share the view, add it to a briefing, export."""

from __future__ import annotations

from datetime import datetime, timezone

import streamlit as st

from lagebild.dashboard import briefing as B
from lagebild.dashboard import export as E
from lagebild.dashboard.viewstate import query_string
from lagebild.dashboard.app.loaders import load_map_views
from lagebild.dashboard.app.view import View
from lagebild.dashboard import registry
from lagebild.dashboard.app.share import share_control, share_url
from lagebild.dashboard.app.downloads import download_button

FLASH = "_lagebild_tools_flash"


def export_about(view_state_text: str, as_of: str, url: str) -> dict[str, str]:
    return {
        "exported": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "data as of": as_of,
        "filters": view_state_text or "none (all facts)",
        "view": url,
        "sources": "every fact row carries doc_id, sentence (0-based index; the pages count from 1) and quote: the sentence it was extracted from",
    }


def _add_slide(view: View, page: str) -> None:
    ss = st.session_state
    name = (ss.get("_lb_new_briefing") or "").strip().lower() or ss.get("_lb_briefing_pick") or B.DEFAULT_NAME
    show = ss.get("_lb_visual") or B.PAGE_VISUALS[page][0]
    if B.is_empty(show, view.filtered):
        # Never a silently empty slide: say so, and offer what the page does have for these filters.
        full = [v for v in B.PAGE_VISUALS[page] if not B.is_empty(v, view.filtered)]
        if full:
            ss["_lb_visual"] = full[0]
        ss[FLASH] = ("warning", f"Not added: “{B.VISUALS[show][0]}” has no facts for the current filters."
                     + (f" “{B.VISUALS[full[0]][0]}” has; it is now selected under Show — add again to use it."
                        if full else " Widen the filters first."), None)
        return
    try:
        B.check_name(name)
        target = B.load_or_default(name, view.tables) if (name == B.DEFAULT_NAME or B.exists(name)) else B.Briefing(name, [], "")
        slide = B.slide_from_view(page, show, view.state, view.tables, view.filtered,
                                  title=ss.get("_lb_slide_title") or "", takeaway=ss.get("_lb_slide_takeaway") or "")
        if show == "changes" and ss.get("since"):  # the What's new page's date, kept with the slide
            slide.params["since"] = [str(ss["since"])]
        B.save(B.add_slide(target, slide))
    except B.BriefingError as exc:
        ss[FLASH] = ("error", str(exc), None)
        return
    ss[FLASH] = ("success", f"Added as slide {len(target.slides) + 1} of “{name}”.", (name, len(target.slides) + 1))
    ss["_lb_slide_title"] = ""
    ss["_lb_slide_takeaway"] = ""
    ss["_lb_new_briefing"] = ""


def active_visual(page: str) -> str | None:
    """The visual of the page's active tab (``tab=`` in the URL), if the page has tabs."""
    label = st.session_state.get(B.TAB_KEY) or st.query_params.get(B.TAB_KEY)
    return B.TAB_VISUALS.get(page, {}).get(label) if label else None


def _save_slide_form(view: View, page: str) -> None:
    names = B.list_names()
    if st.session_state.get("_lb_visual") not in B.PAGE_VISUALS[page]:
        st.session_state.pop("_lb_visual", None)  # chosen on another page
    active = active_visual(page)
    if active is not None and st.session_state.get("_lb_tab_seen") != (page, active):
        st.session_state["_lb_visual"] = active  # the tab on screen is what "this view" means
        st.session_state["_lb_tab_seen"] = (page, active)
    with st.form("lb_add_slide", border=False):
        st.selectbox("Briefing", names, key="_lb_briefing_pick")
        st.text_input("…or a new briefing", key="_lb_new_briefing", placeholder="name, e.g. morning-update")
        visuals = B.PAGE_VISUALS[page]
        st.selectbox("Show", visuals, key="_lb_visual", format_func=lambda v: B.VISUALS[v][0])
        st.text_input("Title", key="_lb_slide_title", placeholder="default: what it shows + the filters")
        st.text_input("Takeaway (one line)", key="_lb_slide_takeaway")
        st.form_submit_button("Add slide", icon=":material/add_to_queue:", on_click=_add_slide, args=(view, page),
                              width="stretch")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        kind, msg, target = flash
        {"success": st.success, "warning": st.warning}.get(kind, st.error)(msg)
        if target:
            st.page_link(registry.BRIEFING.path, label="Present it", icon=":material/slideshow:",
                         query_params={"briefing": target[0], "slide": str(target[1])})


def _export(view: View, page: str, url: str) -> None:
    as_of = B.as_of(view.filtered)
    about = export_about(query_string(view.state).lstrip("?"), as_of, url)
    def shown() -> dict:  # the claims and event groups as the pages show them (built on click)
        from lagebild.dashboard import claimviews as cv
        from lagebild.dashboard.app.claims_blocks import view_claims, view_event_groups

        cat = view.lookup()
        look = (cat.actor_names, cat.doc_titles, cat.doc_published)
        return {"claims": cv.claims_export(view_claims(view), *look),
                "event_groups": cv.event_group_rows(view_event_groups(view), *look)}

    download_button("Filtered tables · Excel", lambda: E.tables_excel(view.export_tables(), about, shown()),
                    file_name="lagebild-tables.xlsx", key="lb_xlsx", icon=":material/table:",
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", width="stretch")
    download_button("Filtered tables · CSV (zip)", lambda: E.tables_csv_zip(view.export_tables(), about, shown()),
                    file_name="lagebild-tables-csv.zip", key="lb_csvzip", icon=":material/csv:",
                    mime="application/zip", width="stretch")
    charts = [v for v in B.PAGE_VISUALS[page] if B.VISUALS[v][1] != "cards"]
    if not charts:
        return
    show = st.selectbox("Chart", charts, key="lb_png_pick", format_func=lambda v: B.VISUALS[v][0])
    why = None if E.chromium_path() else "PNG export needs Chrome or Chromium (apt-get install chromium)."
    if B.is_empty(show, view.filtered):
        why = "Nothing to draw for the current filters."

    def png() -> bytes:
        views = None
        if show.startswith("map:"):
            views = load_map_views()
        fig = B.slide_figure(show, view.tables, view.filtered, views)
        bits = B.filter_words(view.state, view.tables)
        title = B.VISUALS[show][0] + (f" · {' · '.join(bits)}" if bits else "")
        return E.figure_png(fig, title=title, source_line=E.source_line(view.filtered, as_of))

    download_button("Chart · PNG", png, file_name=f"lagebild-{show.replace(':', '-')}.png", key="lb_png",
                    icon=":material/image:", mime="image/png", disabled=why is not None,
                    help=why, width="stretch")


# Keys of the tool expanders.  Their contents are built only while they are open: a closed tool sends
# nothing to the browser, so no page pays for the code block (and its syntax-highlighter chunk, ~1.5 MB
# of JavaScript), the briefing form or the download buttons it does not show.
K_SHARE, K_SLIDE, K_EXPORT = "lb_tool_share", "lb_tool_slide", "lb_tool_export"


def sidebar_tools(view: View, page: str, url_path: str) -> None:
    with st.sidebar:
        _tools(view, page, url_path)


@st.fragment
def _tools(view: View, page: str, url_path: str) -> None:
    """The tools, as a fragment: opening or closing one, or adding a slide, reruns only this, not the page."""
    share = st.expander("Share this view", icon=":material/share:", key=K_SHARE, on_change="rerun")
    if share.open:
        with share:
            share_control(url_path)
    if page not in B.PAGE_VISUALS:
        return
    slide = st.expander("Add this view to a briefing", icon=":material/add_to_queue:", key=K_SLIDE, on_change="rerun")
    if slide.open:
        with slide:
            _save_slide_form(view, page)
    export = st.expander("Export", icon=":material/download:", key=K_EXPORT, on_change="rerun")
    if export.open:
        with export:
            _export(view, page, share_url(url_path)[0])
