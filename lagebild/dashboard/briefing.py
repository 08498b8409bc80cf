"""Briefings: ordered slides, each a saved view.  Pure Python + pandas/plotly, no Streamlit.

A **slide** is a saved view: the page it came from, its filter parameters (the
URL's ``actor``/``from``/``to``/``type``/``doc``), which visual it shows (a chart,
a map or cards, see ``VISUALS``), a title, a one-line takeaway, an "as of" stamp
and source footnotes (``{doc_id, sentence, quote}``).  A **briefing** is a name
and a list of slides, stored as readable JSON in ``data/briefings/<name>.json``
(``$LAGEBILD_BRIEFINGS`` overrides the folder) and written atomically.

``default_briefing(tables)`` builds treaty → deployment → reactions from the
fact tables: titles and takeaways quote the extracted numbers and dates with
their precision and claimants; nothing is invented, and every slide's footnotes
point at the sentences its facts come from.

Figures are drawn by the same builders the pages use (``lagebild.dashboard.charts``,
``lagebild.dashboard.geo``) on the slide's filters applied with ``lagebild.dashboard.filters.apply_filters``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from lagebild import paths, schemas
from lagebild.dashboard import registry
from lagebild.dashboard.fmt import fmt_date
from lagebild.dashboard.filters import FilterState, apply_filters, split_ids
from lagebild.dashboard.viewstate import parse_params, to_params

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

TREATY_TYPES = ("treaty_signing", "ratification", "ratification_exchange", "entry_into_force", "treaty_termination")
REACTION_TYPES = ("condemnation", "threat", "warning", "statement")
TREATY_VERBS = {"treaty_signing": "signed", "ratification": "ratified", "ratification_exchange": "ratifications exchanged",
                "entry_into_force": "entry into force", "treaty_termination": "terminated"}
REACTION_VERBS = {"condemnation": "condemned", "threat": "threatened", "warning": "warned", "statement": "statement"}
MAX_FOOTNOTES = 6


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


def load_or_default(name: str, tables: dict[str, pd.DataFrame], where: Path | None = None) -> Briefing:
    """The stored briefing; ``default`` not stored yet is built from the data."""
    if name == DEFAULT_NAME and not exists(name, where):
        return default_briefing(tables)
    return load(name, where)


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


# ---------------------------------------------------------------- facts -> words



def names_of(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    return dict(zip(tables["actors"]["id"], tables["actors"]["name"]))


def _name(names: dict, actor_id) -> str | None:
    return names.get(actor_id, actor_id) if isinstance(actor_id, str) and actor_id else None


def speaker(row, names: dict) -> str:
    """Who an event comes from: its source actor, else the actors taking part, else 'no actor named'."""
    s = _name(names, row.get("source"))
    if s:
        return s
    acts = [names.get(a, a) for a in split_ids(row.get("actors"))]
    return ", ".join(acts[:2]) or "no actor named"


def as_of(tables: dict[str, pd.DataFrame]) -> str:
    """Latest publication date among the documents, with its precision when not a plain day."""
    docs = tables["documents"]
    dated = docs[docs["published"].notna()]
    if len(dated) == 0:
        return "unknown (no dated document)"
    row = dated.sort_values("published").iloc[-1]
    prec = row.get("precision")
    return f"{row['published']}" + (f" ({prec})" if isinstance(prec, str) and prec not in ("day", "") else "")


def footnote(row) -> dict:
    return {"doc_id": str(row["doc_id"]), "sentence": int(row["sentence"]), "quote": str(row["quote"])}


def _unique_notes(rows, limit: int = MAX_FOOTNOTES) -> list[dict]:
    out, seen = [], set()
    for r in rows:
        key = (r["doc_id"], int(r["sentence"]))
        if key in seen:
            continue
        seen.add(key)
        out.append(footnote(r))
        if len(out) >= limit:
            break
    return out


def _by_date(df: pd.DataFrame, precision_col: str = "date_precision", ascending: bool = True) -> pd.DataFrame:
    from lagebild.dashboard.filters import interval_columns

    iv = interval_columns(df, "date", precision_col)
    return df.assign(_lo=iv["lo"]).sort_values("_lo", ascending=ascending, na_position="last").drop(columns="_lo")


def figure_group(show: str) -> tuple[str, ...]:
    from lagebild.dashboard.charts import FIGURE_GROUPS

    return FIGURE_GROUPS.get(show.split(":", 1)[1], ()) if show.startswith("figures:") else ()


def footnotes_for(show: str, filtered: dict[str, pd.DataFrame], limit: int = MAX_FOOTNOTES) -> list[dict]:
    """Source sentences of the facts a visual shows (latest first)."""
    if show.startswith("figures:"):
        figs = filtered["troop_figures"]
        rows = _by_date(figs[figs["kind"].isin(figure_group(show))], ascending=False)
    elif show.startswith("map:"):
        figs = filtered["troop_figures"]
        rows = _by_date(figs[figs["location"].notna()], ascending=False)
    elif show == "cards:actors":
        men = filtered["mentions"]
        rows = men[men["entity_kind"] == "actor"].drop_duplicates("entity_id")
    else:
        rows = _by_date(filtered["events"], ascending=False)
    return _unique_notes(rows.to_dict("records"), limit)


def state_of(params: dict, tables: dict[str, pd.DataFrame]) -> tuple[FilterState, list[str]]:
    """The slide's FilterState (ids no longer in the tables are dropped with a notice)."""
    return parse_params(params, actor_ids=tables["actors"]["id"], event_types=schemas.EVENT_TYPES,
                        doc_ids=tables["documents"]["doc_id"])


def slide_from_view(page: str, show: str, state: FilterState, tables: dict[str, pd.DataFrame],
                    filtered: dict[str, pd.DataFrame], title: str = "", takeaway: str = "") -> Slide:
    """A slide of the current view (the presenter's 'save this view')."""
    return Slide(page=page, show=show, title=title.strip() or default_title(page, show, state, tables),
                 takeaway=takeaway.strip(), as_of=as_of(filtered), params={k: (v if isinstance(v, list) else [v]) for k, v in to_params(state).items()},
                 footnotes=footnotes_for(show, filtered))


def default_title(page: str, show: str, state: FilterState, tables: dict[str, pd.DataFrame]) -> str:
    title = VISUALS.get(show, (PAGE_TITLES.get(page, page), ""))[0]
    bits = []
    if state.actors:
        names = names_of(tables)
        bits.append(", ".join(names.get(a, a) for a in state.actors[:3]) + ("…" if len(state.actors) > 3 else ""))
    if state.date_from or state.date_to:
        bits.append(f"{state.date_from or '…'} – {state.date_to or '…'}")
    if state.types:
        bits.append(", ".join(t.replace("_", " ") for t in state.types[:3]) + ("…" if len(state.types) > 3 else ""))
    return title + (f" · {' · '.join(bits)}" if bits else "")


# ---------------------------------------------------------------- the default briefing

def _events_of_types(tables, types) -> tuple[list[str], dict, dict] | None:
    """The event types present among ``types``, the slide's filter params, and the tables filtered by them."""
    present = [t for t in types if t in set(tables["events"]["type"])]
    if not present:
        return None
    params = {"type": present}
    return present, params, apply_filters(tables, state_of(params, tables)[0])


def _treaty_slide(tables, names) -> Slide | None:
    found = _events_of_types(tables, TREATY_TYPES)
    if found is None:
        return None
    present, params, filtered = found
    tev = _by_date(filtered["events"])
    facts, title_bits = [], []
    for t in present:
        rows = tev[tev["type"] == t]
        dated = rows[rows["date"].notna()]
        r = (dated.iloc[-1] if t != "treaty_signing" else dated.iloc[0]) if len(dated) else rows.iloc[0]
        when = fmt_date(r["date"], r["date_precision"])
        mod = "" if r["modality"] == "asserted" else f"{r['modality']}, "
        facts.append(f"{TREATY_VERBS[t]} {when} ({mod}{speaker(r, names)})" if when != "undated"
                     else f"{TREATY_VERBS[t]}: {mod}undated ({speaker(r, names)})")
        if len(dated):
            title_bits.append(f"{TREATY_VERBS[t]} {when}")
    title = "Treaty " + ", ".join(title_bits[:2]) if title_bits else f"Treaty: {len(tev)} events, none dated in the text"
    notes = _unique_notes([r for t in present for r in tev[tev["type"] == t].to_dict("records")])
    return Slide(page="timeline", show="timeline", title=title, takeaway=_sentence("; ".join(facts[:4])),
                 as_of=as_of(filtered), params=params, footnotes=notes)


# Qualifiers that make a figure approximate (data/lexicon/qualifiers.csv, both bounds set).
APPROXIMATE = {"etwa", "rund", "circa", "ca.", "ca", "ungefähr", "schätzungsweise", "about", "around",
               "approximately", "roughly", "some", "an estimated", "estimated", "nearly", "almost", "knapp", "fast"}


def _deployment_slide(tables, names) -> Slide | None:
    from lagebild.dashboard.charts import with_time

    figs = tables["troop_figures"]
    nk = figs[(figs["subject_actor"] == "north-korea") & (figs["kind"] == "deployed")
              & figs["modality"].isin(["asserted", "reported"])]
    deploy_ev = tables["events"][tables["events"]["type"] == "troop_deployment"]
    if len(nk) == 0 and len(deploy_ev) == 0:
        return None
    located = _by_date(figs[figs["location"].notna()], ascending=False)
    places = dict(zip(tables["places"]["id"], tables["places"]["name"]))
    rows = []
    if len(nk):
        top = with_time(nk, tables["documents"]).sort_values(["when", "value"], ascending=[False, False]).iloc[0]
        qual = f" (“{top['qualifier']}”)" if isinstance(top["qualifier"], str) else ""
        rng = (f", range {int(top['low']):,}–{int(top['high']):,}" if pd.notna(top["low"]) and pd.notna(top["high"])
               and (top["low"] != top["value"] or top["high"] != top["value"]) else "")
        who = _name(names, top["claimed_by"])
        # The headline keeps the figure's uncertainty: "about 11,000", "up to 12,000", "11,000–12,000".
        if pd.notna(top["low"]) and pd.notna(top["high"]) and top["low"] != top["high"]:
            amount = f"{int(top['low']):,}–{int(top['high']):,}" if not isinstance(top["qualifier"], str) \
                or top["qualifier"].lower() not in APPROXIMATE else f"about {int(top['value']):,}"
        elif pd.notna(top["low"]) and pd.isna(top["high"]):
            amount = f"at least {int(top['value']):,}"
        elif pd.isna(top["low"]) and pd.notna(top["high"]):
            amount = f"up to {int(top['value']):,}"
        else:
            amount = f"{int(top['value']):,}"
        title = f"Deployment: {amount} North Korean soldiers reported deployed"
        takeaway = (f"Latest figure {int(top['value']):,}{qual}{rng}, {fmt_date(top['date'], top['date_precision'])}, "
                    + (f"claimed by {who}" if who else "no claimant named in the text"))
        rows.append(top.to_dict())
    else:
        r = deploy_ev.iloc[0]
        title = "Deployment: North Korean troops reported, no deployed-troop figure"
        takeaway = f"Deployment reported by {speaker(r, names)}, {fmt_date(r['date'], r['date_precision'])}"
    if len(located):
        r = located.iloc[0]
        who = _name(names, r["claimed_by"])
        takeaway += (f"; on the map: {int(r['value']):,} {r['kind']} in {places.get(r['location'], r['location'])}, "
                     f"{fmt_date(r['date'], r['date_precision'])}, " + (f"claimed by {who}" if who else "no claimant named"))
    rows += located.to_dict("records") + deploy_ev.to_dict("records")
    return Slide(page="map", show="map:kursk", title=title, takeaway=_sentence(takeaway), as_of=as_of(tables), params={},
                 footnotes=_unique_notes(rows))


def _sentence(text: str) -> str:
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else text


def _reactions_slide(tables, names) -> Slide | None:
    found = _events_of_types(tables, REACTION_TYPES)
    if found is None:
        return None
    present, params, filtered = found
    rev = filtered["events"]
    parts = []
    for t in present:
        rows = rev[rev["type"] == t]
        who = list(dict.fromkeys(speaker(r, names) for r in rows.to_dict("records")))
        verb = REACTION_VERBS[t]
        if t == "statement":
            parts.append(f"statements by {', '.join(who[:3])}" + ("…" if len(who) > 3 else ""))
        else:
            parts.append(f"{', '.join(who[:3])}{'…' if len(who) > 3 else ''} {verb}")
    kinds = [t for t in present if t != "statement"] or present
    title = "Reactions: " + ", ".join(k.replace("_", " ") for k in kinds)
    if "statement" in present and kinds != present:
        n = int((rev["type"] == "statement").sum())
        title += f" and {n} statement{'s' if n != 1 else ''}"
    notes = _unique_notes([r for t in present for r in rev[rev["type"] == t].to_dict("records")])
    return Slide(page="timeline", show="cards:events", title=title, takeaway=_sentence("; ".join(parts)),
                 as_of=as_of(filtered), params=params, footnotes=notes)


def default_briefing(tables: dict[str, pd.DataFrame]) -> Briefing:
    """Treaty → deployment → reactions, from the facts in ``tables`` (slides without facts are left out)."""
    names = names_of(tables)
    slides = [s for s in (_treaty_slide(tables, names), _deployment_slide(tables, names), _reactions_slide(tables, names)) if s]
    return Briefing(DEFAULT_NAME, slides, "Treaty, deployment, reactions (built from the data)")


# ---------------------------------------------------------------- what a slide shows

def event_cards(filtered: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame], limit: int = 6) -> list[dict]:
    """Events as cards (latest first): date with precision, type, modality, who, quote, provenance."""
    names = names_of(tables)
    rows = _by_date(filtered["events"], ascending=False).head(limit)
    return [{"when": fmt_date(r["date"], r["date_precision"]), "type": r["type"].replace("_", " "), "modality": r["modality"],
             "who": speaker(r, names), "quote": r["quote"], "doc_id": r["doc_id"], "sentence": int(r["sentence"])}
            for r in rows.to_dict("records")]


def actor_cards(filtered: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame], limit: int = 8) -> list[dict]:
    men = filtered["mentions"]
    men = men[men["entity_kind"] == "actor"]
    counts = men.groupby("entity_id").size()
    actors = filtered["actors"].assign(n=lambda d: d["id"].map(counts).fillna(0).astype(int))
    actors = actors.sort_values(["n", "name"], ascending=[False, True]).head(limit)
    return [{"name": r["name"], "type": r["type"], "country": r["country"] if isinstance(r["country"], str) else "—",
             "side": r["side"], "roles": r["roles"] if isinstance(r["roles"], str) else "", "mentions": int(r["n"])}
            for r in actors.to_dict("records")]


def slide_figure(show: str, tables: dict[str, pd.DataFrame], filtered: dict[str, pd.DataFrame], map_views=None):
    """The slide's plotly figure from the pages' own builders; None for cards or when there is nothing to draw."""
    from lagebild.dashboard import charts

    kind = VISUALS.get(show, ("", "cards"))[1]
    if kind == "cards":
        return None
    docs, actors = tables["documents"], tables["actors"]
    if show == "timeline":
        ev = filtered["events"]
        return charts.timeline_chart(ev, docs, actors) if len(ev) else None
    if show == "events_per_month":
        ev = filtered["events"]
        return charts.compact_timeline(ev, docs, actors) if len(ev) else None
    if show.startswith("figures:"):
        figs = filtered["troop_figures"]
        figs = figs[figs["kind"].isin(figure_group(show))]
        return charts.figure_chart(figs, docs, actors) if len(figs) else None
    if show.startswith("map:"):
        from lagebild.dashboard.geo import map_figure

        if not map_views or show.split(":", 1)[1] not in map_views:
            return None
        return map_figure(map_views[show.split(":", 1)[1]], filtered["places"], filtered["troop_figures"], actors,
                          all_places=tables["places"])
    return None


def is_empty(show: str, filtered: dict[str, pd.DataFrame]) -> bool:
    if show in ("timeline", "events_per_month", "cards:events"):
        return len(filtered["events"]) == 0
    if show.startswith("figures:"):
        return not filtered["troop_figures"]["kind"].isin(figure_group(show)).any()
    if show == "cards:actors":
        return len(filtered["actors"]) == 0
    return False  # a map always has its land and cities


def source_label(note: dict, tables: dict[str, pd.DataFrame]) -> str:
    """'Title (published), sentence N' for a footnote."""
    docs = tables["documents"].set_index("doc_id")
    if note["doc_id"] in docs.index:
        d = docs.loc[note["doc_id"]]
        pub = d["published"] if isinstance(d["published"], str) else "undated"
        return f"{d['title']} ({d['source']}, {pub}), sentence {int(note['sentence']) + 1}"
    return f"{note['doc_id']} (not in the current tables), sentence {int(note['sentence']) + 1}"
