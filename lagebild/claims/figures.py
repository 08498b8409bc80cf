"""Troop-figure mentions grouped into claims: one assertion of a figure by one claimant.

Two mentions are one claim when they have the same kind, subject actor, claimant
(``lagebild.claims.claimants``) and modality, the same qualifier direction and the
same stated value (stated ranges: overlapping), and their report dates are chained
within ``figure_window_days``.  "more than 10,000" and "über 10.000" agree; "10,000"
and "12,000" do not; NIS 3,000 and the Pentagon's 10,000 stay two claims.

A bound the extraction derived from a qualifier ("etwa 2.700" → 2.430–2.970) is not a
stated range: such a claim has direction ``about`` and no ``value_max``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lagebild import schemas
from lagebild.claims.claimants import figure_claimants
from lagebild.claims.common import chain_breaks, fact_ids, group_summary, report_periods, stable_id
from lagebild.claims.rules import Rules

# "asserted" and "reported" are both stated as fact: one article's headline and body, or its "seien"
# and its "entsandte", are one claim; possible, threatened and denied figures stay apart.
STATED = {"asserted": "stated", "reported": "stated"}
KEY = ["kind", "scope", "subject_actor", "claimant", "_modality", "direction"]
COLUMNS = ["doc_id", "sentence", "start", "end", "quote", "qualifier", "kind", "modality", "date", "date_precision"]
SCOPE_COLUMNS = {"scope": "unclear", "since": None, "since_precision": None}


def directions(figures: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Per figure: ``direction`` (exact, about, above, below, range) and the stated ``value``/``value_max``.

    A qualifier from the extraction's lexicon decides ("bis zu" is below, "etwa" about); without
    one, the bounds do (equal bounds: exact; two different ones: a stated range)."""
    low, high, value = figures["low"], figures["high"], figures["value"]
    by_word = figures["qualifier"].fillna("").str.strip().str.lower().map(rules.qualifiers)
    conds = [by_word.notna(), low.notna() & high.isna(), low.isna() & high.notna(), low.isna() & high.isna(),
             (low == value) & (high == value)]
    direction = np.select([c.fillna(False).to_numpy(dtype=bool) for c in conds],
                          [by_word.fillna("").to_numpy(dtype=object), "above", "below", "about", "exact"], default="range")
    is_range = direction == "range"
    stated = value.where(~is_range, low).astype("int64")
    vmax = high.where(is_range).astype("Int64")
    return pd.DataFrame({"direction": direction, "value": stated, "value_max": vmax}, index=figures.index)


SAME_FIGURE = ["doc_id", "kind", "scope", "_modality", "direction", "value"]


def one_claimant_per_article(f: pd.DataFrame) -> pd.DataFrame:
    """An article restating one figure is one claim: a mention without a claimant takes the claimant
    (and relay) of the same figure elsewhere in the same article ("Rund 2.000 … getötet" in the summary,
    "…, sagte Lee unter Berufung auf den Geheimdienst" in the body), where exactly one claimant states it
    there.  Never across articles, and never between two named claimants."""
    unattributed = f["claimant"].isna()
    if not unattributed.any() or unattributed.all():
        return f
    named = f[~unattributed].assign(**{c: f.loc[~unattributed, c].fillna("") for c in SAME_FIGURE})
    donors = named.groupby(SAME_FIGURE, sort=False).agg(
        _n=("claimant", "nunique"), _claimant=("claimant", "first"), _basis=("claimant_basis", "first"),
        _via=("relayed_by", "first")).reset_index()
    donors = donors[donors["_n"] == 1]
    if len(donors) == 0:
        return f
    todo = f[unattributed].assign(**{c: f.loc[unattributed, c].fillna("") for c in SAME_FIGURE})
    hit = todo.reset_index().merge(donors, on=SAME_FIGURE, how="inner").set_index("index")
    if len(hit) == 0:
        return f
    f = f.copy()
    f.loc[hit.index, "claimant"] = hit["_claimant"]
    f.loc[hit.index, "claimant_basis"] = hit["_basis"]
    f.loc[hit.index, "relayed_by"] = hit["_via"]
    return f


def _range_groups(f: pd.DataFrame) -> pd.Series:
    """A value group per row: the value itself, except that overlapping stated ranges of one
    key share the lowest value of their overlap chain."""
    out = f["value"].astype("int64").copy()
    r = f[f["direction"] == "range"]
    if len(r) == 0:
        return out
    r = r.assign(**{c: r[c].fillna("") for c in KEY[:-1]}).sort_values(KEY[:-1] + ["value", "value_max"])
    key = r.groupby(KEY[:-1], sort=False).ngroup()
    # A range starts a new chain when it begins above everything its key reached so far.
    reach = r["value_max"].astype("float64").groupby(key).cummax().groupby(key).shift(1)
    chain = (reach.isna() | (r["value"] > reach)).cumsum()
    out.loc[r.index] = r["value"].groupby(chain).transform("first").astype("int64")
    return out


def group_figures(figures: pd.DataFrame, documents: pd.DataFrame, mentions: pd.DataFrame | None,
                  sources: pd.DataFrame, rules: Rules,
                  validate: bool = True, claimants: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``claims`` table (see ``lagebild.schemas.Claims``) of the troop-figure mentions.

    ``claimants``: ``figure_claimants`` of the figures (same index) if already at hand: it looks at each
    figure's own document only, so a streaming export finds them a chunk of documents at a time and
    ``documents`` then needs no texts (``mentions`` is not used)."""
    if len(figures) == 0:
        return schemas.empty("claims")
    if claimants is None:
        claimants = figure_claimants(figures, documents, mentions, rules)
    f = figures[COLUMNS + [c for c in ["fact_id"] if c in figures]].join(directions(figures, rules)).join(claimants)
    for c, default in SCOPE_COLUMNS.items():  # facts from an engine before scopes were read
        f[c] = figures[c].astype("object").where(figures[c].notna(), default) if c in figures else default
    f["_modality"] = f["modality"].map(STATED).fillna(f["modality"])
    f = one_claimant_per_article(f)
    f["fact_id"] = fact_ids(f, "troop_figures")
    f = f.join(report_periods(f, documents))
    f["_vgroup"] = _range_groups(f)
    # Sort on integer codes (sorted factorisation: the same order whatever the input order).
    codes = [pd.factorize(f[c].fillna(""), sort=True)[0] for c in KEY]
    day = np.nan_to_num(f["_day"].to_numpy(), nan=np.inf)
    doc = pd.factorize(f["doc_id"], sort=True)[0]
    order = np.lexsort([f["end"].to_numpy(), f["start"].to_numpy(), doc, day, f["_vgroup"].to_numpy()] + codes[::-1])
    f = f.take(order)
    keys = [c[order] for c in codes] + [f["_vgroup"].to_numpy()]
    group = np.cumsum(chain_breaks(keys, f["_day"].to_numpy(), rules.figure_window_days, f["_hi"].to_numpy()))
    out = group_summary(f, group, sources)
    # A range claim spans the widest stated range among its reports.
    if (out["direction"] == "range").any():
        widest = f.assign(_g=group).groupby("_g")["value_max"].max().reset_index(drop=True)
        out["value_max"] = out["value_max"].where(out["direction"] != "range", widest)
    # Who relayed the claimant's figure, over all its reports ("lee; lee-seong-kweun"), or None: direct.
    via = f.assign(_g=group).groupby("_g", sort=False)["relayed_by"].agg(
        lambda v: "; ".join(sorted(set(v.dropna()))) or None)
    out["relayed_by"] = via.reset_index(drop=True).to_numpy(dtype=object)
    # An increment's start: the earliest its reports give ("seit September").
    since = f.assign(_g=group).groupby("_g", sort=False)[["since", "since_precision"]].first()
    out["since"] = since["since"].reset_index(drop=True).to_numpy(dtype=object)
    out["since_precision"] = since["since_precision"].reset_index(drop=True).to_numpy(dtype=object)
    out["claim_id"] = [stable_id("claim-", a) for a in out["fact_id"]]
    return schemas.validate("claims", out) if validate else out.reindex(columns=list(schemas.columns("claims")))
