"""Property tests: on arbitrary text the extraction never raises, and every row's
quote is exactly the text at its span."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagebild import extraction as lagebild_extraction
from lagebild.extraction.pipeline import extract_document_rows
from lagebild import schemas

# Words that make the rules fire, mixed with arbitrary unicode, so the generated
# text exercises numbers, dates, names and triggers, not just noise.
VOCAB = [
    "11.000", "11,000", "12 000", "3.000", "zehntausend", "eleven", "thousand", "etwa", "rund", "mehr", "als",
    "bis", "zu", "about", "up", "to", "at", "least", "between", "and", "zwischen", "und", "Soldaten", "troops",
    "nordkoreanische", "North", "Korean", "Nordkorea", "Russland", "Moskau", "Pjöngjang", "Kursk", "Region",
    "Putin", "Kim", "Jong-un", "Selenskyj", "Zelensky", "said", "sagte", "nach", "Angaben", "laut", "according",
    "19.", "Juni", "June", "19", "2024", "am", "Dienstag", "Monday", "last", "week", "letzten", "Jahres",
    "Mitte", "Oktober", "unterzeichnet", "signed", "drohte", "threatened", "nicht", "not", "könnte", "may",
    "Verteidigungsminister", "Defense", "Secretary", "Präsident", ",", ".", "„", "“", "-", "–", "\n", "  ",
    "US-amerikanische", "Russia's", "in", "der", "die", "the",
]

token = st.one_of(st.sampled_from(VOCAB), st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
                  st.text(alphabet=string.digits + ".,- ", min_size=1, max_size=8))
documents = st.lists(token, max_size=80).map(" ".join)
metas = st.fixed_dictionaries({
    "language": st.sampled_from(["de", "en"]),
    "published": st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, meta=metas)
def test_extraction_never_raises_and_quotes_match(text, meta):
    rows = extract_document_rows(text, meta)
    for name in ("mentions", "dates", "troop_figures", "events"):
        for r in rows[name]:
            assert 0 <= r["start"] <= r["end"] <= len(text)
            assert text[r["start"]:r["end"]] == r["quote"]
    for r in rows["troop_figures"]:
        if r["low"] is not None and r["high"] is not None:
            assert r["low"] <= r["value"] <= r["high"] or r["qualifier"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, meta=metas)
def test_tables_always_satisfy_their_schemas(text, meta):
    tables = lagebild_extraction.extract_document(text, meta)
    for name, model in schemas.TABLES.items():
        model.validate(tables[name])


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400), language=st.sampled_from(["de", "en", None]))
def test_pure_noise_never_raises(text, language):
    # language None: detected from the text, as for a document without a sidecar.
    rows = extract_document_rows(text, {"language": language} if language else None)
    for name in ("mentions", "dates", "troop_figures", "events"):
        for r in rows[name]:
            assert text[r["start"]:r["end"]] == r["quote"]
