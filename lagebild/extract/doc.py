"""The per-document working state every extractor reads from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..gazetteer import Actor, Gazetteer
from ..lexicon import Lexicon
from ..text import Sentence, Token, tokenize


@dataclass(slots=True)
class Mention:
    sentence: int
    first: int  # first token index
    last: int   # one past the last token index
    start: int  # character offsets
    end: int
    entity_kind: str  # "actor" | "place"
    entity_id: str
    in_gazetteer: bool = True
    role: str | None = None
    role_span: tuple[int, int] | None = None  # token range of the role phrase


@dataclass(slots=True)
class DateMention:
    sentence: int
    first: int
    last: int
    start: int
    end: int
    date: str | None
    precision: str | None
    resolution: str


@dataclass
class Doc:
    doc_id: str
    text: str
    language: str
    published: dt.date | None
    published_precision: str
    gazetteer: Gazetteer
    lexicon: Lexicon
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    # Token index range [first, last) of each sentence.
    sentence_tokens: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    new_actors: dict[str, Actor] = field(default_factory=dict)

    @classmethod
    def build(cls, doc_id, text, language, published, published_precision, gazetteer, lexicon) -> "Doc":
        doc = cls(doc_id, text, language, published, published_precision, gazetteer, lexicon)
        doc.tokens, doc.sentences = tokenize(text)
        doc.words = [t.text for t in doc.tokens]
        ranges: list[list[int]] = [[0, 0] for _ in doc.sentences]
        for i, t in enumerate(doc.tokens):
            r = ranges[t.sentence]
            if r[1] == 0 and r[0] == 0 and i:
                r[0] = i
            r[1] = i + 1
        # Sentences are contiguous token runs; fix the starts from the ends.
        prev_end = 0
        fixed = []
        for r in ranges:
            fixed.append((prev_end, r[1]))
            prev_end = r[1]
        doc.sentence_tokens = fixed
        return doc

    def actor(self, actor_id: str) -> Actor | None:
        return self.gazetteer.actors.get(actor_id) or self.new_actors.get(actor_id)

    def mentions_in(self, sentence: int) -> list[Mention]:
        return [m for m in self.mentions if m.sentence == sentence]

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of the token range [first, last)."""
        return self.tokens[first].start, self.tokens[last - 1].end
