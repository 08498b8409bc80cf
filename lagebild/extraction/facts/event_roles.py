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
# Types whose named party is usually who it is done to (the captured), not who does it.
UNDERGONE = {"capture"}
PASSIVE_PARTICIPLES = {"prisoner", "genommen", "gefangengenommen"}
PASSIVE_AUX = {"is", "are", "was", "were", "be", "been", "being", "wurde", "wurden", "worden"}


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
    # Agent marker: "Ratifizierung … durch Nordkorea", "ratified by the Duma", "durch die Ukraine".
    marked = _marked_agent(doc, ms, t1)
    if marked is not None:
        return marked
    if etype in UNDERGONE:
        # "North Koreans taken prisoner", "Gefangennahme nordkoreanischer Soldaten": the actor named
        # with the captured is who it is done to; without an agent marker an active subject acts.
        patient = undergoer(doc, sentence, t0, t1, etype)
        if patient is not None and _passive(doc, t0, t1):
            return None
        ms = [m for m in ms if patient is None or m.first != patient.first]
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


def _marked_agent(doc: Doc, ms: list[Mention], t1: int) -> Mention | None:
    for m in ms:
        k = m.first - 1
        if k > t1 and doc.lower[k] in ARTICLES:
            k -= 1
        if k >= t1 and m.first - t1 <= 10 and doc.lower[k] in AGENT_MARKERS and not doc.crosses_clause(t1, m.first):
            return m
    return None


def _passive(doc: Doc, t0: int, t1: int) -> bool:
    """A nominal trigger ("Gefangennahme", "capture of"), a participle phrase ("taken prisoner",
    "gefangen genommen") or a participle after a passive auxiliary ("were captured")."""
    low = [doc.lower[i] for i in range(t0, t1)]
    return (doc.words[t0][:1].isupper() and doc.language == "de") or low[-1] in PASSIVE_PARTICIPLES \
        or (t0 > 0 and doc.lower[t0 - 1] in PASSIVE_AUX) or (t1 < len(doc.lower) and doc.lower[t1] == "of")


def undergoer(doc: Doc, sentence: int, t0: int, t1: int, etype: str) -> Mention | None:
    """Who an event of an UNDERGONE type is done to: in a passive or nominal phrase the actor named
    right before the participle ("North Koreans taken prisoner") or right after the noun, before any
    agent ("Gefangennahme nordkoreanischer Soldaten durch die Ukraine"); in the active voice the
    actor after the verb ("captured two North Korean soldiers")."""
    if etype not in UNDERGONE:
        return None
    ms = attribution.actor_mentions(doc, sentence)
    nominal = (doc.language == "de" and doc.words[t0][:1].isupper()) or (t1 < len(doc.lower) and doc.lower[t1] == "of")
    if _passive(doc, t0, t1) and not nominal:
        before = [m for m in ms if m.last <= t0 and t0 - m.last <= 2]
        return before[-1] if before else None
    after = [m for m in ms if t1 <= m.first <= t1 + 4 and doc.lower[m.first - 1] not in AGENT_MARKERS
             and all(doc.kinds[k] == "word" for k in range(t1, m.first)) and not doc.crosses_clause(t1, m.first)]
    return after[0] if after else None


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
    if etype in UNDERGONE:  # who it is done to is named whether or not the text names who did it
        patient = undergoer(doc, sentence, trigger[0], trigger[1], etype)
        if patient is not None and (source is None or patient.entity_id != source.entity_id):
            return patient.entity_id
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
