"""The claim rules as data: thresholds, claimant identities, accusation cues, wire credits.

Everything the grouping decides by is read from ``data/claims/*.csv`` (see the
README there), so a new wire service or a different window is a data change.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lagebild import paths


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _qualifier_directions(folder: Path) -> dict[str, str]:
    """The extraction's qualifier lexicon as directions: both bounds derived (``etwa`` → ±10 %) is
    ``about`` (one value, not a range), only a lower bound ``above``, only an upper one ``below``."""
    out = {}
    for r in _rows(folder, "qualifiers.csv"):
        out[r["pattern"].lower()] = "about" if r["low_factor"] and r["high_factor"] else "above" if r["low_factor"] else "below"
    return out


@dataclass(frozen=True)
class Rules:
    figure_window_days: int
    event_window_days: int
    major_claimants: int
    # actor id -> the claimant it speaks for (a lawmaker relaying the NIS is the NIS)
    claimant_of: dict[str, str]
    # language -> regex of accusation verbs ("werfen … vor", "accused … of")
    accusation: dict[str, re.Pattern]
    # one regex of every wire credit, a named group per row of wires.csv; ``wire_ids`` maps group -> wire
    wires: re.Pattern
    wire_ids: dict[str, str]
    # qualifier (lower case) -> about / above / below
    qualifiers: dict[str, str]
    # the relay rule: actor ids of intelligence services, and per language the cues that make a named
    # speaker's figure the service's ("unter Berufung auf den Geheimdienst", "the NIS estimates")
    intelligence_services: frozenset[str] = frozenset()
    relay_before: dict[str, re.Pattern] | None = None
    relay_after: dict[str, re.Pattern] | None = None


@lru_cache(maxsize=4)
def load(folder: Path | str = paths.CLAIMS_RULES, lexicon: Path | str = paths.LEXICON) -> Rules:
    folder, lexicon = Path(folder), Path(lexicon)
    th = {r["name"]: int(r["value"]) for r in _rows(folder, "thresholds.csv")}
    wire_rows = _rows(folder, "wires.csv")
    cues: dict[str, list[str]] = {}
    for r in _rows(folder, "accusation_cues.csv"):
        cues.setdefault(r["language"], []).append(re.escape(r["pattern"]))
    relay: dict[tuple[str, str], list[str]] = {}
    for r in _rows(folder, "relay_cues.csv"):
        relay.setdefault((r["position"], r["language"]), []).append(re.escape(r["pattern"]))
    # A cue right before the service's name (at most two words between: an article, "South Korea's"),
    # or right after it (at most one word between: the service as the subject of the reported clause).
    before = {lang: re.compile(r"\b(?:" + "|".join(ps) + r")(?:\s+[\w’'.-]+){0,2}\s*$", re.IGNORECASE)
              for (pos, lang), ps in relay.items() if pos == "before"}
    after = {lang: re.compile(r"\s*(?:[\w’'.-]+\s+)?(?:" + "|".join(ps) + r")\b", re.IGNORECASE)
             for (pos, lang), ps in relay.items() if pos == "after"}
    return Rules(
        figure_window_days=th["figure_window_days"],
        event_window_days=th["event_window_days"],
        major_claimants=th["major_claimants"],
        claimant_of={r["actor_id"]: r["claimant"] for r in _rows(folder, "claimants.csv")},
        accusation={lang: re.compile(r"\b(?:" + "|".join(ps) + r")\b", re.IGNORECASE) for lang, ps in cues.items()},
        wires=re.compile("|".join(f"(?P<w{i}>{r['pattern']})" for i, r in enumerate(wire_rows))),
        wire_ids={f"w{i}": r["wire"] for i, r in enumerate(wire_rows)},
        qualifiers=_qualifier_directions(lexicon),
        intelligence_services=frozenset(r["actor_id"] for r in _rows(folder, "intelligence_services.csv")),
        relay_before=before, relay_after=after,
    )
