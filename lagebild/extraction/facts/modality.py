"""Modality: whether an event or a troop figure happened, is reported, possible, threatened or denied.

Cues from data/lexicon/modality.csv apply by scope —

* ``near``: negation within three words of the trigger ("nicht unterzeichnet");
* ``before``: a governing verb or auxiliary earlier in the sentence
  ("drohte … Waffen zu schicken", "bestritt, Truppen entsandt zu haben",
  "wird … in Kraft treten");
* ``next``: a planning word just before the trigger ("Vorbereitung einer Offensive");
* ``clause``: a modal in the same comma-delimited clause ("könnte", "may");
* ``any``: a reporting cue anywhere ("nach Angaben", "reportedly").

Precedence: denied > threatened > possible > reported > asserted.  A threat
event is itself always ``threatened``.
"""

from __future__ import annotations

from lagebild.extraction.facts.doc import Doc
from lagebild.extraction.lexicon import word_roles

PRECEDENCE = ["denied", "threatened", "possible", "reported"]
NEAR = 3
NEAR_BEFORE = 2  # "did not sign", "has not yet ratified"; not "not denied the deployment"
# Specific speech acts make a generic "statement" in the same sentence redundant.
SPEECH_ACTS = {"condemnation", "threat", "warning", "denial", "acknowledgement", "intelligence_assessment"}
SPEECH_TYPES = SPEECH_ACTS | {"statement"}


def modality(doc: Doc, a: int, b: int, t0: int, t1: int, etype: str) -> str:
    if etype == "threat":
        return "threatened"
    speech_act = etype in SPEECH_ACTS or etype == "statement"
    found = set()
    cues = doc.cues("modality", doc.sentence_of[t0])
    negations = [(c.start, c.end) for c in cues if c.payload == ("denied", "near")]
    for cue in cues:
        s, e = cue.start, cue.end
        if cue.payload == ("denied", "before") and any(s - NEAR <= ne <= s for _, ne in negations):
            continue  # "has not denied the deployment" denies nothing about the deployment
        if s < t1 and t0 < e:  # the trigger itself ("bestritt" is the denial, not denied)
            continue
        modality, scope = cue.payload
        if speech_act and s >= t1 and not (scope == "near" and doc.language == "de"):
            continue  # what follows a speech verb is what was said, not how it was said
        # A cue holds for its own predication: not across a clause boundary ("clause"), and
        # a governing verb ("before") not into the next conjunct ("entsandte 10.000 Soldaten
        # …, und plant weitere 6.000": the plan is not the deployment's).
        if scope == "near":
            # German puts the negation after a finite verb ("äußerte sich nicht"), English before it.
            ok = (t0 - NEAR_BEFORE <= s and e <= t0) or (doc.language == "de" and t1 <= s <= t1 + NEAR - 1)
        elif scope == "next":  # "Vorbereitung einer Offensive", "plans to deploy"
            ok = e <= t0 and t0 - e <= NEAR and not doc.crosses_predication(e, t0)
        elif scope == "before":
            ok = e <= t0 and not doc.conjunct_between(e, t0)
        elif scope == "clause":
            lo, hi = (e, t0) if e <= t0 else (t1, s)
            ok = not doc.crosses_predication(lo, hi)
        else:
            ok = True
        if ok:
            found.add(modality)
    for m in PRECEDENCE:
        if m in found:
            return m
    return "asserted"


def figure_modality(doc: Doc, a: int, b: int, first: int, last: int) -> str:
    """A figure's modality, with the figure's own verb as the trigger: the nearest
    figure-kind cue after the count in its own conjunct ("could be sent", "nicht entsandt";
    not "… und plant weitere 6.000 zu schicken"), else the count."""
    t0, t1 = first, last
    after = [c for c in doc.cues("figure_kinds", doc.sentence_of[a])
             if c.start >= last and not doc.conjunct_between(last, c.start)]
    if after:
        t0, t1 = after[0].start, after[0].end
    m = modality(doc, a, b, t0, t1, "figure")
    if m == "possible" and _estimate(doc, a, b, first):
        return "reported"
    return m if m != "threatened" else "possible"


# An assessment verb before the count ("Die USA gingen davon aus, dass die Zahl … bei 11.000 bis 12.000
# liegen könne", "officials estimate the number could be as high as 12,000"): the "könne"/"could" hedges
# someone's estimate of how many there are, which is that someone's claim, not a possibility of sending.
# Words: data/lexicon/estimates.csv.
def _estimate(doc: Doc, a: int, b: int, first: int) -> bool:
    """Is the count the value of a counted quantity ("die Zahl …") that an assessment verb before it estimates?"""
    lo, words = doc.lower, word_roles("estimates", doc.language)
    if not any(lo[k] in words.get("count_noun", {}) for k in range(a, first)):
        return False
    text = " " + " ".join(lo[a:first]) + " "
    return any(f" {v} " in text for v in words.get("verb", {}))

