"""Reactions: what a third party said or did about the treaty or the deployment, one plain-English
line each (who, what, when: "South Korea condemned North Korea, 28 Apr 2025"), the quote in its own
language behind it.

A third party is an actor whose country is none of the treaty's parties; the parties are the
countries of the actors of the treaty events in the tables (not a fixed list). The verb is the
trigger's in English (``data/dashboard/reaction_verbs.csv``): a summons is "summoned the envoy of",
never "condemned".
"""

from __future__ import annotations

import csv
from fnmatch import fnmatch
from functools import lru_cache

import pandas as pd

from lagebild import paths
from lagebild.dashboard.charts import with_time

REACTION_VERBS_CSV = paths.DATA / "dashboard" / "reaction_verbs.csv"
TREATY_TYPES = ("treaty_signing", "ratification", "ratification_exchange", "entry_into_force")
REACTION_TYPES = ("condemnation", "threat", "warning", "statement")
TYPE_VERBS = {"condemnation": "condemned {p}", "threat": "threatened {p}", "warning": "warned {p}",
              "statement": "said, about {p},"}
# Strong reactions first, then statements.
RANK = {"condemnation": 0, "threat": 1, "warning": 2, "statement": 3}


@lru_cache(maxsize=1)
def reaction_verbs() -> list[tuple[str, str]]:
    with open(REACTION_VERBS_CSV, encoding="utf-8", newline="") as f:
        return [(r["trigger"].lower(), r["english"]) for r in csv.DictReader(f)]


def verb_phrase(etype: str, trigger, patient: str | None) -> str:
    """ "summoned the envoy of North Korea", "condemned", "said" (no made-up party)."""
    first = str(trigger or "").lower().split(" ")[0]
    phrase = next((e for pat, e in reaction_verbs() if fnmatch(first, pat)), TYPE_VERBS.get(etype, "said"))
    if patient:
        return phrase.replace("{p}", patient).rstrip(",")
    return phrase.replace(", about {p},", "").replace(" the envoy of {p}", " an envoy").replace(" concerning {p}", "") \
        .replace(" {p}", "").replace(" of {p}", "").strip()


def party_countries(tables: dict[str, pd.DataFrame]) -> set[str]:
    """The countries of the actors (source or target) of the treaty events."""
    ev = tables["events"]
    ev = ev[ev["type"].isin(TREATY_TYPES)]
    ids = set(ev["source"].dropna()) | set(ev["target"].dropna())
    actors = tables["actors"]
    return set(actors.loc[actors["id"].isin(ids), "country"].dropna())


def reactions(events: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The events that are a third party's reaction, strongest and latest first, with their time columns."""
    country = dict(zip(tables["actors"]["id"], tables["actors"]["country"]))
    parties = party_countries(tables)
    ev = events[events["type"].isin(REACTION_TYPES) & events["source"].notna()]
    ev = ev[~ev["source"].map(lambda a: country.get(a) in parties if isinstance(country.get(a), str) else False)]
    if len(ev) == 0:
        return ev.assign(when_note=pd.Series(dtype=object))
    ev = with_time(ev, tables["documents"], dates=tables["dates"])
    return ev.assign(_rank=ev["type"].map(RANK)).sort_values(["_rank", "in_text", "when"], ascending=[True, False, False]) \
        .drop(columns="_rank")


def reaction_line(row, names, who: str) -> str:
    """One short plain-English line: who, what, when."""
    target = names.get(row.get("target"), row.get("target")) if isinstance(row.get("target"), str) else None
    return f"{who} {verb_phrase(row['type'], row.get('trigger'), target)}, {row['when_note']}"
