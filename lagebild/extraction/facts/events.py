"""Events, typed by a per-language trigger lexicon (data/lexicon/events.csv).

One event per predication; its span is the sentence, so the quote shows the whole statement.
Modality (``facts/modality.py``) makes sure a threat, a possibility, a future step or a denial is
never shown as something that happened; source and target come from ``facts/event_roles.py``; an
event is dated only from its own clause (below).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from lagebild.extraction.facts import attribution
from lagebild.extraction.facts.doc import Doc
from lagebild.extraction.facts.event_roles import REPORTED_BY_CLAIMANT, UNDERGONE, event_source, event_target
from lagebild.extraction.facts.mentions import ARTICLES
from lagebild.extraction.facts.modality import SPEECH_ACTS, SPEECH_TYPES, modality
from lagebild.extraction.lexicon import word_roles

INTELLIGENCE_WORDS = ("geheimdienst", "nachrichtendienst", "intelligence", "spionage")


@dataclass
class Event:
    sentence: int
    type: str
    cameo: str | None
    trigger: str
    trigger_span: tuple[int, int]
    actors: list[str] = field(default_factory=list)
    source: str | None = None
    target: str | None = None
    place: str | None = None
    date: str | None = None
    date_precision: str | None = None
    modality: str = "asserted"
    claimed_by: str | None = None  # whose claim the event is: a source phrase's actor or the speaker



def _date_distance(doc: Doc, d, t0: int, t1: int) -> int:
    """Words between a date and the trigger, plus a penalty if a clause boundary lies between."""
    lo, hi = (d.last, t0) if d.last <= t0 else (t1, d.first)
    gap = max(0, hi - lo)
    return gap + (10 if any(w in doc.clause_words.subordinators for w in doc.lower[lo:hi]) else 0)


SOURCE_PHRASES = {"source_follows", "source_precedes"}
_UNSET = object()
# The event a troop figure of each kind reports ("600 getötete Nordkoreaner": a casualty report).
FIGURE_EVENTS = {"deployed": "troop_deployment", "killed": "casualty_report", "wounded": "casualty_report",
                 "killed_or_wounded": "casualty_report", "casualties": "casualty_report",
                 "missing": "casualty_report", "captured": "capture"}


def _attributive(doc: Doc, a: int, t0: int, t1: int) -> bool:
    """An English participle after its noun is background, not a predication:
    "the treaty signed in June", "troops deployed in Kursk" (but "Kim signed",
    "has signed", "they signed")."""
    if doc.language != "en" or t1 - t0 != 1 or not doc.lower[t0].endswith("ed") or t0 <= a:
        return False
    prev = doc.words[t0 - 1]
    low = doc.lower[t0 - 1]
    return doc.kinds[t0 - 1] == "word" and prev[0].islower() and not low.endswith("ly") \
        and low not in doc.clause_words.finite_before


RELATIVES = {"which", "that", "who"}
HELP = frozenset({"help", "helps", "helped", "helping"})  # "to help Russia fight": an aim
PASSIVE_BE = {"was", "were", "is", "are", "been", "being", "be"}
INFINITIVE_OR_PASSIVE = PASSIVE_BE | {"to"}


def _bare_infinitive(doc: Doc, a: int, t0: int) -> bool:
    """An English infinitive is an aim, not a predication ("sending troops to help Russia
    fight Ukraine", "sent to Russia for training, not to fight") — unless a planning or
    threatening word governs it ("plans to deploy", "threatened to send"), which makes it
    a plan or a threat."""
    if doc.language != "en" or t0 <= a:
        return False
    k = t0 - 1
    if doc.lower[k] != "to":
        # "help Russia fight": "help" and its object right before the verb
        return not HELP.isdisjoint(doc.lower[max(a, t0 - 4):t0])
    return not any(c.end in (t0, k) and c.payload[0] in ("possible", "threatened")
                   for c in doc.cues("modality", doc.sentence_of[t0]))


def _relative_passive(doc: Doc, a: int, t0: int) -> bool:
    """A passive in an English relative clause describes its noun, like a participle after
    it: "the treaty that was signed today", "troops who were deployed in Kursk"."""
    if doc.language != "en":
        return False
    k = t0 - 1
    while k > a and doc.lower[k] in PASSIVE_BE:
        k -= 1
    if k == t0 - 1 or k <= a or doc.lower[k] not in RELATIVES:
        return False
    prev = doc.words[k - 1]
    # "that" after a noun is a relative; after a verb ("said that") it opens what was said.
    return doc.kinds[k - 1] == "word" and prev[0].islower() and doc.lower[k - 1] not in doc.clause_words.finite_before \
        and not any(c.start <= k - 1 < c.end for c in doc.cues("events", doc.sentence_of[t0])) \
        and not any(v0 <= k - 1 < v1 for v0, v1 in attribution.speech_verbs(doc, doc.sentence_of[t0]))


# Occasions are news even inside a phrase ("während eines Besuchs … unterzeichnet").
OCCASIONS = {"visit", "meeting", "treaty_signing", "ratification"}


def _in_phrase(doc: Doc, a: int, t0: int) -> bool:
    """Is a noun trigger governed by a preposition ("aus dem Einsatz zurückkehren",
    "in offensive combat operations")?  Then it is the setting, not a predication."""
    k = t0 - 1
    while k > a and k >= t0 - 3 and doc.kinds[k] == "word" and doc.words[k][0].islower() \
            and doc.lower[k] not in doc.clause_words.prepositions:
        k -= 1  # articles and adjectives between ("aus dem", "in offensive")
    return k >= a and doc.lower[k] in doc.clause_words.prepositions


def _opened_by(doc: Doc, a: int, t0: int, words: frozenset[str]) -> bool:
    """Is the trigger in a clause opened by one of ``words`` ("while fighting", "nachdem
    Pjöngjang im Herbst Truppen entsandt hatte")?"""
    return t0 in doc.opened_tokens(doc.sentence_of[t0], words)


def _sentence_dates(doc: Doc, dates: list, a: int, b: int) -> tuple[list, list]:
    """The dates of a sentence any of its events can take — not a wire dateline's nor one
    describing the source — and those of them outside background clauses (once per sentence)."""
    usable = [d for d in dates if not _dateline_date(doc, a, b, d) and not _source_dated(doc, a, d)]
    return usable, [d for d in usable if not _opened_by(doc, a, d.first, doc.clause_words.background)]


def _event_dates(doc: Doc, usable: list, foreground: list, a: int, b: int, t0: int, t1: int, etype: str) -> list:
    """The dates an event can take: an event in a background clause ("nachdem … im Herbst
    entsandt hatte") only those of its own clause; any other not those of background clauses
    nor those of another predicate (``_other_predicate``)."""
    if _opened_by(doc, a, t0, doc.clause_words.background):
        lo, hi = doc.clause_start(a, t0), doc.clause_end(t0, b)
        return [d for d in usable if lo <= d.first < hi]
    return [d for d in foreground if not _other_predicate(doc, a, b, d, t0, t1, etype)]


def _source_dated(doc: Doc, a: int, d) -> bool:
    """A date that describes the source, not the event: "nach Angaben des Geheimdienstes aus
    dem vergangenen Monat", "according to a report from last month" (a source phrase, then
    its own "aus"/"vom"/"from" before the date)."""
    markers = doc.clause_words.source_date
    k = d.first - 1
    while k > a and doc.lower[k] in ARTICLES:
        k -= 1
    if k <= a or doc.lower[k] not in markers:
        return False
    for c in doc.cues("attribution", doc.sentence_of[d.first]):
        if c.payload[0] == "source_follows" and c.end <= k and not doc.crosses_clause(c.end, k) \
                and k - c.end <= attribution.SOURCE_WINDOW + 2 \
                and not any(doc.kinds[i] == "num" for i in range(c.end, k)):
            return True
    return False


# An English participle after its noun takes its own complements: "the treaty concluded by
# Russia and North Korea on February 9, 2000 becomes invalid" (the date is the concluding's).
PARTICIPLE_COMPLEMENTS = {"by", "on", "in", "at", "between", "with", "last", "earlier"}
# German inflected participles before their noun: "der am 19. Juni unterzeichnete Vertrag".
ATTRIBUTIVE_ENDINGS = ("te", "ten", "tes", "ter", "tem", "ene", "enen", "enes", "ener", "enem")


# Speech acts that a casualty report in the same sentence already is.
REPORT_SPEECH = ("statement", "intelligence_assessment")


def _speech_dated(doc: Doc, s_idx: int, dates: list) -> list:
    """The dates next to a speech verb of the sentence, on its side of any subordinator
    ("sagte am Dienstag, …", "on June 15 estimated that …", "reported in March that …")."""
    out = []
    for v0, v1 in attribution.speech_verbs(doc, s_idx):
        for d in dates:
            lo, hi = (d.last, v0) if d.last <= v0 else (v1, d.first)
            if hi - lo <= 4 and not any(w in doc.clause_words.subordinators for w in doc.lower[lo:hi]):
                out.append(d)
    return out


def _other_predicate(doc: Doc, a: int, b: int, d, t0: int, t1: int, etype: str) -> bool:
    """Does the date belong to another predicate than the trigger's?  Never date an event
    with the date of another clause:

    * the date's clause (between breaks and conjunct starts) holds a verb of its own and
      not the trigger ("Wie Lee am Dienstag sagte, will Pjöngjang … entsenden": Tuesday is
      when he said it; ", signed … in June, has entered into force": June is the signing's);
    * the date is a complement of a participle attached to a noun: English after the noun
      ("the treaty concluded … on February 9, 2000 becomes invalid"), German before it
      ("der am 19. Juni unterzeichnete Vertrag tritt in Kraft")."""
    lo, hi = (d.last, t0) if d.last <= t0 else (t1, d.first)
    if doc.crosses_predication(lo, hi):
        s_idx = doc.sentence_of[t0]
        starts = doc.conjunct_starts(s_idx) if not doc.clause_words.coordinators.isdisjoint(doc.lower[a:b]) else ()
        seg_lo = doc.clause_start(a, d.first)
        seg_lo = max([seg_lo] + [k + 1 for k in starts if seg_lo <= k < d.first])
        seg_hi = doc.clause_end(d.last - 1, b)
        seg_hi = min([seg_hi] + [k for k in starts if d.last <= k < seg_hi])
        # A report's date is when it was said ("sagte am Dienstag, … auf rund 2.000 gestiegen").
        if not seg_lo <= t0 < seg_hi and _has_verb(doc, s_idx, seg_lo, seg_hi, speech=etype not in REPORTED_BY_CLAIMANT):
            return True
    if d.last <= t0:
        if doc.language == "en":
            for k in range(max(a + 1, d.first - 12), d.first):
                if _post_nominal_participle(doc, a, k) and not doc.crosses_predication(k, d.first) \
                        and not k <= t0 < d.first:
                    return True
        elif doc.language == "de":
            for k in range(d.last, min(t0, d.last + 3)):
                w = doc.words[k]
                if doc.kinds[k] == "word" and w[0].islower() and w.endswith(ATTRIBUTIVE_ENDINGS) \
                        and k + 1 < b and doc.words[k + 1][:1].isupper() and doc.kinds[k + 1] == "word" \
                        and (doc.lower[k].startswith("ge") or _has_verb(doc, doc.sentence_of[k], k, k + 1)) \
                        and not k <= t0 < k + 1:
                    return True
    return False


def _has_verb(doc: Doc, s_idx: int, lo: int, hi: int, speech: bool = True) -> bool:
    """An event verb (or a speech verb) among tokens [lo, hi)."""
    speech_at = {v0 for v0, _ in attribution.speech_verbs(doc, s_idx)}
    if any(lo <= c.start < hi and c.payload[-1] != "noun" and (speech or (c.payload[0] not in SPEECH_TYPES
                                                                       and c.start not in speech_at))
           for c in doc.cues("events", s_idx)):
        return True
    return speech and any(lo <= v0 < hi for v0 in speech_at)


@lru_cache(maxsize=4)
def _dateline_dashes(language: str) -> frozenset[str]:
    return frozenset(word_roles("place_markers", language).get("dateline", ()))


def _dateline_date(doc: Doc, a: int, b: int, d) -> bool:
    """"Dec 5 (Interfax) - …": the date of a wire dateline is the report's, not an event's."""
    if d.first - a > 2:
        return False
    ahead = doc.words[d.last:min(b, d.last + 6)]
    dashes = _dateline_dashes(doc.language)
    return "(" in ahead and any(w in dashes for w in ahead)


def _post_nominal_participle(doc: Doc, a: int, k: int) -> bool:
    """"cooperation concluded by …", "the treaty signed in June": an -ed form after a noun
    with a complement after it (not "has concluded", "they signed")."""
    low = doc.lower[k]
    if not low.endswith("ed") or k + 1 >= len(doc.words) or doc.lower[k + 1] not in PARTICIPLE_COMPLEMENTS:
        return False
    prev = doc.words[k - 1]
    return doc.kinds[k - 1] == "word" and prev[0].islower() and not doc.lower[k - 1].endswith("ly") \
        and doc.lower[k - 1] not in doc.clause_words.finite_before


def _predications(doc: Doc, s_idx: int, a: int, b: int, figures=()) -> dict[str, Event]:
    """The sentence's events, one per type: a trigger is a predication unless it is
    a source phrase next to another event ("nach Angaben", "according to": whose claim
    it is), a participle modifying a noun, or a noun in the clause of a verb trigger
    ("bestätigte die Entsendung" is one acknowledgement; "bei den Kämpfen verletzt" one
    casualty report); a clause of circumstance ("while fighting") counts only where
    nothing else does."""
    sources = [(c.start, c.end) for c in doc.cues("attribution", s_idx) if c.payload[0] in SOURCE_PHRASES]
    cands, aside = [], []
    cues = doc.cues("events", s_idx)
    # A capitalised German word that both a verb stem and a noun match is the noun
    # ("bei den Kämpfen": "kämpf*" and "Kämpfe*").
    nouns = {(c.start, c.end) for c in cues if c.payload[2] == "noun"} if doc.language == "de" and len(cues) > 1 else ()
    english = doc.language == "en"
    helps = english and not HELP.isdisjoint(doc.lower[a:b])
    for tm in cues:
        etype, cameo, form = tm.payload
        if etype == "none" or (form != "noun" and _attributive(doc, a, tm.start, tm.end)):
            continue
        if nouns and form == "verb" and (tm.start, tm.end) in nouns and doc.words[tm.start][0].isupper():
            continue
        is_source = any(tm.start < e and s < tm.end for s, e in sources)
        aside_now = is_source or _opened_by(doc, a, tm.start, doc.clause_words.circumstance) \
            or (form == "noun" and etype not in OCCASIONS and _in_phrase(doc, a, tm.start))
        if english and not aside_now and form == "verb" and tm.start > a and (
                doc.lower[tm.start - 1] in INFINITIVE_OR_PASSIVE or helps):  # the cheap test first
            aside_now = _bare_infinitive(doc, a, tm.start) or _relative_passive(doc, a, tm.start)
        (aside if aside_now else cands).append((tm.start, tm.end, etype, cameo, form))
    # A count of people is a predication of its own ("Pyongyang sent an additional
    # 3,000 personnel"): its kind says which event it reports.
    for f in figures:
        if f.kind in FIGURE_EVENTS:
            cands.append((f.first, f.last, FIGURE_EVENTS[f.kind], None, "figure"))
    # A sentence that only cites a source is that source's statement; one that is all
    # background still reports it.
    cands = cands or aside
    # A noun is the content of a speech act in its clause ("bestätigte die Entsendung") or
    # the setting of a counted predicate ("bei den Kämpfen verletzt"); beside any other
    # verb it is an event of its own ("während eines Besuchs unterzeichnet").
    verbs = [c for c in cands if c[4] == "figure" or (c[4] == "verb" and c[2] in SPEECH_TYPES)]
    sent_lower = None
    seen: dict[str, Event] = {}
    for t0, t1, etype, cameo, form in cands:
        if form == "noun" and any(not doc.crosses_clause(min(t1, v0), max(t0, v1)) for v0, v1, *_ in verbs):
            continue
        if etype in ("acknowledgement", "statement") and sent_lower is None:
            sent_lower = " ".join(doc.lower[a:b])
        if etype in ("acknowledgement", "statement") and any(w in sent_lower for w in INTELLIGENCE_WORDS):
            etype, cameo = "intelligence_assessment", None
        if etype not in seen:
            s, e = doc.span(t0, t1)
            seen[etype] = Event(s_idx, etype, cameo, doc.text[s:e], (t0, t1))
    return seen


def extract_events(doc: Doc, skip_sentences: set[int] = frozenset(), figures=()) -> list[Event]:
    """Events per sentence (``figures``: the document's troop figures, each of which
    reports an event of its kind)."""
    out: list[Event] = []
    figures_in: dict[int, list] = {}
    for f in figures:
        figures_in.setdefault(f.sentence, []).append(f)
    dates_in: dict[int, list] = {}
    for d in doc.dates:
        dates_in.setdefault(d.sentence, []).append(d)
    for s_idx, (a, b) in enumerate(doc.sentence_tokens):
        if s_idx in skip_sentences:
            continue
        seen = _one_event_per_report(_predications(doc, s_idx, a, b, figures_in.get(s_idx, ())))
        if not seen:
            continue
        mentions = doc.mentions_in(s_idx)
        usable, foreground = _sentence_dates(doc, dates_in[s_idx], a, b) if s_idx in dates_in else ((), ())
        sentence = _Sentence(
            s_idx, a, b, actor_ids=list(dict.fromkeys(m.entity_id for m in mentions if m.entity_kind == "actor")),
            places=[m for m in mentions if m.entity_kind == "place"], usable=usable, foreground=foreground,
            speech_types=(SPEECH_ACTS | {"statement"}) & seen.keys())
        for ev in seen.values():
            _complete(doc, ev, sentence)
            out.append(ev)
    return out


def _one_event_per_report(seen: dict) -> dict:
    """A speech act makes a bare "statement" beside it redundant; who reports a count of the dead or
    wounded makes the casualty report: one event, the report, not a statement or an assessment beside
    it ("… seien getötet worden, sagte Lee")."""
    if "statement" in seen and SPEECH_ACTS & seen.keys():
        del seen["statement"]
    if "casualty_report" in seen:  # REPORTED_BY_CLAIMANT
        for etype in REPORT_SPEECH:
            seen.pop(etype, None)
    return seen


@dataclass
class _Sentence:
    """What every event of one sentence shares, and what is worked out once for all of them."""
    index: int
    a: int
    b: int
    actor_ids: list
    places: list
    usable: tuple
    foreground: tuple
    speech_types: set
    claim: object = _UNSET          # the sentence's claimant, once asked
    speech_clauses: list | None = None  # the clauses of its speech verbs, once asked


def _complete(doc: Doc, ev: Event, s: _Sentence) -> None:
    """An event's actors, place, source, claimant, target, date and modality, from its sentence."""
    t0, t1 = ev.trigger_span
    ev.actors = s.actor_ids
    if s.places:
        ev.place = min(s.places, key=lambda m: abs(m.first - t0)).entity_id
    place_actor = doc.gazetteer.places[ev.place].actor if ev.place in doc.gazetteer.places else None
    content = (ev.type not in SPEECH_ACTS and ev.type != "statement") and bool(s.speech_types)
    src = event_source(doc, s.index, t0, t1, ev.type, content)
    ev.source = src.entity_id if src else None
    # A claim keeps its claimant: "nach Angaben der KCNA wird … in Kraft treten".
    if ev.type in SPEECH_TYPES:
        ev.claimed_by = ev.source
    else:
        if s.claim is _UNSET:
            s.claim = attribution.claimant(doc, s.index)
        ev.claimed_by = s.claim
    if (src is not None or ev.type in UNDERGONE) and ev.type not in REPORTED_BY_CLAIMANT:
        if s.speech_clauses is None:
            s.speech_clauses = [(doc.clause_start(s.a, v0), doc.clause_end(v0, s.b))
                                for v0, _ in attribution.speech_verbs(doc, s.index)]
        ev.target = event_target(doc, s.index, ev.type, src, place_actor, ev.trigger_span, s.speech_clauses)
    else:
        ev.target = None
    own = _event_dates(doc, s.usable, s.foreground, s.a, s.b, t0, t1, ev.type) if s.usable else ()
    if own and ev.type in REPORTED_BY_CLAIMANT:
        # A report is dated when it was made: a date by its speech verb ("reported in
        # March that … last year") before one inside what was said.
        own = _speech_dated(doc, s.index, own) or own
    if own:
        d = min(own, key=lambda d: _date_distance(doc, d, t0, t1))
        ev.date, ev.date_precision = d.date, d.precision if d.date else None
    ev.modality = modality(doc, s.a, s.b, t0, t1, ev.type)
