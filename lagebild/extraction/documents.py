"""Reading documents and their sidecars, with a one-line reason for every refusal.

A document is a UTF-8 ``.txt`` file whose first line is its title, with an
optional ``<stem>.meta.json`` sidecar (title, language, published,
published_precision, source, url).  Anything else — a missing path, an empty,
binary, non-UTF-8 or oversized file, a malformed or wrong-typed sidecar, a
folder without documents — raises ``DocumentError`` whose message names the
file and the reason; callers report it and go on with the other documents.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

# C0 control characters other than tab, line feed, form feed and carriage return.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
MAX_BYTES = 2 * 1024 * 1024  # news articles are tens of KB; beyond this it is not an article
LANGUAGES = ("de", "en")
PRECISIONS = ("day", "approximate", "month", "year")
# A publication known only to the month or year is written at that precision.
_REDUCED_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2}))?")


class DocumentError(Exception):
    """One line: '<path>: <reason>'."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Meta:
    title: str | None = None
    language: str | None = None
    published: dt.date | None = None
    published_precision: str = "unknown"
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Document:
    doc_id: str
    path: str
    text: str
    meta: Meta


def _decode(path: Path, raw: bytes) -> str:
    if not raw.strip():
        raise DocumentError(path, "empty file")
    if len(raw) > MAX_BYTES:
        raise DocumentError(path, f"too large ({len(raw) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
    if b"\x00" in raw[:8192]:
        raise DocumentError(path, "binary file (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            raw.decode("cp1252")
            hint = "; it looks like Latin-1/Windows-1252: convert with iconv -f latin1 -t utf-8"
        except UnicodeDecodeError:
            pass
        raise DocumentError(path, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}){hint}") from None
    controls = len(_CONTROL_RE.findall(text, 0, 8192))
    if controls > 0.05 * min(len(text), 8192):
        raise DocumentError(path, "binary file (control characters), not text")
    if not text.strip():
        raise DocumentError(path, "empty file")
    return text


def decode_text(where: Path | str, raw: bytes) -> str:
    """Bytes of a document (an upload, a file) as text, or a DocumentError naming ``where`` and why not."""
    return _decode(Path(where), raw)


def parse_meta(data: object, where: Path | str) -> Meta:
    """Validate a sidecar's JSON object; a wrong type or value is a DocumentError."""
    if not isinstance(data, dict):
        raise DocumentError(where, f"sidecar must be a JSON object, not {type(data).__name__}")

    def text_field(name: str) -> str | None:
        v = data.get(name)
        if v is None:
            return None
        if not isinstance(v, str):
            raise DocumentError(where, f"sidecar field '{name}' must be a string, not {type(v).__name__}")
        return v.strip() or None

    language = text_field("language")
    if language is not None and language not in LANGUAGES:
        raise DocumentError(where, f"sidecar field 'language' must be one of {', '.join(LANGUAGES)}, not {language!r}")
    published, implied = _published(text_field("published"), where)
    precision = text_field("published_precision")
    if precision is not None and precision not in PRECISIONS:
        raise DocumentError(where, "sidecar field 'published_precision' must be one of "
                                   f"{', '.join(PRECISIONS)}, not {precision!r}")
    if published is None:
        precision = "unknown"
    elif precision is None or implied != "day":
        # "2024-10" cannot claim a day, whatever the precision field says.
        precision = implied
    return Meta(
        title=text_field("title"), language=language, published=published,
        published_precision=precision, source=text_field("source"), url=text_field("url"),
    )


def parse_published(pub: str) -> dt.date:
    """A publication date as stored or written in a sidecar (YYYY-MM-DD, YYYY-MM, YYYY): its first day."""
    date, _ = _published(pub, "published")
    return date


def _published(pub: str | None, where: Path | str) -> tuple[dt.date | None, str]:
    """The publication date (the first day of a month or year given alone) and the
    precision its form implies."""
    if pub is None:
        return None, "unknown"
    try:
        return dt.date.fromisoformat(pub), "day"
    except ValueError:
        pass
    m = _REDUCED_DATE.fullmatch(pub)
    if m and 1 <= int(m["month"] or 1) <= 12:
        return dt.date(int(m["year"]), int(m["month"] or 1), 1), "month" if m["month"] else "year"
    raise DocumentError(where, f"sidecar field 'published' must be an ISO date (YYYY-MM-DD, YYYY-MM or YYYY), not {pub!r}")


def published_iso(published: dt.date | None, precision: str) -> str | None:
    """The publication date written at its precision (2024-10-01 known to the month is 2024-10)."""
    if published is None:
        return None
    if precision == "month":
        return f"{published.year:04d}-{published.month:02d}"
    if precision == "year":
        return f"{published.year:04d}"
    return published.isoformat()


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect_language(text: str) -> str:
    """German or English, whichever the text is closer to (py3langid, offline model)."""
    return _language_identifier().classify(text[:5000])[0]


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


HEADLINE_MAX_WORDS = 20  # headlines are short; a longer first line is the lead sentence


def is_headline(text: str, title: str | None) -> bool:
    """Is the first line a headline?  Only when it looks like one: the sidecar's
    title, or a short line without a closing full stop followed by more text.  A
    first line that is a sentence ("SEOUL (dpa-AFX) - North Korea has sent …") is
    the start of the body, and its facts count."""
    line = first_line(text)
    if not line or line == text.strip():
        return False
    if title is not None and line.casefold() == title.strip().casefold():
        return True
    return len(line.split()) <= HEADLINE_MAX_WORDS and not line.endswith((".", "…", ":", ";", ","))


def read_document(path: Path | str) -> Document:
    path = Path(path)
    # Open first and ask about the open file (a corpus is read thousands of files at a
    # time: no separate stat calls); non-blocking, so a FIFO cannot hang the run.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise DocumentError(path, "no such file or folder") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DocumentError(path, "not a regular file")
        try:
            raw = f.read()
        except OSError as exc:
            raise DocumentError(path, f"cannot read ({exc.strerror})") from None
    text = _decode(path, raw)
    meta = Meta()
    sidecar = path.with_name(path.stem + ".meta.json")
    try:
        with open(sidecar, "rb") as f:
            sidecar_raw = f.read()
    except (FileNotFoundError, IsADirectoryError):
        sidecar_raw = None
    except OSError as exc:
        raise DocumentError(sidecar, f"cannot read ({exc.strerror})") from None
    if sidecar_raw is not None:
        try:
            data = json.loads(sidecar_raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise DocumentError(sidecar, "sidecar is not UTF-8") from None
        except json.JSONDecodeError as exc:
            raise DocumentError(sidecar, f"malformed JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
        meta = parse_meta(data, sidecar)
    return Document(path.stem, str(path), text, meta)


def expand(paths: Iterable[Path | str]) -> tuple[list[Path], list[DocumentError]]:
    """Files to read: each path itself, or a folder's ``*.txt`` files in name order."""
    files: list[Path] = []
    errors: list[DocumentError] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(x for x in p.glob("*.txt") if x.is_file())
            if not found:
                errors.append(DocumentError(p, "folder holds no .txt documents"))
            files.extend(found)
        elif not p.exists():
            errors.append(DocumentError(p, "no such file or folder"))
        else:
            files.append(p)
    return files, errors
