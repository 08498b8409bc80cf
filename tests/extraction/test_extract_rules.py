"""Each extraction rule on sentences written for the purpose, German and English —
so the engine is not tuned to the one seed text."""

import pandas as pd
import pytest

from lagebild import extraction as lagebild_extraction

META_DE = {"language": "de", "published": "2025-01-15"}
META_EN = {"language": "en", "published": "2025-01-15"}


def ex(text, meta):
    return lagebild_extraction.extract_document("Titel\n" + text, meta)


def figures(text, meta):
    return ex(text, meta)["troop_figures"]


def fig(text, meta):
    f = figures(text, meta)
    assert len(f) == 1, f
    return f.iloc[0]


# --- number formats, qualifiers and ranges ------------------------------------------

@pytest.mark.parametrize("text, meta, value, low, high", [
    ("Nordkorea hat 11.000 Soldaten nach Russland entsandt.", META_DE, 11000, 11000, 11000),
    ("North Korea sent 11,000 soldiers to Russia.", META_EN, 11000, 11000, 11000),
    ("Nordkorea hat 12 000 Soldaten entsandt.", META_DE, 12000, 12000, 12000),
    ("Nordkorea hat zehntausend Soldaten entsandt.", META_DE, 10000, 10000, 10000),
    ("North Korea deployed ten thousand troops.", META_EN, 10000, 10000, 10000),
    ("Nordkorea schickte rund 3.000 weitere Soldaten.", META_DE, 3000, 2700, 3300),
    ("Mehr als 1.000 nordkoreanische Soldaten wurden getötet.", META_DE, 1000, 1000, None),
    ("Mindestens 300 nordkoreanische Soldaten wurden verwundet.", META_DE, 300, 300, None),
    ("Bis zu 15.000 Soldaten könnten folgen.", META_DE, 15000, None, 15000),
    ("At least 200 North Korean soldiers were captured.", META_EN, 200, 200, None),
    ("Up to 12,000 troops were deployed.", META_EN, 12000, None, 12000),
    ("About 11,000 troops were deployed.", META_EN, 11000, 9900, 12100),
    ("Zwischen 11.000 und 12.000 Soldaten sind im Einsatz.", META_DE, 11500, 11000, 12000),
    ("Nordkorea hat 11.000 bis 12.000 Soldaten entsandt.", META_DE, 11500, 11000, 12000),
    ("North Korea has sent 11,000 to 12,000 troops.", META_EN, 11500, 11000, 12000),
    ("Between 10,000 and 12,000 North Korean soldiers are fighting.", META_EN, 11000, 10000, 12000),
])
def test_values_and_bounds(text, meta, value, low, high):
    f = fig(text, meta)
    assert f.value == value
    assert (None if pd.isna(f.low) else f.low) == low
    assert (None if pd.isna(f.high) else f.high) == high


def test_numbers_that_are_not_personnel_counts_are_ignored():
    t = ex("Russland lieferte 2024 insgesamt 500 Raketen. Am 19. Juni 2024 kamen 3 Delegationen.", META_DE)
    assert t["troop_figures"].empty
    t = ex("Tausende Soldaten sind im Einsatz. Thousands of troops arrived.", META_DE)
    assert t["troop_figures"].empty  # no value given: not a count


# --- kinds, subjects, locations, claimants ------------------------------------------

@pytest.mark.parametrize("text, meta, kind", [
    ("Etwa 1.000 nordkoreanische Soldaten wurden getötet.", META_DE, "killed"),
    ("Rund 3.000 nordkoreanische Soldaten wurden getötet oder verwundet.", META_DE, "killed_or_wounded"),
    ("Etwa 2.700 nordkoreanische Soldaten wurden verwundet.", META_DE, "wounded"),
    ("Die Ukraine hat zwei nordkoreanische Soldaten gefangen genommen.", META_DE, "captured"),
    ("Russland hat 50.000 Soldaten mobilisiert.", META_DE, "mobilised"),
    ("About 4,000 North Korean troops were killed or wounded.", META_EN, "killed_or_wounded"),
    ("Ukraine captured two North Korean soldiers.", META_EN, "captured"),
    ("North Korea deployed 11,000 troops.", META_EN, "deployed"),
])
def test_kinds(text, meta, kind):
    assert fig(text, meta).kind == kind


@pytest.mark.parametrize("text, meta, subject_actor", [
    ("Etwa 11.000 nordkoreanische Soldaten kämpfen.", META_DE, "north-korea"),
    ("Rund 11.000 Soldaten aus Nordkorea kämpfen.", META_DE, "north-korea"),
    ("Around 11,000 troops from North Korea are fighting.", META_EN, "north-korea"),
    ("Some 1,200 North Koreans were killed.", META_EN, "north-korea"),
    ("Russlands Mobilisierung von 50.000 Soldaten beunruhigt Kiew.", META_DE, "russia"),
])
def test_subject_actor(text, meta, subject_actor):
    assert fig(text, meta).subject_actor == subject_actor


def test_location_from_the_same_or_the_previous_sentence():
    f = fig("In der Region Kursk kämpfen 11.000 nordkoreanische Soldaten.", META_DE)
    assert f.location == "kursk-oblast"
    t = figures("Die Kämpfe in der Region Kursk dauern an. Dort sind 11.000 nordkoreanische Soldaten im Einsatz.", META_DE)
    assert t.iloc[0].location == "kursk-oblast"
    assert fig("North Korean troops are in Kursk. About 11,000 soldiers were deployed.", META_EN).location == "kursk-oblast"


@pytest.mark.parametrize("text, meta, claimant", [
    ("Nach Angaben des südkoreanischen Geheimdienstes NIS sind 11.000 nordkoreanische Soldaten in Russland.", META_DE, "nis"),
    ("Laut Selenskyj sind 11.000 nordkoreanische Soldaten im Einsatz.", META_DE, "volodymyr-zelensky"),
    ("Selenskyj zufolge sind 11.000 nordkoreanische Soldaten im Einsatz.", META_DE, "volodymyr-zelensky"),
    ("Selenskyj sagte, 11.000 nordkoreanische Soldaten seien im Einsatz.", META_DE, "volodymyr-zelensky"),
    ("According to the Pentagon, 11,000 North Korean troops are in Russia.", META_EN, "pentagon"),
    ("North Korea has sent 11,000 troops to Russia, Zelensky said.", META_EN, "volodymyr-zelensky"),
])
def test_claimed_by(text, meta, claimant):
    assert fig(text, meta).claimed_by == claimant


def test_unattributed_figure_has_no_claimant():
    assert pd.isna(fig("Etwa 11.000 nordkoreanische Soldaten sind im Einsatz.", META_DE).claimed_by)


# --- dates --------------------------------------------------------------------------

@pytest.mark.parametrize("text, meta, quote, date, precision, resolution", [
    ("Der Vertrag wurde am 19. Juni unterzeichnet.", META_DE, "19. Juni", "2024-06-19", "day", "publication_date"),
    ("Am 6. November 2024 ratifizierte die Duma.", META_DE, "6. November 2024", "2024-11-06", "day", "explicit"),
    ("Am Dienstag sagte er es.", META_DE, "Dienstag", "2025-01-14", "day", "publication_date"),
    ("Mitte Oktober letzten Jahres kamen sie.", META_DE, "Mitte Oktober letzten Jahres", "2024-10", "month", "publication_date"),
    ("Seit Mitte Oktober kämpfen sie.", META_DE, "Mitte Oktober", "2024-10", "month", "publication_date"),
    ("Das war letzte Woche.", META_DE, "letzte Woche", "2025-01-06", "week", "publication_date"),
    ("Das war im Dezember.", META_DE, "Dezember", "2024-12", "month", "publication_date"),
    ("The treaty was signed on June 19, 2024.", META_EN, "June 19, 2024", "2024-06-19", "day", "explicit"),
    ("It was signed on June 19.", META_EN, "June 19", "2024-06-19", "day", "publication_date"),
    ("He spoke on Monday.", META_EN, "Monday", "2025-01-13", "day", "publication_date"),
    ("It happened last week.", META_EN, "last week", "2025-01-06", "week", "publication_date"),
    ("Troops arrived in late October.", META_EN, "late October", "2024-10", "month", "publication_date"),
    ("Troops arrived last year.", META_EN, "last year", "2024", "year", "publication_date"),
    ("The war began in 2022.", META_EN, "2022", "2022", "year", "explicit"),
])
def test_dates(text, meta, quote, date, precision, resolution):
    d = ex(text, meta)["dates"]
    row = d[d.quote == quote]
    assert len(row) == 1, d
    r = row.iloc[0]
    assert (r.date, r.precision, r.resolution) == (date, precision, resolution)


def test_date_without_publication_date_is_kept_unresolved():
    d = ex("Der Vertrag wurde am 19. Juni unterzeichnet.", {"language": "de"})["dates"]
    r = d.iloc[0]
    assert r.quote == "19. Juni" and r.resolution == "unresolved"
    assert r.date is None or r.date != r.date


def test_may_the_verb_is_not_a_month():
    d = ex("North Korea may send more troops.", META_EN)["dates"]
    assert d.empty


# --- events and modality ------------------------------------------------------------

def events(text, meta):
    return ex(text, meta)["events"]


def ev(text, meta, etype):
    e = events(text, meta)
    e = e[e.type == etype]
    assert len(e) == 1, events(text, meta)
    return e.iloc[0]


@pytest.mark.parametrize("text, meta, etype, modality", [
    ("Putin und Kim unterzeichneten den Vertrag.", META_DE, "treaty_signing", "asserted"),
    ("Putin and Kim Jong Un signed the treaty.", META_EN, "treaty_signing", "asserted"),
    ("Russland hat den Vertrag nicht ratifiziert.", META_DE, "ratification", "denied"),
    ("Russia did not ratify the treaty.", META_EN, "ratification", "denied"),
    ("Nordkorea bestritt, Soldaten nach Russland entsandt zu haben.", META_DE, "troop_deployment", "denied"),
    ("North Korea denied that it deployed troops to Russia.", META_EN, "troop_deployment", "denied"),
    ("Nordkorea könnte weitere Soldaten entsenden.", META_DE, "troop_deployment", "possible"),
    ("North Korea may deploy more troops.", META_EN, "troop_deployment", "possible"),
    ("Seoul drohte mit Waffenlieferungen.", META_DE, "threat", "threatened"),
    ("South Korea threatened to send weapons to Ukraine.", META_EN, "threat", "threatened"),
    ("Nordkorea soll Soldaten nach Russland entsandt haben.", META_DE, "troop_deployment", "reported"),
    ("North Korea reportedly deployed troops to Russia.", META_EN, "troop_deployment", "reported"),
    ("Der Vertrag trat am 4. Dezember in Kraft.", META_DE, "entry_into_force", "asserted"),
    ("The treaty entered into force on December 4.", META_EN, "entry_into_force", "asserted"),
])
def test_event_types_and_modality(text, meta, etype, modality):
    assert ev(text, meta, etype).modality == modality


def test_denial_speech_act_itself_happened():
    e = ev("Nordkorea bestritt, Soldaten nach Russland entsandt zu haben.", META_DE, "denial")
    assert e.modality == "asserted" and e.source == "north-korea"


def test_a_threat_to_send_weapons_is_never_a_delivery():
    e = events("Yoon drohte mit der Möglichkeit, Waffen an die Ukraine zu schicken.", META_DE)
    assert set(e.type) == {"threat"}


def test_event_date_place_source_target():
    e = ev("Am 19. Juni 2024 unterzeichneten Putin und Kim in Pjöngjang den Vertrag.", META_DE, "treaty_signing")
    assert (e.date, e.place, e.source) == ("2024-06-19", "pyongyang", "vladimir-putin")
    c = ev("Selenskyj verurteilte Russland scharf.", META_DE, "condemnation")
    assert (c.source, c.target) == ("volodymyr-zelensky", "russia")
    w = ev("Ukraine's foreign minister Andrii Sybiha warned Pyongyang.", META_EN, "warning")
    assert w.source == "andrii-sybiha" and w.target == "north-korea"


# --- actors, roles and new people ---------------------------------------------------

def test_new_person_introduced_with_a_role_is_extracted_and_flagged():
    t = ex("Der litauische Verteidigungsminister Laurynas Kasčiūnas warnte vor Nordkorea.", META_DE)
    a = t["actors"].set_index("id")
    assert "laurynas-kasčiūnas" in a.index
    row = a.loc["laurynas-kasčiūnas"]
    assert not row.in_gazetteer and row.type == "person"
    assert "Verteidigungsminister" in row.roles


def test_new_person_english():
    t = ex("Defense Secretary Jane Doerington said North Korean troops are in Kursk.", META_EN)
    a = t["actors"].set_index("id")
    assert "jane-doerington" in a.index and not a.loc["jane-doerington"].in_gazetteer
    assert "Defense Secretary" in a.loc["jane-doerington"].roles


def test_transliteration_links_to_the_known_person():
    t = ex("Der ukrainische Präsident Wolodimir Selenskij sprach in Kiew.", META_DE)
    assert "volodymyr-zelensky" in set(t["mentions"].entity_id)


def test_metonymic_capital_is_the_state_unless_it_is_a_place():
    m = ex("Moskau und Pjöngjang vertiefen ihre Zusammenarbeit. Putin reiste nach Pjöngjang.", META_DE)["mentions"]
    first = m[m.sentence == 1]
    assert set(first.entity_id) >= {"russia", "north-korea"}
    second = m[(m.sentence == 2) & (m.quote == "Pjöngjang")]
    assert list(second.entity_kind) == ["place"]


def test_inflected_and_adjectival_forms():
    m = ex("Die nordkoreanischen Truppen unterstützen Russlands Armee; Pjöngjangs Führung schweigt.", META_DE)["mentions"]
    ids = set(m.entity_id)
    assert {"russia", "north-korea"} <= ids or {"korean-peoples-army", "russia"} <= ids


def test_english_roles_by_apposition():
    t = ex("Dmitry Peskov, the Kremlin's spokesman, declined to comment.", META_EN)
    a = t["actors"].set_index("id")
    assert "Kremlin's spokesman" in a.loc["dmitry-peskov"].roles


# --- harder phrasings seen in wire copy -----------------------------------------------

def test_counts_referring_back_and_coordinated_counts():
    f = figures("Rund 15.000 nordkoreanische Soldaten wurden geschickt, etwa 4.700 von ihnen seien getötet oder verwundet worden.", META_DE)
    assert list(f.value) == [15000, 4700]
    assert list(f.kind) == ["deployed", "killed_or_wounded"]
    assert list(f.subject_actor) == ["north-korea", "north-korea"]
    f = figures("About 300 North Korean soldiers had been killed and 2,700 wounded.", META_EN)
    assert list(f.kind) == ["killed", "wounded"] and list(f.subject_actor) == ["north-korea", "north-korea"]


def test_content_of_a_speech_is_not_attributed_to_the_speaker():
    f = fig("It estimated that about 300 North Korean soldiers had been killed.", META_EN)
    assert pd.isna(f.claimed_by)  # "It" is not an actor; the soldiers are not the claimant


def test_neither_nor_and_german_negation_after_the_verb():
    assert ev("Neither Moscow nor Pyongyang has confirmed their presence.", META_EN, "acknowledgement").modality == "denied"
    assert ev("Die Bundesregierung äußerte sich zunächst nicht.", META_DE, "statement").modality == "denied"


def test_source_is_the_actor_of_the_trigger_clause():
    e = ev("Russland hatte erklärt, die Region Kursk zurückerobert zu haben, was die Ukraine bestreitet.", META_DE, "denial")
    assert e.source == "ukraine"
    e = ev("Ukrainian forces have captured two North Korean soldiers, Zelensky said.", META_EN, "capture")
    assert e.source == "ukrainian-armed-forces"


def test_german_separable_verbs():
    assert ev("Der Kreml wies die Berichte über nordkoreanische Soldaten zurück.", META_DE, "denial").source == "russia"
    assert ev("Das Ministerium teilte am Montag mit, die Lage sei ruhig.", META_DE, "statement").modality == "asserted"
    assert events("Der Kreml wies die Berichte als falsch ab.", META_DE).empty or \
        "denial" not in set(events("Der Kreml wies die Berichte als falsch ab.", META_DE).type)


def test_a_denial_that_is_negated_denies_nothing():
    text = "The Kremlin has not denied the deployment of North Korean troops."
    assert ev(text, META_EN, "denial").modality == "denied"
    # The deployment is what the (non-)denial is about, one predication: never itself denied.
    deployments = events(text, META_EN)
    assert not ((deployments.type == "troop_deployment") & (deployments.modality == "denied")).any()


def test_capital_named_as_source_and_sender_of_troops():
    f = fig("Nach Angaben aus Seoul sollen rund 1000 nordkoreanische Soldaten in Kursk gefallen sein.", META_DE)
    assert (f.claimed_by, f.location) == ("south-korea", "kursk-oblast")
    f = fig("Nordkorea hat nach Angaben Selenskyjs zusätzlich 3000 Soldaten nach Russland geschickt.", META_DE)
    assert f.subject_actor == "north-korea" and f.kind == "deployed"


def test_passive_met_with_is_not_a_meeting():
    assert "meeting" not in set(events("The move would be met with a firm response from Washington.", META_EN).type)
