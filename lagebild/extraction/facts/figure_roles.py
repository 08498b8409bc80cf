"""Whose troops a count is, who sends them, and where they are (troop figures).

From the sentence around the count: a nationality inside the counted phrase, "aus"/"from" after
it, an owner that governs a noun holding it ("Russlands Mobilisierung von"), else the state or
organisation heading its clause.  A source phrase or the place a speaker spoke in is never
whose troops or where they are.
"""

from __future__ import annotations

from lagebild.extraction.facts import attribution
from lagebild.extraction.facts.doc import Doc, Mention


def subject_actor(doc: Doc, first: int, noun_end: int, a: int, b: int, actor_ms: list[Mention]) -> str | None:
    gaz = doc.gazetteer
    # 1. Nationality inside the counted phrase: "nordkoreanische Soldaten".
    for m in actor_ms:
        if first <= m.first < noun_end:
            st = gaz.state_for(m.entity_id)
            if st:
                return st
    # 2. Right after it: "Soldaten aus Nordkorea", "troops from North Korea".
    if noun_end + 1 < b and doc.words[noun_end].lower() in ("aus", "from", "of"):
        for m in actor_ms:
            if m.first in (noun_end + 1, noun_end + 2):
                st = gaz.state_for(m.entity_id)
                if st:
                    return st
    # 3. The owner of the phrase just before: "Russlands Mobilisierung von 50.000 Soldaten".
    # An owner owns a noun that holds the count ("Mobilisierung von", "mobilisation of");
    # a genitive right before the count without one belongs to something else ("nach
    # Informationen des Geheimdienstes nun weitere 6.000 Soldaten": the source's, not the troops').
    # Another actor between them is no owned noun but a clause's own subject ("Laut dem
    # Geheimdienst hat *Nordkorea* weitere 2.000 Soldaten …": the service owns nothing there).
    for m in reversed(actor_ms):
        if m.last <= first and first - m.last <= 3 and "," not in doc.words[m.last:first] \
                and not any(m.last <= o.first and o.last <= first for o in actor_ms) \
                and _owned_noun(doc, m.last, first) and not attribution.genitive_attribute(doc, m, a):
            actor = doc.actor(m.entity_id)
            if actor is not None and actor.type != "person":
                st = gaz.state_for(m.entity_id)
                if st:
                    return st
    return None


def _owned_noun(doc: Doc, lo: int, hi: int) -> bool:
    """Does the owner govern what holds the count (tokens [lo, hi) lie between them)?  In
    German a noun stands between ("Russlands Mobilisierung von"; nouns are capitalised); in
    English "of" does ("Russia's mobilisation of", "accused North Korea of sending")."""
    if doc.language == "de":
        return any(doc.kinds[k] == "word" and doc.words[k][0].isupper() for k in range(lo, hi))
    return any(doc.lower[k] == "of" for k in range(lo, hi))


def sender(doc: Doc, first: int, a: int, actor_ms: list[Mention], kind: str) -> str | None:
    """Who sends or mobilises the counted troops: the state or organisation heading the
    clause ("Nordkorea hat … 3000 Soldaten nach Russland geschickt")."""
    if kind not in ("deployed", "mobilised"):
        return None
    sentence = doc.sentence_of[first]
    in_roles = attribution.role_tokens(doc.mentions_in(sentence))
    # The source phrase names whose claim it is, not who sends: "Nach Angaben des ukrainischen
    # Militärgeheimdienstes hat Nordkorea … Soldaten entsandt" is North Korea's sending.
    src = attribution.explicit_source(doc, sentence)
    src_span = (min(src[1][0], src[0].first), max(src[1][1], src[0].last)) if src else (0, 0)
    # The count's own clause first: in "Poland's defence minister said that Belarus had moved 20,000
    # soldiers" Belarus moves them; the sentence's first actor only where the clause names none.
    lo = doc.clause_start(a, first)
    subs = doc.clause_words.subordinators
    lo = max([lo] + [k + 1 for k in range(lo, first) if doc.lower[k] in subs and doc.words[k] != ","])
    # A speaker is not who sends: "The Pentagon said it believes North Korea has sent …".
    verbs = [v0 for v0, _ in attribution.speech_verbs(doc, sentence) if v0 < first]
    for within in (True, False):
        for m in actor_ms:
            if m.last > first:
                break
            if within and m.first < lo or any(m.last <= v0 <= m.last + 3 for v0 in verbs):
                continue
            if m.first in in_roles or "," in doc.words[m.last:first] or src_span[0] <= m.first < src_span[1] \
                    or attribution.genitive_attribute(doc, m, a):
                continue
            actor = doc.actor(m.entity_id)
            if actor is not None and actor.type in ("state", "organisation"):
                return doc.gazetteer.state_for(m.entity_id)
    return None


SAID_AT = 5  # tokens after a speech verb where the place it was said in stands
SAID_IN = {"in", "at"}  # the preposition of that place, in both languages


def _not_where(doc: Doc, sentence: int, first: int | None) -> set[int]:
    """Tokens of a sentence whose places are not where counted troops are: the source phrase ("nach
    Angaben aus Seoul"), the dateline ("Kiew – …"), and where a speaker spoke ("sagte am Dienstag in
    Seoul, …": a speech verb's own clause, unless it holds the count at ``first``)."""
    src = attribution.explicit_source(doc, sentence)
    out = set(range(src[0].first, src[0].last)) if src else set()
    if doc.dateline:
        out |= set(range(*doc.dateline))
    a, b = doc.sentence_tokens[sentence]
    for v0, v1 in attribution.speech_verbs(doc, sentence):
        if first is None:
            # No count here to keep apart: only a place "in"/"at" right after the verb is where it was
            # said ("sagte am Dienstag in Seoul", "said in Seoul on Tuesday"), not what was said ("said
            # he was sent to Russia").
            out |= {m.first for m in doc.mentions_in(sentence) if m.entity_kind == "place"
                    and v1 <= m.first < v1 + SAID_AT and doc.lower[m.first - 1] in SAID_IN
                    and not doc.crosses_clause(v1, m.first)}
            continue
        lo, hi = doc.clause_start(a, v0), doc.clause_end(v0, b)
        if not lo <= first < hi:
            out |= set(range(lo, hi))
    return out


def location(doc: Doc, sentence: int, first: int) -> str | None:
    skip = _not_where(doc, sentence, first)
    places = [m for m in doc.mentions_in(sentence) if m.entity_kind == "place" and m.first not in skip]
    if places:
        after = [m for m in places if m.first >= first]
        return (after[0] if after else places[-1]).entity_id
    if sentence > 0:
        # The previous sentence's place, by the same rules ("Lee sagte am Dienstag in Seoul, …. Im April
        # war der Geheimdienst von 600 Getöteten ausgegangen": the dead are not in Seoul).
        skip = _not_where(doc, sentence - 1, None)
        prev = [m for m in doc.mentions_in(sentence - 1) if m.entity_kind == "place" and m.first not in skip]
        if prev:
            return prev[-1].entity_id
    return None
