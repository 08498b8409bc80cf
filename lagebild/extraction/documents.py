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
import errno
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
# A sidecar is six short fields (a few hundred bytes); a crafted one of 100,000 nested brackets
# made json.loads raise RecursionError.  Size and depth are checked before it is parsed.
SIDECAR_MAX_BYTES = 16 * 1024
SIDECAR_MAX_DEPTH = 8
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


# Byte order marks of the Unicode encodings a Windows editor writes ("Unicode" = UTF-16 LE);
# UTF-32 first, its little-endian mark starts like UTF-16's.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _too_large(path: Path, size: int) -> DocumentError:
    return DocumentError(path, f"too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")


def _decode(path: Path, raw: bytes, max_bytes: int = MAX_BYTES) -> str:
    if len(raw) > max_bytes:
        raise _too_large(path, len(raw))
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                raw = raw.decode(encoding).encode("utf-8")
            except UnicodeDecodeError:
                raise DocumentError(path, f"starts with a {encoding.upper()} byte order mark but is not "
                                          f"valid {encoding.upper()}") from None
            break
    if not raw.strip():
        raise DocumentError(path, "empty file")
    if b"\x00" in raw:  # anywhere, not only at the start: a NUL is never in an article
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


def decode_text(where: Path | str, raw: bytes, max_bytes: int = MAX_BYTES) -> str:
    """Bytes of a document (an upload, a file) as text, or a DocumentError naming ``where`` and why not."""
    return _decode(Path(where), raw, max_bytes)


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


def _nesting(text: str) -> int:
    """The deepest bracket nesting of JSON text, strings skipped (linear; for the depth check)."""
    depth = deepest = 0
    in_string = escaped = False
    for c in text:
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth -= 1
    return deepest


def load_sidecar(raw: bytes, where: Path | str) -> Meta:
    """A sidecar's bytes as metadata, or a DocumentError naming ``where``: too large, too deeply
    nested, not UTF-8, malformed JSON, or a wrong field (``parse_meta``)."""
    if len(raw) > SIDECAR_MAX_BYTES:
        raise DocumentError(where, f"sidecar too large (over {SIDECAR_MAX_BYTES:,} bytes; a sidecar is a few "
                                  "short fields)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError(where, "sidecar is not UTF-8") from None
    if _nesting(text) > SIDECAR_MAX_DEPTH:
        raise DocumentError(where, f"sidecar nested too deeply (more than {SIDECAR_MAX_DEPTH} levels of brackets)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(where, f"malformed JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except (RecursionError, ValueError) as exc:  # (the depth check should make these unreachable)
        raise DocumentError(where, f"malformed JSON ({type(exc).__name__})") from None
    return parse_meta(data, where)


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
SENTENCE_ENDS = (".", "…", ":", ";", ",", '"', "“", "”", "»", "«")


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
    return looks_like_heading(line)


def looks_like_heading(line: str) -> bool:
    """Short and without a closing stop: a headline, or a subheading inside the text."""
    line = line.strip()
    return 0 < len(line.split()) <= HEADLINE_MAX_WORDS and not line.endswith(SENTENCE_ENDS)


def heading_spans(text: str, title: str | None) -> list[tuple[int, int]]:
    """Character spans of the headline (if the first line is one) and of the subheadings:
    later lines of their own that look like headings ("Einsatz in Kursk")."""
    spans, pos, first = [], 0, True
    for raw in text.splitlines(keepends=True):
        line = raw.strip()
        if line:
            start = pos + raw.index(line)
            if (is_headline(text, title) if first else looks_like_heading(line)):
                spans.append((start, start + len(line)))
            first = False
        pos += len(raw)
    return spans


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "a special file"


def read_document(path: Path | str, decode=None) -> Document:
    """A document and its sidecar.  ``decode(where, raw) -> str`` turns the bytes into text
    (default: UTF-8 with ``decode_text``'s checks; saved web pages pass their own)."""
    path = Path(path)
    # Open first and ask about the open file (a corpus is read thousands of files at a
    # time: no separate stat calls); non-blocking, so a FIFO cannot hang the run.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        reason = "dangling symbolic link (its target is missing)" if path.is_symlink() else "no such file or folder"
        raise DocumentError(path, reason) from None
    except OSError as exc:
        reason = "symbolic link loop" if exc.errno == errno.ELOOP else f"cannot read ({exc.strerror})"
        raise DocumentError(path, reason) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)  # (a folder's descriptor cannot even be wrapped in a file object)
        raise DocumentError(path, f"not a regular file ({_kind(st.st_mode)})")
    with os.fdopen(fd, "rb") as f:
        if st.st_size > MAX_BYTES:  # refused by its size, before a byte is read
            raise _too_large(path, st.st_size)
        try:
            raw = f.read(MAX_BYTES + 1)  # a file growing while read still stops here
        except OSError as exc:
            raise DocumentError(path, f"cannot read ({exc.strerror})") from None
    text = _decode(path, raw) if decode is None else decode(str(path), raw)
    meta = Meta()
    sidecar = path.with_name(path.stem + ".meta.json")
    try:
        with open(sidecar, "rb") as f:
            sidecar_raw = f.read(SIDECAR_MAX_BYTES + 1)  # a huge (or endless) sidecar is never read whole
    except (FileNotFoundError, IsADirectoryError):
        sidecar_raw = None
    except OSError as exc:
        raise DocumentError(sidecar, f"cannot read ({exc.strerror})") from None
    if sidecar_raw is not None:
        meta = load_sidecar(sidecar_raw, sidecar)
    return Document(path.stem, str(path), text, meta)


def expand(paths: Iterable[Path | str]) -> tuple[list[Path], list[DocumentError]]:
    """Files to read: each path itself, or a folder's ``*.txt`` files in name order."""
    files: list[Path] = []
    errors: list[DocumentError] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            # Every *.txt entry, not only regular files: a FIFO, folder or broken link named
            # *.txt is reported by read_document (one line each) instead of skipped silently.
            found = sorted(p.glob("*.txt"))
            if not found:
                errors.append(DocumentError(p, "folder holds no .txt documents"))
            files.extend(found)
        elif not p.exists():
            errors.append(DocumentError(p, "no such file or folder"))
        else:
            files.append(p)
    return files, errors
