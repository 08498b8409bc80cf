"""A synthetic corpus for speed checks: articles of ~3 KB recombined from a bank of
German and English sentences about the story, with numbers, dates, names and
qualifiers perturbed so no two documents are alike."""

from __future__ import annotations

import json
import random
from pathlib import Path

DE = [
    "Da bereits etwa {n} nordkoreanische Soldaten zur Unterstützung des russischen Militärs im Krieg gegen die Ukraine im Einsatz sind, hat Machthaber Kim Jong-un einen bedeutenden Schritt gemacht.",
    "Der Vertrag, der am {d}. {m} während eines Besuchs des russischen Präsidenten Wladimir Putin in Pjöngjang unterzeichnet wurde, legt gegenseitige Verpflichtungen fest.",
    "Nach Angaben der staatlichen Nachrichtenagentur KCNA wird das Abkommen erst in Kraft treten, nachdem beide Seiten Ratifizierungsurkunden ausgetauscht haben.",
    "Das russische Parlament ratifizierte den Vertrag am {d}. {m} {y}.",
    "Der ukrainische Präsident Wolodymyr Selenskyj hat Russlands Mobilisierung von {n} Soldaten in Kursk verurteilt.",
    "Als Reaktion darauf drohte der südkoreanische Präsident Yoon Suk-yeol mit verstärkter Unterstützung für die Ukraine.",
    "Dmitri Medwedew, Vizepräsident des russischen Sicherheitsrats, warnte hingegen vor deutschen Taurus-Raketen.",
    "Nach Angaben des südkoreanischen Geheimdienstes NIS wurden {q} {n} nordkoreanische Soldaten getötet oder verwundet.",
    "Mitte {m} letzten Jahres kamen die ersten Truppen in der Region Kursk an.",
    "Am {w} sagte Kremlsprecher Dmitri Peskow, Moskau werde sich nicht äußern.",
    "Der litauische Verteidigungsminister {p} warnte vor einer Eskalation.",
    "Zwischen {n} und {n2} Soldaten aus Nordkorea kämpfen nach ukrainischen Angaben bei Sudscha.",
    "Die Ukraine hat zwei nordkoreanische Soldaten gefangen genommen, teilte der ukrainische Geheimdienst SBU mit.",
    "Die wachsende Zusammenarbeit zwischen Nordkorea und Russland stellt eine Herausforderung für die regionale Stabilität dar.",
    "Pjöngjang bestritt zunächst, Soldaten nach Russland entsandt zu haben.",
]
EN = [
    "North Korea has sent {q} {n} troops to Russia's Kursk region, the Pentagon said on {w}.",
    "Putin and Kim Jong Un signed the treaty in Pyongyang on {m} {d}, {y}.",
    "According to South Korea's National Intelligence Service, {q} {n} North Korean soldiers were killed or wounded.",
    "Ukrainian President Volodymyr Zelensky condemned the deployment last week.",
    "Defense Secretary Lloyd Austin warned that North Korean troops could enter combat soon.",
    "Russia's Foreign Ministry spokeswoman Maria Zakharova denied the reports.",
    "Between {n} and {n2} North Korean troops are fighting near Sudzha, Ukrainian intelligence said.",
    "The treaty entered into force in early {m} after both sides exchanged instruments of ratification.",
    "South Korea threatened to send weapons to Ukraine in response.",
    "Ukraine captured two North Korean soldiers in {m}, Zelensky said.",
    "North Korea may deploy more troops, officials in Seoul said.",
    "Foreign Minister {p} met his Russian counterpart Sergei Lavrov in Moscow.",
    "The deployment marks a turning point for security on the Korean Peninsula.",
    "Kim Jong Un visited the Kursk region in {m}, state media KCNA reported.",
]
# Background sentences, as real articles have them between the facts (about half of the
# seed article's sentences name no figure, date or event).
FILLER = {
    "de": [
        "Die Lage bleibt nach Einschätzung von Beobachtern unübersichtlich und angespannt.",
        "Die Entwicklung wird in der Region mit großer Sorge verfolgt.",
        "Experten sehen darin eine Verschiebung der strategischen Gewichte in Ostasien.",
        "Die Zusammenarbeit beider Staaten hat sich in den vergangenen Monaten deutlich vertieft.",
        "Unabhängig überprüfen lassen sich die Angaben derzeit nicht.",
        "Die Debatte über weitere Unterstützung dürfte in den kommenden Wochen an Schärfe gewinnen.",
    ],
    "en": [
        "The situation remains fluid and difficult to verify independently.",
        "Analysts say the cooperation marks a shift in the regional balance of power.",
        "The claims could not be independently verified.",
        "Officials in the region are watching the developments with growing concern.",
        "The relationship between the two countries has deepened markedly in recent months.",
        "The debate over further support is expected to intensify in the coming weeks.",
    ],
}
MONTHS = {"de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                 "Oktober", "November", "Dezember"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December"]}
WEEKDAYS = {"de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]}
QUAL = {"de": ["etwa", "rund", "mehr als", "mindestens", "bis zu", ""], "en": ["about", "more than", "at least", "up to", "some", ""]}
PEOPLE = ["Anna Kowalska", "Jonas Petrauskas", "Mikko Virtanen", "Laura Ionescu", "Tomasz Nowak"]


def _fmt(n: int, lang: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.15:
        return f"{n:,}".replace(",", " ")
    return f"{n:,}".replace(",", "." if lang == "de" else ",")


def make_document(i: int, rng: random.Random, target_bytes: int = 3000) -> tuple[str, dict]:
    lang = "de" if i % 2 == 0 else "en"
    bank = DE if lang == "de" else EN
    parts = [f"Bericht {i}" if lang == "de" else f"Report {i}"]
    size = len(parts[0])
    while size < target_bytes:
        n = rng.choice([300, 1000, 1500, 3000, 4000, 10000, 11000, 12000, 50000]) + rng.randrange(0, 5) * 100
        s = rng.choice(bank).format(
            n=_fmt(n, lang, rng), n2=_fmt(n + 1000, lang, rng), q=rng.choice(QUAL[lang]),
            d=rng.randint(1, 28), m=rng.choice(MONTHS[lang]), y=rng.choice([2024, 2025]),
            w=rng.choice(WEEKDAYS[lang]), p=rng.choice(PEOPLE),
        ).replace("  ", " ")
        parts.append(s)
        size += len(s.encode()) + 1
        if rng.random() < 0.6:
            f = rng.choice(FILLER[lang])
            parts.append(f)
            size += len(f.encode()) + 1
    text = parts[0] + "\n" + " ".join(parts[1:]) + "\n"
    meta = {"language": lang, "published": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
    return text, meta


def seed_sentences() -> list[str]:
    """The seed article's body sentences (lines split at sentence ends)."""
    from lagebild.paths import SEEDS
    from lagebild.extraction.text import tokenize

    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    _, sents = tokenize(text)
    return [text[s.start:s.end] for s in sents[1:]]


def make_seed_document(i: int, rng: random.Random, bank: list[str], target_bytes: int = 3000) -> tuple[str, dict]:
    """A document recombined from the seed's sentences, numbers and months perturbed:
    the fact density of a real article rather than of the dense sentence bank."""
    import re

    parts = [f"Bericht {i}"]
    size = len(parts[0])
    while size < target_bytes:
        s = rng.choice(bank)
        s = re.sub(r"\d{1,3}\.\d{3}", lambda m: _fmt(rng.randrange(1, 60) * 1000, "de", rng), s)
        s = re.sub(r"\b(\d{1,2})\. (Juni|November)", lambda m: f"{rng.randint(1, 28)}. {rng.choice(MONTHS['de'])}", s)
        parts.append(s)
        size += len(s.encode()) + 1
    meta = {"language": "de", "published": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
    return parts[0] + "\n" + " ".join(parts[1:]) + "\n", meta


def write_corpus(folder: Path, n: int, seed: int = 0, kind: str = "bank") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    bank = seed_sentences() if kind == "seed" else None
    for i in range(n):
        text, meta = make_seed_document(i, rng, bank) if kind == "seed" else make_document(i, rng)
        (folder / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
        (folder / f"doc{i:05d}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder
