"""The claims views' wording and figures (pure): figures as stated, claimants side by side."""

import pandas as pd

from lagebild.dashboard import claimviews as cv


def claim(claimant, value, direction="exact", qualifier=None, value_max=None, last="2025-01-10", kind="deployed",
          subject="north-korea", n=1, s=1, scope="total", doc=None, since=None):
    doc = doc or f"d-{claimant}-{value}-{last}"  # each claim from an article of its own unless said
    return {"claim_id": f"c-{claimant}-{value}-{last}", "claimant": claimant, "value": value, "direction": direction,
            "qualifier": qualifier, "value_max": value_max, "kind": kind, "subject_actor": subject,
            "modality": "asserted", "first_reported": last, "last_reported": last, "n_reports": n, "n_sources": s,
            "doc_ids": doc, "quote": "q", "doc_id": doc, "sentence": 0, "scope": scope, "since": since,
            "since_precision": "month" if since else None}


def frame(*rows):
    return pd.DataFrame(list(rows)).astype({"value_max": "Int64"})


def test_figure_text_is_the_stated_figure():
    assert cv.figure_text(claim("nis", 10000, "above", "Mehr als")) == "more than 10,000"  # in the UI's words
    assert cv.figure_text(claim("nis", 11000, "range", "bis", 12000)) == "11,000–12,000"
    # "etwa" keeps its qualifier and never becomes the derived 2,430–2,970.
    assert cv.figure_text(claim("nis", 2700, "about", "etwa")) == "about 2,700"
    assert cv.figure_text(claim("nis", 3000)) == "3,000"


def test_claimant_labels():
    names = {"usa": "United States", "ukraine": "Ukraine"}
    assert cv.claimant_label("ukraine; usa", names) == "Ukraine + United States"
    assert cv.claimant_label(None, names) == "unattributed in the text"


def test_latest_claim_per_claimant_and_the_disagreement_line():
    claims = frame(claim("nis", 3000, last="2024-10-20"), claim("nis", 10000, last="2024-12-01"),
                   claim("pentagon", 10000, "above", "more than", last="2024-11-05"),
                   claim(None, 500, last="2025-01-01"), claim("nis", 300, kind="killed", last="2025-01-05"))
    latest = cv.latest_by_claimant(claims, 2)
    assert dict(zip(latest["claimant"], latest["value"])) == {"nis": 10000, "pentagon": 10000}
    assert cv.disagreement(latest, {}) is None  # 10,000 and "more than 10,000" can both hold
    latest = cv.latest_by_claimant(claims, 3)
    assert len(latest) == 3  # room left: the unattributed figure is listed too
    line = cv.disagreement(latest, {"nis": "NIS"})
    assert line.startswith("Claimants differ") and "NIS: 10,000 deployed (1 Dec 2024)" in line
    assert "unattributed in the text: 500 deployed (1 Jan 2025)" in line


def test_chart_one_series_per_claimant_ranges_as_bands_and_unattributed_without_line():
    claims = frame(claim("nis", 3000, last="2024-10-20"), claim("nis", 11000, "range", "bis", 12000, last="2024-12-01"),
                   claim("pentagon", 10000, "above", "more than", last="2024-11-05"), claim(None, 500, last="2025-01-01"))
    fig = cv.claims_chart(claims, {"nis": "NIS", "pentagon": "Pentagon"}, {"d1": "Title"}, {"d1": "2024-10-20"})
    named = {t.name: t for t in fig.data if t.showlegend is not False}
    assert set(named) == {"NIS", "Pentagon", "unattributed in the text"}
    assert named["NIS"].mode == "lines+markers+text" and named["unattributed in the text"].mode == "markers+text"
    assert list(named["Pentagon"].marker.symbol) == ["triangle-up"]
    band = [t for t in fig.data if t.fill == "tonexty"]
    assert len(band) == 1 and list(band[0].y) == [3000.0, 12000.0]


def test_a_claim_reported_only_by_month_is_still_drawn_mid_month():
    """A month-only publication (sidecar "2025-12") beside day-dated reports: every claim is on the chart."""
    claims = frame(claim("nis", 5000, "about", "etwa", last="2025-12"), claim("jcs", 3000, last="2025-06-17"),
                   claim(None, 10000, "above", "more than", last="2025-09-02"))
    claims["first_reported_precision"] = ["month", "day", "day"]
    fig = cv.claims_chart(claims, {"nis": "NIS", "jcs": "JCS"}, {"d1": "Title"}, {"d1": "2025-12"})
    xs = {t.name: list(t.x) for t in fig.data if t.showlegend is not False}
    assert set(xs) == {"NIS", "JCS", "unattributed in the text"}
    assert str(xs["NIS"][0])[:10] == "2025-12-16" and str(xs["JCS"][0])[:10] == "2025-06-17"
    # few marks: each says its figure as stated, never a derived bound
    texts = {t.name: list(t.text) for t in fig.data if t.showlegend is not False}
    assert texts["NIS"] == ["about 5,000"] and texts["unattributed in the text"] == ["more than 10,000"]
    sides = {t.name: t.textposition for t in fig.data if t.showlegend is not False}
    assert list(sides["NIS"]) == ["top left"] and list(sides["JCS"]) == ["top right"]  # the last one not cut off


def test_document_novelty_new_here_and_repeats():
    claims = frame(claim("nis", 3000, last="2024-10-20"), claim("pentagon", 10000, last="2024-11-05"))
    claims["doc_id"] = ["d1", "d2"]
    claims["doc_ids"] = ["d1; d2", "d2"]
    new, repeats = cv.document_novelty(claims, "d2")
    assert new["claimant"].tolist() == ["pentagon"] and repeats["claimant"].tolist() == ["nis"]
    assert "first reported 20 Oct 2024 in “One”" in cv.repeat_line(repeats.iloc[0], {}, {"d1": "One"})
    # A selection without claims (filters that leave none) is no error.
    new, repeats = cv.document_novelty(claims.iloc[:0], "d2")
    assert len(new) == len(repeats) == 0


def test_a_claim_is_confirmed_only_when_every_report_is():
    figures = pd.DataFrame({"fact_id": ["a", "b", "c"], "review_status": ["confirmed", "machine", "edited"]})
    assert cv.claim_review_status({"member_ids": "a"}, figures) == "confirmed"
    assert cv.claim_review_status({"member_ids": "a; b"}, figures) == "machine"  # one report not reviewed yet
    assert cv.claim_review_status({"member_ids": "a; c"}, figures) == "edited"
    assert cv.claim_review_status({"member_ids": "a"}, figures.drop(columns=["review_status"])) is None


def test_claimants_differ_only_on_the_same_count_of_the_same_troops_at_the_same_time():
    """Issue 13: the notice compared a deployed figure with a killed one, other subjects, other years."""
    names = {"nis": "NIS", "pentagon": "Pentagon"}
    same = frame(claim("nis", 3000, last="2024-10-20"), claim("pentagon", 10000, last="2024-11-05"))
    assert "NIS: 3,000 deployed (20 Oct 2024) · Pentagon: 10,000 deployed (5 Nov 2024)" in cv.disagreement(same, names)
    # A deployed figure against a killed one: two different counts.
    assert cv.disagreement(frame(claim("nis", 3000, last="2024-10-20"),
                                 claim("pentagon", 300, kind="killed", last="2024-10-25")), names) is None
    # Whose troops: North Korean against Russian troops is no contradiction; the KPA is North Korea's.
    assert cv.disagreement(frame(claim("nis", 3000, last="2024-10-20"),
                                 claim("pentagon", 50000, subject="russia", last="2024-10-25")), names) is None
    assert cv.disagreement(frame(claim("nis", 3000, last="2024-10-20"),
                                 claim("pentagon", 10000, subject="korean-peoples-army", last="2024-10-25")), names)
    # A year apart: a change over time, not a disagreement (beyond the claims' window).
    assert cv.disagreement(frame(claim("nis", 3000, last="2024-10-20"), claim("pentagon", 10000, last="2025-10-20")),
                           names) is None
    # A month-only report counts from its whole month: within the window of a day in it.
    month = {**claim("pentagon", 10000, last="2024-11"), "first_reported_precision": "month",
             "last_reported_precision": "month"}
    assert cv.disagreement(frame(claim("nis", 3000, last="2024-10-20"), month), names, window_days=20)
    # Only the claims that clash are listed.
    three = frame(claim("nis", 3000, last="2024-10-20"), claim("pentagon", 10000, last="2024-11-05"),
                  claim("ukraine", 400, kind="killed", last="2024-11-05"))
    assert "400" not in cv.disagreement(three, {**names, "ukraine": "Ukraine"})


def test_no_two_claimants_on_a_chart_share_a_colour():
    from lagebild.dashboard.colors import actor_color, claimant_palette
    assert actor_color("lee-seong-kweun") == actor_color("nis")  # a hashed colour can be another's
    palette = claimant_palette(["nis", "lee-seong-kweun", "pentagon", "united-states", None, ""])
    assert len(set(palette.values())) == len(palette) == 4
    assert palette["nis"] == actor_color("nis")  # a known actor keeps its own colour where it can
    claims = frame(claim("nis", 5000), claim("lee-seong-kweun", 6000))
    fig = cv.claims_chart(claims, {}, {"d1": "T"}, {"d1": "2025-01-10"})
    colors = {t.name: t.marker.color for t in fig.data if t.showlegend is not False}
    assert len(set(colors.values())) == 2


def test_a_chart_says_which_claims_it_does_not_draw():
    claims = frame(claim("nis", 5000), claim("lee", 6000), claim(None, 100, last=None))
    claims.loc[1, "modality"] = "possible"
    assert cv.undrawn_note(claims) == ("Not on the chart: 2 of 3 claims (1 the text gives only as possible, threatened "
                                       "or denied and 1 without a report date); the table below lists them.")
    assert cv.undrawn_note(frame(claim("nis", 5000))) is None


def test_the_casualty_legend_names_kinds_in_words():
    claims = frame(claim("uk", 6000, kind="casualties"), claim("nis", 300, kind="killed_or_wounded"))
    fig = cv.claims_chart(claims, {"uk": "United Kingdom", "nis": "NIS"}, {"d1": "T"}, {"d1": "2025-01-10"}, by_kind=True)
    names = {t.name for t in fig.data if t.showlegend is not False}
    assert names == {"United Kingdom · casualties", "NIS · killed or wounded"}  # the text's own word (issue #19)
