"""Test data: a small hand-built store (the seed article + one hostile document), paths of the app."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pandas as pd
from lagebild import paths, schemas
from lagebild.cli import main
from lagebild.dashboard import registry
from benchmarks.synthetic import ACTORS, PLACES

ROOT = Path(__file__).resolve().parent.parent
SEED = next(paths.SEEDS.glob("000_*.txt"))  # the original seed article
SEED_ID = SEED.stem
HOSTILE_ID = "hostile-001"
HOSTILE_TEXT = (
    "Markup test. <script>alert(1)</script> and **bold** appear in this report. "
    "According to the NIS, up to 12,000 North Korean soldiers are deployed in the Kursk region in January 2025. "
    "Ukrainian military intelligence said 200 North Korean soldiers were killed near Sudzha on 14 December 2024."
)


def _sentence(text: str, start: int) -> int:
    """0-based sentence index: sentences end at '. ' or a newline (good enough for the fixture texts)."""
    return len(re.findall(r"\.\s|\n", text[:start]))


def _prov(doc_id: str, text: str, quote: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return {"doc_id": doc_id, "sentence": _sentence(text, start), "start": start, "end": start + len(quote), "quote": quote}


def small_tables() -> dict[str, pd.DataFrame]:
    seed = SEED.read_text(encoding="utf-8")
    hostile = HOSTILE_TEXT
    documents = pd.DataFrame([
        {"doc_id": SEED_ID, "title": "Die Ratifizierung des Verteidigungsvertrags zwischen Nordkorea und Russland",
         "language": "de", "published": "2024-11-12", "precision": "approximate", "source": "unknown (German-language news article)",
         "url": None, "length": len(seed), "text": seed},
        {"doc_id": HOSTILE_ID, "title": "Report with <b>markup</b> **in it**", "language": "en", "published": "2025-01-20",
         "precision": "day", "source": "Test wire", "url": "https://example.org/hostile", "length": len(hostile), "text": hostile},
    ])
    S, H = (SEED_ID, seed), (HOSTILE_ID, hostile)

    def ev(doc, quote, eid, type_, actors, modality="asserted", date=None, prec=None, place=None, source=None, target=None, trigger=None):
        return {**_prov(*doc, quote), "event_id": eid, "type": type_, "cameo": None, "trigger": trigger or quote.split()[0],
                "actors": actors, "source": source or actors.split(";")[0].strip(), "target": target, "place": place,
                "date": date, "date_precision": prec, "modality": modality}

    events = pd.DataFrame([
        ev(S, "Ratifizierung eines gegenseitigen Verteidigungsvertrags mit Russland durch Nordkorea", "e1", "ratification",
           "north-korea; russia", date="2024-11", prec="month"),
        ev(S, "am 19. Juni während eines offiziellen Besuchs des russischen Präsidenten Wladimir Putin in Pjöngjang unterzeichnet",
           "e2", "treaty_signing", "russia; north-korea; vladimir-putin", date="2024-06-19", prec="day", place="pyongyang"),
        ev(S, "Kim Jong-un beschrieb das Abkommen als eine Stärkung der bilateralen Beziehungen", "e3", "statement", "kim-jong-un"),
        ev(S, "Das russische Parlament ratifizierte den Vertrag am 6. November", "e4", "ratification", "state-duma; russia",
           date="2024-11-06", prec="day", place="moscow"),
        ev(S, "Südkoreanische, US-amerikanische und ukrainische Geheimdienste haben die Anwesenheit nordkoreanischer Soldaten an der Front, hauptsächlich in der russischen Region Kursk, bestätigt",
           "e5", "intelligence_assessment", "south-korea; united-states; ukraine", modality="reported", place="kursk-oblast",
           target="north-korea"),
        ev(S, "Wolodymyr Selenskyj hat Russlands Mobilisierung von 50.000 Soldaten, darunter viele Nordkoreaner in Kursk, zur Vorbereitung einer Offensive zur Rückeroberung verlorener Gebiete verurteilt",
           "e6", "condemnation", "volodymyr-zelensky", target="russia", place="kursk-oblast"),
        ev(S, "drohte der südkoreanische Präsident Yoon Suk-yeol mit verstärkter Unterstützung für die Ukraine, einschließlich der Möglichkeit, Waffen zu schicken",
           "e7", "threat", "yoon-suk-yeol", modality="threatened", target="russia"),
        ev(S, "Dmitri Medwedew, Vizepräsident des russischen Sicherheitsrats, warnte hingegen davor, dass die deutsche Lieferung von Taurus-Raketen den Verlauf des Konflikts nicht wesentlich verändern werde",
           "e8", "warning", "dmitry-medvedev", trigger="warnte"),
        ev(H, "<script>alert(1)</script> and **bold** appear in this report.", "e9", "statement", "nis"),
    ])

    def fig(doc, quote, value, kind, subject_actor, **kw):
        row = {**_prov(*doc, quote), "value": value, "low": None, "high": None, "qualifier": None, "kind": kind,
               "subject": "nordkoreanische Soldaten" if subject_actor == "north-korea" else "Soldaten",
               "subject_actor": subject_actor, "location": None, "claimed_by": None, "date": None, "date_precision": None, "modality": "asserted",
               "scope": "total"}
        row.update(kw)
        return row

    figures = pd.DataFrame([
        fig(S, "etwa 11.000 nordkoreanische Soldaten", 11000, "deployed", "north-korea", qualifier="etwa", date="2024-11", date_precision="month"),
        fig(S, "Mobilisierung von 50.000 Soldaten", 50000, "mobilised", "russia", claimed_by="volodymyr-zelensky", location="kursk-oblast"),
        fig(H, "up to 12,000 North Korean soldiers are deployed in the Kursk region", 12000, "deployed", "north-korea",
            low=11000, high=12000, qualifier="up to", location="kursk-oblast", claimed_by="nis", date="2025-01", date_precision="month"),
        fig(H, "200 North Korean soldiers were killed near Sudzha", 200, "killed", "north-korea", location="sudzha",
            claimed_by="gur", date="2024-12-14", date_precision="day"),
    ])

    def men(doc, quote, entity, kind="actor", role=None, occurrence=0):
        return {**_prov(*doc, quote, occurrence), "entity_id": entity, "entity_kind": kind, "role": role, "in_gazetteer": True}

    mentions = pd.DataFrame([
        men(S, "Nordkorea", "north-korea"), men(S, "Russland", "russia"), men(S, "Kim Jong-un", "kim-jong-un", role="Machthaber"),
        men(S, "Wladimir Putin", "vladimir-putin", role="russischen Präsidenten"), men(S, "Pjöngjang", "pyongyang", "place"),
        men(S, "KCNA", "kcna", role="staatlichen Nachrichtenagentur"), men(S, "Kim Jong-un", "kim-jong-un", occurrence=1),
        men(S, "russische Parlament", "state-duma"), men(S, "russischen Region Kursk", "kursk-oblast", "place"),
        men(S, "Wolodymyr Selenskyj", "volodymyr-zelensky", role="ukrainische Präsident"), men(S, "Kursk", "kursk-oblast", "place", occurrence=1),
        men(S, "Yoon Suk-yeol", "yoon-suk-yeol", role="südkoreanische Präsident"),
        men(S, "Dmitri Medwedew", "dmitry-medvedev", role="Vizepräsident des russischen Sicherheitsrats"),
        men(H, "NIS", "nis"), men(H, "Kursk region", "kursk-oblast", "place"), men(H, "Sudzha", "sudzha", "place"),
        men(H, "Ukrainian military intelligence", "gur"),
    ])

    def dt(doc, quote, date, prec, resolution="publication_date"):
        return {**_prov(*doc, quote), "date": date, "precision": prec, "resolution": resolution}

    dates = pd.DataFrame([
        dt(S, "19. Juni", "2024-06-19", "day"), dt(S, "6. November", "2024-11-06", "day"),
        dt(H, "January 2025", "2025-01", "month", "explicit"), dt(H, "14 December 2024", "2024-12-14", "day", "explicit"),
    ])
    actors = pd.DataFrame([{"id": a[0], "name": a[1], "name_de": a[2], "type": a[3], "country": a[4], "side": a[5],
                            "in_gazetteer": True, "roles": a[6]} for a in ACTORS])
    actors.loc[actors["id"] == "dmitry-medvedev", "roles"] = "Vizepräsident des russischen Sicherheitsrats"
    places = pd.DataFrame([{"id": p[0], "name": p[1], "name_de": p[2], "kind": p[3], "country": p[4], "iso_3166_2": p[5],
                            "lat": p[6], "lon": p[7]} for p in PLACES])
    tables = {"documents": documents, "mentions": mentions, "actors": actors, "places": places, "dates": dates,
              "troop_figures": figures, "events": events}
    return {name: schemas.validate(name, df) for name, df in tables.items()}


DASHBOARD = str(ROOT / "dashboard.py")
PAGES = [p.path for p in registry.ANALYSIS_PAGES]  # the pages with the shared filters (not the briefing)


def plain(md: str) -> str:
    """What a viewer reads from escaped Markdown: backslash escapes and invisible word joiners removed."""
    return re.sub(r"\\(.)", r"\1", md).replace("\u2060", "")


def run_cli(*args) -> tuple[int, str, str]:
    """``python -m lagebild ARGS`` in-process (a subprocess per case would spend seconds importing pandas):
    (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def store_as_before_0006(engine, text: str, doc_id: str) -> int:
    """What an engine before migration 0006 stored: the document row without its wire credit (a column such
    a store does not have yet) and its facts, and nothing of later migrations (no view index)."""
    import sqlalchemy as sa

    from lagebild.extraction.documents import Meta
    from lagebild.store import ingest as ingest_mod
    from lagebild.store.db import records

    rows = ingest_mod._extract(text, Meta(language="de"), doc_id)
    run_id = ingest_mod.start_run(engine, "ingest")
    cols = [c for c in records.DOCUMENT_FIELDS if c != "wire"]
    old_documents = sa.table("documents", *(sa.column(c) for c in [*cols, "content_hash", "added_at"]))
    with engine.begin() as conn:
        conn.execute(sa.insert(old_documents).values(**{c: rows["documents"][0][c] for c in cols},
                                                     content_hash=ingest_mod.content_hash(text), added_at=records.now()))
        return records.write_extraction(conn, run_id, doc_id, rows)
