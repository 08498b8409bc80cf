"""Bare Streamlit page for the dashboard benchmark: ``?n=N`` simple plotly line charts, nothing else.

It has the same kind of sidebar "Actors" multiselect as the dashboard, so a filter change
can be timed the same way (picking a value reseeds the charts' random data).

``?frame=1`` adds what the dashboard's frame puts on every page, as plain Streamlit widgets of the
same kinds and no data behind them: a navigation over seven pages, the filter widgets (three
multiselects, two date inputs, a reset button, a caption) and the three closed tool expanders.
It is a second reference point (the cost of the required frame in Streamlit itself), not the target's.
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


def body() -> None:
    with st.sidebar:
        if frame:
            st.header("Filters")
        picked = st.multiselect("Actors", ["Dmitry Medvedev", "Vladimir Putin", "Kim Jong-un"], key="actors")
        if frame:
            c1, c2 = st.columns(2)
            c1.date_input("From", value=None, key="from")
            c2.date_input("To", value=None, key="to")
            st.multiselect("Event types", ["warning", "threat", "ratification"], key="types")
            st.multiselect("Source documents", ["one", "two"], key="docs")
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


if frame:
    names = ["Overview", "Map", "Actors", "Troop figures", "Timeline", "Sources", "Briefing"]
    # Same page function under seven names: the navigation is what is being paid for, not the pages.
    pages = [st.Page(body, title=t, url_path=t.lower().replace(" ", "_"), default=(i == 0)) for i, t in enumerate(names)]
    st.navigation(pages).run()
else:
    body()
