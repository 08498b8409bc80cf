"""Tokens and sentences: the provenance every fact carries (sentence index, character span)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagebild.extraction.text import tokenize, tokenize_columns


def sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in tokenize(text)[1]]


@pytest.mark.parametrize("text, expected", [
    ("Kim reiste ab. Putin blieb.", ["Kim reiste ab.", "Putin blieb."]),
    # Abbreviations, German ordinal days and initials do not end a sentence.
    ("Das ist z.B. wichtig. Dr. Meier sagte das.", ["Das ist z.B. wichtig.", "Dr. Meier sagte das."]),
    ("Am 19. Juni unterzeichneten sie. Dann reiste er.", ["Am 19. Juni unterzeichneten sie.", "Dann reiste er."]),
    ("The U.S. Army said so. It added more.", ["The U.S. Army said so.", "It added more."]),
    # A day after its month is the English order: the stop ends the sentence (28_donga, tuning corpus).
    ("He visited Pyongyang on June 4. Shoigu had traveled there in March.",
     ["He visited Pyongyang on June 4.", "Shoigu had traveled there in March."]),
    ("The treaty took effect on Dec 4. Moscow welcomed it.", ["The treaty took effect on Dec 4.", "Moscow welcomed it."]),
    ("Am 4. Dezember trat er in Kraft. Zum 2. Mal.", ["Am 4. Dezember trat er in Kraft.", "Zum 2. Mal."]),
    # A lower-case word after a stop continues the sentence.
    ("Es waren ca. elftausend Soldaten.", ["Es waren ca. elftausend Soldaten."]),
    # Closing quotes touching the stop belong to its sentence, straight or curly.
    ("„Wir werden siegen.“ Das sagte Kim.", ["„Wir werden siegen.“", "Das sagte Kim."]),
    ('"We will win.” Kim said that.', ['"We will win.”', "Kim said that."]),
    ("Really?! Yes.", ["Really?!", "Yes."]),
    # Line breaks always end a sentence (headlines have no full stop).
    ("Nordkorea schickt Truppen\nDie Regierung bestätigte das.", ["Nordkorea schickt Truppen", "Die Regierung bestätigte das."]),
])
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


def test_tokens_and_offsets():
    text = "Nord- und Südkorea: 11.000 Soldaten, 12 000 Mann und 1,5 Millionen."
    toks, _ = tokenize(text)
    assert [t.text for t in toks][:5] == ["Nord", "und", "Südkorea", ":", "11.000"]
    assert ("12 000", "num") in [(t.text, t.kind) for t in toks]
    assert ("1,5", "num") in [(t.text, t.kind) for t in toks]
    for t in toks:
        assert text[t.start:t.end] == t.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.!?\n„“”\"'»«)(19 2.Dr z.B. U.S. …-")), max_size=60))
def test_columns_cover_every_token_once(text):
    cols = tokenize_columns(text)
    assert [text[s:e] for s, e in zip(cols.starts, cols.ends)] == cols.words
    # Sentences are consecutive token runs, in order, and each token knows its sentence.
    flat = [i for a, b in cols.ranges for i in range(a, b)]
    assert flat == list(range(len(cols.words)))
    for idx, (a, b) in enumerate(cols.ranges):
        assert a < b and all(cols.sentence_of[i] == idx for i in range(a, b))
        assert cols.sentences[idx].start == cols.starts[a] and cols.sentences[idx].end == cols.ends[b - 1]


def test_an_overlong_sentence_is_cut_into_pieces_after_commas():
    """A megabyte with no full stop must not be one sentence: the extractors look around
    each fact within its sentence, so one giant sentence made extraction quadratic."""
    from lagebild.extraction.text import MAX_SENTENCE_TOKENS

    text = "Titel\n" + "etwa 11.000 nordkoreanische Soldaten in Kursk, " * 20_000 + "Ende\n"
    cols = tokenize_columns(text)
    lengths = [b - a for a, b in cols.ranges]
    assert max(lengths) <= MAX_SENTENCE_TOKENS
    assert len(cols.sentences) > len(text) // 5000
    # The pieces cover the text without gaps and end after a comma where there is one.
    assert [a for a, _ in cols.ranges[1:]] == [b for _, b in cols.ranges[:-1]]
    assert all(text[s.start:s.end].endswith(",") for s in cols.sentences[1:-2])
    # Ordinary sentences are left alone.
    assert sentences("Kim reiste ab, Putin blieb. " * 3) == ["Kim reiste ab, Putin blieb."] * 3


def test_an_overlong_run_without_commas_is_cut_hard():
    from lagebild.extraction.text import MAX_SENTENCE_TOKENS

    cols = tokenize_columns("wort " * (MAX_SENTENCE_TOKENS * 3 + 7))
    assert [b - a for a, b in cols.ranges] == [MAX_SENTENCE_TOKENS] * 3 + [7]
