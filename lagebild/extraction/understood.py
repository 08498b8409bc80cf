"""Is a found troop figure *understood*?  Kind, claimant and scope against the gold annotations.

Finding a figure (its value) is not enough for a briefing: "an additional 3,000" read as a total,
or the wire agency credited instead of the intelligence service it quotes, puts an untrue
sentence on a slide.  For every required gold figure this scores, on the figure the value
matching paired with it:

* **kind**: the product kind of the gold ``figure_kind`` (``GOLD_KINDS``) or one of ``kind_accept``;
* **claimant**: the claimant the product shows (the claims layer's key: a relayed figure is the
  original source's, a joint accusation names every accuser), every actor of it being the gold
  ``claimant`` or one of ``claimant_accept`` by name, German name or alias; none predicted is right
  only where the gold claimant is null or ``claimant_accept`` holds null;
* **scope**: total, increment, part or unclear, the gold ``scope`` or one of ``scope_accept``;
* **understood**: found and all three right.

A gold figure that was not found is understood in nothing.  Rates are over the required gold figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import unicodedata

import pandas as pd

from lagebild.claims import rules as claim_rules
from lagebild.claims.claimants import figure_claimants

def norm(s: str) -> str:
    """Letters and digits only, case- and accent-insensitive (the corpus's name comparison)."""
    decomposed = unicodedata.normalize("NFKD", s.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


ASPECTS = ("found", "kind", "claimant", "scope", "understood")

# The corpus's figure_kind (what the counted people are) -> the product's kind.  A planned or
# in-training force is a deployment by kind; that it is planned is its modality, not its kind.
GOLD_KINDS = {
    "deployed": "deployed", "planned_deployment": "deployed", "in_training": "deployed",
    "mobilised": "mobilised", "deaths": "killed", "killed": "killed", "wounded": "wounded",
    "casualties_killed_or_wounded": "killed_or_wounded", "killed_or_wounded": "killed_or_wounded",
    "casualties": "casualties", "captured": "captured", "missing": "missing",
}


@dataclass
class Understanding:
    counts: dict[str, int] = field(default_factory=lambda: {a: 0 for a in ASPECTS})
    gold: int = 0

    def add(self, other: "Understanding") -> None:
        for a in ASPECTS:
            self.counts[a] += other.counts[a]
        self.gold += other.gold

    def rate(self, aspect: str) -> float:
        return self.counts[aspect] / self.gold if self.gold else 1.0

    def as_dict(self) -> dict:
        return {"gold": self.gold, **{a: self.counts[a] for a in ASPECTS},
                **{f"{a}_rate": round(self.rate(a), 4) for a in ASPECTS}}


def names_of(actors: pd.DataFrame, gazetteer) -> dict[str, set[str]]:
    """Actor id -> the normalised names it answers to (name, German name, id, plain gazetteer aliases)."""
    out: dict[str, set[str]] = {}
    for aid, name, name_de in zip(actors["id"], actors["name"], actors["name_de"]):
        known = gazetteer.actors.get(aid)
        aliases = [x for x in known.aliases if "*" not in x] if known is not None else []
        out[aid] = {norm(n) for n in (aid, name, name_de, *aliases) if isinstance(n, str) and n}
    return out


def claimants_of(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Per troop-figure row (same index): the claimant key the product shows, or None."""
    f = tables["troop_figures"]
    if len(f) == 0:
        return pd.Series([], dtype="object")
    return figure_claimants(f, tables["documents"], tables["mentions"], claim_rules.load())["claimant"]


def claimant_ok(predicted: str | None, g: dict, names: dict[str, set[str]]) -> bool:
    accepted = [g.get("claimant"), *(g.get("claimant_accept") or [])]
    if not predicted:
        return any(x is None for x in accepted) or "claimant" not in g
    wanted = {norm(x) for x in accepted if isinstance(x, str)}
    ids = [x for x in predicted.split("; ") if x]
    return all((names.get(i) or {norm(i)}) & wanted for i in ids)


def kind_ok(predicted: str, g: dict) -> bool:
    wanted = {GOLD_KINDS.get(g.get("figure_kind"), "other"), *(g.get("kind_accept") or [])}
    return predicted in wanted


def scope_ok(predicted: str | None, g: dict) -> bool:
    if "scope" not in g:
        return True
    return predicted in {g["scope"], *(g.get("scope_accept") or [])}


def judge(p: dict, g: dict, names: dict[str, set[str]]) -> dict[str, bool]:
    got = {"found": True, "kind": kind_ok(p["kind"], g), "claimant": claimant_ok(p.get("claimant"), g, names),
           "scope": scope_ok(p.get("scope"), g)}
    got["understood"] = got["kind"] and got["claimant"] and got["scope"]
    return got


def describe(p: dict, g: dict, got: dict[str, bool]) -> str:
    wrong = [a for a in ("kind", "claimant", "scope") if not got[a]]
    said = {"kind": p["kind"], "claimant": p.get("claimant"), "scope": p.get("scope")}
    want = {"kind": g.get("figure_kind"), "claimant": g.get("claimant"), "scope": g.get("scope")}
    return "; ".join(f"{a}: predicted {json.dumps(said[a], ensure_ascii=False)}, gold "
                     f"{json.dumps(want[a], ensure_ascii=False)}" for a in wrong)
