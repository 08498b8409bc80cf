"""Lagebild: news documents about a crisis become fact tables with provenance.

Two wings that never import each other: ``lagebild.extraction`` (documents -> tables)
and ``lagebild.dashboard`` (tables -> Streamlit pages).  Shared at the top: ``paths``,
``schemas``, ``store`` and the command line (``cli``).
"""
