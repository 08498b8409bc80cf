"""Synthetic, schema-valid fact tables for tests, screenshots and speed checks.

``synthetic_tables(n_docs, seed)`` is a pure function: the same arguments give
the same tables.  Every document is assembled from sentence templates, so each
fact's provenance is real: ``quote == text[start:end]`` and ``sentence`` is the
index of the sentence the quote lies in.  About ten facts (events, troop
figures, dates) per document, plus the actor/place mentions around them.

    python -m benchmarks.synthetic OUT_DIR N [SEED]

writes such a store to OUT_DIR with ``lagebild.store.parquet.write_tables``.
"""

from __future__ import annotations

import calendar
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from lagebild import schemas

# id, name, name_de, type, country, side, role
ACTORS = [
    ("russia", "Russia", "Russland", "state", "RU", "aligned_russia", None),
    ("north-korea", "North Korea", "Nordkorea", "state", "KP", "aligned_russia", None),
    ("ukraine", "Ukraine", "Ukraine", "state", "UA", "aligned_ukraine", None),
    ("south-korea", "South Korea", "Südkorea", "state", "KR", "aligned_ukraine", None),
    ("united-states", "United States", "USA", "state", "US", "aligned_ukraine", None),
    ("china", "China", "China", "state", "CN", "other", None),
    ("vladimir-putin", "Vladimir Putin", "Wladimir Putin", "person", "RU", "aligned_russia", "President of Russia"),
    ("kim-jong-un", "Kim Jong-un", "Kim Jong-un", "person", "KP", "aligned_russia", "leader of North Korea"),
    ("volodymyr-zelensky", "Volodymyr Zelensky", "Wolodymyr Selenskyj", "person", "UA", "aligned_ukraine", "President of Ukraine"),
    ("yoon-suk-yeol", "Yoon Suk-yeol", "Yoon Suk-yeol", "person", "KR", "aligned_ukraine", "President of South Korea"),
    ("dmitry-medvedev", "Dmitry Medvedev", "Dmitri Medwedew", "person", "RU", "aligned_russia", "Deputy Chairman of the Security Council of Russia"),
    ("choe-son-hui", "Choe Son-hui", "Choe Son-hui", "person", "KP", "aligned_russia", "Foreign Minister of North Korea"),
    ("andrii-sybiha", "Andrii Sybiha", "Andrij Sybiha", "person", "UA", "aligned_ukraine", "Foreign Minister of Ukraine"),
    ("kcna", "KCNA", "KCNA", "organisation", "KP", "aligned_russia", "state news agency"),
    ("state-duma", "State Duma", "Staatsduma", "organisation", "RU", "aligned_russia", "lower house of the Russian parliament"),
    ("nis", "National Intelligence Service", "Nationaler Nachrichtendienst", "organisation", "KR", "aligned_ukraine", "South Korean intelligence"),
    ("gur", "Ukrainian military intelligence (HUR)", "Ukrainischer Militärgeheimdienst", "organisation", "UA", "aligned_ukraine", "military intelligence"),
    ("pentagon", "Pentagon", "Pentagon", "organisation", "US", "aligned_ukraine", "US Department of Defense"),
    ("nato", "NATO", "NATO", "organisation", None, "aligned_ukraine", "military alliance"),
]
ACTOR = {a[0]: a for a in ACTORS}

# id, name, name_de, kind, country, iso_3166_2, lat, lon
PLACES = [
    ("kursk-oblast", "Kursk Oblast", "Region Kursk", "region", "RU", "RU-KRS", 51.5, 36.2),
    ("kursk", "Kursk", "Kursk", "city", "RU", None, 51.73, 36.19),
    ("sudzha", "Sudzha", "Sudscha", "city", "RU", None, 51.19, 35.27),
    ("belgorod-oblast", "Belgorod Oblast", "Region Belgorod", "region", "RU", "RU-BEL", 50.7, 37.4),
    ("sumy-oblast", "Sumy Oblast", "Oblast Sumy", "region", "UA", "UA-59", 50.9, 34.0),
    ("pyongyang", "Pyongyang", "Pjöngjang", "city", "KP", None, 39.03, 125.75),
    ("seoul", "Seoul", "Seoul", "city", "KR", None, 37.57, 126.98),
    ("moscow", "Moscow", "Moskau", "city", "RU", None, 55.76, 37.62),
    ("vladivostok", "Vladivostok", "Wladiwostok", "city", "RU", None, 43.12, 131.89),
]
PLACE = {p[0]: p for p in PLACES}

SOURCES = ["Reuters", "Yonhap", "AP", "Kyiv Independent", "Tagesschau", "BBC", "NK News", "TASS"]
START = date(2024, 6, 1)
END = date(2025, 6, 30)


@dataclass
class _Doc:
    doc_id: str
    sentences: list[str] = field(default_factory=list)
    offset: int = 0
    facts: dict[str, list[dict]] = field(default_factory=lambda: {k: [] for k in ("mentions", "dates", "troop_figures", "events")})

    def add(self, parts: list) -> dict[str, tuple[int, int, str]]:
        """Append one sentence built from parts; str or (text, tag). Returns tag -> (start, end, quote)."""
        spans: dict[str, tuple[int, int, str]] = {}
        text = ""
        for part in parts:
            if isinstance(part, tuple):
                piece, tag = part
                spans[tag] = (self.offset + len(text), self.offset + len(text) + len(piece), piece)
                text += piece
            else:
                text += part
        self.sentences.append(text)
        self.offset += len(text) + 1  # joined with " "
        return spans

    def last_start(self) -> int:
        """Offset of the last sentence in the joined text."""
        return self.offset - len(self.sentences[-1]) - 1

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        """An absolute span inside the last sentence."""
        s0 = self.last_start()
        return start, end, self.sentences[-1][start - s0:end - s0]

    def prov(self, span: tuple[int, int, str]) -> dict:
        return {"doc_id": self.doc_id, "sentence": len(self.sentences) - 1, "start": span[0], "end": span[1], "quote": span[2]}


def _random_day(rng: random.Random) -> date:
    return START + timedelta(days=rng.randrange((END - START).days + 1))


def _date_phrase(rng: random.Random, day: date) -> tuple[str, str | None, str | None]:
    """(phrase, iso date at precision, precision) for a date mentioned in text."""
    r = rng.random()
    if r < 0.6:
        return f"on {day.day} {calendar.month_name[day.month]} {day.year}", day.isoformat(), "day"
    if r < 0.85:
        return f"in {calendar.month_name[day.month]} {day.year}", f"{day:%Y-%m}", "month"
    if r < 0.9:
        monday = day - timedelta(days=day.weekday())
        return f"in the week of {monday.day} {calendar.month_name[monday.month]} {monday.year}", monday.isoformat(), "week"
    if r < 0.95:
        return f"in {day.year}", str(day.year), "year"
    return "recently", None, None


EVENT_KINDS = ["troop_deployment", "statement", "warning", "threat", "condemnation", "denial", "intelligence_assessment",
               "treaty_signing", "ratification", "meeting", "visit", "combat", "casualty_report", "capture",
               "acknowledgement", "troop_training", "entry_into_force"]
EVENT_WEIGHTS = [10, 10, 6, 4, 6, 3, 8, 1, 2, 4, 3, 6, 5, 2, 2, 3, 1]
SPEECH = {"warning": ("warned", "that Western weapons deliveries would escalate the war"),
          "threat": ("threatened", "to send weapons to Ukraine"),
          "condemnation": ("condemned", "the deployment of North Korean troops"),
          "denial": ("denied", "that North Korean soldiers were fighting in Russia"),
          "statement": ("said", "that the treaty strengthens the alliance"),
          "acknowledgement": ("acknowledged", "that North Korean units took part in the Kursk operation")}


@dataclass
class _Event:
    """One synthetic event sentence: who, what, where, and the text parts (("text", tag) marks a span)."""

    actor: str
    parts: list
    place: str | None = None
    target: str | None = None
    modality: str = "asserted"


def _deployment(rng, kind, phrase) -> _Event:
    place = rng.choice(["kursk-oblast", "kursk-oblast", "kursk", "sudzha"])
    parts = [(ACTOR["north-korea"][1], "a"), " ", ("deployed", "t"), " soldiers to ", (PLACE[place][1], "p"), f" {phrase}", "."]
    return _Event("north-korea", parts, place=place, modality="reported")


def _speech(rng, kind, phrase) -> _Event:
    actor = rng.choice(["dmitry-medvedev", "vladimir-putin", "kim-jong-un", "volodymyr-zelensky", "yoon-suk-yeol",
                        "choe-son-hui", "andrii-sybiha", "kcna", "russia", "north-korea"])
    verb, obj = SPEECH[kind]
    modality = {"threat": "threatened", "denial": "denied"}.get(kind, "asserted")
    if kind == "warning" and rng.random() < 0.3:
        modality = "possible"
    parts = [(ACTOR[actor][1], "a"), " ", (verb, "t"), f" {phrase} {obj}."]
    target = rng.choice(["ukraine", "russia", "north-korea", "south-korea", None])
    return _Event(actor, parts, target=target, modality=modality)


def _assessment(rng, kind, phrase) -> _Event:
    actor = rng.choice(["nis", "gur", "pentagon"])
    place = "kursk-oblast"
    parts = [(ACTOR[actor][1], "a"), " ", ("assessed", "t"), f" {phrase} that North Korean troops are active in ",
             (PLACE[place][1], "p"), "."]
    return _Event(actor, parts, place=place, modality="reported")


def _treaty(rng, kind, phrase) -> _Event:
    actor = rng.choice(["vladimir-putin", "kim-jong-un", "state-duma"])
    verb = {"treaty_signing": "signed", "ratification": "ratified", "entry_into_force": "brought into force"}[kind]
    place = rng.choice(["pyongyang", "moscow"])
    parts = [(ACTOR[actor][1], "a"), " ", (verb, "t"), " the defence treaty in ", (PLACE[place][1], "p"), f" {phrase}."]
    return _Event(actor, parts, place=place)


def _encounter(rng, kind, phrase) -> _Event:
    actor = rng.choice(["vladimir-putin", "kim-jong-un", "choe-son-hui"])
    target = rng.choice(["vladimir-putin", "kim-jong-un"])
    if target == actor:
        target = "russia"
    verb = "met" if kind == "meeting" else "visited"
    place = rng.choice(["pyongyang", "moscow", "vladivostok"])
    parts = [(ACTOR[actor][1], "a"), " ", (verb, "t"), f" {ACTOR[target][1]} in ", (PLACE[place][1], "p"), f" {phrase}."]
    return _Event(actor, parts, place=place, target=target)


def _front(rng, kind, phrase) -> _Event:
    actor = rng.choice(["gur", "ukraine", "north-korea", "russia"])
    verb = {"combat": "fought", "casualty_report": "reported losses", "capture": "captured", "troop_training": "trained"}[kind]
    place = rng.choice(["kursk-oblast", "sudzha", "kursk"]) if kind != "troop_training" else "vladivostok"
    parts = [(ACTOR[actor][1], "a"), " ", (verb, "t"), " near ", (PLACE[place][1], "p"), f" {phrase}."]
    modality = rng.choice(["asserted", "reported", "possible"]) if kind == "combat" else "asserted"
    return _Event(actor, parts, place=place, modality=modality)


EVENT_BUILDERS = {"troop_deployment": _deployment, "intelligence_assessment": _assessment,
                  **{k: _speech for k in SPEECH}, **{k: _treaty for k in ("treaty_signing", "ratification", "entry_into_force")},
                  "meeting": _encounter, "visit": _encounter}


def _event_sentence(rng: random.Random, doc: _Doc, day: date, n: int) -> None:
    kind = rng.choices(EVENT_KINDS, weights=EVENT_WEIGHTS)[0]
    phrase, iso, prec = _date_phrase(rng, day)
    ev = EVENT_BUILDERS.get(kind, _front)(rng, kind, phrase)
    spans = doc.add(ev.parts)
    prov = doc.prov
    actors = [ev.actor] + ([ev.target] if ev.target and ev.target in ACTOR and rng.random() < 0.5 else [])
    doc.facts["events"].append({
        **prov(doc.span(doc.last_start(), doc.last_start() + len(doc.sentences[-1]))),
        "event_id": f"{doc.doc_id}-e{n}", "type": kind, "cameo": None, "trigger": spans["t"][2],
        "actors": "; ".join(dict.fromkeys(actors)), "source": ev.actor, "target": ev.target, "place": ev.place,
        "date": iso, "date_precision": prec, "modality": ev.modality,
    })
    role = ACTOR[ev.actor][6] if rng.random() < 0.5 else None
    doc.facts["mentions"].append({**prov(spans["a"]), "entity_id": ev.actor, "entity_kind": "actor", "role": role,
                                  "in_gazetteer": True})
    if "p" in spans:
        doc.facts["mentions"].append({**prov(spans["p"]), "entity_id": ev.place, "entity_kind": "place", "role": None,
                                      "in_gazetteer": True})
    _add_date(doc, phrase, iso, prec)


def _add_date(doc: _Doc, phrase: str, iso: str | None, prec: str | None) -> None:
    sentence = doc.sentences[-1]
    start = doc.last_start() + sentence.rindex(phrase)
    doc.facts["dates"].append({
        "doc_id": doc.doc_id, "sentence": len(doc.sentences) - 1, "start": start, "end": start + len(phrase),
        "quote": phrase, "date": iso, "precision": prec,
        "resolution": "unresolved" if iso is None else rng_resolution(phrase),
    })


def rng_resolution(phrase: str) -> str:
    return "explicit" if any(ch.isdigit() for ch in phrase) else "publication_date"


def _figure_sentence(rng: random.Random, doc: _Doc, day: date, n_month: int) -> None:
    kind = rng.choices(["deployed", "mobilised", "casualties", "killed", "wounded", "captured"], weights=[10, 3, 5, 2, 2, 1])[0]
    # The reported North Korean deployment grows from ~3,000 (Oct 2024) to ~14,000 (2025).
    base = {"deployed": 3000 + 11000 * min(1.0, n_month / 8), "mobilised": 50000, "casualties": 300 + 4000 * n_month / 12,
            "killed": 100 + 600 * n_month / 12, "wounded": 200 + 2500 * n_month / 12, "captured": 2}[kind]
    value = max(1, int(round(base * rng.uniform(0.8, 1.2), -2 if base > 1000 else 0)))
    ranged = rng.random() < 0.35
    low, high = (int(value * 0.9), int(value * 1.1)) if ranged else (None, None)
    qualifier = rng.choice(["about", "up to", "more than", None])
    claimant = rng.choice(["nis", "gur", "pentagon", "volodymyr-zelensky", "kcna", "russia", None])
    subject = "russia" if kind == "mobilised" else "north-korea"
    place = rng.choice(["kursk-oblast", "kursk-oblast", "kursk", "sudzha", None])
    phrase, iso, prec = _date_phrase(rng, day)
    number = f"{low:,} to {high:,}" if ranged else f"{(qualifier + ' ') if qualifier else ''}{value:,}"
    noun = {"deployed": "North Korean soldiers are deployed", "mobilised": "Russian soldiers were mobilised",
            "casualties": "North Korean soldiers were killed or wounded", "killed": "North Korean soldiers were killed",
            "wounded": "North Korean soldiers were wounded", "captured": "North Korean soldiers were captured"}[kind]
    parts = []
    if claimant:
        parts += ["According to ", (ACTOR[claimant][1], "c"), ", "]
    parts += [(number, "n"), f" {noun}"]
    if place:
        parts += [" in ", (PLACE[place][1], "p")]
    parts += [f" {phrase}."]
    spans = doc.add(parts)
    first = spans.get("c", spans["n"])
    doc.facts["troop_figures"].append({
        **doc.prov(doc.span(first[0], spans["n"][1] + len(noun) + 1)),
        "value": value if not ranged else (low + high) // 2, "low": low, "high": high, "qualifier": qualifier if not ranged else None,
        "kind": kind, "subject": noun.split(" soldiers")[0] + " soldiers", "subject_actor": subject,
        "location": place, "claimed_by": claimant, "date": iso, "date_precision": prec, "modality": "asserted",
        "scope": "total",  # "According to X, N soldiers in P …": a total as stated
    })
    if claimant:
        doc.facts["mentions"].append({**doc.prov(spans["c"]), "entity_id": claimant, "entity_kind": "actor", "role": None, "in_gazetteer": True})
    if place:
        doc.facts["mentions"].append({**doc.prov(spans["p"]), "entity_id": place, "entity_kind": "place", "role": None, "in_gazetteer": True})
    _add_date(doc, phrase, iso, prec)


def synthetic_tables(n_docs: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Schema-valid tables for ``n_docs`` documents (about 10 facts each), deterministic in ``seed``."""
    rng = random.Random(seed)
    documents, rows = [], {k: [] for k in ("mentions", "dates", "troop_figures", "events")}
    for i in range(n_docs):
        published = _random_day(rng)
        doc = _Doc(doc_id=f"syn-{seed}-{i:05d}")
        title = rng.choice([
            "North Korean troops in Kursk", "Treaty between Pyongyang and Moscow", "Seoul warns of Russia–North Korea pact",
            "Ukraine reports North Korean losses", "Kremlin comments on Korean soldiers",
        ])
        doc.add([title + "."])
        months = (published.year - 2024) * 12 + published.month - 10
        n_facts = 0
        while n_facts < rng.randint(7, 11):
            event_day = min(END, max(START, published - timedelta(days=rng.randrange(0, 60))))
            if rng.random() < 0.25:
                _figure_sentence(rng, doc, event_day, max(0, months))
                n_facts += 2  # the figure and its date
            else:
                _event_sentence(rng, doc, event_day, n_facts)
                n_facts += 2  # the event and its date
        text = " ".join(doc.sentences)
        documents.append({
            "doc_id": doc.doc_id, "title": title, "language": "en", "published": published.isoformat(),
            "precision": "day", "source": rng.choice(SOURCES), "url": f"https://example.org/news/{doc.doc_id}",
            "length": len(text), "text": text,
        })
        for k in rows:
            rows[k].extend(doc.facts[k])
    for i, ev in enumerate(rows["events"]):
        ev["event_id"] = f"ev-{i:06d}"
    actors = pd.DataFrame([
        {"id": a[0], "name": a[1], "name_de": a[2], "type": a[3], "country": a[4], "side": a[5],
         "in_gazetteer": True, "roles": a[6]} for a in ACTORS
    ])
    places = pd.DataFrame([
        {"id": p[0], "name": p[1], "name_de": p[2], "kind": p[3], "country": p[4], "iso_3166_2": p[5], "lat": p[6], "lon": p[7]}
        for p in PLACES
    ])
    tables = {
        "documents": pd.DataFrame(documents),
        "mentions": pd.DataFrame(rows["mentions"]),
        "actors": actors,
        "places": places,
        "dates": pd.DataFrame(rows["dates"]),
        "troop_figures": pd.DataFrame(rows["troop_figures"]),
        "events": pd.DataFrame(rows["events"]),
    }
    return {name: (schemas.validate(name, df) if len(df) else schemas.empty(name)) for name, df in tables.items()}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) not in (2, 3):
        print("usage: python -m benchmarks.synthetic OUT_DIR N [SEED]", file=sys.stderr)
        return 2
    from lagebild.store.parquet import write_tables

    tables = synthetic_tables(int(argv[1]), int(argv[2]) if len(argv) == 3 else 0)
    path = write_tables(tables, argv[0])
    print(f"{path}: " + ", ".join(f"{k} {len(v):,}" for k, v in tables.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
