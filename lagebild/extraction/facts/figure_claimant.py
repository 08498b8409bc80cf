"""Whose number it is: the claimant of a troop figure, and who relays it.

``attribution.claimant`` finds the source a sentence names itself (a source phrase, a speech
verb's speaker).  A figure needs more, each rule general and its words data in
``data/lexicon/claimant_words.csv``:

1. **several sources in one phrase**: "nach Erkenntnissen südkoreanischer und westlicher
   Geheimdienste" is both (joined ids, "; ");
2. **a nationality as the source**: "nach südkoreanischen Angaben", "according to South Korean
   officials" → South Korea;
3. **a service or a report named before**: "Im April war *der Geheimdienst* … ausgegangen" is the
   service the text last named with that noun; "…, *the report* added" is whoever the last sentence
   naming a report attributed it to;
4. **reported speech goes on**: a sentence in the Konjunktiv with no source of its own ("„Mindestens
   10.000“ seien derzeit in Kursk") is the previous sentence's claim, within the paragraph;
5. **relayed**: a speaker citing an intelligence service ("sagte Lee unter Berufung auf den
   Geheimdienst") is the service's claim, ``relayed_by`` the speaker (cues: data/claims/relay_cues.csv);
6. **outlets relay**: a news agency or outlet ("der Nachrichtenagentur KCNA zufolge", a wire credit)
   is the claimant only where the sentence names nobody else; else it is ``relayed_by``;
7. **several accusers**: "A, B und C werfen N vor, … entsandt zu haben" is the claim of all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lagebild.claims import rules as claim_rules
from lagebild.claims.claimants import accusation, relayed_service
from lagebild.extraction.facts import attribution
from lagebild.extraction.facts.doc import Doc, Mention
from lagebild.extraction.lexicon import word_roles

LOOK_BACK = 4  # sentences back in which a service or report named before is looked for
SOURCE_NP = 6  # tokens after a source preposition in which its noun stands


@dataclass(frozen=True)
class ClaimantWords:
    outlets: frozenset[str]
    reported_speech: frozenset[str]
    institution: frozenset[tuple[str, ...]]
    document: frozenset[tuple[str, ...]]
    source_noun: frozenset[str]
    source_preposition: frozenset[tuple[str, ...]]
    source_postposition: frozenset[str]
    coordinator: frozenset[str]


@lru_cache(maxsize=4)
def claimant_words(language: str) -> ClaimantWords:
    r = word_roles("claimant_words", language)

    def words(role: str) -> frozenset[str]:
        return frozenset(r.get(role, ()))

    def phrases(role: str) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(w.split()) for w in r.get(role, ()))

    return ClaimantWords(words("outlet"), words("reported_speech"), phrases("institution"), phrases("document"),
                         words("source_noun"), phrases("source_preposition"), words("source_postposition"),
                         words("coordinator"))


@dataclass
class Said:
    claimed_by: str | None
    relayed_by: str | None = None
    accused: str | None = None  # rule 7: whom the accusers accuse (whose troops, where the count names none)


def _has_phrase(doc: Doc, lo: int, hi: int, phrases: frozenset[tuple[str, ...]]) -> int | None:
    for k in range(lo, hi):
        for p in phrases:
            if tuple(doc.lower[k:k + len(p)]) == p:
                return k
    return None


def _coordinated(doc: Doc, first: Mention, ms: list[Mention], cw: ClaimantWords, stop: int) -> list[Mention]:
    """The source mention and the ones coordinated with it ("südkoreanischer und westlicher Geheimdienste")."""
    out = [first]
    for m in ms:
        if m.first <= out[-1].first or m.first >= stop:
            continue
        between = doc.lower[out[-1].last:m.first]
        if between and all(w in cw.coordinator or w == "," for w in between) and any(w in cw.coordinator for w in between):
            out.append(m)
        else:
            break
    return out


def _explicit(doc: Doc, sentence: int, exclude: set[int], cw: ClaimantWords) -> list[Mention]:
    """Rules 1 and 2: the actors a source phrase names (several where coordinated), or []."""
    ms = sorted(attribution.actor_mentions(doc, sentence, exclude), key=lambda m: m.first)
    src = attribution.explicit_source(doc, sentence, exclude)
    if src is not None:
        stop = min([k for k in range(src[0].last, doc.sentence_tokens[sentence][1]) if doc.kinds[k] == "num"] or [10**9])
        return _coordinated(doc, src[0], ms, cw, stop)
    # "nach südkoreanischen Angaben", "südkoreanischen Angaben zufolge", "according to South Korean officials"
    a, b = doc.sentence_tokens[sentence]
    for k in range(a, b):
        if doc.lower[k] not in cw.source_noun:
            continue
        pre = _has_phrase(doc, max(a, k - SOURCE_NP), k, cw.source_preposition)
        post = k + 1 < b and doc.lower[k + 1] in cw.source_postposition
        if pre is None and not post:
            continue
        lo = pre if pre is not None else max(a, k - SOURCE_NP)
        inside = [m for m in ms if lo <= m.first and m.last <= k]
        if inside:
            return _coordinated(doc, inside[0], ms, cw, k)
    return []


def _sentence_sources(doc: Doc, sentence: int) -> list[Mention]:
    """``_explicit`` without exclusions, once per sentence (every count in it asks)."""
    key = ("sentence_sources", sentence)
    hit = doc._cue_cache.get(key)
    if hit is None:
        hit = doc._cue_cache[key] = _explicit(doc, sentence, set(), claimant_words(doc.language))
    return hit


def _explicit_for(doc: Doc, sentence: int, exclude: set[int], cw: ClaimantWords) -> list[Mention]:
    """``_explicit`` with a count's tokens left out; the sentence's own answer where they change nothing
    (leaving mentions out never makes a source, and only matters where it leaves out a named one)."""
    named = _sentence_sources(doc, sentence)
    if not named or not any(k in exclude for m in named for k in range(m.first, m.last)):
        return named
    return _explicit(doc, sentence, exclude, cw)


def source_tokens(doc: Doc, sentence: int) -> set[int]:
    """Tokens of the actors a source phrase names ("laut *ukrainischen* Angaben", "nach Angaben *des
    Geheimdienstes*"): they say who claims, never whose troops are counted."""
    return {k for m in _sentence_sources(doc, sentence) for k in range(m.first, m.last)}


def _anaphoric(doc: Doc, sentence: int, cw: ClaimantWords, said_in) -> str | None:
    """Rule 3: "der Geheimdienst", "the report" with a definite article, pointing back."""
    a, b = doc.sentence_tokens[sentence]
    articles = {"der", "die", "das", "dem", "den", "des", "the"}
    for k in range(a + 1, b):
        if doc.lower[k - 1] not in articles:
            continue
        for p in cw.institution:
            if tuple(doc.lower[k:k + len(p)]) == p:
                who = _last_named(doc, sentence, p[-1])
                if who is not None:
                    return who
        for p in cw.document:
            if tuple(doc.lower[k:k + len(p)]) == p:
                for s in range(sentence - 1, max(-1, sentence - 1 - LOOK_BACK), -1):
                    s0, s1 = doc.sentence_tokens[s]
                    if any(tuple(doc.lower[j:j + len(p)]) == p for j in range(s0, s1)) and said_in(s).claimed_by:
                        return said_in(s).claimed_by
    return None


def _last_named(doc: Doc, sentence: int, noun: str) -> str | None:
    """The actor last named (within ``LOOK_BACK`` sentences) by a name holding ``noun`` ("Geheimdienst")."""
    for s in range(sentence - 1, max(-1, sentence - 1 - LOOK_BACK), -1):
        for m in reversed([m for m in doc.mentions_in(s) if m.entity_kind == "actor"]):
            words = [w.lower() for w in doc.text[m.start:m.end].split()]
            if any(w.startswith(noun) for w in words):
                return m.entity_id
    return None


def _same_paragraph(doc: Doc, s0: int, s1: int) -> bool:
    return "\n" not in doc.text[doc.sentences[s0].end:doc.sentences[s1].start]


def _reported_speech(doc: Doc, sentence: int, cw: ClaimantWords) -> bool:
    a, b = doc.sentence_tokens[sentence]
    return any(doc.lower[k] in cw.reported_speech for k in range(a, b))


def _relay(doc: Doc, sentence: int, speaker: str) -> Said | None:
    """Rule 5: the speaker cites an intelligence service in this sentence."""
    rules = claim_rules.load()
    if speaker in rules.intelligence_services:
        return None
    services = [(m.start, m.end, m.entity_id) for m in doc.mentions_in(sentence)
                if m.entity_kind == "actor" and m.entity_id in rules.intelligence_services and m.entity_id != speaker]
    if not services:
        return None
    service = relayed_service(doc.text, doc.language, services, rules)
    return Said(service, speaker) if service else None


def _without_outlets(doc: Doc, ids: list[str], sentence: int, exclude: set[int], cw: ClaimantWords) -> Said:
    """Rule 6: an outlet relays; the claim is the other speaker's where the sentence names one."""
    outlets = [i for i in ids if i in cw.outlets]
    if not outlets or len(outlets) < len(ids):
        rest = [i for i in ids if i not in cw.outlets]
        return Said("; ".join(sorted(set(rest))) or None, "; ".join(outlets) or None)
    skip = exclude | {k for m in doc.mentions_in(sentence) if m.entity_id in cw.outlets for k in range(m.first, m.last)}
    for verb in attribution.speech_verbs(doc, sentence):
        m = attribution.clause_speaker(doc, sentence, verb, skip) or \
            attribution.subject(doc, sentence, skip, before=verb[0], after=verb[1])
        if m is not None and m.entity_id not in cw.outlets:
            return Said(m.entity_id, "; ".join(outlets))
    return Said("; ".join(outlets))


def _accusers(doc: Doc, sentence: int, exclude: set[int]) -> tuple[list[str], str | None]:
    """Rule 7, several accusers: "Die Ukraine, die USA und Südkorea werfen Nordkorea vor, mehr als 10 000
    Soldaten entsandt zu haben" is the claim of all three (the accused left out; cues in
    data/claims/accusation_cues.csv)."""
    if not exclude:
        return [], None
    actors = [(m.start, m.end, m.entity_id) for m in sorted(
        (m for m in doc.mentions_in(sentence) if m.entity_kind == "actor"), key=lambda m: m.start)]
    who, accused = accusation(doc.text, doc.language, actors, doc.starts[min(exclude)], None, claim_rules.load())
    return list(dict.fromkeys(who)), (accused if who else None)


CREDIT_REACH = 12  # tokens from a dateline's city to the dash that ends its credit


def _credit(doc: Doc) -> set[int]:
    """Tokens of the dateline and its wire credit, up to the dash that ends it ("KYIV, Feb 2 (Reuters) -")."""
    a, k = doc.dateline
    dashes = set(word_roles("place_markers", doc.language).get("dateline", ())) | {"-", "–", "—", "--"}
    end = next((j + 1 for j in range(k, min(len(doc.words), k + CREDIT_REACH)) if doc.words[j] in dashes), k)
    return set(range(a, end))


def own_claimant(doc: Doc, sentence: int, exclude: set[int]) -> Said:
    """The claimant a sentence names itself (rules 1, 2, 5, 6, 7 and the speech-verb rules)."""
    cw = claimant_words(doc.language)
    # A dateline's wire credit ("KYIV, Feb 2 (Reuters) -") heads no clause: it speaks only where the text
    # names it as a source ("according to Reuters").
    if doc.dateline and doc.sentence_of[doc.dateline[0]] == sentence:
        exclude = exclude | _credit(doc)
    named = _explicit_for(doc, sentence, exclude, cw)
    ids = [m.entity_id for m in named] if named else [x for x in [attribution.claimant(doc, sentence, exclude)] if x]
    if not ids:
        accusers, accused = _accusers(doc, sentence, exclude)
        if accusers:
            return Said("; ".join(sorted(set(accusers))), accused=accused)
        return Said(None)
    said = _without_outlets(doc, ids, sentence, exclude, cw)
    if said.claimed_by and "; " not in said.claimed_by and said.relayed_by is None:
        relayed = _relay(doc, sentence, said.claimed_by)
        if relayed is not None:
            return relayed
    if named and said.relayed_by is None:
        # "…, sagte der Abgeordnete Lee" after a source phrase: the source's figure, the speaker relays it.
        skip = exclude | {k for m in named for k in range(m.first, m.last)}
        speaker = _speaker(doc, sentence, skip)
        if speaker is not None and speaker not in ids:
            said.relayed_by = speaker
    return said


def _speaker(doc: Doc, sentence: int, skip: set[int]) -> str | None:
    """A person speaking in the sentence (a speech verb's subject), outside the tokens ``skip``."""
    for verb in attribution.speech_verbs(doc, sentence):
        if attribution.impersonal_source(doc, sentence, *verb)[0]:
            continue
        m = attribution.clause_speaker(doc, sentence, verb, skip) or \
            attribution.subject(doc, sentence, skip, before=verb[0], after=verb[1])
        actor = doc.actor(m.entity_id) if m is not None else None
        if actor is not None and actor.type == "person":
            return m.entity_id
    return None


def figure_claimant(doc: Doc, sentence: int, exclude: set[int], earlier: dict[int, Said]) -> Said:
    """The claimant of a figure in ``sentence`` (``earlier``: sentence -> what the sentences before were
    attributed to, for rules 3 and 4; filled in here as other sentences are looked at)."""
    said = own_claimant(doc, sentence, exclude)
    if said.claimed_by:
        return said
    cw = claimant_words(doc.language)

    def said_in(s: int) -> Said:
        if s not in earlier or not earlier[s].claimed_by:
            earlier[s] = own_claimant(doc, s, set())
        return earlier[s]

    back = _anaphoric(doc, sentence, cw, said_in)
    if back is not None:
        return Said(back)
    prev = sentence - 1
    if prev >= 0 and _reported_speech(doc, sentence, cw) and _same_paragraph(doc, prev, sentence):
        before = said_in(prev)
        if before.claimed_by:
            return Said(before.claimed_by, before.relayed_by)
    return said


def _narrower(doc: Doc, a: str, b: str) -> bool:
    """Is claimant ``a`` a vaguer name for claimant ``b`` of the same figure: its ids a subset of b's
    ("westliche Geheimdienste" of "südkoreanische und westliche Geheimdienste"), or a state where b is
    one of that state's bodies ("nach südkoreanischen Angaben" of the NIS)?"""
    ia, ib = set(a.split("; ")), set(b.split("; "))
    if ia < ib:
        return True
    if len(ia) == 1 and len(ib) == 1:
        state = next(iter(ia))
        actor = doc.actor(state)
        return actor is not None and actor.type == "state" and doc.gazetteer.state_for(next(iter(ib))) == state \
            and next(iter(ib)) != state
    return False


def restatements(doc: Doc, figures: list) -> None:
    """One figure restated in one article is one claim: a restatement ("schätzungsweise 2.000 … getötet"
    beside "auf rund 2.000 gestiegen") takes the more specific claimant, relay and whose troops of the
    same figure (same value, kind and scope) elsewhere in the article, where exactly one is more specific.
    Two different claimants are never merged."""
    same: dict[tuple, list] = {}
    for f in figures:
        same.setdefault((f.value, f.low, f.high, f.kind, f.scope), []).append(f)
    for group in same.values():
        if len(group) < 2:
            continue
        for f in group:
            if f.subject_actor is None:
                subjects = {g.subject_actor for g in group if g.subject_actor}
                if len(subjects) == 1:
                    f.subject_actor = subjects.pop()
            if f.claimed_by is None:
                continue
            wider = {g.claimed_by for g in group if g.claimed_by and _narrower(doc, f.claimed_by, g.claimed_by)}
            if len(wider) == 1:
                donor = next(g for g in group if g.claimed_by in wider)
                f.claimed_by, f.relayed_by = donor.claimed_by, donor.relayed_by
