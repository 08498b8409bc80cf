"""The curated gazetteer (``data/gazetteer/*.csv``) as fast matchers.

Actors and places are data, not code: add a person or a town by adding a row.
Alias syntax is described in ``lagebild.extraction.phrases`` and data/gazetteer/SOURCES.md.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from lagebild import paths
from lagebild.extraction.phrases import PhraseIndex


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    name_de: str | None
    type: str
    country: str | None
    side: str
    aliases: tuple[str, ...] = ()
    in_gazetteer: bool = True


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    name_de: str | None
    kind: str
    country: str | None
    iso_3166_2: str | None
    lat: float | None  # None: a place the text names that no gazetteer locates
    lon: float | None
    aliases: tuple[str, ...] = ()
    actor: str | None = None  # the actor the place also stands for ("Moskau" → russia)


@dataclass(frozen=True)
class Entry:
    """What an alias resolves to."""
    kind: str  # "actor" | "place"
    id: str


@dataclass
class Gazetteer:
    actors: dict[str, Actor]
    places: dict[str, Place]
    roles_de: PhraseIndex
    roles_en: PhraseIndex
    index: PhraseIndex
    # ISO3 -> the state actor of that country, for "nordkoreanische Soldaten" → north-korea.
    state_of_country: dict[str, str] = field(default_factory=dict)
    # Full names of gazetteer persons, for fuzzy linking of names the aliases miss.
    person_names: dict[str, str] = field(default_factory=dict)

    def roles(self, language: str) -> PhraseIndex:
        return self.roles_de if language == "de" else self.roles_en

    def state_for(self, actor_id: str | None) -> str | None:
        """The state an actor belongs to (itself if it is a state)."""
        if actor_id is None:
            return None
        a = self.actors.get(actor_id)
        if a is None:
            return None
        if a.type == "state":
            return a.id
        return self.state_of_country.get(a.country or "")

    def link_person(self, name: str) -> str | None:
        """A gazetteer person whose name is a close spelling of ``name`` (transliterations)."""
        if not self.person_names or len(name) < 6:
            return None
        hit = process.extractOne(name, self.person_names.keys(), scorer=fuzz.ratio, score_cutoff=85)
        return self.person_names[hit[0]] if hit else None


def _split(aliases: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in (aliases or "").split("|") if a.strip())


def _none(v: str | None) -> str | None:
    v = (v or "").strip()
    return v or None


def _variants(alias: str) -> list[str]:
    """The alias, its sentence-initial capitalised form and its English possessive."""
    out = [alias]
    if alias[0].islower():
        out.append(alias[0].upper() + alias[1:])
    if not alias.endswith("*") and alias[-1].isalpha():
        out.append(alias + "'s")
        out.append(alias + "’s")
    return out


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=4)
def load(folder: Path | str = paths.GAZETTEER) -> Gazetteer:
    folder = Path(folder)
    actors: dict[str, Actor] = {}
    for r in _read(folder / "actors.csv"):
        a = Actor(
            id=r["id"].strip(), name=r["name"].strip(), name_de=_none(r.get("name_de")),
            type=r["type"].strip(), country=_none(r.get("country")), side=r["side"].strip(),
            aliases=_split(r.get("aliases", "")),
        )
        actors[a.id] = a
    places: dict[str, Place] = {}
    for r in _read(folder / "places.csv"):
        p = Place(
            id=r["id"].strip(), name=r["name"].strip(), name_de=_none(r.get("name_de")),
            kind=r["kind"].strip(), country=_none(r.get("country")),
            iso_3166_2=_none(r.get("iso_3166_2")), lat=float(r["lat"]), lon=float(r["lon"]),
            aliases=_split(r.get("aliases", "")), actor=_none(r.get("actor")),
        )
        places[p.id] = p

    index = PhraseIndex(case_sensitive=True, max_ending=4)
    for kind, entities in (("actor", actors), ("place", places)):
        for e in entities.values():
            names = {e.name, *e.aliases} | ({e.name_de} if e.name_de else set())
            for alias in names:
                for v in _variants(alias):
                    index.add(v, Entry(kind, e.id))

    roles_de = PhraseIndex(case_sensitive=False, max_ending=3)
    roles_en = PhraseIndex(case_sensitive=False, max_ending=1)
    for r in _read(folder / "roles.csv"):
        term = r["term"].strip()
        if not term:
            continue
        target = roles_de if r["language"].strip() == "de" else roles_en
        # German roles inflect ("Präsidenten", "Sprechers"): allow endings.
        if r["language"].strip() == "de" and not term.endswith("*"):
            term = " ".join(term.split()[:-1] + [term.split()[-1] + "*"])
        target.add(term, term)

    state_of_country = {a.country: a.id for a in actors.values() if a.type == "state" and a.country}
    person_names = {}
    for a in actors.values():
        if a.type == "person":
            for n in (a.name, a.name_de, *a.aliases):
                if n and " " in n and "*" not in n:
                    person_names[n] = a.id
    return Gazetteer(actors, places, roles_de, roles_en, index, state_of_country, person_names)
