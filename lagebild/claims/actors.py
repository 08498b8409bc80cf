"""Who a fact is about or from, as the filters and the store's view index read it (pure pandas).

* an event's participants: the actors of its ``actors`` cell ("; "-joined), its ``source`` and ``target``;
* a troop figure's claim: the actors it is made or relayed by, as the claims views name them (a relayed
  figure is the service's, a joint accusation each accuser's; ``lagebild.claims.claimants``).
"""

from __future__ import annotations

import pandas as pd

from lagebild.claims import rules as claim_rules
from lagebild.claims.claimants import figure_claimants


def split_ids(value: object) -> list[str]:
    """Actor ids of a "; "-joined cell."""
    if not isinstance(value, str) or not value:
        return []
    return [v.strip() for v in value.split(";") if v.strip()]


def event_participants(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (event row label ``row``, ``actor``) taking part (actors, source or target), without repeats."""
    if len(events) == 0:
        return pd.DataFrame({"row": pd.Series([], dtype=object), "actor": pd.Series([], dtype=object)})
    listed = events["actors"].where(events["actors"].notna(), "").astype(object).str.split(";").explode()
    listed = listed.dropna().astype(object).str.strip()
    parts = [pd.DataFrame({"row": listed.index, "actor": listed.to_numpy()})]
    for col in ("source", "target"):
        v = events[col]
        keep = v.notna().to_numpy()
        parts.append(pd.DataFrame({"row": events.index[keep], "actor": v[keep].astype(object).to_numpy()}))
    out = pd.concat(parts, ignore_index=True)
    out = out[out["actor"].map(lambda a: isinstance(a, str) and a != "")]
    return out.drop_duplicates(ignore_index=True)


def claim_actors(figures: pd.DataFrame, documents: pd.DataFrame, mentions: pd.DataFrame) -> pd.Series:
    """Per troop figure: the actors its claim is made or relayed by ("nis; lee-seong-kweun"), as the claims
    views name them (a relayed figure is the service's, a joint accusation each accuser's)."""
    if len(figures) == 0:
        return pd.Series([], dtype=object, index=figures.index)
    return claim_actors_of(figure_claimants(figures, documents, mentions, claim_rules.load()))


def claim_actors_of(who: pd.DataFrame) -> pd.Series:
    """``claim_actors`` from ``figure_claimants``' reading of the figures (claimant, relayed_by)."""
    return who["claimant"].fillna("").astype(str) + "; " + who["relayed_by"].fillna("").astype(str)
