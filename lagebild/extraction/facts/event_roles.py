"""Who an event comes from (source) and whom it is aimed at (target).

A speech act's source is its speaker; an event that is only the content of someone's speech gets
an agent only where the text names one next to it; a source phrase or an impersonal verb has the
speaker it names.  The target of an adversarial event is on another side than its source.
"""

from __future__ import annotations

from lagebild.extraction.facts import attribution
from lagebild.extraction.facts.doc import Doc, Mention
from lagebild.extraction.facts.mentions import ARTICLES
from lagebild.extraction.facts.modality import SPEECH_ACTS, SPEECH_TYPES

# Types with an adversary as target: the target must be on another side than the source.
ADVERSARIAL = {"condemnation", "threat", "warning", "combat", "capture", "denial"}
# Where the host is only named by the place ("in Pjöngjang unterzeichnet"), the place's actor is the partner.
COOPERATIVE_AT_PLACE = {"visit", "treaty_signing", "meeting"}
REPORTED_BY_CLAIMANT = {"casualty_report"}
AGENT_MARKERS = {"durch", "by", "von"}


def event_source(doc: Doc, sentence: int, t0: int, t1: int, etype: str, content: bool) -> Mention | None:
    """Who acts.  A speech act's source is its speaker; an event that is only the
    content of someone's speech ("verurteilte die Entsendung") gets an agent only
    if the text names one next to it."""
    a, b = doc.sentence_tokens[sentence]
    ms = attribution.actor_mentions(doc, sentence)
    if etype in REPORTED_BY_CLAIMANT:
        # Who counts the dead is who reports them, not the dead.
        claim = attribution.claimant(doc, sentence)
        return next((m for m in ms if m.entity_id == claim), None) if claim else None
    if etype == "statement":
        src = attribution.explicit_source(doc, sentence)
        if src and src[1][0] <= t0 <= src[1][1]:
            return src[0]
        # "…, according to the report", "…, hieß es in der Zeitung des Ministeriums": the speaker is
        # whom the phrase names, never an actor of what was said.
        impersonal, named = attribution.impersonal_source(doc, sentence, t0, t1)
        if impersonal:
            return named
    # Agent marker: "Ratifizierung … durch Nordkorea", "ratified by the Duma".
    for m in ms:
        if m.first - 1 >= t1 and m.first - t1 <= 10 and doc.words[m.first - 1].lower() in AGENT_MARKERS \
                and not doc.crosses_clause(t1, m.first):
            return m
    # The actor in the trigger's own clause, before it ("was die Ukraine bestreitet",
    # "Ukrainian forces have captured"), or right after a fronted verb ("sagte Selenskyj").
    # Not a genitive attribute of another noun ("nach Informationen des Geheimdienstes") nor
    # the object of a preposition ("im Krieg gegen die Ukraine"): a German clause's subject
    # comes first in it ("will Pjöngjang … entsenden"), however long the clause is.
    cs = doc.clause_start(a, t0)
    if cs - 1 > a and doc.words[cs - 1] == ")":
        cs = doc.subject_clause_start(a, t0)
    not_subjects = _not_subjects(doc, sentence, a, ms)
    in_clause = [m for m in ms if cs <= m.first and m.last <= t0 and m.first not in not_subjects]
    local = [m for m in in_clause if t0 - m.last <= 6] or (in_clause[:1] if doc.language == "de" else [])
    if not local:
        local = [m for m in ms if attribution.follows(doc, m, t1)]
    if local:
        return min(local, key=lambda m: (attribution.TYPE_PREFERENCE.get(
            getattr(doc.actor(m.entity_id), "type", ""), 9), m.first))
    if content:
        return None
    if etype in SPEECH_ACTS or etype == "statement":
        # The speaker precedes the speech verb or directly follows it.
        return attribution.subject(doc, sentence, before=t0, after=t1)
    return attribution.subject(doc, sentence)


def _not_subjects(doc: Doc, sentence: int, a: int, ms: list[Mention]) -> frozenset[int]:
    """First tokens of the sentence's actor mentions that cannot be a clause's subject: genitive
    attributes and objects of prepositions (once per sentence)."""
    key = ("not_subjects", sentence)
    hit = doc._cue_cache.get(key)
    if hit is None:
        german = doc.language == "de"
        hit = doc._cue_cache[key] = frozenset(
            m.first for m in ms
            if (german and attribution.genitive_attribute(doc, m, a)) or _object_of_preposition(doc, m, a))
    return hit


def _object_of_preposition(doc: Doc, m: Mention, a: int) -> bool:
    """Is the mention governed by a preposition ("gegen die Ukraine", "with Moscow")?"""
    k = (m.role_span[0] if m.role_span else m.first) - 1
    if k > a and doc.lower[k] in ARTICLES:
        k -= 1
    cw = doc.clause_words
    return k >= a and (doc.lower[k] in cw.prepositions or doc.lower[k] in cw.object_prepositions)


def event_target(doc: Doc, sentence: int, etype: str, source: Mention | None, place_actor: str | None,
            trigger: tuple[int, int], speech_clauses: list[tuple[int, int]]) -> str | None:
    if source is None or etype in REPORTED_BY_CLAIMANT:
        return None  # no direction without an agent
    ms = attribution.actor_mentions(doc, sentence)
    src_actor = doc.actor(source.entity_id) if source else None
    src_state = doc.gazetteer.state_for(source.entity_id) if source else None
    # Who tells of the event ("…, sagte Lee") is not its target: skip the clauses of speech
    # verbs other than the trigger's own.
    t0 = trigger[0]
    speakers = [(lo, hi) for lo, hi in speech_clauses if not lo <= t0 < hi] if speech_clauses else ()
    for m in ms:
        if source is not None and (m.entity_id == source.entity_id or m.first < source.first):
            continue
        if speakers and any(lo <= m.first < hi for lo, hi in speakers):
            continue
        if doc.gazetteer.state_for(m.entity_id) == src_state and src_state is not None:
            continue
        if etype not in SPEECH_TYPES and doc.language == "de" and \
                attribution.genitive_attribute(doc, m, doc.sentence_tokens[sentence][0]):
            continue  # the source's source ("nach Informationen des Geheimdienstes"), not a party
        if etype in ADVERSARIAL:
            other = doc.actor(m.entity_id)
            if src_actor is not None and other is not None and other.side == src_actor.side:
                continue
        return m.entity_id
    if etype in COOPERATIVE_AT_PLACE and place_actor and place_actor != (source.entity_id if source else None):
        return place_actor
    return None
