"""Bare Streamlit page for the dashboard benchmark: ``?n=N`` simple plotly line charts, nothing else.

It has the same kind of sidebar "Actors" multiselect as the dashboard, so a filter change
can be timed the same way (picking a value reseeds the charts' random data).
Run: streamlit run benchmarks/bare_page.py   then open  http://localhost:8501/?n=3
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="bare", layout="wide")
try:
    n = max(0, min(50, int(st.query_params.get("n", "1"))))
except ValueError:
    n = 1
with st.sidebar:
    picked = st.multiselect("Actors", ["Dmitry Medvedev", "Vladimir Putin", "Kim Jong-un"], key="actors")
st.title("Bare page")
# Something in the main area changes on every filter change, so the rerun is visible even for n=0.
st.caption(f"{n} charts · selected: {', '.join(picked) or 'none'}")
rng = np.random.default_rng(len(picked))
x = np.arange(100)
for i in range(n):
    fig = go.Figure(go.Scatter(x=x, y=rng.standard_normal(100).cumsum(), mode="lines+markers"))
    fig.update_layout(height=450, margin=dict(l=40, r=20, t=30, b=40))
    st.plotly_chart(fig, key=f"chart_{i}")
