"""The store wing: where documents and their facts are kept, between extraction and the dashboard.

``db`` is the database (the source of truth: SQLite by default, PostgreSQL when configured;
schema, migrations, rows in and out, the review log, the effective tables); ``ingest`` takes
documents through the extraction into it, ``uploads`` and ``htmlpage`` turn what a user hands
in into documents, ``batch`` says what a stopped batch kept, ``commands`` are the CLI's
database commands and ``parquet`` the tables folder (``data/tables``) the CLI exports.
It imports the extraction wing (to ingest) but never the dashboard.
"""


class StoreError(Exception):
    """The store can't be read: a table is missing or unreadable, or the database refuses; the message
    is one line and says which and what to do."""
