"""Who says so: the claimant of a sentence, and the agent of an event.

Both figures ("nach Angaben von …", "according to …", "… said") and events
("Selenskyj hat … verurteilt") need to know which actor a sentence attributes
its content to.  The rules, in order:

1. an explicit source phrase: the actor right after "nach Angaben", "laut",
   "according to", or right before "zufolge";
2. a speech or assessment verb in the sentence: its subject, taken as the first
   person, else organisation, else state mentioned in the sentence, skipping
   actors that only appear inside another person's role ("der *ukrainische*
   Präsident") or inside the counted phrase itself.
"""

from __future__ import annotations

from lagebild.extraction.facts.doc import Doc, Mention

TYPE_PREFERENCE = {"person": 0, "organisation": 1, "group": 2, "state": 3}
SOURCE_WINDOW = 6  # tokens between a source phrase and its actor


def role_tokens(mentions: list[Mention]) -> set[int]:
    out: set[int] = set()
    for m in mentions:
        if m.role_span:
            out.update(range(*m.role_span))
    return out


def actor_mentions(doc: Doc, sentence: int, exclude: set[int] = frozenset()) -> list[Mention]:
    """The actors of a sentence that are not part of another's role (callers must not
    modify the list: without ``exclude`` it is remembered per document)."""
    key = (sentence, len(doc.mentions))
    if not exclude and key in doc.actor_mentions_memo:
        return doc.actor_mentions_memo[key]
    ms = [m for m in doc.mentions_in(sentence) if m.entity_kind == "actor"]
    in_roles = role_tokens(ms)
    out = [m for m in ms if m.first not in in_roles and m.first not in exclude]
    if not exclude:
        doc.actor_mentions_memo[key] = out
    return out


def explicit_source(doc: Doc, sentence: int, exclude: set[int] = frozenset()) -> tuple[Mention, tuple[int, int]] | None:
    """The actor named by a source phrase, and the phrase's token range.

    A capital named as the source stands for its state ("nach Angaben aus Seoul").
    Actors inside a person's role ("des *ukrainischen* Präsidenten Selenskyj") give way
    to the person.  Without ``exclude``, once per sentence (each count, place and sender asks)."""
    if not exclude:
        key = ("explicit_source", sentence, len(doc.mentions))
        if key not in doc._cue_cache:
            doc._cue_cache[key] = _explicit_source(doc, sentence, exclude)
        return doc._cue_cache[key]
    return _explicit_source(doc, sentence, exclude)


def _explicit_source(doc: Doc, sentence: int, exclude: set[int]) -> tuple[Mention, tuple[int, int]] | None:
    ms = [m for m in actor_mentions(doc, sentence, exclude)]
    gaz = doc.gazetteer
    for m in doc.mentions_in(sentence):
        p = gaz.places.get(m.entity_id) if m.entity_kind == "place" else None
        if p is not None and p.actor and m.first not in exclude:
            ms.append(Mention(m.sentence, m.first, m.last, m.start, m.end, "actor", p.actor))
    ms.sort(key=lambda m: m.first)
    for cue in doc.cues("attribution", sentence):
        kind = cue.payload[0]
        s, e = cue.start, cue.end
        if kind == "source_follows":
            # The source is the noun phrase right after the cue: a number or a comma ends it, so in
            # "laut westlichen Geheimdiensten über 10.000 Soldaten nach Russland" Russia is not the source.
            after = [m for m in ms if e <= m.first <= e + SOURCE_WINDOW and not _phrase_ends(doc, e, m.first)]
            if after:
                return after[0], (s, e)
        elif kind == "source_precedes":
            before = [m for m in ms if s - SOURCE_WINDOW <= m.last - 1 < s]
            if before:
                return before[-1], (s, e)
    return None


SOURCE_CUES = ("source_follows", "source_precedes", "impersonal")
NAMED_AFTER = 12  # tokens after an impersonal speech verb in which its source may be named


def impersonal_source(doc: Doc, sentence: int, t0: int, t1: int) -> tuple[bool, Mention | None]:
    """Is the speech trigger at [t0, t1) a source phrase or an impersonal verb ("according to",
    "zufolge", "hieß es", "it was said")?  Then nobody in what was said is its speaker: only an
    actor the phrase names after it ("hieß es in der Zeitung *des russischen
    Verteidigungsministeriums*") is, and "according to the report" names none.  Returns
    (whether it is one, that actor or None)."""
    hit = any(c.payload[0] in SOURCE_CUES and c.start < t1 and t0 < c.end for c in doc.cues("attribution", sentence))
    if not hit:
        return False, None
    after = [m for m in actor_mentions(doc, sentence) if t1 <= m.first <= t1 + NAMED_AFTER
             and not _phrase_ends(doc, t1, m.first)]
    if not after:
        return True, None
    return True, min(after, key=lambda m: (TYPE_PREFERENCE.get(getattr(doc.actor(m.entity_id), "type", ""), 9), m.first))


def _phrase_ends(doc: Doc, first: int, last: int) -> bool:
    """Whether a number or a comma stands between tokens ``first`` and ``last`` (a noun phrase ends there)."""
    return any(doc.kinds[i] == "num" or doc.words[i] == "," for i in range(first, last))


def follows(doc: Doc, m: Mention, after: int) -> bool:
    """Is the mention the inverted subject of the verb ending at ``after``
    ("drohte der südkoreanische Präsident Yoon", "…, said Zelensky")?  German
    inverts any subject after a fronted verb; English only a speaker."""
    start = m.role_span[0] if m.role_span else m.first
    if not after <= start <= after + 2:
        return False
    if doc.language == "de":
        return True
    actor = doc.actor(m.entity_id)
    return actor is not None and actor.type == "person"


GENITIVE_ARTICLES = {"de": {"des", "eines"}}


def genitive_attribute(doc: Doc, m: Mention, a: int) -> bool:
    """Is the mention a German genitive attribute of the noun before it ("nach Informationen
    *des südkoreanischen Geheimdienstes*")?  Then it belongs to that noun: it is neither the
    subject of the clause nor the owner of a count that follows."""
    k = (m.role_span[0] if m.role_span else m.first) - 1
    return k >= a and doc.lower[k] in GENITIVE_ARTICLES.get(doc.language, ())


PASSIVE_AUX = {"is", "are", "was", "were", "be", "been", "being"}


def speech_verbs(doc: Doc, sentence: int) -> list[tuple[int, int]]:
    """Speech and assessment verbs of the sentence, leaving out English passives
    ("is estimated to have sent": no speaker in the verb's clause); once per sentence."""
    key = ("speech_verbs", sentence)
    hit = doc._cue_cache.get(key)
    if hit is not None:
        return hit
    out = doc._cue_cache[key] = []
    for c in doc.cues("attribution", sentence):
        if c.payload[0] != "speech":
            continue
        if doc.language == "en" and c.start > 0 and doc.lower[c.start - 1] in PASSIVE_AUX:
            continue
        out.append((c.start, c.end))
    return out


def clause_speaker(doc: Doc, sentence: int, verb: tuple[int, int], exclude: set[int]) -> Mention | None:
    """The speaker inside the speech verb's own clause (", South Korea's spy agency said")."""
    a, _ = doc.sentence_tokens[sentence]
    k = doc.subject_clause_start(a, verb[0])
    local = [m for m in actor_mentions(doc, sentence, exclude) if k <= m.first and m.last <= verb[0]]
    if not local:
        return None
    return min(local, key=lambda m: (TYPE_PREFERENCE.get(getattr(doc.actor(m.entity_id), "type", ""), 9), m.first))


def subject(doc: Doc, sentence: int, exclude: set[int] = frozenset(),
            before: int | None = None, after: int | None = None) -> Mention | None:
    """The most agent-like actor of the sentence: the first person, else organisation, else state.

    With ``before``/``after`` (a verb's token span) only actors before the verb or
    within two words after it count: what follows a speech verb is what was said.
    """
    cands = actor_mentions(doc, sentence, exclude)
    if before is not None:
        cands = [m for m in cands if m.last <= before or (after is not None and follows(doc, m, after))]
    best = None
    best_key = None
    for m in cands:
        actor = doc.actor(m.entity_id)
        if actor is None:
            continue
        key = (TYPE_PREFERENCE.get(actor.type, 9), m.first)
        if best_key is None or key < best_key:
            best, best_key = m, key
    return best


def claimant(doc: Doc, sentence: int, exclude: set[int] = frozenset()) -> str | None:
    src = explicit_source(doc, sentence, exclude)
    if src:
        return src[0].entity_id
    verbs = speech_verbs(doc, sentence)
    # An impersonal verb ("hieß es in der Zeitung des Ministeriums") has the speaker it names after
    # it, or none: the actors of what was said are not its speaker.
    plain_verbs = []
    for verb in verbs:
        impersonal, named = impersonal_source(doc, sentence, *verb)
        if impersonal and named is not None and named.first not in exclude:
            return named.entity_id
        if not impersonal:
            plain_verbs.append(verb)
    if verbs and not plain_verbs:
        return None
    verbs = plain_verbs
    # A speaker in the verb's own clause beats the sentence's first actor:
    # "North Korea has sent 12,000 troops, South Korea's spy agency said."
    for verb in reversed(verbs):
        m = clause_speaker(doc, sentence, verb, exclude)
        if m is not None:
            return m.entity_id
    for verb in verbs:
        m = subject(doc, sentence, exclude, before=verb[0], after=verb[1])
        if m is not None:
            return m.entity_id
    return None
