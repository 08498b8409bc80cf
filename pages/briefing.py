"""Briefing: a presenter view that steps through saved views, one slide at a time.

URL: ``briefing?briefing=<name>&slide=<n>`` (1-based).  Next/Previous (also the arrow
and page keys of a clicker) change ``slide``; the sidebar stays collapsed and the
type is large for a 1920×1080 projector.  Slides are added from any page's sidebar
("Add this view to a briefing"); here they are reordered, deleted and exported.
"""

import streamlit as st

from lagebild.dashboard import briefing as B
from lagebild.dashboard import export as E
from lagebild.dashboard import registry
from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.since import changes_slide
from lagebild.dashboard.app.loaders import load_map_views, review_log
from lagebild.dashboard.app.presenter import FLASH, FRAMES, KEYS_JS, edit, go, pick_briefing, presenting
from lagebild.dashboard.app.screen import STYLE as SCREEN_STYLE, screen_class
from lagebild.dashboard.app.share import share_control
from lagebild.dashboard.app.widgets import show_notice, show_notices, unlabelled_list
from lagebild.dashboard.geo import unlabelled_figures
from lagebild.dashboard.colors import SIDE_LABELS
from lagebild.dashboard.fmt import query_string, review_badge
from lagebild.dashboard.markup import md_escape
from lagebild.dashboard.app.downloads import download_button

CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}

view = current_view()
tables = view.tables
# 1920×1080 or 1280×720: the slide's type, figure and map frame, and how many source lines fit
# (style, keys and probe in the collapsed sidebar: in the main column each empty slot took a row's gap)
with st.sidebar:
    frame = FRAMES[screen_class()]
    st.html(frame.style + SCREEN_STYLE)
    st.html(KEYS_JS, unsafe_allow_javascript=True)

# ---- which briefing, which slide (from the URL; bad values fall back with a notice)
p = presenting(tables)
name, briefing, index, n, unreadable = p.name, p.briefing, p.index, p.n, p.unreadable
notices, names = p.notices, p.names

# ---- controls: previous / n of N / next · briefing · share · export · slides
with st.container(horizontal=True, key="lb_controls", vertical_alignment="center"):
    st.button("Previous", key="lb_prev", icon=":material/chevron_left:", on_click=go, args=(index - 1,),
              disabled=index <= 1 or not n)
    st.markdown(f"**{index if n else 0} / {n}**")
    st.button("Next", key="lb_next", icon=":material/chevron_right:", on_click=go, args=(index + 1,),
              disabled=index >= n, type="primary")
    st.space("stretch")
    st.session_state["lb_pick"] = name
    st.selectbox("Briefing", names, key="lb_pick", on_change=pick_briefing,
                 label_visibility="collapsed", width=260)
    with st.popover("Share", icon=":material/share:"):
        share_control("briefing", {"briefing": name, "slide": str(index)} if n else {"briefing": name})
    export_box = st.popover("Export", icon=":material/download:")
    slides_box = st.popover("Slides", icon=":material/view_list:")

show_notices(notices)
if unreadable:
    show_notice(unreadable, icon=":material/broken_image:")
flash = st.session_state.pop(FLASH, None)
if flash:
    show_notice(flash, "error", icon=None)

if not n:
    st.title(md_escape(briefing.title or f"Briefing “{name}”"))
    st.info("This briefing has no slides yet. Open a page, set its filters and use “Add this view to a briefing” "
            "in the sidebar.", icon=":material/add_to_queue:")
    st.stop()

# ---- the slide
slide = briefing.slides[index - 1]
state, stale = B.state_of(slide.params, tables)
filtered = view.filtered_for(state)
map_views = None
if slide.kind == "map":
    try:
        map_views = load_map_views()
    except Exception as exc:  # a damaged geo file must not take the page down
        st.error(f"The map data in data/geo cannot be read ({type(exc).__name__}).")

with st.container(key="lb_head"):
    if frame.head_caption:
        st.caption(f"Slide {index} of {n} · {md_escape(briefing.title or name)}")
    st.title(md_escape(slide.title), anchor=False)
    if slide.takeaway:
        st.markdown(md_escape(slide.takeaway))
    st.caption(f"As of {md_escape(slide.as_of or B.as_of(tables))} · view: {B.PAGE_TITLES.get(slide.page, slide.page)}"
               + (f" · filters: {md_escape(B.params_words(slide.params, tables))}" if slide.params else " · no filters"))
for s in stale:
    show_notice(f"This slide's filters no longer fit the data: {s}")

fig = B.slide_figure(slide.show, tables, filtered, map_views, map_frame=frame.map_frame, map_lines=frame.map_lines,
                     map_scale=frame.map_scale)
# The visual and its sources side by side: the whole slide fits a 1920×1080 projector without scrolling.
visual_col, sources_col = st.columns([1.75, 1], gap="large")
with visual_col:
    if slide.kind == "changes":  # recomputed from the current tables every time it is shown
        changes_slide(view, slide, filtered)
    elif B.is_empty(slide.show, filtered, tables):
        st.info("No facts for this slide's filters in the current tables.", icon=":material/filter_alt_off:")
    elif slide.kind == "cards":
        with st.container(key="lb_cards"):
            if slide.show == "cards:actors":
                cards = B.actor_cards(filtered, tables)
                cols = st.columns(2)
                for i, c in enumerate(cards):
                    with cols[i % 2].container(border=True):
                        st.markdown(f"**{md_escape(c['name'])}** · {c['type']} · {md_escape(c['country'])} · "
                                    f"{SIDE_LABELS.get(c['side'], c['side'])} · {c['mentions']} mentions")
                        if c["roles"]:
                            st.caption(md_escape(c["roles"]))
            else:
                cards = B.event_cards(filtered, tables, limit=4, show=slide.show)
                cols = st.columns(2)
                for i, c in enumerate(cards):
                    with cols[i % len(cols)].container(border=True):
                        # a reaction: who, what, when in plain English; the quote in its language behind it
                        head = (f"**{md_escape(c['line'])}**" if c["line"] else
                                f"**{md_escape(c['when'])}** · **{c['type']}** · {md_escape(c['who'])}")
                        st.markdown(f"{head} {review_badge(c['review'])}\n\n> "
                                    + (f"*(in {c['language']})* " if c["line"] and c["language"] else "")
                                    + md_escape(B.short_quote(c["quote"], frame.card_chars)))
    elif fig is not None:
        fig.update_layout(height=frame.figure_height)
        if slide.kind == "chart":  # readable from the back of the room
            fig.update_xaxes(tickfont_size=frame.chart_font)
            fig.update_yaxes(tickfont_size=frame.chart_font, title_font_size=frame.chart_font)
            fig.update_layout(legend_font_size=frame.chart_font - 1)
            if (fig.layout.legend.y or 0) < 0:  # a key below the chart hangs below its dates (plotly anchored it by
                # its bottom: on a short chart it rose over them)
                fig.update_layout(legend_yanchor="top", legend_y=min(fig.layout.legend.y,
                                                                     -2.8 * frame.chart_font / (frame.figure_height - 150)))
        st.plotly_chart(fig, key=f"lb_fig_{name}_{index}", config=CONFIG)

# As tall as the visual, scrolling beyond: a long list of sources never pushes the slide past the screen.
with sources_col, st.container(key="lb_sources", height=frame.figure_height, border=False):
    if slide.footnotes:
        # One heading per document, then its sentences (1-based, as the Sources page numbers them); at most
        # frame.notes on the slide, so that it fits the screen (the export and the live view have them all).
        # a map's unlabelled figures share this column: fewer source lines then (the export has them all)
        notes = slide.footnotes[:frame.notes if not (fig is not None and unlabelled_figures(fig)) else 1]
        lines, k = [], 0
        for doc_id in dict.fromkeys(n["doc_id"] for n in notes):
            lines.append(f"\n**{md_escape(B.short_quote(B.document_label(doc_id, tables), 60))}**\n")
            for note in (n for n in notes if n["doc_id"] == doc_id):
                k += 1
                params = {**slide.params, "source": [note["doc_id"]], "sentence": [str(note["sentence"])]}
                href = registry.SOURCES.key + query_string(params)
                status = B.note_status(note, tables)
                lines.append(f"{k}. sentence {int(note['sentence']) + 1}: “{md_escape(B.short_quote(note['quote'], frame.note_chars if status is None else frame.note_chars - 14))}” "
                             + (f"{review_badge(status)} " if status else "") + f"[open ↗]({href})")
        if len(slide.footnotes) > len(notes):
            lines.append(f"\n\\+ {len(slide.footnotes) - len(notes)} more in the export and the live view")
        st.markdown("**Sources**\n\n" + "\n".join(lines))
    else:
        st.caption("No source sentences recorded for this slide.")
    if fig is not None:  # nobody hovers a slide: what the map's labels leave out is listed here
        unlabelled_list(fig)
    if slide.page in B.PAGE_TITLES:
        st.page_link(registry.BY_KEY[slide.page].path, label=f"Open this view live ({B.PAGE_TITLES.get(slide.page, slide.page)})",
                     icon=":material/open_in_new:", query_params=slide.params)

# ---- export (deferred: built only when clicked)
with export_box:
    download_button("Briefing · HTML (offline, all slides)", lambda: E.briefing_html(briefing, tables, load_map_views(),
                                                                                  review_log=lambda d: review_log(tables, d)).encode("utf-8"),
                    file_name=f"lagebild-briefing-{name}.html", mime="text/html", key="lb_html",
                    icon=":material/html:", width="stretch")
    why_pdf = E.pdf_unavailable()
    download_button("Briefing · PDF", lambda: E.briefing_pdf(briefing, tables, load_map_views(),
                                                                  review_log=lambda d: review_log(tables, d)),
                    file_name=f"lagebild-briefing-{name}.pdf", mime="application/pdf", key="lb_pdf",
                    icon=":material/picture_as_pdf:", disabled=why_pdf is not None,
                    help=why_pdf or "Printed offline by chromium; figures as images.", width="stretch")
    if why_pdf:
        st.caption(why_pdf)
    why_png = ("This slide shows cards, not a chart." if fig is None and slide.kind == "cards"
               else "Nothing to draw." if fig is None else None if E.chromium_path() else "PNG export needs chromium.")
    download_button("This chart · PNG",
                    (lambda: E.figure_png(fig, title=slide.title, source_line=E.source_line(filtered, slide.as_of or B.as_of(tables))))
                    if fig is not None else b"",
                    file_name=f"lagebild-{name}-slide{index}.png", mime="image/png", key="lb_png_slide",
                    icon=":material/image:", disabled=why_png is not None, help=why_png, width="stretch")
    about = {"briefing": name, "slide": f"{index} of {n}: {slide.title}", "data as of": slide.as_of or B.as_of(tables),
             "filters": B.params_words(slide.params, tables) or "none (all facts)",
             "sources": "every fact row carries doc_id, sentence (0-based index in the tables; pages count from 1) and quote"}
    download_button("This slide's tables · Excel", lambda: E.tables_excel(view.export_tables(filtered), about),
                    file_name=f"lagebild-{name}-slide{index}.xlsx", key="lb_xlsx_slide", icon=":material/table:",
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", width="stretch")
    download_button("This slide's tables · CSV (zip)", lambda: E.tables_csv_zip(view.export_tables(filtered), about),
                    file_name=f"lagebild-{name}-slide{index}-csv.zip", key="lb_csv_slide", icon=":material/csv:",
                    mime="application/zip", width="stretch")

# ---- reorder / delete
with slides_box:
    stored = B.exists(name)
    st.caption(("Stored in " if stored else "Built from the data; saved on the first change to ")
               + f"data/briefings/{name}.json")
    for i, s in enumerate(briefing.slides):
        label, up, down, delete = st.columns([9, 1.1, 1.1, 1.1], vertical_alignment="center", gap="small")
        short = s.title if len(s.title) <= 48 else s.title[:47] + "…"
        label.markdown(f"{'**' if i == index - 1 else ''}{i + 1}. {md_escape(short)}{'**' if i == index - 1 else ''}")
        up.button("", key=f"lb_up_{i}", icon=":material/arrow_upward:", on_click=edit, args=(name, tables, "up", i),
                   disabled=i == 0 or unreadable is not None, help="Move up")
        down.button("", key=f"lb_down_{i}", icon=":material/arrow_downward:", on_click=edit, args=(name, tables, "down", i),
                   disabled=i == n - 1 or unreadable is not None, help="Move down")
        delete.button("", key=f"lb_del_{i}", icon=":material/delete:", on_click=edit, args=(name, tables, "delete", i),
                   disabled=unreadable is not None, help="Delete this slide")
    if name == B.DEFAULT_NAME:
        st.button("Rebuild from the data", key="lb_rebuild", icon=":material/restart_alt:", on_click=edit,
                  args=(name, tables, "rebuild", 0), disabled=unreadable is not None,
                  help="Replace the default briefing by treaty → deployment → reactions from the current tables.")
