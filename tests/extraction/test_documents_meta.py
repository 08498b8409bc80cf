"""The sidecar contract: reduced-precision publication dates; which first line is a headline."""

import pytest

from lagebild.extraction.documents import DocumentError, is_headline, parse_meta
from lagebild.extraction.pipeline import extract_document


@pytest.mark.parametrize("published, precision, shown", [
    ("2024-10", "month", "2024-10"), ("2024", "year", "2024"), ("2024-10-05", "day", "2024-10-05"),
])
def test_published_keeps_its_precision(published, precision, shown):
    meta = parse_meta({"published": published, "published_precision": precision}, "x.meta.json")
    assert meta.published_precision == precision
    t = extract_document("Titel\nNordkorea hat Soldaten entsandt.\n", {"published": published, "language": "de"})
    assert (t["documents"].iloc[0]["published"], t["documents"].iloc[0]["precision"]) == (shown, precision)


def test_month_only_date_cannot_claim_a_day():
    assert parse_meta({"published": "2024-10", "published_precision": "day"}, "x").published_precision == "month"


@pytest.mark.parametrize("bad", ["2024-13", "Oktober 2024", "24-10"])
def test_bad_published_is_one_line(bad):
    with pytest.raises(DocumentError) as e:
        parse_meta({"published": bad}, "x.meta.json")
    assert "x.meta.json" in str(e.value) and "\n" not in str(e.value)


def test_relative_dates_against_a_month_keep_the_month_precision():
    text = "Titel\nAm Dienstag sagte Selenskyj, Nordkorea habe Soldaten entsandt. Im August war es anders.\n"
    d = extract_document(text, {"published": "2024-10", "language": "de"})["dates"].set_index("quote")
    assert (d.loc["Dienstag", "date"], d.loc["Dienstag", "precision"]) == ("2024-10", "month")
    assert d.loc["August", "date"] == "2024-08"  # a month before the publication month: same year


@pytest.mark.parametrize("text, title, headline", [
    ("Nordkorea schickt Soldaten\n\nSEOUL (dpa-AFX) - Nordkorea hat Soldaten entsandt.", None, True),
    ("SEOUL (dpa-AFX) - Nordkorea hat nach Angaben Südkoreas 3000 Soldaten nach Russland entsandt.\n\nMehr.", None, False),
    ("Ukraine: 300 Nordkoreaner gefallen?\n\nKiew – Text.", "Ukraine: 300 Nordkoreaner gefallen?", True),
    ("A long lead sentence that reports what happened.\n\nMore text.", "Another title", False),
    ("Only one line without a stop", None, False),
])
def test_first_line_is_a_headline_only_when_it_looks_like_one(text, title, headline):
    assert is_headline(text, title) is headline


def test_a_lead_sentence_first_line_keeps_its_figures():
    text = "British intelligence said more than 6,000 North Korean troops were killed or wounded.\n\nMore text follows here."
    t = extract_document(text, {"language": "en", "published": "2025-06-17"})
    assert 6000 in set(t["troop_figures"]["value"])


@pytest.mark.parametrize("language, sentence, quote, date, resolution", [
    ("de", "Die Regelung gilt ab dem 3. Dezember.", "3. Dezember", "2024-12-03", "publication_ahead"),
    ("de", "Die Truppen sollen bis Ende Januar bleiben.", "Ende Januar", "2025-01", "publication_ahead"),
    ("de", "Putin wird am Dienstag nach Pjöngjang reisen.", "Dienstag", "2024-10-22", "publication_ahead"),
    ("de", "Putin reiste am Dienstag nach Pjöngjang.", "Dienstag", "2024-10-15", "publication_date"),
    ("de", "Im Januar hatte Kim die Truppen besucht.", "Januar", "2024-01", "publication_date"),
    ("en", "The troops are to stay by the end of January.", "the end of January", "2025-01", "publication_ahead"),
    ("en", "Putin will travel to Pyongyang on Tuesday.", "Tuesday", "2024-10-22", "publication_ahead"),
    ("en", "Putin travelled to Pyongyang on Tuesday.", "Tuesday", "2024-10-15", "publication_date"),
])
def test_year_less_dates_point_ahead_only_where_the_text_does(language, sentence, quote, date, resolution):
    # Published on Thursday, 17 October 2024.
    d = extract_document("Titel\n" + sentence + "\n", {"published": "2024-10-17", "language": language})["dates"]
    row = d.set_index("quote").loc[quote]
    assert (row["date"], row["resolution"]) == (date, resolution)
