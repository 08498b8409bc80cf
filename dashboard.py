"""Lagebild dashboard — the frame: page config, shared filters, navigation, then the page.

Run with: streamlit run dashboard.py   (tables folder: $LAGEBILD_TABLES or data/tables)
"""

from lagebild.dashboard.app.frame import run_frame

run_frame()
