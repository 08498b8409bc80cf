"""Scoring the extraction against hand-made gold annotations (``<stem>.gold.json``).

The matching rules are the annotated corpus's (see ``seeds/README`` section in the
project README and the corpus README): a troop figure matches on its value or
bounds; a date on its normalised value and span; an actor or place on its name,
a mention's quote or a mention's span; an event on its type, span and date.
Figures, dates and events pair one prediction with one gold item (a maximum
matching, so the order of the rows cannot change the score); a prediction that
pairs with nothing but an optional item is ignored; anything else unpaired is a
false alarm, and every required gold item left unpaired is a miss.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from lagebild.extraction import gazetteer as gazetteer_mod
from lagebild.extraction import understood as und
from lagebild.extraction.understood import norm
from lagebild.extraction.documents import DocumentError, expand
from lagebild.extraction.pipeline import extract_corpus

FACT_TYPES = ("figures", "dates", "actors", "places", "events")
GOLD_KEYS = {"figures": "troop_figures", "dates": "dates", "actors": "actors", "places": "places", "events": "events"}
_WEEK = re.compile(r"(\d{4})-W(\d{2})")


@dataclass
class Finding:
    """A miss (gold item not found) or a false alarm (prediction matching nothing)."""
    doc_id: str
    fact: str
    kind: str  # "miss" | "false_alarm" | "not_understood"
    quote: str
    detail: str


@dataclass
class Score:
    tp: int = 0  # predictions paired with a required gold item
    fp: int = 0
    found: int = 0  # required gold items found
    gold: int = 0   # required gold items

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.found += other.found
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return dict(precision=round(self.precision, 4), recall=round(self.recall, 4), f1=round(self.f1, 4),
                    tp=self.tp, fp=self.fp, found=self.found, gold=self.gold)


@dataclass
class Report:
    totals: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FACT_TYPES})
    per_document: dict[str, dict[str, Score]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Troop figures understood (kind, claimant, scope), in total and per document.
    understood: und.Understanding = field(default_factory=und.Understanding)
    understanding: dict[str, und.Understanding] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "totals": {f: s.as_dict() for f, s in self.totals.items()},
            "documents": {d: {f: s.as_dict() for f, s in scores.items()} for d, scores in self.per_document.items()},
            "figures_understood": {"total": self.understood.as_dict(),
                                   "documents": {d: u.as_dict() for d, u in self.understanding.items()}},
            "findings": [asdict(x) for x in self.findings],
        }




def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) of ``needle`` in ``text``, overlapping ones included."""
    out, i = [], text.find(needle) if needle else -1
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def _overlaps(s: int, e: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def _max_matching(n_pred: int, n_gold: int, ok: Callable[[int, int], bool],
                  prefer: Callable[[int, int], bool] | None = None) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths): prediction -> gold index.  With ``prefer``,
    each prediction tries its preferred gold items first (a figure the gold item's own quote), so of
    the maximum matchings one pairing like with like is found where the values alone are ambiguous."""
    edges = [[g for g in range(n_gold) if ok(p, g)] for p in range(n_pred)]
    gold_to_pred: dict[int, int] = {}
    if prefer is not None:
        # Pairs of like with like first; the augmenting passes below never unpair a gold item again.
        first = _max_matching(n_pred, n_gold, lambda p, g: ok(p, g) and prefer(p, g))
        gold_to_pred = {g: p for p, g in first.items()}

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in gold_to_pred or augment(gold_to_pred[g], seen):
                gold_to_pred[g] = p
                return True
        return False

    for p in range(n_pred):
        if p not in gold_to_pred.values():
            augment(p, set())
    return {p: g for g, p in gold_to_pred.items()}


def _date_ok(pred: str | None, iso: str | None) -> bool:
    """The predicted date starts with the gold ISO value (a week: falls in it; an interval: either end)."""
    if not iso:
        return True
    if not isinstance(pred, str):
        return False
    if "/" in iso:
        return any(_date_ok(pred, part) for part in iso.split("/"))
    week = _WEEK.fullmatch(iso)
    if week and len(pred) == 10:
        y, w, _ = pd.Timestamp(pred).isocalendar()
        return (y, w) == (int(week[1]), int(week[2]))
    return pred.startswith(iso)


def _paired(doc_id: str, fact: str, text: str, preds: list[dict], gold: list[dict],
            ok: Callable[[dict, dict], bool], describe: Callable[[dict], str],
            prefer: Callable[[dict, dict], bool] | None = None, pairs_out: list | None = None) -> tuple[Score, list[Finding]]:
    """Score one-to-one facts (figures, dates, events) of one document (``pairs_out`` receives the
    (prediction, required gold item) pairs)."""
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    pairs = _max_matching(len(preds), len(required), lambda p, g: ok(preds[p], required[g]),
                          None if prefer is None else lambda p, g: prefer(preds[p], required[g]))
    if pairs_out is not None:
        pairs_out.extend((preds[p], required[g]) for p, g in pairs.items())
    score = Score(tp=len(pairs), found=len(pairs), gold=len(required))
    findings = []
    for i, p in enumerate(preds):
        if i not in pairs and not any(ok(p, g) for g in optional):
            score.fp += 1
            findings.append(Finding(doc_id, fact, "false_alarm", p["quote"], describe(p)))
    matched = set(pairs.values())
    for j, g in enumerate(required):
        if j not in matched:
            quote = g.get("quote") or g.get("text") or ""
            detail = {k: v for k, v in g.items() if k in ("value", "value_max", "figure_kind", "iso", "type", "date_iso")}
            findings.append(Finding(doc_id, fact, "miss", quote, json.dumps(detail, ensure_ascii=False)))
    return score, findings


def _entities(doc_id: str, fact: str, text: str, entities: dict[str, dict], gold: list[dict]) -> tuple[Score, list[Finding]]:
    """Score actors or places of one document: each predicted entity once."""
    golds = [(g, {norm(g["name"])} | {norm(s) for s in g.get("surface") or []},
              [span for s in g.get("surface") or [] for span in occurrences(text, s)]) for g in gold]

    def matches(ent: dict) -> list[int]:
        names = {norm(n) for n in ent["names"] if n}
        return [i for i, (g, gnames, spans) in enumerate(golds)
                if names & gnames or any(_overlaps(s, e, spans) for s, e in ent["spans"])]

    score = Score(gold=sum(1 for g in gold if not g.get("optional")))
    findings, found = [], set()
    for eid, ent in entities.items():
        hit = matches(ent)
        required = [i for i in hit if not golds[i][0].get("optional")]
        found.update(required)
        if required:
            score.tp += 1
        elif not hit:
            score.fp += 1
            findings.append(Finding(doc_id, fact, "false_alarm", ent["quotes"][0], eid))
    score.found = len(found)
    for i, (g, _, _) in enumerate(golds):
        if i not in found and not g.get("optional"):
            findings.append(Finding(doc_id, fact, "miss", "; ".join(g.get("surface") or []), g["name"]))
    return score, findings


def _figure_ok(p: dict, g: dict) -> bool:
    values = {p["value"], p["low"], p["high"]} - {None}
    return bool(values & ({g.get("value"), g.get("value_max")} - {None}))


def _date_match(text: str):
    def ok(p: dict, g: dict) -> bool:
        return _date_ok(p["date"], g["iso"]) and _overlaps(p["start"], p["end"], occurrences(text, g["text"]))
    return ok


def _event_match(text: str):
    def ok(p: dict, g: dict) -> bool:
        types = {g["type"], *(g.get("accept_types") or [])}
        dated = isinstance(p["date"], str) and g.get("date_iso")
        return (p["type"] in types and _overlaps(p["start"], p["end"], occurrences(text, g["quote"]))
                and (not dated or _date_ok(p["date"], g["date_iso"])))
    return ok


def _rows(df: pd.DataFrame, doc_id: str) -> list[dict]:
    sub = df[df["doc_id"] == doc_id].sort_values("start")
    return [{k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in r.items()}
            for r in sub.to_dict(orient="records")]


def _entity_table(tables: dict[str, pd.DataFrame], doc_id: str, kind: str) -> dict[str, dict]:
    """Predicted actors or places of one document: names, mention quotes and spans."""
    names = tables["actors" if kind == "actor" else "places"].set_index("id")
    out: dict[str, dict] = {}
    for m in _rows(tables["mentions"], doc_id):
        if m["entity_kind"] != kind:
            continue
        ent = out.setdefault(m["entity_id"], {"names": [], "quotes": [], "spans": []})
        if not ent["names"] and m["entity_id"] in names.index:
            row = names.loc[m["entity_id"]]
            ent["names"] = [row["name"], row["name_de"] if isinstance(row["name_de"], str) else None]
        ent["names"].append(m["quote"])
        ent["quotes"].append(m["quote"])
        ent["spans"].append((m["start"], m["end"]))
    return out


def _figure_rows(tables: dict[str, pd.DataFrame], doc_id: str) -> list[dict]:
    """The document's troop figures with the claimant the product shows (the claims layer's key)."""
    f = tables["troop_figures"]
    if "claimant" not in f:
        f = f.assign(claimant=und.claimants_of(tables))
    return _rows(f, doc_id)


def _quote_overlap(text: str):
    def prefer(p: dict, g: dict) -> bool:
        return _overlaps(p["start"], p["end"], occurrences(text, g.get("quote") or ""))
    return prefer


def understand(doc_id: str, pairs: list[tuple[dict, dict]], gold: dict,
               names: dict[str, set[str]]) -> tuple[und.Understanding, list[Finding]]:
    """Kind, claimant and scope of the found figures (see ``lagebild.extraction.understood``)."""
    u = und.Understanding(gold=sum(1 for g in gold.get("troop_figures", []) if not g.get("optional")))
    findings = []
    for p, g in pairs:
        got = und.judge(p, g, names)
        for a, right in got.items():
            u.counts[a] += right
        if not got["understood"]:
            findings.append(Finding(doc_id, "figures", "not_understood", g.get("quote") or p["quote"],
                                    f"value {g.get('value')}: " + und.describe(p, g, got)))
    for g in gold.get("troop_figures", []):
        if not g.get("optional") and not any(g is gg for _, gg in pairs):
            findings.append(Finding(doc_id, "figures", "not_understood", g.get("quote") or "",
                                    f"value {g.get('value')}: not found"))
    return u, findings


def score_document(doc_id: str, text: str, tables: dict[str, pd.DataFrame], gold: dict,
                   names: dict[str, set[str]] | None = None) -> tuple[dict[str, Score], list[Finding]]:
    """Scores per fact type and the findings for one document (with ``names``, from ``understood.names_of``,
    also how the figures were understood: ``scores["understood"]``, an ``Understanding``)."""
    pairs: list[tuple[dict, dict]] = []
    results = {
        "figures": _paired(doc_id, "figures", text, _figure_rows(tables, doc_id), gold.get("troop_figures", []),
                           _figure_ok, lambda p: f"value {p['value']} ({p['kind']})",
                           prefer=_quote_overlap(text), pairs_out=pairs),
        "dates": _paired(doc_id, "dates", text, _rows(tables["dates"], doc_id), gold.get("dates", []),
                         _date_match(text), lambda p: f"date {p['date']} ({p['precision']}, {p['resolution']})"),
        "actors": _entities(doc_id, "actors", text, _entity_table(tables, doc_id, "actor"), gold.get("actors", [])),
        "places": _entities(doc_id, "places", text, _entity_table(tables, doc_id, "place"), gold.get("places", [])),
        "events": _paired(doc_id, "events", text, _rows(tables["events"], doc_id), gold.get("events", []),
                          _event_match(text), lambda p: f"{p['type']} ({p['modality']}, trigger {p['trigger']!r}, {p['date']})"),
    }
    scores = {f: s for f, (s, _) in results.items()}
    findings = [x for _, fs in results.values() for x in fs]
    if names is not None:
        scores["understood"], more = understand(doc_id, pairs, gold, names)
        findings += more
    return scores, findings


def gold_path(txt: Path) -> Path:
    return txt.with_name(txt.stem + ".gold.json")


def evaluate(paths: Iterable[Path | str], on_error: Callable[[DocumentError], None] | None = None) -> Report:
    """Extract the documents at ``paths`` that have a gold file beside them and score them."""
    files, errors = expand(paths)
    for err in errors:
        if on_error is None:
            raise err
        on_error(err)
    gold: dict[str, dict] = {}
    for f in files:
        g = gold_path(f)
        if g.is_file():
            try:
                gold[f.stem] = json.loads(g.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                err = DocumentError(g, f"gold file is not valid UTF-8 JSON ({exc})")
                if on_error is None:
                    raise err from None
                on_error(err)
    tables = extract_corpus([f for f in files if f.stem in gold], on_error=on_error)
    texts = dict(zip(tables["documents"]["doc_id"], tables["documents"]["text"]))
    report = Report()
    names = und.names_of(tables["actors"], gazetteer_mod.load())
    tables = {**tables, "troop_figures": tables["troop_figures"].assign(claimant=und.claimants_of(tables))}
    for doc_id in sorted(texts):
        scores, findings = score_document(doc_id, texts[doc_id], tables, gold[doc_id], names)
        report.understanding[doc_id] = scores.pop("understood")
        report.understood.add(report.understanding[doc_id])
        report.per_document[doc_id] = scores
        report.findings.extend(findings)
        for f, s in scores.items():
            report.totals[f].add(s)
    return report


def format_report(report: Report) -> str:
    """The report as plain text: totals, per document, then every miss and false alarm."""
    lines = ["fact type   precision  recall     F1   (tp/fp, found/gold)"]
    for f, s in report.totals.items():
        lines.append(f"{f:<10} {s.precision:9.2f} {s.recall:7.2f} {s.f1:6.2f}   ({s.tp}/{s.fp}, {s.found}/{s.gold})")
    lines += ["", "F1 per document: " + "  ".join(FACT_TYPES)]
    for doc_id, scores in report.per_document.items():
        lines.append(f"  {doc_id:<45} " + "  ".join(f"{scores[f].f1:.2f}" for f in FACT_TYPES))
    u = report.understood
    lines += ["", "Troop figures understood (of %d required gold figures):" % u.gold,
              "  " + "  ".join(f"{a} {u.counts[a]} ({u.rate(a):.2f})" for a in und.ASPECTS),
              "  per document: found / kind / claimant / scope / understood"]
    for doc_id, d in report.understanding.items():
        if d.gold:
            lines.append(f"  {doc_id:<45} " + " / ".join(str(d.counts[a]) for a in und.ASPECTS) + f" of {d.gold}")
    for kind, label in (("miss", "Misses"), ("false_alarm", "False alarms"),
                        ("not_understood", "Troop figures not understood")):
        items = [x for x in report.findings if x.kind == kind]
        lines += ["", f"{label} ({len(items)}):"]
        lines += [f"  [{x.fact}] {x.doc_id}: {x.quote!r} — {x.detail}" for x in items]
    return "\n".join(lines)
