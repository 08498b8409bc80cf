"""The grouping rules on small hand-made tables and on sentences written for the purpose."""

from __future__ import annotations

import pandas as pd
import pytest

from lagebild import schemas
from lagebild.claims import derive
from lagebild.extraction import extract_document


def doc(doc_id: str, published: str | None, text: str = "Text.") -> dict:
    return {"doc_id": doc_id, "title": doc_id, "language": "en", "published": published, "precision": "day",
            "source": None, "url": None, "length": len(text), "text": text}


def figure(doc_id: str, value: int, claimed_by: str | None, low=None, high=None, qualifier=None, kind="deployed",
           start=0, modality="asserted", scope="total") -> dict:
    low = value if low is None and qualifier is None else low
    high = value if high is None and qualifier is None else high
    return {"doc_id": doc_id, "sentence": 0, "start": start, "end": start + 5, "quote": "q", "value": value,
            "low": low, "high": high, "qualifier": qualifier, "kind": kind, "subject": None,
            "subject_actor": "north-korea", "location": None, "claimed_by": claimed_by, "date": None,
            "date_precision": None, "modality": modality, "scope": scope}


def tables(docs: list[dict], figures: list[dict] = (), events: list[dict] = ()) -> dict[str, pd.DataFrame]:
    return {"documents": schemas.validate("documents", pd.DataFrame(docs)),
            "mentions": schemas.empty("mentions"),
            "troop_figures": schemas.validate("troop_figures", pd.DataFrame(list(figures))) if figures else schemas.empty("troop_figures"),
            "events": schemas.validate("events", pd.DataFrame(list(events))) if events else schemas.empty("events")}


def claims(docs, figures) -> pd.DataFrame:
    return derive(tables(docs, figures))["claims"].sort_values(["value", "first_reported"]).reset_index(drop=True)


def test_same_figure_same_direction_in_two_languages_is_one_claim():
    out = claims([doc("a", "2025-01-10"), doc("b", "2025-01-20")],
                 [figure("a", 10000, "nis", low=10000, qualifier="more than"),
                  figure("b", 10000, "nis", low=10000, qualifier="über")])
    assert len(out) == 1 and out.loc[0, "n_reports"] == 2 and out.loc[0, "direction"] == "above"


@pytest.mark.parametrize("a, b", [
    (dict(value=10000, claimed_by="nis"), dict(value=12000, claimed_by="nis")),            # different numbers
    (dict(value=3000, claimed_by="nis"), dict(value=10000, claimed_by="pentagon")),        # NIS vs Pentagon
    (dict(value=10000, claimed_by="nis"), dict(value=10000, claimed_by="pentagon")),       # same number, two claimants
    (dict(value=10000, claimed_by="nis"), dict(value=10000, claimed_by=None)),             # attributed vs unattributed
    (dict(value=10000, claimed_by="nis", low=10000, qualifier="more than"),
     dict(value=10000, claimed_by="nis", high=10000, qualifier="up to")),                  # opposite directions
    (dict(value=10000, claimed_by="nis"), dict(value=10000, claimed_by="nis", modality="possible")),
    (dict(value=300, claimed_by="nis", kind="killed"), dict(value=300, claimed_by="nis", kind="wounded")),
])
def test_never_merged(a, b):
    out = claims([doc("a", "2025-01-10"), doc("b", "2025-01-12")], [figure("a", **a), figure("b", **b)])
    assert len(out) == 2 and (out["n_reports"] == 1).all()


def test_disagreeing_claimants_keep_their_own_values():
    """Never averaged: NIS 3,000 and the Pentagon's 10,000 in the same week stay as stated."""
    out = claims([doc("a", "2025-01-10"), doc("b", "2025-01-12")],
                 [figure("a", 3000, "nis"), figure("b", 10000, "pentagon")])
    assert dict(zip(out["claimant"], out["value"])) == {"nis": 3000, "pentagon": 10000}


def test_a_figure_repeated_after_a_long_silence_is_a_new_claim():
    out = claims([doc("a", "2025-01-10"), doc("b", "2025-02-10"), doc("c", "2025-12-01")],
                 [figure(d, 10000, "nis") for d in "abc"])
    assert out["n_reports"].tolist() == [2, 1]
    assert out.loc[0, "last_reported"] == "2025-02-10" and out.loc[1, "first_reported"] == "2025-12-01"


def test_a_derived_bound_is_not_a_stated_range():
    out = claims([doc("a", "2025-01-10")], [figure("a", 2700, "nis", low=2430, high=2970, qualifier="etwa")])
    assert out.loc[0, "direction"] == "about" and pd.isna(out.loc[0, "value_max"]) and out.loc[0, "value"] == 2700


def test_overlapping_stated_ranges_of_one_claimant_are_one_claim():
    out = claims([doc("a", "2025-01-10"), doc("b", "2025-01-11"), doc("c", "2025-01-12")],
                 [figure("a", 11500, "pentagon", low=11000, high=12000, qualifier="bis"),
                  figure("b", 12250, "pentagon", low=11500, high=13000, qualifier="to"),
                  figure("c", 15500, "pentagon", low=15000, high=16000, qualifier="bis")])
    assert out["direction"].tolist() == ["range", "range"]
    assert out[["value", "value_max", "n_reports"]].values.tolist() == [[11000, 13000, 2], [15000, 16000, 1]]


@pytest.mark.parametrize("text, language, claimant", [
    ("Großbritannien und Frankreich werfen Nordkorea vor, 5.000 Soldaten nach Russland entsandt zu haben.", "de",
     "france; united-kingdom"),
    ("Japan and Germany have accused North Korea of sending 5,000 soldiers to Russia.", "en", "germany; japan"),
    ("Japan und Deutschland beschuldigen Nordkorea, 5.000 Soldaten nach Russland geschickt zu haben.", "de",
     "germany; japan"),
])
def test_joint_accusers_are_one_claimant_and_the_accused_is_the_subject(text, language, claimant):
    t = extract_document("Titel\n" + text, {"language": language, "published": "2025-01-15"}, doc_id="d")
    out = derive(t)["claims"]
    assert out["claimant"].tolist() == [claimant]
    assert out["claimant_basis"].tolist() == ["accusation"] and out["subject_actor"].tolist() == ["north-korea"]


def test_a_named_source_is_not_overridden_by_the_accusation_rule():
    t = extract_document("Titel\nNach Angaben des Pentagons hat Nordkorea 5.000 Soldaten nach Russland entsandt.",
                         {"language": "de", "published": "2025-01-15"}, doc_id="d")
    out = derive(t)["claims"]
    assert out["claimant"].tolist() == ["pentagon"] and out["claimant_basis"].tolist() == ["named"]


def event(doc_id: str, type_: str, source: str, target: str | None, date: str | None, precision: str | None = "day",
          modality: str = "asserted", start: int = 0) -> dict:
    return {"doc_id": doc_id, "sentence": 0, "start": start, "end": start + 4, "quote": "q",
            "event_id": f"{doc_id}:{start}:{type_}", "type": type_, "cameo": None, "trigger": "t",
            "actors": "; ".join(a for a in (source, target) if a), "source": source, "target": target, "place": None,
            "date": date, "date_precision": precision if date else None, "modality": modality}


def event_groups(events, docs=None) -> pd.DataFrame:
    docs = docs or [doc("a", "2024-06-20"), doc("b", "2024-06-21"), doc("c", "2024-09-01")]
    return derive(tables(docs, events=events))["event_groups"]


def test_the_same_event_in_three_reports_is_one_event():
    out = event_groups([event("a", "treaty_signing", "vladimir-putin", "north-korea", "2024-06-19"),
                        event("b", "treaty_signing", "vladimir-putin", None, "2024-06", "month"),
                        event("c", "treaty_signing", "vladimir-putin", "north-korea", "2024-06-19"),
                        event("c", "treaty_signing", "japan", "north-korea", "2024-06-19", start=50)])
    # One signer in three reports (the month contains the day): one event; another signer the
    # same day, with the same counterpart, is another event.
    assert sorted(out["n_reports"]) == [1, 3]
    three = out[out["n_reports"] == 3].iloc[0]
    assert three["n_sources"] == 3 and three["doc_ids"] == "a; b; c" and three["date"] == "2024-06-19"


def test_a_threat_is_not_grouped_with_the_action():
    out = event_groups([event("a", "troop_deployment", "north-korea", "russia", "2024-06-19"),
                        event("b", "troop_deployment", "north-korea", "russia", "2024-06-19", modality="threatened")])
    assert len(out) == 2


def test_events_far_apart_are_two_events():
    out = event_groups([event("a", "visit", "sergei-shoigu", "north-korea", "2025-03-04"),
                        event("b", "visit", "sergei-shoigu", "north-korea", "2025-06-04")])
    assert len(out) == 2
    out = event_groups([event("a", "visit", "sergei-shoigu", "north-korea", "2025-06-04"),
                        event("b", "visit", "sergei-shoigu", "north-korea", "2025-06-05")])
    assert len(out) == 1 and out["n_reports"].iloc[0] == 2 and out["date"].iloc[0] == "2025-06-04"


def test_a_month_only_publication_dates_its_claim_by_the_month_and_an_approximate_one_with_a_tilde():
    """Issue 13: a document published "2025-12" (precision month) gave its claims no report date at all."""
    from lagebild.dashboard import claimviews as cv

    month = {**doc("m", "2025-12"), "precision": "month"}
    approx = {**doc("x", "2024-11-12"), "precision": "approximate"}
    out = claims([month, approx, doc("d", "2025-12-20")],
                 [figure("m", 6000, "nis"), figure("x", 3000, "pentagon"), figure("d", 6000, "nis")])
    nis = out[out["claimant"] == "nis"].iloc[0]
    # One claim (the month and the 20th can be within the window), first reported in the month, not on a day.
    assert (nis["first_reported"], nis["first_reported_precision"], nis["n_reports"]) == ("2025-12", "month", 2)
    # The month report can be the latest too (up to 31 Dec): the claim reads as reported in Dec 2025.
    assert (nis["last_reported"], nis["last_reported_precision"]) == ("2025-12", "month")
    assert cv.reported_text(nis) == "reported Dec 2025"
    assert cv.reported_text(out[out["claimant"] == "pentagon"].iloc[0]) == "reported ~12 Nov 2024"
    assert cv.reported_text(claims([month], [figure("m", 6000, "nis")]).iloc[0]) == "reported Dec 2025"


def test_whats_new_never_calls_a_month_only_report_new_when_the_month_holds_the_day():
    from lagebild.dashboard import whatsnew as wn

    month = {**doc("m", "2025-12"), "precision": "month"}
    t = tables([doc("a", "2025-10-01"), month],
               [figure("a", 3000, "nis"), figure("m", 6000, "nis", start=10)])
    t.update(dates=schemas.empty("dates"), actors=schemas.empty("actors"), places=schemas.empty("places"))
    before = wn.whats_new(t, "2025-11-30")  # the whole month is after the day: new
    assert before.new_claims["value"].tolist() == [6000] and before.possibly_new_claims.empty
    assert before.new_documents["doc_id"].tolist() == ["m"]
    during = wn.whats_new(t, "2025-12-10")  # the month holds the day: possibly new, not new
    assert during.new_claims.empty and during.possibly_new_claims["value"].tolist() == [6000]
    assert during.new_documents.empty and during.possibly_new_documents["doc_id"].tolist() == ["m"]
    assert during.changes == []  # nothing it says is called a change since then
    assert "1 more claim(s) possibly new" in wn.slide_lines(during, {})[0]
    after = wn.whats_new(t, "2025-12-31")
    assert after.new_claims.empty and after.possibly_new_claims.empty and after.new_documents.empty
