"""What an analyst must get out of the seed article (seeds/000_57acf05168c86062.txt)."""

import pytest

from lagebild import extraction as lagebild_extraction
from lagebild import paths, schemas


@pytest.fixture(scope="module")
def t():
    # The seed alone: the annotated corpus beside it is scored by test_evaluate.py.
    return lagebild_extraction.extract_corpus(sorted(paths.SEEDS.glob("000_*.txt")))


def one(df, **where):
    for k, v in where.items():
        df = df[df[k] == v]
    assert len(df) == 1, f"expected one row for {where}, got {len(df)}:\n{df}"
    return df.iloc[0]


def test_every_table_is_valid_and_quotes_match_the_text(t):
    text = t["documents"].iloc[0]["text"]
    for name in schemas.TABLES:
        schemas.TABLES[name].validate(t[name])
    for name in ("mentions", "dates", "troop_figures", "events"):
        for r in t[name].itertuples():
            assert text[r.start:r.end] == r.quote


def test_document_row_comes_from_the_sidecar(t):
    d = t["documents"].iloc[0]
    assert d.title.startswith("Die Ratifizierung des Verteidigungsvertrags")
    assert (d.language, d.published, d.precision) == ("de", "2024-11-12", "approximate")
    assert d.length == len(d.text)


def test_about_eleven_thousand_north_korean_soldiers(t):
    f = one(t["troop_figures"], value=11000)
    assert f.subject_actor == "north-korea"
    assert f.qualifier == "etwa"
    assert f.low < 11000 < f.high  # "etwa": the bounds say it is approximate
    assert f.kind == "deployed"
    assert "11.000 nordkoreanische Soldaten" in f.quote


def test_fifty_thousand_mobilised_by_russia_claimed_by_zelensky(t):
    f = one(t["troop_figures"], value=50000)
    assert f.kind == "mobilised"
    assert f.subject_actor == "russia"  # not a North Korean count
    assert f.claimed_by == "volodymyr-zelensky"
    assert f.location == "kursk-oblast"
    assert f.low == f.high == 50000


def test_signing_in_pyongyang_during_putins_visit(t):
    ev = t["events"]
    sign = one(ev, type="treaty_signing")
    assert (sign.date, sign.date_precision, sign.place) == ("2024-06-19", "day", "pyongyang")
    assert sign.modality == "asserted"
    visit = one(ev, type="visit")
    assert visit.sentence == sign.sentence and "vladimir-putin" in visit.actors
    assert visit.source == "vladimir-putin"
    d = one(t["dates"], quote="19. Juni")
    assert d.resolution == "publication_date"  # the year came from the publication date


def test_russian_parliament_ratified_on_6_november_2024(t):
    r = one(t["events"], trigger="ratifizierte")
    assert r.type == "ratification"
    assert (r.date, r.date_precision) == ("2024-11-06", "day")
    assert r.source == "state-duma"


def test_north_koreas_ratification_has_no_date(t):
    r = one(t["events"], trigger="Ratifizierung")
    assert r.source == "north-korea"
    assert r.date is None or r.date != r.date  # null: the text gives none


def test_kcna_statement_and_pending_entry_into_force(t):
    ev = t["events"]
    force = one(ev, type="entry_into_force")
    # "Nach Angaben der … KCNA wird das Abkommen erst in Kraft treten": KCNA's claim, one event.
    assert force.claimed_by == "kcna"
    assert force.modality != "asserted"  # "wird … erst in Kraft treten": not yet in force
    assert one(ev, type="ratification_exchange").modality != "asserted"


def test_kims_real_alliance_quote(t):
    ev = t["events"]
    kim = ev[(ev.source == "kim-jong-un") & (ev.type == "statement")]
    assert len(kim) == 1
    assert "echten Bündnis" in kim.iloc[0].quote


def test_yoons_threat_is_a_threat_not_a_weapons_delivery(t):
    ev = t["events"]
    threat = one(ev, type="threat")
    assert threat.source == "yoon-suk-yeol"
    assert threat.modality == "threatened"
    yoon = ev[ev.actors.str.contains("yoon-suk-yeol", na=False)]
    assert set(yoon.type) == {"threat"}  # nothing reads "Waffen zu schicken" as a delivery


def test_medvedev_warns_about_taurus(t):
    ev = t["events"]
    w = one(ev, type="warning")
    assert w.source == "dmitry-medvedev"
    assert "Taurus" in w.quote
    assert w.modality == "asserted"
    assert list(ev[ev.actors.str.contains("dmitry-medvedev", na=False)].type) == ["warning"]


def test_intelligence_services_confirm_presence_in_kursk(t):
    a = one(t["events"], type="intelligence_assessment")
    assert a.place == "kursk-oblast"
    assert {"south-korea", "usa"} <= set(a.actors.split("; "))


def test_zelensky_condemns(t):
    c = one(t["events"], type="condemnation")
    assert (c.source, c.target, c.modality) == ("volodymyr-zelensky", "russia", "asserted")


@pytest.mark.parametrize("actor, role", [
    ("kim-jong-un", "Machthaber"),
    ("vladimir-putin", "russischen Präsidenten"),
    ("volodymyr-zelensky", "ukrainische Präsident"),
    ("yoon-suk-yeol", "südkoreanische Präsident"),
    ("dmitry-medvedev", "Vizepräsident des russischen Sicherheitsrats"),
])
def test_people_have_their_roles_as_stated(t, actor, role):
    a = one(t["actors"], id=actor)
    assert role in a.roles.split("; ")
    assert a.type == "person" and a.in_gazetteer


@pytest.mark.parametrize("quote, entity", [
    ("Nordkorea", "north-korea"), ("Russland", "russia"), ("Moskau", "russia"), ("Russlands", "russia"),
    ("Pjöngjang", "pyongyang"), ("Kursk", "kursk-oblast"), ("Region Kursk", "kursk-oblast"),
    ("staatlichen Nachrichtenagentur KCNA", "kcna"), ("russische Parlament", "state-duma"),
    ("Nordkoreaner", "north-korea"), ("koreanischen Halbinsel", "korean-peninsula"),
    ("russischen Sicherheitsrats", "russian-security-council"), ("deutsche", "germany"),
])
def test_every_actor_and_place_of_the_article(t, quote, entity):
    m = t["mentions"]
    assert entity in set(m[m.quote == quote].entity_id)


def test_places_have_coordinates_and_region_codes(t):
    kursk = one(t["places"], id="kursk-oblast")
    assert kursk.kind == "region" and kursk.iso_3166_2 == "RU-KRS"
    assert 50 < kursk.lat < 53 and 34 < kursk.lon < 39
    assert one(t["places"], id="pyongyang").kind == "city"
