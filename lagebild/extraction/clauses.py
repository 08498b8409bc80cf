"""Clause boundaries, the one notion of "the same clause" every extractor uses.

A clause ends at a break (comma, semicolon, colon, dash, bracket); a German
separable verb's particle must come before a clause end (a break, a full stop or
a coordinating conjunction: "wies … zurück, und"); a subordinating word
("nachdem", "which") starts a clause with its own time.  A coordinating
conjunction starts a new conjunct — a predication of its own — where a comma
precedes it or a verb follows it ("entsandte 10.000 Soldaten …, und plant weitere";
"has sent troops and could send more"); between nouns ("Soldaten und Panzer") it
does not.  The words are data
(``data/lexicon/clauses.csv``, language ``*`` for punctuation).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from lagebild.extraction.lexicon import word_roles


@dataclass(frozen=True)
class ClauseWords:
    breaks: frozenset[str]        # end a clause inside a sentence
    ends: frozenset[str]          # breaks, full stops and coordinating conjunctions
    subordinators: frozenset[str]  # breaks and the words opening a subordinate clause
    # English words after which an -ed form is a finite verb ("has signed", "they signed"),
    # not a participle modifying the noun before it ("the treaty signed in June").
    finite_before: frozenset[str] = frozenset()
    # Words opening a clause about an earlier or later time ("nachdem Pjöngjang im Herbst
    # Truppen entsandt hatte"): its event has its own time, not the sentence's.
    background: frozenset[str] = frozenset()
    # Words opening a clause of circumstance ("killed while fighting"): the setting of
    # the sentence's news, not news of its own.
    circumstance: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()  # "aus dem Einsatz", "in offensive combat"
    # Conjunctions joining predications or nouns ("und", "and"), and the finite auxiliaries
    # and modals that show a verb follows one ("und will", "and has"; see conjunct_starts).
    coordinators: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    # More prepositions whose object is not the clause's subject ("gegen die Ukraine").
    object_prepositions: frozenset[str] = frozenset()
    # Words opening a concession ("who, although wounded, survived"): circumstance words
    # too, and never a preposition (unlike "während").
    concessive: frozenset[str] = frozenset()
    # Prepositions attaching a date to a source noun ("nach Angaben … aus dem vergangenen Monat").
    source_date: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def load(language: str) -> ClauseWords:
    roles = word_roles("clauses", language)
    breaks = frozenset(roles.get("break", ()))
    concessive = frozenset(roles.get("concessive", ()))
    return ClauseWords(breaks, breaks | set(roles.get("end", ())), breaks | set(roles.get("subordinator", ())),
                       frozenset(roles.get("finite_before", ())), frozenset(roles.get("background", ())),
                       frozenset(roles.get("circumstance", ())) | concessive, frozenset(roles.get("preposition", ())),
                       frozenset(roles.get("coordinator", ())), frozenset(roles.get("auxiliary", ())),
                       frozenset(roles.get("object_preposition", ())), concessive,
                       frozenset(roles.get("source_date", ())))


def clause_start(words: Sequence[str], breaks: frozenset[str], a: int, i: int) -> int:
    """First token of the clause holding token ``i`` (not before the sentence start ``a``)."""
    k = i
    while k > a and words[k - 1] not in breaks:
        k -= 1
    return k


def clause_end(words: Sequence[str], breaks: frozenset[str], i: int, b: int) -> int:
    """One past the last token of the clause holding token ``i`` (not after the sentence end ``b``)."""
    k = i
    while k < b and words[k] not in breaks:
        k += 1
    return k


def crosses(words: Sequence[str], breaks: frozenset[str], lo: int, hi: int) -> bool:
    """Does a boundary lie among tokens [lo, hi)?"""
    return any(w in breaks for w in words[lo:hi])
