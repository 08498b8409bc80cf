"""Briefings as stored: slides and briefings, their JSON files and pure edits.  No Streamlit.

A **slide** is a saved view: the page it came from, its filter parameters (the
URL's ``actor``/``from``/``to``/``type``/``doc``), which visual it shows (a chart,
a map or cards, see ``VISUALS``), a title, a one-line takeaway, an "as of" stamp
and source footnotes (``{doc_id, sentence, quote}``).  A **briefing** is a name
and a list of slides, stored as readable JSON in ``data/briefings/<name>.json``
(``$LAGEBILD_BRIEFINGS`` overrides the folder) and written atomically.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lagebild import paths
from lagebild.dashboard import registry

BRIEFINGS_ENV = "LAGEBILD_BRIEFINGS"
DEFAULT_NAME = "default"
FORMAT = 1
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")

# Every visual a slide can show: key -> (label, kind).  kind: chart, map or cards.
VISUALS: dict[str, tuple[str, str]] = {
    "events_per_month": ("Events per month (stacked by side)", "chart"),
    "timeline": ("Timeline of events", "chart"),
    "figures:deployed": ("Troop figures: deployed", "chart"),
    "figures:mobilised": ("Troop figures: mobilised", "chart"),
    "figures:casualties": ("Troop figures: casualties", "chart"),
    "map:kursk": ("Map: Kursk deployment region", "map"),
    "map:korea": ("Map: Korean peninsula", "map"),
    "map:overview": ("Map: Pyongyang → Kursk", "map"),
    "cards:events": ("Event cards with quotes", "cards"),
    "cards:reactions": ("Reactions of third parties", "cards"),
    "cards:actors": ("Actor cards", "cards"),
    # Recomputed from the tables whenever it is shown (lagebild.dashboard.whatsnew).
    "changes": ("What changed since the last briefing", "changes"),
}
# What each page can put on a slide (first = default); keys are the pages' URL paths.
PAGE_VISUALS: dict[str, list[str]] = {
    "overview": ["events_per_month", "cards:events"],
    "map": ["map:kursk", "map:korea", "map:overview"],
    "actors": ["cards:actors"],
    "troop_figures": ["figures:deployed", "figures:mobilised", "figures:casualties"],
    "timeline": ["timeline", "cards:events"],
    "sources": ["cards:events"],
    "whats_new": ["changes"],
}
PAGE_TITLES = {p.key: p.title for p in registry.ANALYSIS_PAGES}
# The tabs of a page and the visual each shows; the active tab is in the URL (``tab=<label>``), so a
# shared link opens on it and "Add this view to a briefing" offers it first.
TAB_KEY = "tab"
TAB_VISUALS: dict[str, dict[str, str]] = {
    "troop_figures": {"Deployed": "figures:deployed", "Casualties": "figures:casualties",
                      "Mobilised and other": "figures:mobilised"},
    "map": {"Kursk deployment region": "map:kursk", "Korean peninsula": "map:korea", "Pyongyang → Kursk": "map:overview"},
}



class BriefingError(Exception):
    """A briefing file that cannot be read or written; the message is one line."""


@dataclass
class Slide:
    page: str
    show: str
    title: str
    takeaway: str = ""
    as_of: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)
    footnotes: list[dict] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return VISUALS.get(self.show, ("", "cards"))[1]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Slide":
        if not isinstance(d, dict):
            raise ValueError("a slide is not an object")
        missing = [k for k in ("page", "show", "title") if not isinstance(d.get(k), str)]
        if missing:
            raise ValueError(f"a slide lacks {', '.join(missing)}")
        if d["show"] not in VISUALS:
            raise ValueError(f"unknown visual {d['show']!r}")
        params = d.get("params") or {}
        if not isinstance(params, dict):
            raise ValueError("slide params are not an object")
        params = {str(k): [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in params.items()}
        notes = []
        for n in d.get("footnotes") or []:
            if not isinstance(n, dict) or not isinstance(n.get("doc_id"), str):
                raise ValueError("a footnote lacks doc_id")
            notes.append({"doc_id": n["doc_id"], "sentence": int(n.get("sentence") or 0), "quote": str(n.get("quote") or "")})
        return cls(page=d["page"], show=d["show"], title=d["title"], takeaway=str(d.get("takeaway") or ""),
                   as_of=str(d.get("as_of") or ""), params=params, footnotes=notes)


@dataclass
class Briefing:
    name: str
    slides: list[Slide] = field(default_factory=list)
    title: str = ""

    def to_dict(self) -> dict:
        return {"format": FORMAT, "name": self.name, "title": self.title, "slides": [s.to_dict() for s in self.slides]}

    @classmethod
    def from_dict(cls, d: dict, name: str) -> "Briefing":
        if not isinstance(d, dict) or not isinstance(d.get("slides"), list):
            raise ValueError("not a briefing (no slides list)")
        return cls(name=name, title=str(d.get("title") or ""), slides=[Slide.from_dict(s) for s in d["slides"]])


# ---------------------------------------------------------------- storage

def folder() -> Path:
    return Path(os.environ.get(BRIEFINGS_ENV) or paths.BRIEFINGS)


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise BriefingError(f"Invalid briefing name {name!r}: use 1–60 lower-case letters, digits, - or _.")
    return name


def path_of(name: str, where: Path | None = None) -> Path:
    return (where or folder()) / f"{check_name(name)}.json"


def list_names(where: Path | None = None) -> list[str]:
    """Names of the stored briefings, plus ``default`` (built from the data when not stored)."""
    where = where or folder()
    names = sorted(p.stem for p in where.glob("*.json") if NAME_RE.match(p.stem)) if where.is_dir() else []
    return [DEFAULT_NAME] + [n for n in names if n != DEFAULT_NAME]


def exists(name: str, where: Path | None = None) -> bool:
    return path_of(name, where).exists()


def load(name: str, where: Path | None = None) -> Briefing:
    """The stored briefing; raises BriefingError (one line) when missing or unreadable."""
    p = path_of(name, where)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BriefingError(f"No briefing {name!r} in {p.parent}.") from None
    except OSError as exc:
        raise BriefingError(f"{p.name} cannot be read: {exc.strerror or exc}.") from None
    try:
        return Briefing.from_dict(json.loads(raw), name)
    except (ValueError, TypeError, KeyError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BriefingError(f"{p.name} is not a readable briefing ({msg}); it is left as it is — fix or move it.") from None


def save(briefing: Briefing, where: Path | None = None, *, replace_unreadable: bool = False) -> Path:
    """Write ``briefing`` atomically (temp file + os.replace).

    An existing file that cannot be read as a briefing is never overwritten
    unless ``replace_unreadable`` says so: BriefingError instead.
    """
    p = path_of(briefing.name, where)
    if p.exists() and not replace_unreadable:
        try:
            load(briefing.name, where)
        except BriefingError as exc:
            raise BriefingError(f"Not saved: {exc}") from None
    p.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{p.stem}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return p


# ---------------------------------------------------------------- editing (pure: new lists, inputs untouched)

def add_slide(b: Briefing, slide: Slide, at: int | None = None) -> Briefing:
    slides = list(b.slides)
    slides.insert(len(slides) if at is None else max(0, min(at, len(slides))), slide)
    return Briefing(b.name, slides, b.title)


def move_slide(b: Briefing, index: int, delta: int) -> Briefing:
    slides = list(b.slides)
    if not 0 <= index < len(slides):
        return b
    j = max(0, min(len(slides) - 1, index + delta))
    slides.insert(j, slides.pop(index))
    return Briefing(b.name, slides, b.title)


def delete_slide(b: Briefing, index: int) -> Briefing:
    if not 0 <= index < len(b.slides):
        return b
    return Briefing(b.name, [s for i, s in enumerate(b.slides) if i != index], b.title)
