"""The per-document working state every extractor reads from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lagebild.extraction import clauses
from lagebild.extraction.gazetteer import Actor, Gazetteer, Place
from lagebild.extraction.lexicon import Lexicon, Separable
from lagebild.extraction.phrases import Match, PhraseIndex, StartFinder
from lagebild.extraction.text import Sentence, tokenize_columns


_FINDERS: dict[tuple[int, int], tuple[Lexicon, PhraseIndex, StartFinder]] = {}


def _finder(lexicon: Lexicon, roles: PhraseIndex) -> StartFinder:
    """The StartFinder over a language's cue lexicons and role words (one per language)."""
    hit = _FINDERS.get((id(lexicon), id(roles)))
    # The objects are kept in the value, so their ids cannot be reused while the entry lives.
    if hit is None or hit[0] is not lexicon or hit[1] is not roles:
        hit = _FINDERS[(id(lexicon), id(roles))] = (lexicon, roles, StartFinder([*lexicon.indexes.values(), roles]))
    return hit[2]


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
    # The tokens, as parallel lists (see text.Tokens): token i is words[i] at
    # text[starts[i]:ends[i]], of kind kinds[i], in sentence sentence_of[i].
    words: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    sentence_of: list[int] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    lower: list[str] = field(default_factory=list)  # words lower-cased once, for case-insensitive lexicons
    # Token index range [first, last) of each sentence.
    sentence_tokens: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    new_actors: dict[str, Actor] = field(default_factory=dict)
    new_places: dict[str, Place] = field(default_factory=dict)  # beyond the curated gazetteer
    dateline: tuple[int, int] | None = None  # token range of a wire dateline ("SEOUL (dpa-AFX) -")
    _opened: dict = field(default_factory=dict)  # see opened_tokens
    _cue_cache: dict = field(default_factory=dict)
    _starts: dict = field(default_factory=dict)  # id(index), lower -> start positions in the document
    _mentions_by_sentence: dict | None = None
    actor_mentions_memo: dict = field(default_factory=dict)  # see attribution.actor_mentions
    clause_words: clauses.ClauseWords | None = None

    @classmethod
    def build(cls, doc_id, text, language, published, published_precision, gazetteer, lexicon) -> "Doc":
        doc = cls(doc_id, text, language, published, published_precision, gazetteer, lexicon)
        t = tokenize_columns(text)
        doc.words, doc.starts, doc.ends, doc.kinds, doc.sentence_of = t.words, t.starts, t.ends, t.kinds, t.sentence_of
        doc.sentences, doc.sentence_tokens = t.sentences, t.ranges
        doc.lower = [w.lower() for w in t.words]
        doc.clause_words = clauses.load(language)
        return doc

    def clause_start(self, a: int, i: int) -> int:
        """First token of the clause holding token ``i`` in the sentence starting at ``a``."""
        return clauses.clause_start(self.words, self.clause_words.breaks, a, i)

    MAX_ASIDE = 4  # tokens in a bracketed short form that does not end a clause: "(KCNA)"

    def subject_clause_start(self, a: int, i: int) -> int:
        """``clause_start``, reaching back over a short bracketed aside: in "the Korean Central
        News Agency (KCNA) said" the speaker is in the verb's clause."""
        k = self.clause_start(a, i)
        while k - 1 > a and self.words[k - 1] == ")":
            j = k - 2
            while j >= a and k - 1 - j <= self.MAX_ASIDE and self.words[j] != "(":
                j -= 1
            if j < a or self.words[j] != "(" or k - 1 - j > self.MAX_ASIDE or \
                    self.crosses_clause(j + 1, k - 1):
                break
            k = self.clause_start(a, j)
        return k

    def clause_end(self, i: int, b: int) -> int:
        return clauses.clause_end(self.words, self.clause_words.breaks, i, b)

    def opened_tokens(self, sentence: int, words: frozenset[str]) -> frozenset[int]:
        """Tokens of the sentence that follow one of ``words`` within their clause
        ("nachdem … entsandt hatte"); one pass per sentence and word list."""
        key = (sentence, id(words))
        hit = self._opened.get(key)
        if hit is None:
            a, b = self.sentence_tokens[sentence]
            if words.isdisjoint(self.lower[a:b]):  # most sentences: one C-level test, no walk
                hit = self._opened[key] = frozenset()
                return hit
            breaks, out, opened = self.clause_words.breaks, set(), False
            for k in range(a, b):
                if self.words[k] in breaks:
                    opened = False
                elif opened:
                    out.add(k)
                if self.lower[k] in words:
                    opened = True
            hit = self._opened[key] = frozenset(out)
        return hit

    def crosses_clause(self, lo: int, hi: int) -> bool:
        return clauses.crosses(self.words, self.clause_words.breaks, lo, hi)

    # Cue lexicons whose match right after a conjunction shows a verb (a new predication) follows.
    PREDICATE_CUES = ("modality", "events", "figure_kinds")

    def conjunct_starts(self, sentence: int) -> frozenset[int]:
        """Coordinating conjunctions of the sentence that start a predication of their own:
        after a comma ("…, und plant weitere 6.000 zu schicken") or before a verb — an
        auxiliary or modal ("and could send") or a cue word ("und plant", "and deployed").
        Not one inside a cue ("killed and wounded") or between nouns ("Soldaten und Panzer")."""
        key = (sentence, "conjuncts")
        hit = self._opened.get(key)
        if hit is not None:
            return hit
        a, b = self.sentence_tokens[sentence]
        cw = self.clause_words
        out: set[int] = set()
        if not cw.coordinators.isdisjoint(self.lower[a:b]):
            inside: set[int] = set()
            verb_starts: set[int] = set()
            for name in self.PREDICATE_CUES:
                for c in self.cues(name, sentence):
                    inside.update(range(c.start + 1, c.end))
                    if c.payload[-1] != "noun":
                        verb_starts.add(c.start)
            for k in range(a + 1, b - 1):
                if self.lower[k] not in cw.coordinators or k in inside:
                    continue
                if self.words[k - 1] in cw.breaks or self.lower[k + 1] in cw.auxiliaries or k + 1 in verb_starts:
                    out.add(k)
        hit = self._opened[key] = frozenset(out)
        return hit

    def conjunct_between(self, lo: int, hi: int) -> bool:
        """Does another conjunct start among tokens [lo, hi)?  (No conjunction there, no work.)"""
        if lo >= hi or self.clause_words.coordinators.isdisjoint(self.lower[lo:hi]):
            return False
        return any(lo <= k < hi for k in self.conjunct_starts(self.sentence_of[lo]))

    def crosses_predication(self, lo: int, hi: int) -> bool:
        """Does a clause boundary or the start of another conjunct lie among tokens [lo, hi)?
        What a modal or a governing verb says holds for its own predication only."""
        if lo >= hi:
            return False
        return self.crosses_clause(lo, hi) or self.conjunct_between(lo, hi)

    def find(self, index: PhraseIndex, a: int, b: int, lower: bool = True) -> list[Match]:
        """``index.find`` over tokens [a, b) of the lower-cased (or original) words.

        Where each index's patterns can start is worked out once per document, so
        the sentence-by-sentence queries of the extractors visit only those tokens."""
        key = (id(index), lower)
        starts = self._starts.get(key)
        words = self.lower if lower else self.words
        if starts is None:
            if lower and (0, True) not in self._starts:
                # All lower-case indexes of this language in one pass (see StartFinder).
                finder = _finder(self.lexicon, self.gazetteer.roles(self.language))
                for idx, pos in zip(finder.indexes, finder.positions(words)):
                    self._starts[(id(idx), True)] = pos
                self._starts[(0, True)] = []  # marks the pass as done
                starts = self._starts.get(key)
            if starts is None:
                starts = self._starts[key] = index.start_positions(words)
        return index.find(words, a, b, starts)

    def cues(self, lexicon_name: str, sentence: int) -> list:
        """Lexicon matches in one sentence (absolute token positions), computed once per document."""
        key = (lexicon_name, sentence)
        hit = self._cue_cache.get(key)
        if hit is None:
            a, b = self.sentence_tokens[sentence]
            found = self.find(self.lexicon[lexicon_name], a, b)
            if not found:  # most sentences have no cue of a given lexicon
                hit = self._cue_cache[key] = found
                return hit
            if self.language == "de":
                # Not a lower-case cue on a capitalised noun mid-sentence ("bei den Kämpfen").
                found = [m for m in found if m.start == a
                         or not self.lexicon.noun_mismatch(lexicon_name, self.words[m.start])]
            hit = self._cue_cache[key] = [m for m in (self._separable(m, b) for m in found) if m]
        return hit

    def _separable(self, m, b: int):
        """Keep a separable verb's head only if its particle closes the clause ("wies die Berichte zurück")."""
        if not isinstance(m.payload, Separable):
            return m
        ends = self.clause_words.ends
        for k in range(m.end, min(b, m.end + 10)):
            w = self.lower[k]
            if w in ends:
                return None
            if w == m.payload.particle and (k + 1 >= b or self.lower[k + 1] in ends):
                return Match(m.start, m.end, m.payload.payload)
        return None

    def actor(self, actor_id: str) -> Actor | None:
        return self.gazetteer.actors.get(actor_id) or self.new_actors.get(actor_id)

    def place(self, place_id: str) -> Place | None:
        return self.gazetteer.places.get(place_id) or self.new_places.get(place_id)

    def mentions_in(self, sentence: int) -> list[Mention]:
        # Indexed on first use, after mention extraction has finished.
        if self._mentions_by_sentence is None or self._mentions_by_sentence.get("_n") != len(self.mentions):
            by: dict = {"_n": len(self.mentions)}
            for m in self.mentions:
                by.setdefault(m.sentence, []).append(m)
            self._mentions_by_sentence = by
        return self._mentions_by_sentence.get(sentence, [])

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of the token range [first, last)."""
        return self.starts[first], self.ends[last - 1]
