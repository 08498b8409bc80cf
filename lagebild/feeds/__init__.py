"""Following the news: sources from a ``feeds.toml`` polled into the store.

``config`` (the sources file), ``fetch`` (HTTP: polite, bounded, no private addresses),
``parse`` (RSS/Atom/JSON Feed/sitemap/page into items and their main text), ``topic`` (the
crisis's names decide what is kept), ``dedup`` (syndicated copies recognised), ``poll`` (one
round and ``watch``).  Shared at the top like ``lagebild.store.ingest``: the dashboard's "Sources and
feeds" page calls it, the extraction wing never imports it.
"""
