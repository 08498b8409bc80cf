"""Saved web pages as text: the declared charset, and HTML-to-text bounded in time and work.

Shared by uploads (the app) and ``ingest`` (the command line).

**Bounded.** trafilatura's main extractor works in time proportional to the page, but its
fallbacks do not: readability's div-to-paragraph step inserts one element at a time into a
block (2 MB of ``a<br>`` in one ``<div>``: 505 s), and jusText's neighbour search walks all
paragraphs for each short one (a menu of 25,000 ``<li>``: 44 s for 250 KB, growing with the
square).  So the page is parsed once (libxml2, linear), its elements counted, and:

* more than :data:`MAX_ELEMENTS` elements: refused in one line (a 2 MB article page has a
  few thousand; 100,000 is markup, not an article);
* more than :data:`FULL_MAX_ELEMENTS`: the main extractor alone (trafilatura's ``fast``
  mode, no fallbacks), whose work grows with the page;
* else the full extraction, fallbacks included (small pages, where they help most).

``benchmarks/html_bench.py`` measures it at 0.5, 1 and 2 MB against plain text.

**Charset.** A page saved by a browser keeps its own encoding (``<meta charset="windows-1252">``,
Shift-JIS): it is decoded by the charset it declares; without a declaration it must be UTF-8.
"""

from __future__ import annotations

import codecs
import re

import trafilatura
from trafilatura.utils import load_html

from lagebild.extraction.documents import MAX_BYTES, DocumentError, decode_text

MAX_ELEMENTS = 100_000
FULL_MAX_ELEMENTS = 3_000

# The HTML standard's prescan looks for the declaration in the first 1,024 bytes; saved pages often
# carry long <head>s (inline styles), so a little further.
_PRESCAN = 8192
_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# WHATWG: these labels mean windows-1252 in a browser (which is what saved the page).
_AS_CP1252 = {"latin_1", "iso8859-1", "ascii", "cp1252"}


def declared_charset(raw: bytes) -> str | None:
    """The Python codec of the charset a page declares in a <meta> tag, if any and known."""
    m = _DECLARED.search(raw[:_PRESCAN])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "cp1252" if name in _AS_CP1252 else name


def decode_html(where: str, raw: bytes) -> str:
    """A saved page's bytes as text: by its declared charset, else as UTF-8 (``decode_text``'s checks
    either way: size, NUL bytes, control characters, emptiness)."""
    charset = declared_charset(raw)
    if charset is None or charset.startswith("utf") or raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(where, raw)
    if len(raw) > MAX_BYTES:
        return decode_text(where, raw)  # refused by its size, as any document
    try:
        text = raw.decode(charset)
    except UnicodeDecodeError as exc:
        raise DocumentError(where, f"declares charset {charset} but byte 0x{raw[exc.start]:02x} at offset "
                                   f"{exc.start} is not valid in it") from None
    # Checked as UTF-8 now (decoded pages grow: Shift-JIS 2 bytes become 3), the size already checked above.
    return decode_text(where, text.encode("utf-8"), max_bytes=4 * MAX_BYTES)


def html_text(raw: bytes | str, where: str) -> str:
    """The main text of a saved HTML page (trafilatura: boilerplate, menus and scripts removed), or a
    DocumentError: not HTML, too many elements, no article text."""
    tree = load_html(raw)
    if tree is None:
        raise DocumentError(where, "not an HTML page")
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ELEMENTS:
        raise DocumentError(where, f"HTML page refused: {elements:,} elements (an article page has a few thousand; "
                                   f"the limit is {MAX_ELEMENTS:,}); save the article's text as .txt instead")
    text = trafilatura.extract(tree, include_comments=False, include_tables=False, favor_precision=True,
                               fast=elements > FULL_MAX_ELEMENTS)
    if not text or not text.strip():
        raise DocumentError(where, "no article text found in the HTML")
    return text
