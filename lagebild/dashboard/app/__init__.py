"""Streamlit glue: loaders (cached), the frame's sidebar and URL sync, and the view pages read."""
