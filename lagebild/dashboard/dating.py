"""Effective dates as the pages show them: ``lagebild.dating``'s rule plus the one label of each date.

See ``lagebild/dating.py`` for the rule (own date when the text gives it, else the article's).
"""

from __future__ import annotations

import pandas as pd

from lagebild.dashboard.fmt import fmt_date, fmt_undated
from lagebild.dating import date_interval, date_mask, dated_in_text, effective_intervals, interval_columns


def effective_dates(df: pd.DataFrame, documents: pd.DataFrame, dates: pd.DataFrame | None,
                    precision_col: str = "date_precision", notes: bool = True) -> pd.DataFrame:
    """Per row (same index): ``in_text``, the effective ``eff_date``/``eff_precision``, its interval
    ``lo``/``hi`` and midpoint ``when`` (``lagebild.dating.effective_intervals``), and (with ``notes``)
    ``when_note``, the one label the app shows for the date."""
    out = effective_intervals(df, documents, dates, precision_col)
    if notes:
        in_text = out["in_text"]
        docs = documents.drop_duplicates("doc_id").set_index("doc_id")
        published = df["doc_id"].map(docs["published"]).astype(object) if len(df) else pd.Series([], dtype=object)
        own_prec = df[precision_col].astype(object) if precision_col in df else pd.Series(None, index=df.index, dtype=object)
        pub_prec = df["doc_id"].map(docs["precision"]).astype(object) if len(df) else pd.Series([], dtype=object)
        label = {}  # one label per distinct (in text, date, precision, publication): few, however many rows
        keys = zip(in_text.to_numpy(), df["date"].to_numpy(dtype=object), own_prec.to_numpy(), published.to_numpy(),
                   pub_prec.to_numpy())
        notes_list = []
        for k in keys:
            if k not in label:
                t, d, p, pub, pp = k
                label[k] = fmt_date(d, p) if t else fmt_undated(pub, pp)
            notes_list.append(label[k])
        out["when_note"] = pd.Series(notes_list, index=df.index, dtype=object)
    return out


__all__ = ["date_interval", "interval_columns", "dated_in_text", "effective_dates", "date_mask"]
