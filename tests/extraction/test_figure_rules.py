"""Troop figures in general German and English news phrasings beyond "N Soldaten":
more personnel and casualty nouns, Swiss and spaced thousands, counts that refer back
to people already counted, casualty kinds kept apart, and vague or non-personnel
numbers left out."""

import pytest

from lagebild.extraction.pipeline import extract_document

META = {"de": {"language": "de", "published": "2025-01-15"}, "en": {"language": "en", "published": "2025-01-15"}}


def figures(language, body):
    return extract_document("Titel\n" + body + "\n", META[language])["troop_figures"]


def values(language, body):
    return sorted(figures(language, body)["value"])


@pytest.mark.parametrize("language, body, value", [
    ("de", "Nordkorea schickte 2.000 Einsatzkräfte nach Kursk.", 2000),
    ("de", "Pjöngjang entsandte 300 Sanitätskräfte in die Region.", 300),
    ("de", "Zudem sollen 1.000 Militärbauarbeiter eintreffen.", 1000),
    ("de", "Unter ihnen seien 30 Offiziere gewesen.", 30),
    ("de", "Die Ukraine hält 2 Gefangene fest.", 2),
    ("de", "Es gebe 500 Gefallene.", 500),
    ("en", "North Korea sent 1,000 sappers to Kursk.", 1000),
    ("en", "Among them were 12 colonels.", 12),
    ("en", "Ukraine reported some 400 fatalities among the North Korean units.", 400),
    ("en", "There were 1,200 wounded North Korean troops in Kursk.", 1200),
    ("de", "Rund 8'000 nordkoreanische Soldaten sind in Kursk.", 8000),
    ("de", "Rund 7 500 nordkoreanische Soldaten sind in Kursk.", 7500),
    ("de", "Etwa 300 von Nordkorea entsandte Soldaten wurden getötet.", 300),
])
def test_personnel_and_casualty_nouns_and_thousands(language, body, value):
    assert values(language, body) == [value]


@pytest.mark.parametrize("language, body, expected", [
    # Anaphora: the count noun ties a bare number to the people counted before.
    ("de", "Nordkorea hat 11.000 Soldaten nach Russland geschickt. Diese Zahl könnte bis Jahresende auf 15.000 wachsen.",
     [11000, 15000]),
    ("de", "Die Zahl nordkoreanischer Soldaten in Russland liege bei 12.000, sagte der Sprecher.", [12000]),
    # A quoted bare number after a sentence about troops.
    ("en", 'North Korea has sent 11,000 troops to Russia. "More than 8,000," the official said.', [8000, 11000]),
    # More of the same.
    ("en", "About 1,000 North Korean soldiers were killed. A further 900 were wounded.", [900, 1000]),
])
def test_counts_that_refer_back_to_people(language, body, expected):
    assert values(language, body) == expected


@pytest.mark.parametrize("language, body", [
    ("de", "Nordkorea will mehrere tausend Arbeiter nach Kursk schicken."),
    ("en", "North Korea will send several thousand workers to Kursk."),
    ("de", "Die Zahl der Angriffe stieg auf 300."),
    ("de", "Nordkorea hat 11.000 Soldaten geschickt. Der Anteil liegt bei 30 %."),
    ("de", "Nordkorea hat 11.000 Soldaten geschickt. Der Vertrag gilt weitere 6 Jahre."),
    ("en", '"We have 300 tanks," the general said.'),
])
def test_no_figure_without_people_counted(language, body):
    assert values(language, body) in ([], [11000])


@pytest.mark.parametrize("language, body, kind", [
    ("en", "More than 6,000 North Korean troops have been killed or wounded.", "killed_or_wounded"),
    ("de", "Rund 4.000 nordkoreanische Soldaten seien getötet oder verwundet worden.", "killed_or_wounded"),
    ("en", "Some 400 fatalities were reported.", "killed"),
    ("en", "Ukraine said 1,200 North Korean troops were wounded.", "wounded"),
    ("de", "Zwei nordkoreanische Soldaten wurden gefangen genommen.", "captured"),
    ("en", "About 200 North Korean soldiers are missing.", "missing"),
    ("de", "Nordkorea hat 11.000 Soldaten entsandt.", "deployed"),
])
def test_casualty_kinds_stay_apart(language, body, kind):
    f = figures(language, body)
    assert list(f["kind"]) == [kind]


def test_killed_and_wounded_are_two_rows_never_a_sum():
    f = figures("de", "Rund 300 nordkoreanische Soldaten wurden getötet und 2.700 verletzt.")
    assert sorted(zip(f["value"], f["kind"])) == [(300, "killed"), (2700, "wounded")]


def test_a_lower_case_cue_does_not_match_a_german_noun():
    # "kämpfen" (verb) is a deployment cue; "bei den Kämpfen" (noun) is not.
    f = figures("de", "Etwa 2700 nordkoreanische Soldaten seien bei den Kämpfen verletzt worden.")
    assert list(f["kind"]) == ["wounded"]


@pytest.mark.parametrize("language, body, column, expected", [
    # The predicate, not a participle inside the counted phrase, gives the kind.
    ("de", "Rund 300 von Nordkorea entsandte Soldaten seien getötet worden.", "kind", "killed"),
    # A plan is not a deployment.
    ("de", "Pjöngjang will weitere 6.000 Soldaten nach Russland entsenden.", "modality", "possible"),
    # "im Ukraine-Krieg" names the war, not where the soldiers died.
    ("de", "Rund 2.000 nordkoreanische Soldaten wurden im Ukraine-Krieg getötet.", "location", None),
    # Where the speaker spoke is not where the troops are.
    ("de", "Lee sagte am Dienstag in Seoul, rund 2.000 nordkoreanische Soldaten seien getötet worden.", "location", None),
])
def test_what_a_figure_row_says(language, body, column, expected):
    value = figures(language, body).iloc[0][column]
    assert (None if value is None or value != value else value) == expected


@pytest.mark.parametrize("language, body, claimant", [
    # The source phrase names no known actor: the country after the count is where the troops went, not who says so.
    ("de", "Nordkorea entsandte laut westlichen Geheimdiensten über 10.000 Soldaten nach Russland.", "western-intelligence"),
    ("en", "North Korea sent, according to Western officials, more than 10,000 troops to Russia.", None),
    # A known source right after the cue is still the claimant.
    ("de", "Laut Südkorea hat Nordkorea 3.000 Soldaten nach Russland entsandt.", "south-korea"),
])
def test_a_source_phrase_ends_where_its_noun_phrase_ends(language, body, claimant):
    rows = figures(language, body)
    assert len(rows) == 1
    got = rows["claimed_by"].iloc[0]
    assert (None if not isinstance(got, str) else got) == claimant
