"""Lagebild dashboard — the frame: page config, shared filters, navigation, then the page.

Run with: streamlit run dashboard.py   (tables folder: $LAGEBILD_TABLES or data/tables)

This one file plays two parts. ``streamlit run`` finds the ``st.App`` below and serves it
(Streamlit's ASGI server, with our HTTP rules in front: unknown nested paths, metrics behind
a login — see lagebild/dashboard/serving.py); that import has ``__name__ == "dashboard"``.
Each browser session then runs this same file as the app script, as ``__main__``, which
draws the frame and the page.
"""

import streamlit as st

if __name__ == "__main__":
    from lagebild.dashboard.app.frame import run_frame

    run_frame()
else:
    import os

    from lagebild.dashboard.serving import middleware

    # uvicorn takes a client address from X-Forwarded-For whenever the connection comes from this machine,
    # so anyone on it (or a proxy passing the header on) could pick their address per login attempt.
    # Nothing is trusted here; serving.py reads the header for the number of proxies the secrets declare
    # ([auth] trusted_proxies, see docs/hosting.md "Access control").  (Read by uvicorn when the server starts, after this.)
    os.environ["FORWARDED_ALLOW_IPS"] = ""
    app = st.App(__file__, middleware=middleware())
