"""Documents in, validated fact tables out.

``extract_document(text, meta)`` and ``extract_corpus(paths)`` are the library
interface; ``main(inputs, output)`` is the pipeline step the CLI runs.  Rows are
collected as plain dicts across the whole corpus and turned into DataFrames
once at the end (building frames per document would dominate the run time).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from . import gazetteer as gazetteer_mod
from . import lexicon as lexicon_mod
from . import schemas
from .documents import Document, DocumentError, Meta, detect_language, expand, first_line, parse_meta, read_document
from .extract.dates import extract_dates
from .extract.doc import Doc
from .extract.events import extract_events
from .extract.figures import extract_figures
from .extract.mentions import extract_mentions
from .gazetteer import Actor


class _Collector:
    """Rows of every table, plus the actors and roles seen, across documents."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {name: [] for name in schemas.TABLES}
        self.actors: dict[str, Actor] = {}
        self.roles: dict[str, list[str]] = {}
        self.places: set[str] = set()

    def add(self, doc: Doc, title: str, meta: Meta) -> None:
        text = doc.text
        did = doc.doc_id
        self.rows["documents"].append(dict(
            doc_id=did, title=title, language=doc.language,
            published=meta.published.isoformat() if meta.published else None,
            precision=meta.published_precision, source=meta.source, url=meta.url,
            length=len(text), text=text,
        ))
        for m in doc.mentions:
            self.rows["mentions"].append(dict(
                doc_id=did, sentence=m.sentence, start=m.start, end=m.end, quote=text[m.start:m.end],
                entity_id=m.entity_id, entity_kind=m.entity_kind, role=m.role, in_gazetteer=m.in_gazetteer,
            ))
            if m.entity_kind == "actor":
                actor = doc.actor(m.entity_id)
                if actor is not None:
                    self.actors.setdefault(actor.id, actor)
                roles = self.roles.setdefault(m.entity_id, [])
                if m.role and m.role not in roles:
                    roles.append(m.role)
            else:
                self.places.add(m.entity_id)
        for d in doc.dates:
            self.rows["dates"].append(dict(
                doc_id=did, sentence=d.sentence, start=d.start, end=d.end, quote=text[d.start:d.end],
                date=d.date, precision=d.precision, resolution=d.resolution,
            ))
        # The first line is the headline: it repeats what the body reports with context.
        title_sentences = {0} if doc.sentences and text[: doc.sentences[0].end].strip() == first_line(text) else set()
        for f in extract_figures(doc):
            if f.sentence in title_sentences:
                continue  # a headline repeats a figure the body reports with its context
            s, e = doc.span(f.first, f.last)
            self.rows["troop_figures"].append(dict(
                doc_id=did, sentence=f.sentence, start=s, end=e, quote=text[s:e], value=f.value,
                low=f.low, high=f.high, qualifier=f.qualifier, kind=f.kind, subject=f.subject,
                subject_actor=f.subject_actor, location=f.location, claimed_by=f.claimed_by,
                date=f.date, date_precision=f.date_precision, modality=f.modality,
            ))
        for ev in extract_events(doc, skip_sentences=title_sentences):
            sent = doc.sentences[ev.sentence]
            self.rows["events"].append(dict(
                doc_id=did, sentence=ev.sentence, start=sent.start, end=sent.end,
                quote=text[sent.start:sent.end], event_id=f"{did}:{ev.sentence}:{ev.type}",
                type=ev.type, cameo=ev.cameo, trigger=ev.trigger, actors="; ".join(ev.actors) or None,
                source=ev.source, target=ev.target, place=ev.place, date=ev.date,
                date_precision=ev.date_precision, modality=ev.modality,
            ))

    def tables(self, gaz: gazetteer_mod.Gazetteer) -> dict[str, pd.DataFrame]:
        out = {name: pd.DataFrame(rows) for name, rows in self.rows.items()}
        out["actors"] = pd.DataFrame([
            dict(id=a.id, name=a.name, name_de=a.name_de, type=a.type, country=a.country, side=a.side,
                 in_gazetteer=a.in_gazetteer, roles="; ".join(self.roles.get(a.id, [])) or None)
            for a in self.actors.values()
        ])
        out["places"] = pd.DataFrame([
            dict(id=p.id, name=p.name, name_de=p.name_de, kind=p.kind, country=p.country,
                 iso_3166_2=p.iso_3166_2, lat=p.lat, lon=p.lon)
            for pid in sorted(self.places) if (p := gaz.places.get(pid))
        ])
        return {name: (schemas.validate(name, df) if len(df) else schemas.empty(name))
                for name, df in out.items()}


def _coerce_meta(meta: Meta | dict | None) -> Meta:
    if meta is None:
        return Meta()
    if isinstance(meta, Meta):
        return meta
    return parse_meta(meta, "<meta>")


def _process(collector: _Collector, doc_id: str, text: str, meta: Meta) -> None:
    gaz = gazetteer_mod.load()
    language = meta.language or detect_language(text)
    doc = Doc.build(doc_id, text, language, meta.published, meta.published_precision, gaz, lexicon_mod.load(language))
    extract_mentions(doc)
    extract_dates(doc)
    collector.add(doc, meta.title or first_line(text), meta)


def _collect_one(text: str, meta: Meta | dict | None, doc_id: str | None) -> _Collector:
    m = _coerce_meta(meta)
    if doc_id is None:
        doc_id = (meta.get("id") if isinstance(meta, dict) else None) or \
            "doc_" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    collector = _Collector()
    _process(collector, doc_id, text, m)
    return collector


def extract_document(text: str, meta: Meta | dict | None = None, doc_id: str | None = None) -> dict[str, pd.DataFrame]:
    """All tables for one document given as text; ``meta`` is a sidecar dict or ``Meta``."""
    return _collect_one(text, meta, doc_id).tables(gazetteer_mod.load())


def extract_document_rows(text: str, meta: Meta | dict | None = None, doc_id: str | None = None) -> dict[str, list[dict]]:
    """The fact rows of one document as plain dicts, before tables are built and validated
    (pandera costs tens of milliseconds per table; this is for bulk checks)."""
    return _collect_one(text, meta, doc_id).rows


def extract_corpus(
    paths: Iterable[Path | str],
    on_error: Callable[[DocumentError], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """All tables for the documents at ``paths`` (files or folders, sidecars picked up).

    A document that cannot be read is passed to ``on_error`` (default: raise)
    and the others are still extracted.
    """
    def report(err: DocumentError) -> None:
        if on_error is None:
            raise err
        on_error(err)

    files, errors = expand(paths)
    for err in errors:
        report(err)
    collector = _Collector()
    seen: set[str] = set()
    for f in files:
        try:
            document: Document = read_document(f)
        except DocumentError as err:
            report(err)
            continue
        if document.doc_id in seen:
            report(DocumentError(f, f"duplicate document id {document.doc_id!r} (same file name in two folders)"))
            continue
        seen.add(document.doc_id)
        try:
            _process(collector, document.doc_id, document.text, document.meta)
        except Exception as exc:  # a bug on one odd document must not cost the others
            report(DocumentError(f, f"extraction failed ({type(exc).__name__}: {exc})"))
    return collector.tables(gazetteer_mod.load())

