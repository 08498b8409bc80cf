"""`evaluate`: the scorer follows the corpus README's matching rules, the command prints
scores and findings, and the extraction on the annotated corpus stays above its floors."""

import json
from pathlib import Path

import pandas as pd
import pytest

from lagebild import paths
from lagebild.extraction.evaluate import Score, evaluate, norm, score_document
from lagebild.extraction.pipeline import extract_document
from lagebild_testdata import run_cli as run

FLOOR = Path(__file__).with_name("evaluation_floor.json")




@pytest.fixture(scope="module")
def corpus_report():
    return evaluate([paths.SEEDS])


def test_corpus_scores_stay_above_the_committed_floors(corpus_report):
    floors = {k: v for k, v in json.loads(FLOOR.read_text()).items() if not k.startswith("_")}
    understood = floors.pop("understood")
    assert set(floors) == set(corpus_report.totals)
    below = {f: round(corpus_report.totals[f].f1, 3) for f, floor in floors.items() if corpus_report.totals[f].f1 < floor}
    assert not below, f"F1 below the floor in {FLOOR.name}: {below}"
    # Troop figures understood: right kind, claimant and scope (total, increment, part), not only found.
    u = corpus_report.understood
    assert u.gold >= 19
    below = {a: round(u.rate(a), 3) for a, floor in understood.items() if u.rate(a) < floor}
    assert not below, f"understood rates below the floor in {FLOOR.name}: {below}"


def test_a_figure_not_understood_is_listed_with_what_was_predicted():
    text = "Nordkorea hat weitere 3.000 Soldaten nach Russland geschickt, sagte Selenskyj."
    t = extract_document(text, {"language": "de", "published": "2025-01-10"}, doc_id="d")
    names = {"volodymyr-zelensky": {norm("Volodymyr Zelensky")}}
    gold = {"troop_figures": [{"value": 3000, "quote": "weitere 3.000 Soldaten", "figure_kind": "deployed",
                               "scope": "total", "claimant": "Ukraine", "claimant_accept": ["Kyiv"]}]}
    scores, findings = score_document("d", text, t, gold, names)
    u = scores["understood"]
    assert (u.gold, u.counts["found"], u.counts["kind"], u.counts["claimant"], u.counts["scope"], u.counts["understood"]) \
        == (1, 1, 1, 0, 0, 0)
    (f,) = [x for x in findings if x.kind == "not_understood"]
    assert 'claimant: predicted "volodymyr-zelensky", gold "Ukraine"' in f.detail
    assert 'scope: predicted "increment", gold "total"' in f.detail
    # The same figure with the claimant and scope the text gives is understood.
    gold["troop_figures"][0].update(scope="increment", claimant="Volodymyr Zelensky")
    scores, _ = score_document("d", text, t, gold, names)
    assert scores["understood"].counts["understood"] == 1


def test_every_annotated_corpus_document_is_scored(corpus_report):
    gold = sorted(p.name.removesuffix(".gold.json") for p in paths.SEEDS.glob("*.gold.json"))
    assert sorted(corpus_report.per_document) == gold and len(gold) == 10
    # The seed article has no gold file and is not scored.
    assert not any(d.startswith("000_") for d in corpus_report.per_document)


TEXT = "Titel\nEtwa 11.000 Soldaten sind in Kursk. Russland bestätigte am 3. Mai 2024 die Zahl von 600 Toten.\n"


def _tables():
    return extract_document(TEXT, {"language": "de", "published": "2024-11-12"}, doc_id="d")


def test_figure_matches_on_value_or_bound_and_each_gold_only_once():
    t = _tables()
    values = sorted(t["troop_figures"]["value"])
    assert 11000 in values
    gold = {"troop_figures": [{"value": 11000, "quote": "Etwa 11.000 Soldaten"}]}
    scores, findings = score_document("d", TEXT, t, gold)
    assert (scores["figures"].found, scores["figures"].gold) == (1, 1)
    # A second gold item with the same value cannot be satisfied by the one prediction.
    gold["troop_figures"].append({"value": 11000, "quote": "11.000"})
    scores, findings = score_document("d", TEXT, t, gold)
    assert (scores["figures"].found, scores["figures"].gold) == (1, 2)
    assert [f.kind for f in findings if f.fact == "figures"].count("miss") == 1


def test_prediction_matching_only_an_optional_item_is_neither_hit_nor_false_alarm():
    t = _tables()
    n = len(t["troop_figures"])
    gold = {"troop_figures": [{"value": int(v), "quote": "x", "optional": True} for v in t["troop_figures"]["value"]]}
    scores, _ = score_document("d", TEXT, t, gold)
    assert n and (scores["figures"].tp, scores["figures"].fp, scores["figures"].gold) == (0, 0, 0)
    scores, findings = score_document("d", TEXT, t, {"troop_figures": []})
    assert scores["figures"].fp == n and all(f.kind == "false_alarm" for f in findings if f.fact == "figures")


def test_date_needs_value_and_span():
    t = _tables()
    right = {"dates": [{"text": "3. Mai 2024", "iso": "2024-05"}]}
    wrong_value = {"dates": [{"text": "3. Mai 2024", "iso": "2023"}]}
    wrong_span = {"dates": [{"text": "Kursk", "iso": "2024-05-03"}]}
    assert score_document("d", TEXT, t, right)[0]["dates"].found == 1
    assert score_document("d", TEXT, t, wrong_value)[0]["dates"].found == 0
    assert score_document("d", TEXT, t, wrong_span)[0]["dates"].found == 0


def test_entities_match_accent_and_case_insensitively_and_count_once():
    assert norm("Südkorea") == norm("sudkorea") == "sudkorea"
    assert norm("Kim Jong-un") == norm("Kim Jong Un")
    t = _tables()
    gold = {"actors": [{"name": "Russia", "surface": ["RUSSLAND"]}], "places": [{"name": "Kursk", "surface": ["Kursk"]}]}
    scores, findings = score_document("d", TEXT, t, gold)
    assert (scores["actors"].found, scores["actors"].tp) == (1, 1)
    assert (scores["places"].found, scores["places"].gold) == (1, 1)


def test_event_needs_type_span_and_date():
    t = _tables()
    ev = t["events"]
    assert len(ev), "the sentence with 'bestätigte' is an event"
    row = ev.iloc[-1]
    quote = TEXT[row["start"]:row["end"]]
    ok = {"events": [{"type": row["type"], "quote": quote, "date_iso": None}]}
    other_type = {"events": [{"type": "visit" if row["type"] != "visit" else "combat", "quote": quote}]}
    assert score_document("d", TEXT, t, ok)[0]["events"].found == 1
    assert score_document("d", TEXT, t, other_type)[0]["events"].found == 0


def test_score_arithmetic():
    s = Score(tp=3, fp=1, found=3, gold=6)
    assert (s.precision, s.recall) == (0.75, 0.5) and abs(s.f1 - 0.6) < 1e-9
    assert Score().f1 == 1.0  # nothing to find and nothing claimed


def test_cli_prints_scores_and_findings_with_quotes(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"language": "de", "published": "2024-11-12"}))
    gold = {"troop_figures": [{"value": 11000, "quote": "Etwa 11.000 Soldaten"}, {"value": 999, "quote": "Kursk"}],
            "dates": [], "actors": [], "places": [], "events": []}
    (tmp_path / "a.gold.json").write_text(json.dumps(gold))
    code, out, err = run("evaluate", tmp_path)
    assert code == 0, err
    assert "figures" in out and "Misses" in out and "'Kursk'" in out
    code, out, err = run("evaluate", tmp_path, "--json")
    data = json.loads(out)
    assert data["totals"]["figures"]["found"] == 1 and data["totals"]["figures"]["gold"] == 2
    assert any(f["kind"] == "miss" and f["quote"] == "Kursk" for f in data["findings"])


def test_cli_without_gold_files_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    code, out, err = run("evaluate", tmp_path)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "gold" in err


def test_cli_broken_gold_file_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.gold.json").write_text("{not json")
    code, out, err = run("evaluate", tmp_path)
    assert code == 1 and "Traceback" not in err and "a.gold.json" in err
