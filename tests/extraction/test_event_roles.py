"""Issue #19, item 1: who did what to whom.  A capture's named party is who was captured (the
patient); who captured them is named only by an agent ("durch die Ukraine", "by Ukrainian forces")
or an active subject.  A speech verb before a role noun is the speaker's verb, not part of the role."""

import pandas as pd
import pytest

from tests.extraction.test_truth_on_screen import corpus_sentence, tables


@pytest.mark.parametrize("language, body, agent, patient", [
    # corpus (16_ovb): a nominal capture with its agent after "durch die"
    ("de", corpus_sentence("16_", "Gefangennahme"), "ukraine", "korean-peoples-army"),
    ("de", "Die Gefangennahme ukrainischer Soldaten durch Russland wurde in Kiew gemeldet.", "russia",
     "ukrainian-armed-forces"),
    # corpus (25_digitaljournal): a passive participle without agent: nobody is named as captor
    ("en", corpus_sentence("25_", "two wounded soldiers"), None, "north-korea"),
    ("en", "Two North Koreans were captured by Ukraine near Kursk.", "ukraine", "north-korea"),
    ("en", "Ukraine captured two North Korean soldiers near Kursk.", "ukraine", "korean-peoples-army"),
    ("de", "In Kursk wurden zwei Nordkoreaner gefangen genommen, sagte Selenskyj.", None, "north-korea"),
])
def test_a_capture_names_its_captor_and_the_captured(language, body, agent, patient):
    ev = tables(language, body)["events"]
    cap = ev[ev["type"] == "capture"].iloc[0]
    assert (None if pd.isna(cap["source"]) else cap["source"]) == agent
    assert cap["target"] == patient


def test_a_speech_verb_is_not_part_of_the_role_after_it():
    # corpus (14_vof): "…, sagte US-Verteidigungsministeriumssprecher Pat Ryder."
    t = tables("de", corpus_sentence("14_", "Pat Ryder"))
    roles = dict(zip(t["actors"]["id"], t["actors"]["roles"]))
    assert roles["pat-ryder"] == "US-Verteidigungsministeriumssprecher"
    said = t["events"][t["events"]["type"] == "statement"].iloc[0]
    assert said["source"] == "pat-ryder" and pd.isna(said["target"])
    t = tables("de", "„Wir stehen bereit“, sagte Machthaber Kim Jong-un am Montag.")
    assert dict(zip(t["actors"]["id"], t["actors"]["roles"]))["kim-jong-un"] == "Machthaber"
