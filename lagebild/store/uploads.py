"""Uploads (the app's "Add documents") and saved web pages as documents.

Uploads are .txt/.md (UTF-8, checked like any document) or saved .html pages (their main text,
by trafilatura); a <name>.meta.json uploaded beside <name>.txt is its sidecar.  The form's
metadata applies to every document of the batch (the title only to a single one) and wins over
a sidecar where it says something.  ``lagebild.store.ingest`` stores what comes out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import PurePath

import trafilatura
from htmldate import find_date
from trafilatura.utils import load_html

from lagebild.extraction.documents import MAX_BYTES, Document, DocumentError, Meta, decode_text, load_sidecar
from lagebild.store.htmlpage import FULL_MAX_ELEMENTS, decode_html, html_text

HTML_SUFFIXES = (".html", ".htm")
__all__ = ["HTML_SUFFIXES", "MAX_BYTES", "FormMeta", "form_meta", "html_text", "pasted_document", "uploads_to_documents"]


def html_date(raw: bytes | str) -> dt.date | None:
    """A saved page's publication date from its metadata or text ("article:published_time", JSON-LD,
    "3. Dezember 2026" under the headline), as trafilatura (htmldate) reads it; None when it finds none."""
    # Bounded like the text itself (lagebild.store.htmlpage): a page of many elements gets htmldate's quick
    # look (metadata and markup) only; its extensive search over every text node grows with the square.
    try:
        tree = load_html(raw)
        if tree is None:
            return None
        if sum(1 for _ in tree.iter()) > FULL_MAX_ELEMENTS:
            day = find_date(tree, extensive_search=False, original_date=True)
        else:
            found = trafilatura.extract_metadata(raw)
            day = found.date if found is not None else None
    except Exception:  # noqa: BLE001 - a page trafilatura cannot read has no date, not a traceback
        return None
    try:
        return dt.date.fromisoformat(day[:10]) if day else None
    except ValueError:
        return None


def with_page_date(meta: Meta, raw: bytes | str) -> Meta:
    """``meta`` with the page's own date where the form and the sidecar give none."""
    if meta.published is not None:
        return meta
    day = html_date(raw)
    return replace(meta, published=day, published_precision="day") if day else meta


@dataclass(frozen=True)
class FormMeta:
    title: str | None
    source: str | None
    url: str | None
    language: str | None
    published: dt.date | None
    precision: str  # day, month or year, as the analyst knows it


def form_meta(m: FormMeta) -> Meta:
    """The form's fields as a document's metadata.  A date known to the month or year keeps that precision
    (the table then says 2024-11 or 2024, as for a sidecar's "published": "2024-11")."""
    published = m.published
    if published is not None and m.precision == "month":
        published = published.replace(day=1)
    elif published is not None and m.precision == "year":
        published = published.replace(month=1, day=1)
    return Meta(title=m.title, language=m.language, published=published,
                published_precision=m.precision if published else "unknown",
                source=m.source, url=m.url)


def _merge(base: Meta, over: Meta, single: bool) -> Meta:
    """Sidecar values, then the form's (the form wins where it says something)."""
    fields = {k: v for k, v in over.__dict__.items() if v not in (None, "unknown") and (single or k != "title")}
    return replace(base, **fields)


def uploads_to_documents(files: list, meta: Meta) -> list[Document | DocumentError]:
    """Uploaded files (objects with ``name`` and ``getvalue()``) as documents or one-line errors,
    sidecars matched by name."""
    sidecars: dict[str, Meta | DocumentError] = {}
    texts = []
    for f in files:
        name = PurePath(f.name)
        if name.name.endswith(".meta.json"):
            try:
                sidecars[name.name[: -len(".meta.json")]] = load_sidecar(f.getvalue(), f.name)
            except DocumentError as err:
                sidecars[name.name[: -len(".meta.json")]] = err
        elif name.suffix.lower() == ".json":
            texts.append(DocumentError(f.name, "a .json upload must be a sidecar named <document>.meta.json"))
        else:
            texts.append(f)
    single = len(texts) == 1
    out: list[Document | DocumentError] = []
    for f in texts:
        if isinstance(f, DocumentError):
            out.append(f)
            continue
        stem = PurePath(f.name).stem
        side = sidecars.get(stem, Meta())
        if isinstance(side, DocumentError):
            out.append(side)
            continue
        merged = _merge(side, meta, single)
        try:
            if PurePath(f.name).suffix.lower() in HTML_SUFFIXES:
                raw = decode_html(f.name, f.getvalue())
                text = html_text(raw, f.name)  # first: a page refused for its size never reaches the date reader
                merged = with_page_date(merged, raw)  # the page's own date, from its metadata or text
            else:
                text = decode_text(f.name, f.getvalue())
        except DocumentError as err:
            out.append(err)
            continue
        except Exception as exc:  # noqa: BLE001 - one odd file is one line; the rest of the batch goes on
            out.append(DocumentError(f.name, f"cannot be read ({type(exc).__name__})"))
            continue
        out.append(Document(stem, f.name, text, merged))
    return out


def pasted_document(text: str, meta: Meta) -> Document | DocumentError:
    try:
        return Document(None, "pasted text", decode_text("pasted text", text.encode("utf-8")), meta)
    except DocumentError as err:
        return err
