"""Claims compared: each claimant's latest total and increment (the Overview's cards), whether two latest
claims contradict each other, what a document reports first or again, and a claim's review status.  Pure."""

from __future__ import annotations


import pandas as pd

from lagebild.claims import rules as claim_rules
from lagebild.claims.common import periods
from lagebild.dashboard.fmt import modality_word, plain
from lagebild.dashboard.claimwords import (
    NK_SUBJECTS, DRAWN_MODALITIES, claimant_of, kind_words, figure_text, scope_of, reported_date,
    deployment_claims)


def claim_review_status(row, figures: pd.DataFrame) -> str | None:
    """A claim's review status from its reports (the store's effective figures): "confirmed" when an analyst
    confirmed every report, "edited" when every report is reviewed and one was edited, else "machine";
    None where the tables carry no review status (parquet tables)."""
    if "review_status" not in figures or "fact_id" not in figures:
        return None
    members = set(str(row["member_ids"]).split("; "))
    statuses = set(figures.loc[figures["fact_id"].isin(members), "review_status"].dropna())
    if not statuses or "machine" in statuses:
        return "machine"
    return "edited" if "edited" in statuses else "confirmed"


def _scoped(claims: pd.DataFrame, scope: str) -> pd.DataFrame:
    return claims[claims["scope"] == scope] if "scope" in claims else (claims if scope == "total" else claims.iloc[:0])


def latest_by_claimant(claims: pd.DataFrame, n: int) -> pd.DataFrame:
    """The latest North Korean deployment **total** of each of the ``n`` claimants with the most such
    claims (attributed ones first; an unattributed series is listed only when room is left).  An
    increment or a part never heads a card: "an additional 3,000" is not the size of the force."""
    df = _scoped(deployment_claims(claims), "total")
    df = df[df["modality"].isin(DRAWN_MODALITIES)].assign(_who=lambda d: d["claimant"].fillna(""))
    if len(df) == 0:
        return df
    counts = df.groupby("_who").size().rename("_n").reset_index()
    counts["_unattr"] = counts["_who"] == ""
    top = counts.sort_values(["_unattr", "_n", "_who"], ascending=[True, False, True]).head(n)["_who"]
    latest = df[df["_who"].isin(top)].sort_values(["last_reported", "first_reported", "value"], na_position="first")
    return latest.groupby("_who", sort=False).tail(1).sort_values("last_reported", ascending=False, na_position="last")


def latest_increments(claims: pd.DataFrame) -> pd.DataFrame:
    """Each claimant's latest stated increment of North Korean troops deployed ("+about 5,000 since
    Sep 2025"), newest first: shown beside the totals, never as one."""
    df = _scoped(deployment_claims(claims), "increment")
    df = df[df["modality"].isin(DRAWN_MODALITIES)].assign(_who=lambda d: d["claimant"].fillna(""))
    if len(df) == 0:
        return df
    df = df.sort_values(["last_reported", "first_reported", "value"], na_position="first")
    return df.groupby("_who", sort=False).tail(1).sort_values("last_reported", ascending=False, na_position="last")


def _interval(row) -> tuple[float, float]:
    v = float(row["value"])
    return {"above": (v, float("inf")), "below": (0.0, v),
            "range": (v, float(row["value_max"]) if pd.notna(row["value_max"]) else v)}.get(row["direction"], (v, v))


# For comparing counts: a state's armed forces and the state are one subject ("North Korean troops").
SAME_SUBJECT = {a: "north-korea" for a in NK_SUBJECTS}


def comparable(a, b, window_days: int) -> bool:
    """Whether two claims count the same thing at the same time, so that their figures can contradict:
    the same kind (deployed is never held against killed), both totals (an increment or a part is no rival
    count), the same subject (whose troops), never two figures of one article, and report periods (each
    at its precision) within ``window_days`` of each other."""
    if a["kind"] != b["kind"] or scope_of(a) != "total" or scope_of(b) != "total":
        return False
    if set(str(a.get("doc_ids", a.get("doc_id"))).split("; ")) & set(str(b.get("doc_ids", b.get("doc_id"))).split("; ")):
        return False
    sa, sb = a["subject_actor"], b["subject_actor"]
    sa, sb = (SAME_SUBJECT.get(sa, sa) if isinstance(sa, str) else None), (SAME_SUBJECT.get(sb, sb) if isinstance(sb, str) else None)
    if sa is None or sa != sb:
        return False
    (alo, ahi), (blo, bhi) = _period(a), _period(b)
    if any(pd.isna(x) for x in (alo, ahi, blo, bhi)):
        return False
    return alo <= bhi + window_days and blo <= ahi + window_days


def _period(row) -> tuple[float, float]:
    """A claim's report period as day numbers: the first day its first report can be, the last its last can be."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    lo, _ = periods(pd.Series([get("first_reported")], dtype=object), pd.Series([get("first_reported_precision")], dtype=object))
    _, hi = periods(pd.Series([get("last_reported")], dtype=object), pd.Series([get("last_reported_precision")], dtype=object))
    return lo[0], hi[0]


def disagreement(latest: pd.DataFrame, names: dict[str, str], window_days: int | None = None) -> str | None:
    """"Claimants differ — …" when two of the latest claims count the same thing at the same time
    (``comparable``: same kind, same subject, report periods within ``window_days``, by default the
    claims' ``figure_window_days``) and state figures that cannot both hold; only those claims are listed."""
    if window_days is None:
        window_days = claim_rules.load().figure_window_days
    rows = [r._asdict() for r in latest.itertuples(index=False)]
    iv = [_interval(r) for r in rows]
    clashing: list[int] = []
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            a, b = iv[i], iv[j]
            if (a[1] < b[0] or b[1] < a[0]) and comparable(rows[i], rows[j], window_days):
                clashing += [k for k in (i, j) if k not in clashing]
    if not clashing:
        return None
    parts = [f"{claimant_of(rows[k], names)}: {figure_text(rows[k])} {kind_words(rows[k]['kind'])} "
             f"({reported_date(rows[k], 'last')})" for k in sorted(clashing)]
    return "Claimants differ — latest figures for the same count at the same time: " + " · ".join(parts)


def document_novelty(grouped: pd.DataFrame, doc_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Of the claims (or event groups) a document reports: those first reported in it (new) and
    those an earlier document reported first (repeats; their anchor row says where)."""
    mine = grouped[[doc_id in ids.split("; ") for ids in grouped["doc_ids"]]] if len(grouped) else grouped
    first_here = mine["doc_id"] == doc_id
    return mine[first_here], mine[~first_here]


def repeat_line(row, names: dict[str, str], doc_titles: dict[str, str]) -> str:
    """'more than 10,000 deployed (South Korea + …) — first reported 11 Jan 2025 in "…"'."""
    if "claim_id" in row:
        what = f"{figure_text(row)} {kind_words(row['kind'])} ({claimant_of(row, names)})"
    else:
        word = modality_word(row["modality"])
        what = plain(row["type"]).lower() + (f" ({word})" if word else "")
    title = doc_titles.get(row["doc_id"], row["doc_id"])
    return f"{what} — first reported {reported_date(row, 'first')} in “{title}”"

