"""Troop figures understood, not only found (issue #18): what a figure counts (total, increment, part,
unclear), since when, and whose number it is — each rule in German and English, in our own wording
(none of these sentences is from the corpus)."""

from __future__ import annotations

import pytest

from lagebild.extraction.pipeline import extract_document


def figures(language: str, text: str, published: str = "2025-03-03"):
    return extract_document(text, {"language": language, "published": published}, doc_id="d")["troop_figures"]


def row(language: str, text: str, value: int):
    f = figures(language, text)
    hit = f[(f["value"] == value) | (f["low"] == value)]
    assert len(hit) == 1, (text, f[["quote", "value"]].to_dict("records"))
    return {k: (None if v is None or v != v else v) for k, v in hit.iloc[0].to_dict().items()}


# --- scope -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, value, scope", [
    # more on top of an earlier figure
    ("en", "North Korea has sent an additional 1,500 troops to Russia, South Korea's spy agency said.", 1500, "increment"),
    ("en", "Pyongyang has sent another 2,000 soldiers, according to the NIS.", 2000, "increment"),
    ("en", "North Korea has deployed 11,000 troops to Russia, Ukrainian officials said. "
           "Since October, 3,000 more have arrived in Kursk.", 3000, "increment"),
    ("de", "Nach Angaben des südkoreanischen Geheimdienstes hat Nordkorea zusätzliche 3.000 Soldaten nach Russland geschickt.",
     3000, "increment"),
    ("de", "Nordkorea hat laut ukrainischen Angaben rund 12.000 Soldaten nach Russland entsandt. "
           "Seit Januar seien weitere 4.000 hinzugekommen.", 4000, "increment"),
    # "weitere" after a count of another kind is that kind's own total, not more of the same
    ("de", "Rund 500 nordkoreanische Soldaten seien getötet worden. Etwa 1.200 weitere Soldaten seien verletzt worden.",
     1200, "total"),
    ("en", "About 500 North Korean soldiers were killed and another 1,200 were wounded, the agency said.", 1200, "total"),
    # a part of a larger force
    ("en", "Two brigades of 5,000 each are training in Russia, Zelensky said.", 5000, "part"),
    ("de", "Selenskyj sprach von drei Regimentern mit jeweils 2.000 Mann.", 2000, "part"),
    ("en", "The Pentagon said 10,000 North Korean troops were in Russia. About 8,000 of them are in the Kursk region.",
     8000, "part"),
    ("de", "Das Pentagon schätzt die Zahl der Nordkoreaner in Russland auf 12.000. Davon seien 8.000 in Kursk.",
     8000, "part"),
    ("de", "Der Militärgeheimdienst teilte mit, Nordkorea habe 1.500 Offiziere entsandt. Darunter seien 500 Generäle.",
     500, "part"),
    ("en", "Around 300 North Korean soldiers were killed in a single attack in Kursk, Ukraine's army said.", 300, "part"),
    ("de", "Bei einem Angriff in der Region Kursk wurden 200 nordkoreanische Soldaten getötet, teilte die ukrainische Armee mit.",
     200, "part"),
    ("en", "Ukraine captured two North Korean soldiers in Kursk on Saturday, Zelensky said.", 2, "part"),
    ("en", "Pyongyang deployed some 11,000 soldiers to Kursk last autumn, according to Western intelligence. Of those, "
           "roughly 4,000 have been killed or wounded, U.S. officials said.", 4000, "total"),  # another kind's total
    ("en", "About 200 North Korean officers are among the troops, the NIS said.", 200, "part"),
    ("en", "North Korea has suffered around 1,000 casualties in the past week alone, a Ukrainian military spokesman said.",
     1000, "part"),
    ("de", "Der ukrainische Geheimdienst HUR berichtete, rund 1.200 Nordkoreaner seien allein am Wochenende getötet worden.",
     1200, "part"),
    # what came over a recent period is more on top
    ("en", "Ukraine's defence intelligence said 5,000 North Korean troops had arrived in Kursk in the past two weeks.",
     5000, "increment"),
    # a running total, whatever else the sentence says
    ("en", "According to South Korean officials, about 1,000 North Korean soldiers have been killed so far.", 1000, "total"),
    ("de", "Während des Krieges seien bislang 3.000 nordkoreanische Soldaten getötet worden, hieß es.", 3000, "total"),
    # no stock at all
    ("en", "North Korea loses about 100 soldiers a day in Kursk, the Ukrainian military said.", 100, "unclear"),
    ("de", "Nordkorea verliere täglich rund 80 Soldaten, sagte ein Sprecher.", 80, "unclear"),
    # plain totals
    ("en", "There are now about 12,000 North Korean troops inside Russia, the Pentagon said.", 12000, "total"),
    ("de", "Nach amerikanischen Schätzungen befinden sich etwa 11.000 nordkoreanische Soldaten in Russland.", 11000, "total"),
])
def test_scope(language, text, value, scope):
    assert row(language, text, value)["scope"] == scope


@pytest.mark.parametrize("language, text, value, since, scope", [
    # the deployment described before: what came since a date is an increment with its own start
    ("de", "Nordkoreanische Soldaten sind seit Monaten in Russland im Einsatz. Seit Oktober wurden nach Angaben "
           "des Geheimdienstes rund 4.000 weitere Soldaten entsandt.", 4000, "2024-10", "increment"),
    ("en", "North Korean troops have been deployed in Russia for months. Since January, about 2,000 soldiers have been sent "
           "there, the NIS said.", 2000, "2025-01", "increment"),
    # the first word of the deployment: since when it has gone on, a total
    ("de", "Nordkorea hat seit Oktober rund 11.000 Soldaten nach Russland entsandt, sagte Selenskyj.", 11000, "2024-10", "total"),
])
def test_since_when_is_the_figures_own_date(language, text, value, since, scope):
    r = row(language, text, value)
    assert (r["since"], r["scope"]) == (since, scope)
    assert r["date"] != since  # the report date stays apart from the start


# --- kind ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, value", [
    ("de", "Die USA gehen davon aus, dass die Zahl nordkoreanischer Soldaten in Russland bei 12.000 bis 13.000 liegen könne, "
           "sagte ein Sprecher.", 12000),
    ("de", "Die Zahl nordkoreanischer Soldaten in Russland liege bei 11.000, sagte ein Sprecher. "
           "„Mindestens 9.000“ seien derzeit in der Region Kursk.", 9000),
    ("en", "There are now as many as 14,000 North Korean troops inside Russia, officials believe.", 14000),
])
def test_a_force_counted_in_a_place_is_deployed(language, text, value):
    r = row(language, text, value)
    assert r["kind"] == "deployed" and r["modality"] in ("asserted", "reported")


def test_brought_to_a_place_is_not_deployed_there():
    # two prisoners taken to the capital are not a force stationed there
    assert row("en", "Zelensky said two soldiers were brought to Kyiv for questioning.", 2)["kind"] != "deployed"


# --- claimant ------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, value, claimant, relayed_by", [
    # a nationality as the source
    ("de", "Nach südkoreanischen Angaben sind bislang rund 600 nordkoreanische Soldaten getötet worden.", 600,
     "south-korea", None),
    ("en", "According to South Korean officials, about 1,000 North Korean soldiers have been killed so far.", 1000,
     "south-korea", None),
    # plural and generic agencies
    ("de", "Westliche Geheimdienste schätzen, dass rund 12.000 Soldaten in Russland sind.", 12000, "western-intelligence", None),
    ("de", "Nach Erkenntnissen ukrainischer und westlicher Geheimdienste hat Nordkorea 15.000 Soldaten entsandt.", 15000,
     "ukraine; western-intelligence", None),
    # a service named before
    ("de", "Der südkoreanische Geheimdienst warnte am Montag vor einer neuen Entsendung. Im Mai war der Geheimdienst noch "
           "von 700 getöteten Nordkoreanern ausgegangen.", 700, "nis", None),
    # a report named before
    ("en", "A report by the UK Ministry of Defence said Russia was losing ground. Some 9,000 North Korean troops had been "
           "deployed to the region, the report added.", 9000, "uk-defence-ministry", None),
    # reported speech goes on within the paragraph
    ("de", "Der Pentagon-Sprecher sagte, Nordkorea habe 10.000 Soldaten geschickt. „Mindestens 7.000“ seien in Kursk.", 7000,
     "pentagon", None),
    # a relay: the lawmaker cites the service
    ("de", "Rund 900 weitere Soldaten seien verletzt worden, sagte der Abgeordnete Lee Seong-kweun unter Berufung auf den "
           "südkoreanischen Geheimdienst.", 900, "nis", "lee-seong-kweun"),
    # an outlet relays a named speaker; a wire credit is never the claimant when the text names someone
    ("de", "Sieben Soldaten seien bei dem Einsatz ums Leben gekommen, sagte Kim Jong Un der Nachrichtenagentur KCNA zufolge.",
     7, "kim-jong-un", "kcna"),
    ("en", "KYIV, Feb 2 (Reuters) - Ukraine's military intelligence agency HUR said on Sunday that North Korea had "
           "about 15,000 troops in Russia.", 15000, "hur", None),
    # a dateline's wire credit is no speaker: "the ministry" named without a name is no claimant we can name
    ("en", "MOSCOW, March 3 (Reuters) - About 20,000 soldiers were moved to the border, the ministry said.", 20000,
     None, None),
    ("de", "KIEW (dpa) - Rund 1.000 Soldaten wurden verlegt, teilte das Ministerium mit.", 1000, None, None),
])
def test_claimant(language, text, value, claimant, relayed_by):
    r = row(language, text, value)
    assert (r["claimed_by"], r["relayed_by"]) == (claimant, relayed_by)


def test_an_outlet_is_the_claimant_only_where_the_text_names_nobody_else():
    r = row("de", "Die Nachrichtenagentur Yonhap meldete, dass 3.000 nordkoreanische Soldaten nach Russland verlegt worden seien.", 3000)
    assert r["claimed_by"] == "yonhap"


@pytest.mark.parametrize("language, text, value, owner", [
    # the speaker is not who sends
    ("en", "The Pentagon said on Monday it believes North Korea has sent between 11,000 and 12,000 troops to Russia.",
     11000, "north-korea"),
    # whose troops is never the dateline's wire agency, nor the speaker's country
    ("en", "WARSAW, March 3 (Reuters) - Poland's defence minister said on Monday that Belarus had moved about 20,000 soldiers "
           "close to the Polish border.", 20000, "belarus"),
    ("en", "KYIV, Feb 2 (Reuters) - Ukraine's military intelligence agency HUR said on Sunday that North Korea had "
           "about 15,000 troops in Russia.", 15000, "north-korea"),
    # nor the source phrase's nationality
    ("de", "Nordkorea hat laut ukrainischen Angaben rund 12.000 Soldaten nach Russland entsandt.", 12000, "north-korea"),
])
def test_whose_troops(language, text, value, owner):
    assert row(language, text, value)["subject_actor"] == owner


def test_a_restatement_in_one_article_takes_the_specific_claimant():
    text = ("Nach südkoreanischen Angaben sind schätzungsweise 1.500 nordkoreanische Soldaten getötet worden. "
            "Der Abgeordnete Lee Seong-kweun sagte, der südkoreanische Geheimdienst gehe davon aus, dass die Zahl der "
            "getöteten Soldaten auf rund 1.500 gestiegen sei.")
    f = figures("de", text)
    assert len(f) == 2 and set(f["claimed_by"]) == {"nis"} and set(f["relayed_by"]) == {"lee-seong-kweun"}
