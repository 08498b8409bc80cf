"""Who did what to whom, in the screen's English: an event's agent (its ``source``: who acts or
speaks) and patient (its ``target``: whom it is done to or about), and an actor's roles once per
meaning.

The words are data: ``data/dashboard/event_roles.csv`` (per event type, the phrase for the agent's
side, "captured soldiers of {p}", and for the patient's, "its soldiers captured by {a}") and
``data/dashboard/role_words.csv`` (German role nouns in English; demonyms, with no English, are
dropped: the card already shows the country).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import lru_cache

import pandas as pd

from lagebild import paths
from lagebild.dashboard.fmt import plain

EVENT_ROLES_CSV = paths.DATA / "dashboard" / "event_roles.csv"
ROLE_WORDS_CSV = paths.DATA / "dashboard" / "role_words.csv"
NOT_NAMED = "not named"
# German inflection endings a role noun may carry ("Präsidenten", "Sprechers").
ENDINGS = ("en", "n", "s", "es")


@lru_cache(maxsize=1)
def event_roles() -> dict[str, tuple[str, str]]:
    with open(EVENT_ROLES_CSV, encoding="utf-8", newline="") as f:
        return {r["type"]: (r["did"], r["done_to"]) for r in csv.DictReader(f)}


@lru_cache(maxsize=1)
def role_words() -> tuple[dict[str, str], tuple[str, ...]]:
    """German role noun (lower case) -> English; the demonyms to drop, longest first."""
    words, drop = {}, []
    with open(ROLE_WORDS_CSV, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["english"]:
                words[r["term"].lower()] = r["english"]
            else:
                drop.append(r["term"].replace("'", "’"))
                drop.append(r["term"])
    return words, tuple(sorted(set(drop), key=len, reverse=True))


def _text(v) -> str | None:
    return v if isinstance(v, str) and v else None


def did(etype: str, patient: str | None) -> str:
    """The agent's side in words: "captured soldiers of North Korea", "signed the treaty with Russia"."""
    phrase = event_roles().get(etype, (f"{plain(etype).lower()} (concerning {{p}})", ""))[0]
    if patient:
        return phrase.replace("{p}", patient)
    # Without a patient: the phrase up to it ("condemned", "captured soldiers"), never a made-up party.
    head = re.sub(r"\s*\(?concerning \{p\}\)?|\s*(of|with|about)?\s*\{p\}", "", phrase).strip()
    return head or plain(etype).lower()


def done_to(etype: str, agent: str | None) -> str:
    """The patient's side in words: "its soldiers captured by Ukraine", "condemned by South Korea";
    "… by (not named)" when the text names no agent."""
    phrase = event_roles().get(etype, ("", f"named in {plain(etype).lower()} by {{a}}"))[1]
    return phrase.replace("{a}", agent or f"({NOT_NAMED})")


def role_line(row, name) -> str:
    """One event's who-did-what-to-whom line for the Overview and slides: "Ukraine captured soldiers of
    North Korea"; "(agent not named) captured soldiers of North Korea"; "South Korea condemned"."""
    a, p = _text(row.get("source")), _text(row.get("target"))
    agent = name(a) if a else f"({'speaker' if etype_spoken(row.get('type')) else 'agent'} {NOT_NAMED})"
    return f"{agent} {did(row.get('type'), name(p) if p else None)}"


SPOKEN = {"statement", "warning", "condemnation", "threat", "denial", "acknowledgement", "intelligence_assessment"}


def etype_spoken(etype) -> bool:
    return etype in SPOKEN


def card_roles(events: pd.DataFrame, actor_id: str, name) -> dict:
    """An actor's events by the role it has in them (pure): ``did`` as agent, ``done_to`` as patient,
    each a list of (phrase, count), most frequent first; ``n_named`` those it is only named in."""
    e = events[["type", "source", "target"]]  # three columns, not every column of every row (at scale)
    is_by = (e["source"] == actor_id).fillna(False).to_numpy(dtype=bool)
    is_at = ((e["target"] == actor_id).fillna(False).to_numpy(dtype=bool)) & ~is_by
    by, at = e[is_by], e[is_at]
    return card_from_groups(role_groups(by["type"], by["target"]), role_groups(at["type"], at["source"]),
                            len(events) - len(by) - len(at), name)


def role_groups(types, others) -> list[tuple[str, object, int, int]]:
    """(event type, the other party, events, position of the first) per distinct pair, in order (pure)."""
    out: dict[tuple, list] = {}
    for i, key in enumerate(zip(pd.Series(types, dtype=object).tolist(), pd.Series(others, dtype=object).tolist())):
        key = (key[0], _text(key[1]))  # no party (None, NaN, "") is one
        if key in out:
            out[key][0] += 1
        else:
            out[key] = [1, i]
    return [(t, p, n, first) for (t, p), (n, first) in out.items()]


def card_from_groups(by: list[tuple], at: list[tuple], n_named: int, name) -> dict:
    """``card_roles`` from the events counted per (type, other party) (``role_groups``, or the database's
    ``lagebild.store.db.beside.party_role_groups``): the agent's groups ``by`` (the other party: the target),
    the patient's ``at`` (the source)."""

    def counted(groups, other: str, phrase):
        """One phrase per event type, the other parties named together ("condemned by United States,
        South Korea"), most frequent type first (ties: the type met first)."""
        n_of, first = Counter(), {}
        unnamed, parties = set(), {}
        for etype, pid, n, at_ in sorted(groups, key=lambda g: g[3]):  # in the order the events come
            n_of[etype] += n
            first.setdefault(etype, at_)
            if _text(pid):
                parties.setdefault(etype, []).append(name(pid))
            else:
                unnamed.add(etype)
        out = []
        for etype in sorted(n_of, key=lambda t: (-n_of[t], first[t])):
            names = list(dict.fromkeys(parties.get(etype, [])))
            party = ", ".join(names[:3]) + (" and others" if len(names) > 3 else "")
            if etype in unnamed and other == "source":  # some name nobody who did it
                party = f"{party} and (not named)" if party else ""
            out.append((phrase(etype, party or None), int(n_of[etype])))
        return out

    return {"did": counted(by, "target", did), "done_to": counted(at, "source", done_to),
            "n_by": sum(g[2] for g in by), "n_at": sum(g[2] for g in at), "n_named": n_named}


def _english(word: str) -> str | None:
    words, _ = role_words()
    w = word.split("-")[-1].lower()  # "US-Verteidigungsminister"
    for cand in (w, *(w[: -len(e)] for e in ENDINGS if w.endswith(e))):
        # A word spelt alike in both languages ("Minister", "General") is left to the English path,
        # which keeps what goes with it ("Vice Foreign Minister").
        if cand in words and words[cand].lower() != w:
            return words[cand]
    return None


def role_meanings(roles) -> list[str]:
    """An actor's roles as the text gives them ("russischen Präsidenten; Russian President; Russia’s
    President") once per meaning, in English: ["President"]."""
    out, seen = [], set()
    _, drop = role_words()
    for phrase in (_text(roles) or "").split(";"):
        phrase = phrase.strip()
        if not phrase:
            continue
        german = [e for e in (_english(w) for w in phrase.split()) if e]
        if german:
            meaning = german[0]
        else:
            meaning = phrase
            for d in drop:  # "North Korean leader" -> "leader"; "Russia’s President" -> "President"
                meaning = re.sub(rf"(?<!\w){re.escape(d)}(?!\w)", "", meaning)
            meaning = re.sub(r"\s+", " ", meaning).strip()
        if meaning and meaning.casefold() not in seen:
            seen.add(meaning.casefold())
            out.append(meaning[:1].upper() + meaning[1:])
    return out
