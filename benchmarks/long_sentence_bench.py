"""Extraction time against document size for hostile shapes (not a test: run by hand).

    .venv/bin/python benchmarks/long_sentence_bench.py [--sizes 0.5,1,2] [--shapes all]

Each shape is one document that is a single "sentence" (no full stop, no line break)
made of one phrase repeated up to the size, extracted by ``extract_document_rows``;
the baseline in the same run is the same phrase as ordinary sentences (a full stop
after each), which any extraction must handle in linear time.  Extraction is linear
when the time per MB stays flat across sizes; the ratio long/baseline shows what an
overlong sentence costs beyond the same text cut into sentences.  The largest size
is the 2 MB document limit.  CPU seconds, fastest of --reps.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lagebild.extraction.documents import MAX_BYTES  # noqa: E402
from lagebild.extraction.pipeline import extract_document_rows  # noqa: E402

# Phrases dense in the facts each extractor looks around (figures, actors, dates, events).
SHAPES = {
    "figures": "etwa 11.000 nordkoreanische Soldaten in Kursk, ",
    "figures-no-comma": "etwa 11.000 nordkoreanische Soldaten laut Kyjiw ",
    "actors": "Kim Jong-un Putin Moskau Pjöngjang Selenskyj Kursk ",
    "dates": "am 12. November 2024 und am 3. Juni ",
    "events": "Russland drohte Nordkorea schickte Truppen entsandt ratifiziert ",
    "digits": "1 2 3 4 5 6 7 8 9 ",
}


def document(phrase: str, size: int, sentences: bool) -> str:
    unit = phrase.rstrip(", ") + ". " if sentences else phrase
    body = unit * (size // len(unit.encode("utf-8")))
    return "Titel\n" + body[: size - 7] + "\n"


def cpu_seconds(text: str, reps: int) -> float:
    best = float("inf")
    for _ in range(reps):
        t = time.process_time()
        extract_document_rows(text, {"language": "de"})
        best = min(best, time.process_time() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="0.5,1,2", help="MB, comma-separated (2 = the document limit)")
    ap.add_argument("--shapes", default="all", help="comma-separated from: " + ", ".join(SHAPES))
    ap.add_argument("--reps", type=int, default=1)
    args = ap.parse_args()
    shapes = list(SHAPES) if args.shapes == "all" else args.shapes.split(",")
    sizes = [min(int(float(s) * 1024 * 1024), MAX_BYTES) for s in args.sizes.split(",")]
    extract_document_rows("Titel\nNordkorea.\n", {"language": "de"})  # load gazetteer and lexicons once
    print(f"{'shape':18} {'MB':>5} {'long s':>8} {'s/MB':>6} {'sentences s':>12} {'long/base':>9}")
    for name in shapes:
        for size in sizes:
            long = cpu_seconds(document(SHAPES[name], size, sentences=False), args.reps)
            base = cpu_seconds(document(SHAPES[name], size, sentences=True), args.reps)
            mb = size / 1024 / 1024
            print(f"{name:18} {mb:5.2f} {long:8.2f} {long / mb:6.2f} {base:12.2f} {long / base:9.2f}", flush=True)


if __name__ == "__main__":
    main()
