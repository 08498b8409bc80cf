"""Near-duplicates and the topic filter on their own."""

from __future__ import annotations

from lagebild.feeds.dedup import NearDuplicates
from lagebild.feeds.topic import on_topic
from stories import OFF_TOPIC, OWN_REPORT, WIRE


def _index(**texts: str) -> NearDuplicates:
    index = NearDuplicates(texts.get)
    for k, t in texts.items():
        index.add(k, t)
    return index


def test_a_copy_with_other_furniture_or_cut_short_is_found_and_a_distinct_report_is_not():
    index = _index(wire=WIRE, other=OWN_REPORT)
    assert index.match("Breaking | Most read\n" + WIRE + "\nSubscribe for one euro.")[0] == "wire"
    assert index.match(". ".join(WIRE.split(". ")[:3]) + ".")[0] == "wire"
    assert index.match(OFF_TOPIC) is None
    assert index.match("About 11,000 North Korean soldiers") is None  # a headline is not a story
    fresh = _index(wire=WIRE)
    assert fresh.match(OWN_REPORT) is None  # the same story in its own words is another report


def test_a_stored_text_read_back_is_what_decides():
    texts = {"wire": WIRE}
    index = NearDuplicates(texts.get)
    index.add("wire", WIRE)
    texts["wire"] = None  # gone from the store (or unreadable): no match on the signature alone
    assert index.match(WIRE) is None


def test_topic_filter_gazetteer_words_and_all():
    assert on_topic(WIRE, "gazetteer") and not on_topic(OFF_TOPIC, "gazetteer")
    assert on_topic(OFF_TOPIC * 10 + " Pjöngjang", "gazetteer")  # a name far down the text counts too
    assert on_topic(OFF_TOPIC, ("budget",)) and not on_topic(WIRE, ("budget",))
    assert on_topic(OFF_TOPIC, "all")
