"""Mentions of actors and places, with the roles the text gives people.

1. Gazetteer aliases are matched per sentence (longest match wins).  An alias
   that names both an actor and a place ("Moskau", "Pjöngjang", "Russland") is
   a place after a locative preposition ("in Pjöngjang") and the actor otherwise
   ("Militärbündnis mit Moskau").
2. Hyphenated compounds the gazetteer does not know whole are matched part by
   part ("US-Verteidigungsminister" → US).
3. Roles: the role noun phrase right before a person ("der südkoreanische
   Präsident Yoon Suk-yeol", "Defense Secretary Lloyd Austin") or an apposition
   after it ("Dmitri Medwedew, Vizepräsident des russischen Sicherheitsrats,").
4. A person the gazetteer does not know but the text introduces with a role
   becomes a new actor, flagged ``in_gazetteer=False``; a close spelling of a
   known person (transliteration) is linked to that person instead.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lagebild.extraction.gazetteer import Actor
from lagebild.extraction.facts.doc import Doc, Mention
from lagebild.extraction.lexicon import word_roles

ARTICLES = {
    "der", "die", "das", "dem", "den", "des", "ein", "eine", "einen", "einem", "eines", "einer",
    "the", "a", "an",
}
# Lowercase English modifiers that belong to a role ("former Defense Secretary").
EN_ROLE_MODIFIERS = {"former", "deputy", "acting", "top", "new", "then", "outgoing", "incoming",
                     "senior", "chief", "vice", "first", "foreign", "defence", "defense"}


def is_name_token(tok: str) -> bool:
    """A capitalised word in any Latin script ("Kasčiūnas", "Suk-yeol", "O'Brien") or an initial ("J.")."""
    if len(tok) == 2 and tok[0].isupper() and tok[1] == ".":
        return True
    bare = tok.replace("-", "").replace("'", "").replace("’", "")
    return tok[0].isupper() and bare.isalpha() and any(c.islower() for c in bare[1:])
# Capitalised words that follow a role noun but are not names.
NOT_NAMES = {
    "The", "A", "An", "And", "Of", "In", "On", "At", "For", "To", "He", "She", "It", "They", "His", "Her",
    "Der", "Die", "Das", "Und", "In", "Im", "Am", "Er", "Sie", "Es", "Ein", "Eine", "Mit", "Von", "Auf",
    "Bei", "Nach", "Laut", "Zu", "Zur", "Zum", "Für", "Als", "Wie", "Dass", "Aber", "Auch",
}
MAX_ROLE_TOKENS = 12


def _locative_before(doc: Doc, first: int, sent_first: int) -> bool:
    """Is the token range starting at ``first`` governed by a locative preposition?"""
    j = first - 1
    # Skip an article and adjectives: "in der russischen Region".
    while j >= sent_first and (doc.words[j].lower() in ARTICLES):
        j -= 1
    if j < sent_first:
        return False
    idx = doc.lexicon["locative"]
    for k in range(max(sent_first, j - 2), j + 1):
        for m in idx.match_at(doc.lower, k):
            if m.end == j + 1:
                return not _not_where(doc, k, j, sent_first)
    return False


def _not_where(doc: Doc, k: int, j: int, sent_first: int) -> bool:
    """A locative that names no location: "die Regierung in Pjöngjang", "the leadership in
    Moscow" (the state, by metonymy) or "Minenräumer aus Nordkorea" (where people come from:
    their state).  Words: data/lexicon/place_markers.csv (government, origin)."""
    if k <= sent_first:
        return False
    markers = _markers(doc.language)
    before = doc.lower[k - 1]
    if before in markers.get("government", ()):
        return True
    return k == j and doc.lower[k] in markers.get("origin", ()) and \
        bool(doc.lexicon["personnel"].match_at(doc.lower, k - 1))


@lru_cache(maxsize=4)
def _markers(language: str) -> dict:
    return word_roles("place_markers", language)


def _resolve(doc: Doc, entries, first: int, sent_first: int, locative: bool = True):
    """Pick (kind, id) for an alias that may name an actor, a place, or both
    (``locative=False``: a preposition before it does not govern it)."""
    actors = [e for e in entries if e.kind == "actor"]
    places = [e for e in entries if e.kind == "place"]
    gaz = doc.gazetteer
    if places and (not actors or (locative and _locative_before(doc, first, sent_first))):
        return "place", places[0].id
    if actors:
        return "actor", actors[0].id
    # A place only; metonymic use stands for its actor ("Pjöngjang erklärte").
    p = gaz.places[places[0].id]
    if p.actor and p.actor in gaz.actors and not _locative_before(doc, first, sent_first):
        return "actor", p.actor
    return "place", p.id


def _match_gazetteer(doc: Doc) -> None:
    index = doc.gazetteer.index
    words, kinds = doc.words, doc.kinds
    hyphenated = [i for i, w in enumerate(words) if "-" in w and kinds[i] == "word"]
    h = 0
    for s_idx, (a, b) in enumerate(doc.sentence_tokens):
        matches = doc.find(index, a, b, lower=False)
        covered = set()
        groups: dict[tuple[int, int], list] = {}
        for m in matches:
            groups.setdefault((m.start, m.end), []).append(m.payload)
        for (first, last), entries in groups.items():
            kind, ent = _resolve(doc, entries, first, a)
            s, e = doc.span(first, last)
            doc.mentions.append(Mention(s_idx, first, last, s, e, kind, ent))
            covered.update(range(first, last))
        # Hyphenated compounds: match the parts ("US-Geheimdienste", "Nordkorea-Reise").
        while h < len(hyphenated) and hyphenated[h] < a:
            h += 1
        while h < len(hyphenated) and hyphenated[h] < b:
            i = hyphenated[h]
            h += 1
            if i in covered:
                continue
            offset = doc.starts[i]
            parts = words[i].split("-")
            for n, part in enumerate(parts):
                if len(part) >= 2:
                    ms = index.match_at([part], 0)
                    if ms:
                        # "im Ukraine-Krieg": the preposition governs the war, not Ukraine.
                        kind, ent = _resolve(doc, [m.payload for m in ms if m.end == 1], i, a,
                                             locative=n == len(parts) - 1)
                        doc.mentions.append(
                            Mention(s_idx, i, i + 1, offset, offset + len(part), kind, ent))
                offset += len(part) + 1
    doc.mentions.sort(key=lambda m: (m.start, m.end))


def _is_modifier(doc: Doc, j: int, mention_tokens: set[int]) -> bool:
    """Can token j be part of a role phrase in front of the role noun?"""
    w = doc.words[j]
    if j in mention_tokens:  # "Nordkoreas", "russischen", "US-", "Russia's"
        return True
    if doc.kinds[j] != "word":
        return False
    if doc.language == "de":
        # A speech verb ending like an adjective ("sagte Machthaber Kim") is the clause's verb, not part
        # of the role: taking it in made the role "sagte Machthaber" and hid the speaker from attribution.
        return w[0].islower() and w.lower() not in ARTICLES and w.endswith(("e", "en", "er", "es", "em")) \
            and not any(m.payload == ("speech",) for m in doc.lexicon["attribution"].match_at(doc.lower, j))
    return w.lower() in EN_ROLE_MODIFIERS


def _role_before(doc: Doc, first: int, sent_first: int, mention_tokens: set[int]) -> tuple[int, int] | None:
    """Token range of a role phrase ending right before token ``first``."""
    roles = doc.gazetteer.roles(doc.language)
    end = first
    start = None
    for k in range(max(sent_first, end - 4), end):
        for m in roles.match_at(doc.lower, k):
            if m.end == end:
                start = k
                break
        if start is not None:
            break
    if start is None:
        return None
    while start - 1 >= sent_first and _is_modifier(doc, start - 1, mention_tokens):
        start -= 1
    return start, end


def _role_after(doc: Doc, last: int, sent_last: int) -> tuple[int, int] | None:
    """Apposition: ", Vizepräsident des russischen Sicherheitsrats," after a name."""
    if last >= sent_last or doc.words[last] != ",":
        return None
    start = last + 1
    if start < sent_last and doc.words[start].lower() in ARTICLES:
        start += 1
    end = start
    while end < sent_last and doc.words[end] not in {",", ".", ";", ":", "(", ")", "–", "—"} \
            and end - start < MAX_ROLE_TOKENS:
        end += 1
    if end == start or end >= sent_last or doc.words[end] not in {",", ".", ";", ")", "–", "—"}:
        return None
    roles = doc.gazetteer.roles(doc.language)
    for k in range(start, min(end, start + 4)):
        for m in roles.match_at(doc.lower, k):
            if m.end <= end:
                return start, end
    return None


def _slug(name: str) -> str:
    s = re.sub(r"[^\w]+", "-", name.lower()).strip("-")
    return s or "unknown"


def _country_of_role(doc: Doc, span: tuple[int, int], mentions: list[Mention]):
    for m in mentions:
        if m.entity_kind == "actor" and span[0] <= m.first < span[1]:
            state = doc.gazetteer.state_for(m.entity_id)
            if state:
                return doc.gazetteer.actors[state]
    return None


def _named_before(doc: Doc, first: int, name: str) -> str | None:
    """The one person named in full earlier in the document whose family name or surname
    this single name is: news name a person in full once, then by one name ("der
    Abgeordnete Lee Seong-kweun … der Abgeordnete Lee", "Lloyd Austin … Austin").  Korean
    and Chinese names put the family name first, Western ones last; two earlier people
    it could be (Kim Jong Un, Kim Yo Jong) link to neither."""
    found = set()
    for m in doc.mentions:
        if m.entity_kind != "actor" or m.first >= first:
            continue
        actor = doc.actor(m.entity_id)
        if actor is None or actor.type != "person":
            continue
        parts = actor.name.split()
        if len(parts) > 1 and name in (parts[0], parts[-1]):
            found.add(actor.id)
    return found.pop() if len(found) == 1 else None


def _new_people(doc: Doc, s_idx: int, a: int, b: int, mention_tokens: set[int]) -> list[Mention]:
    """People introduced by a role the gazetteer does not know ("Verteidigungsminister Boris Pistorius")."""
    roles = doc.gazetteer.roles(doc.language)
    out = []
    for rm in doc.find(roles, a, b):
        j = rm.end
        name_end = j
        while name_end < b and name_end - j < 3 and name_end not in mention_tokens \
                and doc.kinds[name_end] == "word" and is_name_token(doc.words[name_end]) \
                and doc.words[name_end] not in NOT_NAMES \
                and doc.words[name_end].lower() not in doc.lexicon.months \
                and doc.words[name_end].lower() not in doc.lexicon.weekdays:
            name_end += 1
        n = name_end - j
        if n == 0:
            continue
        # One capitalised word after a role is a surname only if a verb or punctuation follows
        # (German capitalises every noun: "Präsident Kriegsrecht" is not a person).
        if n == 1 and name_end < b and doc.kinds[name_end] == "word" and doc.words[name_end][0].isupper():
            continue
        if name_end < b and name_end in mention_tokens:
            continue
        s, e = doc.span(j, name_end)
        name = doc.text[s:e]
        linked = (_named_before(doc, j, name) if n == 1 else None) or doc.gazetteer.link_person(name)
        if linked:
            out.append(Mention(s_idx, j, name_end, s, e, "actor", linked))
            continue
        pid = _slug(name)
        if pid not in doc.new_actors and pid not in doc.gazetteer.actors:
            role_span = (rm.start, rm.end)
            state = _country_of_role(doc, (max(a, role_span[0] - 3), role_span[1]), doc.mentions)
            doc.new_actors[pid] = Actor(
                id=pid, name=name, name_de=name if doc.language == "de" else None, type="person",
                country=state.country if state else None, side=state.side if state else "other",
                in_gazetteer=False,
            )
        in_gaz = pid in doc.gazetteer.actors
        out.append(Mention(s_idx, j, name_end, s, e, "actor", pid, in_gazetteer=in_gaz))
    return out


_NAME_PARTS: dict[str, tuple[str, ...]] = {}  # actor id -> its one-name forms (ids are names' slugs)


def _short_names(doc: Doc) -> list[Mention]:
    """A person named in full once and later by one name alone ("…, sagte Lee", "Austin
    said"): that name, standing alone, is the person (see ``_named_before``)."""
    parts: dict[str, int] = {}  # a name part -> the first token after its full mention
    people: dict[str, list[tuple[int, str]]] = {}  # a name part -> (first token, person) of full mentions
    for m in doc.mentions:
        if m.entity_kind != "actor":
            continue
        ps = _NAME_PARTS.get(m.entity_id)
        if ps is None:
            actor = doc.actor(m.entity_id)
            ps = ()
            if actor is not None and actor.type == "person" and len(actor.name.split()) > 1:
                names = actor.name.split()
                # "Putin" alone is an alias: matched already.
                ps = tuple(p for p in dict.fromkeys((names[0], names[-1])) if p not in actor.aliases)
            _NAME_PARTS[m.entity_id] = ps
        for p in ps:
            parts.setdefault(p, m.last)
            people.setdefault(p, []).append((m.first, m.entity_id))
    hits = []
    words = doc.words
    for p, after in parts.items():  # a few names: list.index scans in C
        k = after - 1
        try:
            while True:
                k = words.index(p, k + 1)
                hits.append(k)
        except ValueError:
            pass
    if not hits:
        return []
    hits.sort()
    covered = {i for m in doc.mentions if m.first <= hits[-1] and m.last > hits[0] for i in range(m.first, m.last)}
    out = []
    for k in hits:
        w = doc.words[k]
        if k in covered or w in NOT_NAMES:
            continue
        a, b = doc.sentence_tokens[doc.sentence_of[k]]
        # One name alone, not part of a longer name the gazetteer does not know.
        if (k > a and is_name_token(doc.words[k - 1]) and doc.words[k - 1] not in NOT_NAMES) or \
                (k + 1 < b and is_name_token(doc.words[k + 1])):
            continue
        found = {pid for first, pid in people[w] if first < k}  # as _named_before, from the index
        pid = found.pop() if len(found) == 1 else None
        if pid:
            s, e = doc.span(k, k + 1)
            out.append(Mention(doc.sentence_of[k], k, k + 1, s, e, "actor", pid))
    return out


def extract_mentions(doc: Doc) -> None:
    _match_gazetteer(doc)
    mention_tokens = {i for m in doc.mentions for i in range(m.first, m.last)}
    for s_idx, (a, b) in enumerate(doc.sentence_tokens):
        doc.mentions.extend(_new_people(doc, s_idx, a, b, mention_tokens))
    doc.mentions.extend(_short_names(doc))
    doc.mentions.sort(key=lambda m: (m.start, m.end))
    mention_tokens = {i for m in doc.mentions for i in range(m.first, m.last)}
    for m in doc.mentions:
        if m.entity_kind != "actor":
            continue
        actor = doc.actor(m.entity_id)
        if actor is None or actor.type != "person":
            continue
        a, b = doc.sentence_tokens[m.sentence]
        span = _role_before(doc, m.first, a, mention_tokens) or _role_after(doc, m.last, b)
        if span:
            s, e = doc.span(*span)
            m.role = doc.text[s:e]
            m.role_span = span
