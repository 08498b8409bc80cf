"""Documents in, validated fact tables out.

``extract_document(text, meta)`` and ``extract_corpus(paths)`` are the library
interface; ``main(inputs, output)`` is the pipeline step the CLI runs.  Rows are
collected as plain dicts across the whole corpus and turned into DataFrames
once at the end (building frames per document would dominate the run time).
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pandera.errors

from lagebild.extraction import gazetteer as gazetteer_mod
from lagebild.extraction import lexicon as lexicon_mod
from lagebild import schemas
from lagebild.extraction.documents import (Document, DocumentError, Meta, detect_language, expand, first_line,
                                           heading_spans, parse_meta, published_iso,
                                           read_document)
from lagebild.extraction.facts.dates import extract_dates
from lagebild.extraction.facts.doc import Doc
from lagebild.extraction.facts.events import extract_events
from lagebild.extraction.facts.figures import extract_figures
from lagebild.extraction.facts.mentions import extract_mentions
from lagebild.extraction.facts.places import extract_places
from lagebild.extraction.gazetteer import Actor, Place


# Column order of the rows the collector keeps as tuples (a tuple per row, and one
# DataFrame per table at the end: several times cheaper than a dict per row).
COLUMNS = {
    "documents": ("doc_id", "title", "language", "published", "precision", "source", "url", "length", "text"),
    "mentions": ("doc_id", "sentence", "start", "end", "quote", "entity_id", "entity_kind", "role", "in_gazetteer"),
    "dates": ("doc_id", "sentence", "start", "end", "quote", "date", "precision", "resolution"),
    "troop_figures": ("doc_id", "sentence", "start", "end", "quote", "value", "low", "high", "qualifier", "kind",
                      "subject", "subject_actor", "location", "claimed_by", "date", "date_precision", "modality",
                      "scope", "since", "since_precision", "relayed_by"),
    "events": ("doc_id", "sentence", "start", "end", "quote", "event_id", "type", "cameo", "trigger", "actors",
               "source", "target", "claimed_by", "place", "date", "date_precision", "modality"),
}


# No count of people exceeds the people alive; a larger "figure" is a typo or hostile
# input, and beyond 2**63 it cannot even be stored (it used to fail the whole run).
MAX_FIGURE = 10_000_000_000


class _Collector:
    """Rows of every fact table (tuples in ``COLUMNS`` order), plus the actors, roles
    and places seen, across documents."""

    def __init__(self) -> None:
        self.tuples: dict[str, list[tuple]] = {name: [] for name in COLUMNS}
        self.actors: dict[str, Actor] = {}
        self.roles: dict[str, list[str]] = {}
        self.places: dict[str, Place] = {}
        self.warnings: list[tuple[str, str]] = []  # (doc_id, one-line message)

    def mark(self) -> tuple:
        """A restore point: what ``rollback`` returns to when a document fails half-way."""
        return ({n: len(rows) for n, rows in self.tuples.items()}, dict(self.actors),
                {k: list(v) for k, v in self.roles.items()}, dict(self.places), len(self.warnings))

    def rollback(self, mark: tuple) -> None:
        lengths, self.actors, self.roles, self.places, n_warnings = mark
        for name, n in lengths.items():
            del self.tuples[name][n:]
        del self.warnings[n_warnings:]

    def drop(self, doc_ids: set[str]) -> None:
        """Forget every row of ``doc_ids`` (documents whose rows break the table contract)."""
        for name, rows in self.tuples.items():
            self.tuples[name] = [r for r in rows if r[0] not in doc_ids]

    @property
    def rows(self) -> dict[str, list[dict]]:
        """The rows as dicts (column name -> value)."""
        return {name: [dict(zip(COLUMNS[name], row)) for row in rows] for name, rows in self.tuples.items()}

    def add(self, doc: Doc, title: str, meta: Meta, title_sentences: set[int]) -> None:
        text = doc.text
        did = doc.doc_id
        self.tuples["documents"].append((
            did, title, doc.language, published_iso(meta.published, meta.published_precision),
            meta.published_precision, meta.source, meta.url, len(text), text,
        ))
        mentions = self.tuples["mentions"]
        actor_ids: dict[str, None] = {}  # in mention order, for a stable actors table
        for m in doc.mentions:
            mentions.append((did, m.sentence, m.start, m.end, text[m.start:m.end],
                             m.entity_id, m.entity_kind, m.role, m.in_gazetteer))
            if m.entity_kind == "actor":
                actor_ids[m.entity_id] = None
                if m.role:
                    roles = self.roles.setdefault(m.entity_id, [])
                    if m.role not in roles:
                        roles.append(m.role)
            elif m.entity_id not in self.places and (place := doc.place(m.entity_id)) is not None:
                self.places[m.entity_id] = place
        for aid in actor_ids:
            if aid not in self.actors and (actor := doc.actor(aid)) is not None:
                self.actors[aid] = actor
        dates = self.tuples["dates"]
        for d in doc.dates:
            dates.append((did, d.sentence, d.start, d.end, text[d.start:d.end], d.date, d.precision, d.resolution))
        figures = self.tuples["troop_figures"]
        found = extract_figures(doc)
        for f in found:
            if f.sentence in title_sentences:
                continue  # a headline repeats a figure the body reports with its context
            s, e = doc.span(f.first, f.last)
            if not all(v is None or 0 <= v <= MAX_FIGURE for v in (f.value, f.low, f.high)):
                self.warnings.append((did, f"figure {f.value} out of range (over {MAX_FIGURE:,}) in sentence "
                                           f"{f.sentence} skipped"))
                continue
            figures.append((did, f.sentence, s, e, text[s:e], f.value, f.low, f.high, f.qualifier, f.kind,
                            f.subject, f.subject_actor, f.location, f.claimed_by, f.date, f.date_precision,
                            f.modality, f.scope, f.since, f.since_precision, f.relayed_by))
        events = self.tuples["events"]
        for ev in extract_events(doc, skip_sentences=title_sentences, figures=found):
            sent = doc.sentences[ev.sentence]
            events.append((did, ev.sentence, sent.start, sent.end, text[sent.start:sent.end],
                           f"{did}:{ev.sentence}:{ev.type}", ev.type, ev.cameo, ev.trigger,
                           "; ".join(ev.actors) or None, ev.source, ev.target, ev.claimed_by, ev.place, ev.date,
                           ev.date_precision, ev.modality))

    def entity_rows(self, gaz: gazetteer_mod.Gazetteer) -> dict[str, list[dict]]:
        """The actors and places rows (dicts) of the documents seen so far."""
        return {
            "actors": [
                dict(id=a.id, name=a.name, name_de=a.name_de, type=a.type, country=a.country, side=a.side,
                     in_gazetteer=a.in_gazetteer, roles="; ".join(self.roles.get(a.id, [])) or None)
                for a in self.actors.values()
            ],
            "places": [
                dict(id=p.id, name=p.name, name_de=p.name_de, kind=p.kind, country=p.country,
                     iso_3166_2=p.iso_3166_2, lat=p.lat, lon=p.lon)
                for pid, p in sorted(self.places.items())
            ],
        }

    def tables(self, gaz: gazetteer_mod.Gazetteer,
               on_bad: Callable[[str, str], None] | None = None) -> dict[str, pd.DataFrame]:
        """The validated tables; a document whose rows break the contract is dropped and
        passed to ``on_bad(doc_id, reason)`` (default: raise), so it cannot cost the others."""
        try:
            return self._validated(gaz)
        except (pandera.errors.SchemaError, pandera.errors.SchemaErrors):
            if on_bad is None:
                raise
        bad = self._bad_documents()
        for doc_id, reason in bad.items():
            on_bad(doc_id, reason)
        self.drop(set(bad))
        return self._validated(gaz)

    def _bad_documents(self) -> dict[str, str]:
        """doc_id -> first schema breach, checking each document's rows on their own
        (only after the whole corpus failed validation: slow, but rare)."""
        bad: dict[str, str] = {}
        doc_ids = dict.fromkeys(r[0] for rows in self.tuples.values() for r in rows)
        for doc_id in doc_ids:
            for name, rows in self.tuples.items():
                mine = [r for r in rows if r[0] == doc_id]
                try:
                    schemas.validate(name, pd.DataFrame(mine, columns=list(COLUMNS[name])))
                except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
                    bad[doc_id] = f"{name} breaks the table contract ({_first_line(exc)})"
                    break
        return bad

    def _validated(self, gaz: gazetteer_mod.Gazetteer) -> dict[str, pd.DataFrame]:
        out = {name: pd.DataFrame(rows, columns=list(COLUMNS[name])) for name, rows in self.tuples.items()}
        out.update({name: pd.DataFrame(rows) for name, rows in self.entity_rows(gaz).items()})
        return {name: (schemas.validate(name, df) if len(df) else schemas.empty(name))
                for name, df in out.items()}


def _first_line(exc: Exception) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip() not in ("", "{", "}")]
    return (lines[0] if lines else type(exc).__name__)[:200]


def _warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def _coerce_meta(meta: Meta | dict | None) -> Meta:
    if meta is None:
        return Meta()
    if isinstance(meta, Meta):
        return meta
    return parse_meta(meta, "<meta>")


def _heading_sentences(doc: Doc, title: str | None) -> set[int]:
    """The sentences of the headline and subheadings: they repeat what the body reports
    with its context (the tokenizer may split one at an abbreviation: "Russia-N. Korea …")."""
    spans = heading_spans(doc.text, title)
    return {i for i, s in enumerate(doc.sentences) if any(a <= s.start and s.end <= b for a, b in spans)}


def _process(collector: _Collector, doc_id: str, text: str, meta: Meta) -> None:
    gaz = gazetteer_mod.load()
    language = meta.language or detect_language(text)
    doc = Doc.build(doc_id, text, language, meta.published, meta.published_precision, gaz, lexicon_mod.load(language))
    extract_mentions(doc)
    # A headline or subheading repeats what the body reports with context; a first line
    # that is the lead sentence (or starts with a wire dateline) is body, and its facts count.
    title_sentences = _heading_sentences(doc, meta.title)
    body = next((i for i in range(len(doc.sentences)) if i not in title_sentences), None)
    extract_places(doc, body_sentence=body)
    extract_dates(doc)
    collector.add(doc, meta.title or first_line(text), meta, title_sentences)


def _collect_one(text: str, meta: Meta | dict | None, doc_id: str | None) -> _Collector:
    m = _coerce_meta(meta)
    if doc_id is None:
        doc_id = (meta.get("id") if isinstance(meta, dict) else None) or \
            "doc_" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    collector = _Collector()
    _process(collector, doc_id, text, m)
    for _, message in collector.warnings:
        _warn(f"{doc_id}: {message}")
    return collector


def extract_document(text: str, meta: Meta | dict | None = None, doc_id: str | None = None) -> dict[str, pd.DataFrame]:
    """All tables for one document given as text; ``meta`` is a sidecar dict or ``Meta``.
    A figure out of range is skipped with a ``UserWarning``."""
    return _collect_one(text, meta, doc_id).tables(gazetteer_mod.load())


def extract_document_rows(text: str, meta: Meta | dict | None = None, doc_id: str | None = None) -> dict[str, list[dict]]:
    """The fact rows of one document as plain dicts, before tables are built and validated
    (pandera costs tens of milliseconds per table; this is for bulk checks)."""
    return _collect_one(text, meta, doc_id).rows


def extract_document_records(text: str, meta: Meta | dict | None = None,
                             doc_id: str | None = None) -> dict[str, list[dict]]:
    """Every table's rows (dicts) for one document, actors and places included, unvalidated:
    for callers that store rows one document at a time (the database ingest)."""
    collector = _collect_one(text, meta, doc_id)
    return {**collector.rows, **collector.entity_rows(gazetteer_mod.load())}


def extract_corpus(
    paths: Iterable[Path | str],
    on_error: Callable[[DocumentError], None] | None = None,
    on_warning: Callable[[DocumentError], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """All tables for the documents at ``paths`` (files or folders, sidecars picked up).

    A document that cannot be read, or whose extraction fails in any way, is passed
    to ``on_error`` (default: raise) and the others are still extracted.  A fact
    skipped inside a document that is otherwise kept (a figure out of range) goes to
    ``on_warning`` (default: a ``UserWarning``).
    """
    def report(err: DocumentError) -> None:
        if on_error is None:
            raise err
        on_error(err)

    files, errors = expand(paths)
    for err in errors:
        report(err)
    collector = _Collector()
    seen: dict[str, Path] = {}
    for f in files:
        try:
            document: Document = read_document(f)
        except DocumentError as err:
            report(err)
            continue
        if document.doc_id in seen:
            report(DocumentError(f, f"duplicate document id {document.doc_id!r} (same file name in two folders)"))
            continue
        seen[document.doc_id] = f
        mark = collector.mark()
        try:
            _process(collector, document.doc_id, document.text, document.meta)
        except Exception as exc:  # a bug on one odd document must not cost the others
            collector.rollback(mark)  # nor leave half of its rows behind
            report(DocumentError(f, f"extraction failed ({type(exc).__name__}: {_first_line(exc)})"))
    for doc_id, message in collector.warnings:
        warning = DocumentError(seen[doc_id], message)
        if on_warning is None:
            _warn(str(warning))
        else:
            on_warning(warning)
    return collector.tables(gazetteer_mod.load(),
                            on_bad=lambda doc_id, reason: report(DocumentError(seen[doc_id], reason)))

