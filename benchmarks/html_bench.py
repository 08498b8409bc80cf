"""HTML-to-text time against page size, for saved pages (not a test: run by hand).

    .venv/bin/python benchmarks/html_bench.py [--sizes 0.5,1,2] [--reps 1]

``lagebild.store.htmlpage.html_text`` (what an uploaded or ingested .html goes through) on pages of
each shape at each size, against two baselines in the same run on the same bytes: the plain-text
route (``decode_text``, what a .txt upload goes through before extraction) and libxml2's parse
plus ``text_content()`` (the least any HTML-to-text must do: linear).  Linear when the seconds
per MB stay flat across sizes.  Shapes:

* ``article``: a saved news page (head with styles, a menu, paragraphs of varied sentences, aside,
  footer), repeated to the size;
* ``menu``: one list of short items, as many as the element limit allows (250 KB of these took
  44 s before: jusText's neighbour search grows with the square of the item count);
* ``br-block``: one ``<div>`` of lines ending in ``<br>`` (readability's div-to-paragraph step
  inserted one element at a time into it);
* ``br-flood``: the issue's page, ``a<br>`` repeated (505 s at 2 MB before): refused, timed until
  the refusal.

CPU seconds, fastest of --reps.  The largest size is the 2 MB document limit.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402

from lagebild.extraction.documents import MAX_BYTES, DocumentError, decode_text  # noqa: E402
from lagebild.store.htmlpage import MAX_ELEMENTS, decode_html, html_text  # noqa: E402

HEAD = ("<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Truppen in Kursk</title>"
        "<style>body{font-family:sans-serif}.nav li{display:inline}</style></head><body>"
        "<nav class=\"nav\"><ul>" + "".join(f"<li><a href=\"/r{i}\">Ressort {i}</a></li>" for i in range(12)) +
        "</ul></nav><main><article><h1>Nordkoreanische Truppen in Kursk</h1>")
TAIL = "</article><aside>Mehr zum Thema</aside></main><footer>Impressum · Datenschutz</footer></body></html>"


def article(size: int) -> str:
    parts, n, i = [HEAD], len(HEAD) + len(TAIL), 0
    while True:
        p = (f"<p>Nach Angaben des Geheimdienstes vom {i % 28 + 1}. November hat Nordkorea weitere "
             f"{1000 + i} Soldaten in die Region Kursk verlegt, berichtete die Agentur am Abend ({i}).</p>")
        if i % 7 == 6:
            p += f"<h2>Abschnitt {i}</h2>"
        if n + len(p) > size:
            break
        parts.append(p)
        n += len(p)
        i += 1
    return "".join(parts) + TAIL


def _filled(size: int, unit, open_: str, close: str) -> str:
    """Units as many as fit in ``size`` and keep the element count under the limit."""
    head, tail = "<html><body>" + open_, close + "</body></html>"
    count = (size - len(head) - len(tail)) // len(unit(0))
    return head + "".join(unit(i) for i in range(count)) + tail


def _per_element(size: int, least: int) -> int:
    """Bytes per repeated element so that the page stays under the element limit (at least ``least``)."""
    return max(least, -(-size * 21 // (MAX_ELEMENTS * 20)))


def menu(size: int) -> str:
    per = _per_element(size, 10)
    return _filled(size, lambda i: "<li>" + "x" * (per - 9) + "</li>", "<div><ul>", "</ul></div>")


def br_block(size: int) -> str:
    per = _per_element(size, 5)
    return _filled(size, lambda i: "y" * (per - 4) + "<br>", "<div><p>Titel</p>", "</div>")


def br_flood(size: int) -> str:
    return "<html><body><div><p>Title text here.</p>" + "a<br>" * ((size - 60) // 5) + "</div></body></html>"


SHAPES = {"article": article, "menu": menu, "br-block": br_block, "br-flood": br_flood}


def cpu(fn, reps: int) -> float:
    best = float("inf")
    for _ in range(reps):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def run_html(raw: bytes) -> str:
    try:
        html_text(decode_html("page.html", raw), "page.html")
        return "text"
    except DocumentError as err:
        return "refused" if "elements" in err.reason else "no text"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="0.5,1,2", help="MB, comma-separated (2 = the document limit)")
    ap.add_argument("--shapes", default="all", help="comma-separated from: " + ", ".join(SHAPES))
    ap.add_argument("--reps", type=int, default=1)
    args = ap.parse_args()
    shapes = list(SHAPES) if args.shapes == "all" else args.shapes.split(",")
    sizes = [min(int(float(s) * 1024 * 1024), MAX_BYTES) for s in args.sizes.split(",")]
    run_html(article(20_000).encode())  # imports and caches warm
    print(f"{'shape':9} {'MB':>5} {'elements':>9} {'html s':>7} {'s/MB':>6} {'outcome':>8} "
          f"{'text s':>7} {'lxml s':>7} {'html/lxml':>9}")
    for name in shapes:
        for size in sizes:
            raw = SHAPES[name](size).encode()
            outcome = [None]
            html_s = cpu(lambda: outcome.__setitem__(0, run_html(raw)), args.reps)
            text_s = cpu(lambda: decode_text("page.txt", raw), args.reps)
            lxml_s = cpu(lambda: lxml.html.document_fromstring(raw).text_content(), args.reps)
            elements = sum(1 for _ in lxml.html.document_fromstring(raw).iter())
            mb = len(raw) / 1024 / 1024
            print(f"{name:9} {mb:5.2f} {elements:9,} {html_s:7.2f} {html_s / mb:6.2f} {outcome[0]:>8} "
                  f"{text_s:7.3f} {lxml_s:7.2f} {html_s / lxml_s:9.1f}", flush=True)


if __name__ == "__main__":
    main()
