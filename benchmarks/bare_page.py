"""Bare Streamlit page for the dashboard benchmark: ``?n=N`` simple plotly line charts, nothing else.

It has the same kind of sidebar "Actors" multiselect as the dashboard, so a filter change
can be timed the same way (picking a value reseeds the charts' random data).

``?frame=1`` adds what the dashboard's frame puts on every page, as plain Streamlit widgets of the
same kinds and no data behind them: a navigation over seven pages, the filter widgets (three
multiselects, two date inputs, a reset button, a caption) and the three closed tool expanders.
It is a second reference point (the cost of the required frame in Streamlit itself), not the target's.
``&cards=N`` adds N actor-like cards in three columns (a bordered container with one Markdown block
of a heading and a few lines, a page link and a button each): the reference for the Actors page,
"a bare page with the same frame widgets and card count".
Run: streamlit run benchmarks/bare_page.py   then open  http://localhost:8501/?n=3  (or ?n=3&frame=1)
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="bare", layout="wide")
try:
    n = max(0, min(50, int(st.query_params.get("n", "1"))))
except ValueError:
    n = 1
frame = st.query_params.get("frame") == "1"
try:
    cards = max(0, min(60, int(st.query_params.get("cards", "0"))))
except ValueError:
    cards = 0
CARD_TEXT = ("### Kim Jong-un\n\n:orange-badge[Russia-aligned] :gray-badge[person] :gray-badge[KP]\n\n"
             "In the text: “Kim Jong Un”, “Kim”\n\nRole: *leader*\n\n**12** mentions · **4** events it did or said\n\n"
             "> A sentence of an article quoted as a statement, about as long as the cards show.")


def body() -> None:
    with st.sidebar:
        if frame:
            # a constant, as the app's theme link is shaped (no value of any document or URL in it)
            st.markdown('<a href="?" target="_self">Switch to dark mode</a>', unsafe_allow_html=True)
            st.header("Filters")
        picked = st.multiselect("Actors", ["Dmitry Medvedev", "Vladimir Putin", "Kim Jong-un"], key="actors")
        if frame:
            st.text_input("From", key="from", placeholder="YYYY-MM-DD, then Enter")
            st.text_input("To", key="to", placeholder="YYYY-MM-DD, then Enter")
            st.toggle("Only facts dated in the text", key="dated")
            st.multiselect("Event types", ["warning", "threat", "ratification"], key="types")
            st.multiselect("Source documents", ["one", "two"], key="docs")
            st.toggle("Reviewed facts only", key="reviewed")
            st.button("Reset filters", disabled=not picked, width="stretch")
            st.caption("The address bar holds this view.  \n1 document")
            for label in ("Share this view", "Add this view to a briefing", "Export"):
                st.expander(label)
    st.title("Bare page")
    # Something in the main area changes on every filter change, so the rerun is visible even for n=0.
    st.caption(f"{n} charts · selected: {', '.join(picked) or 'none'}")
    rng = np.random.default_rng(len(picked))
    x = np.arange(100)
    for i in range(n):
        fig = go.Figure(go.Scatter(x=x, y=rng.standard_normal(100).cumsum(), mode="lines+markers"))
        fig.update_layout(height=450, margin=dict(l=40, r=20, t=30, b=40))
        st.plotly_chart(fig, key=f"chart_{i}")
    if cards:
        cols = st.columns(3, gap="medium")
        for i in range(cards):
            with cols[i % 3].container(border=True):
                st.markdown(CARD_TEXT + f"\n\n:gray[:small[card {i + 1} · {len(picked)} picked]]")
                st.page_link("https://example.org", label="Source")
                st.button("Focus", key=f"focus_{i}")


if frame:
    names = ["Overview", "What's new", "Map", "Actors", "Troop figures", "Timeline", "Sources", "Briefing",
             "Add documents", "Review"]
    # Same page function under seven names: the navigation is what is being paid for, not the pages.
    pages = [st.Page(body, title=t, url_path=t.lower().replace(" ", "_").replace("'", ""), default=(i == 0)) for i, t in enumerate(names)]
    st.navigation(pages).run()
else:
    body()
