"""Places the curated gazetteer does not list, and wire datelines.

* A dateline opening the body ("SEOUL (dpa-AFX) -", "Kiew –", "TOKYO, April 28
  (KUNA) --") names a place, even where the name also stands for a state.
* A capitalised name the text marks as a place — after a place noun ("die Stadt
  Pokrowsk", "the city of X") or a locative ("nahe X", "in Chabarowsk") — is
  looked up in GeoNames and ISO 3166-2 (``lagebild.extraction.world``).  A name
  found there is a place with its coordinates; one marked by a place noun or a
  strong locative ("nahe", "north of") but found nowhere is kept as a place
  without coordinates, never dropped.  Marker words: data/lexicon/place_markers.csv.
"""

from __future__ import annotations

from lagebild.extraction import world
from lagebild.extraction.facts.doc import Doc, Mention
from lagebild.extraction.facts.mentions import ARTICLES, NOT_NAMES, is_name_token
from lagebild.extraction.lexicon import word_roles

MAX_NAME = 4  # tokens in a place name ("Rostow am Don")
DATELINE_LOOKAHEAD = 6  # tokens after the name within which a dateline closes


def _name_token(w: str, doc: Doc | None = None) -> bool:
    """A capitalised name or a name in capitals, not a month or weekday ("near Plekhovo on Monday")."""
    if doc is not None and (w.lower() in doc.lexicon.months or w.lower() in doc.lexicon.weekdays):
        return False
    return w not in NOT_NAMES and (is_name_token(w) or (w.isupper() and w.isalpha() and len(w) >= 3))


def _add(doc: Doc, s_idx: int, first: int, last: int, place) -> None:
    doc.new_places.setdefault(place.id, place)
    s, e = doc.span(first, last)
    doc.mentions.append(Mention(s_idx, first, last, s, e, "place", place.id, in_gazetteer=False))


def _as_place(doc: Doc, m: Mention) -> None:
    """A dateline alias the gazetteer resolved to a state ("Kiew" for Ukraine): the place."""
    for hit in doc.gazetteer.index.match_at(doc.words, m.first):
        if hit.end == m.last and hit.payload.kind == "place":
            m.entity_kind, m.entity_id = "place", hit.payload.id
            return


def _dateline(doc: Doc, sentence: int, markers: dict) -> None:
    a, b = doc.sentence_tokens[sentence]
    k = a
    while k < b and k - a < MAX_NAME and doc.kinds[k] == "word" and _name_token(doc.words[k]):
        k += 1
    ahead = doc.words[k:k + DATELINE_LOOKAHEAD]
    dashes = markers.get("dateline", ())
    if k == a or not ahead or not (ahead[0] in dashes or ahead[0] == "(" or (
            ahead[0] in (",", ".") and any(w == "(" or w in dashes for w in ahead[1:]))):
        return
    for m in doc.mentions:
        if m.first == a and m.last <= k:
            if m.entity_kind == "actor":
                _as_place(doc, m)
            return
    name = doc.text[doc.starts[a]:doc.ends[k - 1]]
    _add(doc, sentence, a, k, _curated(doc, name) or world.lookup(name) or world.unresolved(name))


def _curated(doc: Doc, name: str):
    """The curated gazetteer's place for a name in capitals ("BEIJING" is Beijing)."""
    words = name.title().split()
    for hit in doc.gazetteer.index.match_at(words, 0):
        if hit.end == len(words) and hit.payload.kind == "place":
            return doc.place(hit.payload.id)
    return None


def _marker(doc: Doc, k: int, a: int, markers: dict) -> str | None:
    """How the text marks the name at ``k`` as a place: "strong" (a place noun, "nahe"), "weak" (a locative), or None."""
    j = k - 1
    if j > a and doc.lower[j] in ARTICLES:  # one article: "in der Stadt", not "an der"
        j -= 1
    for n in (2, 1):
        phrase = " ".join(doc.lower[max(a, j - n + 1):j + 1])
        if phrase in markers.get("noun", ()) or phrase in markers.get("strong", ()):
            return "strong"
    if j >= a and doc.lexicon["locative"].match_at(doc.lower, j):
        return "weak"
    return None


def _candidate(doc: Doc, k: int, b: int, markers: dict) -> tuple[int, object | None]:
    """The longest name from token ``k`` GeoNames or ISO 3166-2 knows (end, place), else (end of the name, None)."""
    end = k + 1
    while end < b and end - k < MAX_NAME and doc.kinds[end] == "word" and (
            _name_token(doc.words[end], doc) or doc.lower[end] in markers.get("connector", ())):
        end += 1
    for last in range(end, k, -1):
        if not _name_token(doc.words[last - 1]):
            continue
        place = world.lookup(doc.text[doc.starts[k]:doc.ends[last - 1]])
        if place is not None:
            return last, place
    while end > k + 1 and not _name_token(doc.words[end - 1], doc):
        end -= 1
    return end, None


def extract_places(doc: Doc, body_sentence: int | None) -> None:
    """Add dateline places and text-marked places to ``doc.mentions``."""
    markers = word_roles("place_markers", doc.language)
    if body_sentence is not None and body_sentence < len(doc.sentence_tokens):
        _dateline(doc, body_sentence, markers)
    covered = {i for m in doc.mentions for i in range(m.first, m.last)}
    for s_idx, (a, b) in enumerate(doc.sentence_tokens):
        k = a + 1
        while k < b:
            marked = None if k in covered or doc.kinds[k] != "word" or not _name_token(doc.words[k], doc) \
                else _marker(doc, k, a, markers)
            last, place = _candidate(doc, k, b, markers) if marked else (k + 1, None)
            if place is None and marked == "strong":
                place = world.unresolved(doc.text[doc.starts[k]:doc.ends[last - 1]])
            if place is None or covered.intersection(range(k, last)):
                k += 1
                continue
            _add(doc, s_idx, k, last, place)
            covered.update(range(k, last))
            k = last
    doc.mentions.sort(key=lambda m: (m.start, m.end))
