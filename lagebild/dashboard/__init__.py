"""The dashboard wing: cached loaders, pure filters and figure builders, and the Streamlit glue (``app``).

It reads the stored tables and never imports the extraction wing.
"""
