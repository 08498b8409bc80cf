"""Who makes a claim: the claimant key of each figure mention.

The rules (documented in ``data/claims/README.md``):

1. the figure's ``claimed_by`` from the extraction ("nach Angaben …", "… said"),
   where the extraction names one; several ids may come "; "-joined;
   **relayed**: where that is one speaker (not itself an intelligence service) and the
   figure's sentence says the speaker relays an intelligence service — a cue of
   ``data/claims/relay_cues.csv`` right before the service's name ("unter Berufung auf den
   Geheimdienst", "nach Informationen des südkoreanischen Geheimdienstes", "according to the
   NIS") or right after it ("der Geheimdienst gehe davon aus", "the NIS estimates"), one
   service of ``data/claims/intelligence_services.csv`` only — the claimant is the service and
   the speaker is kept as ``relayed_by`` (the NIS via lawmaker Lee).  Without such words the
   speaker stays the claimant: a lawmaker is never taken for the NIS by name alone;
2. else a **joint accusation**: when an accusation verb from
   ``data/claims/accusation_cues.csv`` stands between the sentence's actors and the
   figure ("Die Ukraine, die USA und Südkorea werfen Nordkorea vor, mehr als 10 000
   Soldaten entsandt zu haben"), the claimants are all actors named before the verb,
   the accused (the figure's subject actor) left out;
3. else the figure is unattributed.

Each id is then mapped through ``data/claims/claimants.csv`` (an actor who always speaks
for another; empty today) and the set is sorted, so the key of "Ukraine, the USA and South Korea"
is ``south-korea; ukraine; usa`` in every language.  Two mentions are the same claimant
only when their keys are equal: a joint claim never merges with the claim of one of
its members, nor with "South Korean and Western intelligence".
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from lagebild.claims.rules import Rules

NAMED, RELAYED, ACCUSATION, UNATTRIBUTED = "named", "relayed", "accusation", "unattributed"


def claimant_key(ids, rules: Rules) -> str | None:
    """The canonical claimant of a set of actor ids (mapped, distinct, sorted, "; "-joined)."""
    out = sorted({rules.claimant_of.get(a, a) for a in ids if isinstance(a, str) and a})
    return "; ".join(out) or None


def _actors_by_sentence(mentions: pd.DataFrame) -> dict[tuple[str, int], list[tuple[int, int, str]]]:
    act = mentions[mentions["entity_kind"] == "actor"].sort_values(["doc_id", "sentence", "start"])
    out: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    cols = [act[c].tolist() for c in ["doc_id", "sentence", "start", "end", "entity_id"]]
    for d, s, a, e, ent in zip(*cols):
        out.setdefault((d, s), []).append((a, e, ent))
    return out


def accusation(text: str, language: str, actors: list[tuple[int, int, str]], start: int,
               accused: str | None, rules: Rules) -> tuple[list[str], str | None]:
    """For a figure at ``start`` (rule 2): the actors who jointly accuse, and the accused (the
    figure's subject actor, else the first actor between the verb and the figure), or ([], None)."""
    cue = rules.accusation.get(language)
    before = [m for m in actors if m[1] <= start]
    if cue is None or not before:
        return [], None
    hits = list(cue.finditer(text, before[0][0], start))
    if not hits:
        return [], None
    verb = hits[-1].start()
    after = [ent for a, e, ent in before if a >= hits[-1].end()]
    accused = accused or (after[0] if after else None)
    return [ent for a, e, ent in before if e <= verb and ent != accused], accused


@lru_cache(maxsize=1 << 17)
def _has_cue(text: str, cue: re.Pattern) -> bool:
    # Memoised on the text (and the rule): a stored document's text never changes, and this search over
    # every text with an unattributed figure ran again for every filter and every change of the store
    # (1.3 s at 10,000 documents).  The key is the text itself, so other tables with the same doc_ids
    # never share an answer.
    return cue.search(text) is not None


def _cued_documents(documents: pd.DataFrame, wanted: set[str], rules: Rules) -> tuple[dict, dict]:
    """Text and language of the wanted documents whose text has an accusation verb."""
    ids = documents["doc_id"].tolist()
    keep = np.flatnonzero([d in wanted for d in ids])
    texts, langs = documents["text"].take(keep).tolist(), documents["language"].take(keep).tolist()
    cue = rules.accusation
    hits = [(ids[k], t, lang) for k, t, lang in zip(keep, texts, langs) if lang in cue and _has_cue(t, cue[lang])]
    return {d: t for d, t, _ in hits}, {d: lang for d, _, lang in hits}


def relayed_service(text: str, language: str, services: list[tuple[int, int, str]], rules: Rules) -> str | None:
    """The one intelligence service a sentence says its speaker relays (a relay cue right before or
    after the service's name), or None (no such words, or more than one service relayed)."""
    before, after = (rules.relay_before or {}).get(language), (rules.relay_after or {}).get(language)
    found = {ent for a, e, ent in services
             if (before is not None and before.search(text, max(0, a - 80), a))
             or (after is not None and after.match(text, e, e + 80))}
    return found.pop() if len(found) == 1 else None


def _relays(figures: pd.DataFrame, named: pd.Series, documents: pd.DataFrame, mentions: pd.DataFrame,
            rules: Rules) -> dict:
    """Row index -> (service, speaker) for the named figures whose sentence says the speaker relays a service."""
    services = rules.intelligence_services
    single = named.notna() & ~named.fillna("").str.contains("; ", regex=False) & ~named.isin(list(services))
    if not single.any() or not services:
        return {}
    svc = mentions[(mentions["entity_kind"] == "actor") & mentions["entity_id"].isin(list(services))]
    where: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    for d, s_, a, e, ent in zip(*(svc[c].tolist() for c in ["doc_id", "sentence", "start", "end", "entity_id"])):
        where.setdefault((d, s_), []).append((a, e, ent))
    todo = figures.loc[single.to_numpy(), ["doc_id", "sentence"]]
    todo = todo[[(d, s_) in where for d, s_ in zip(todo["doc_id"], todo["sentence"])]]
    if len(todo) == 0:
        return {}
    docs = documents[documents["doc_id"].isin(set(todo["doc_id"]))].drop_duplicates("doc_id").set_index("doc_id")
    out = {}
    for idx, d, s_ in zip(todo.index, todo["doc_id"], todo["sentence"]):
        service = relayed_service(str(docs.at[d, "text"]), docs.at[d, "language"], where[(d, s_)], rules)
        if service is not None:
            out[idx] = (service, named.at[idx])
    return out


def figure_claimants(figures: pd.DataFrame, documents: pd.DataFrame, mentions: pd.DataFrame,
                     rules: Rules) -> pd.DataFrame:
    """Per figure row (same index): ``claimant`` (key or None), ``claimant_basis``, ``relayed_by`` (the
    speaker who relays the claimant service, or None) and ``subject_actor`` (the extraction's, or the
    accused of a joint accusation)."""
    named = figures["claimed_by"].where(figures["claimed_by"].notna(), None)
    keys = {v: claimant_key(v.split("; "), rules) for v in named.dropna().unique()}
    claimant = named.map(keys).astype("object")
    basis = pd.Series(NAMED, index=figures.index, dtype="object").where(claimant.notna(), UNATTRIBUTED)
    relayed_by = pd.Series(None, index=figures.index, dtype="object")
    if "relayed_by" in figures:
        # The extraction names the relay of a source it found (a lawmaker citing the NIS, an outlet
        # quoting a speaker); facts from an older engine have none and get the text rule below.
        given = figures["relayed_by"].where(figures["relayed_by"].notna(), None).astype("object")
        has = given.notna() & claimant.notna()
        relayed_by[has] = given[has]
        basis[has] = RELAYED
    relays = _relays(figures, named, documents, mentions, rules)
    if relays:
        idx = list(relays)
        claimant.loc[idx] = [claimant_key([v[0]], rules) for v in relays.values()]
        basis.loc[idx] = RELAYED
        relayed_by.loc[idx] = [v[1] for v in relays.values()]
    subject = figures["subject_actor"].astype("object").copy()
    # Several named claimants may be joint accusers the extraction found ("A, B und C werfen N vor"): the
    # same rule below then tells the basis.
    joint = claimant.fillna("").str.contains("; ", regex=False)
    todo = figures.loc[(claimant.isna() | joint).to_numpy(), ["doc_id", "sentence", "start", "subject_actor"]]
    # Only documents with an accusation verb somewhere need their sentences looked at.
    texts, langs = _cued_documents(documents, set(todo["doc_id"].tolist()), rules)
    todo = todo[todo["doc_id"].isin(list(texts))]
    if len(todo):
        by_sentence = _actors_by_sentence(mentions[mentions["doc_id"].isin(list(texts))])
        found: dict = {}
        cols = [todo[c].tolist() for c in ["doc_id", "sentence", "start", "subject_actor"]]
        for idx, d, s, start, subj in zip(todo.index, *cols):
            actors = by_sentence.get((d, s))
            if actors and d in texts:
                who, accused = accusation(texts[d], langs[d], actors, start, subj if isinstance(subj, str) else None, rules)
                if who and (not joint.at[idx] or claimant_key(who, rules) == claimant.at[idx]):
                    found[idx] = (claimant_key(who, rules), accused)
        if found:
            idx = list(found)
            claimant.loc[idx] = [v[0] for v in found.values()]
            basis.loc[idx] = ACCUSATION
            subject.loc[idx] = [s_ if isinstance(s_, str) else v[1] for s_, v in zip(subject.loc[idx], found.values())]
    return pd.DataFrame({"claimant": claimant.astype("object"), "claimant_basis": basis, "relayed_by": relayed_by,
                         "subject_actor": subject}, index=figures.index)
