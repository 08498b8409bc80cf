"""The view in the URL: query parameters <-> FilterState.  Pure, no Streamlit.

Parameters: ``actor`` (repeatable, actor id), ``claimant`` (repeatable, actor id: troop figures claimed
or relayed by it), ``from`` / ``to`` (ISO dates,
YYYY-MM-DD), ``type`` (repeatable, event type), ``doc`` (repeatable, document
id), ``dated=text`` (only facts whose own date the text gives), ``reviewed=1`` (only facts an analyst
confirmed or edited).  Defaults are left out, so an unfiltered view has an empty query string.
Unknown or malformed values are dropped, each with a notice for the page to show.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from datetime import date

from lagebild.dashboard import fmt
from lagebild.dashboard.filters import FilterState

FILTER_KEYS = ("actor", "claimant", "from", "to", "type", "doc", "dated", "reviewed")
DATED_IN_TEXT = "text"  # dated=text: only facts dated in the text
# Extra, non-filter parameters the app understands (the Sources page's deep link).
LINK_KEYS = ("source", "sentence")
EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)


def _values(params: Mapping[str, object], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return [str(value)]


SHOWN_UNKNOWN = 3  # unknown values named in a notice; the rest are counted
SHOWN_CHARS = 80   # of each echoed value (a link can carry a megabyte)


def _shown(raw: str) -> str:
    return repr(raw if len(raw) <= SHOWN_CHARS else raw[:SHOWN_CHARS] + "…")


def _ids(params, key: str, allowed: Iterable[str], what: str, notices: list[str]) -> tuple[str, ...]:
    """The known ids in ``params[key]``; one notice for all the unknown ones (empty values are
    no request and are ignored quietly)."""
    allowed = set(allowed)
    kept: list[str] = []
    unknown: list[str] = []
    for raw in _values(params, key):
        value = raw.strip()
        if not value:
            continue
        if value in allowed:
            if value not in kept:
                kept.append(value)
        elif raw not in unknown:
            unknown.append(raw)
    if len(unknown) == 1:
        notices.append(f"Ignored {key}={_shown(unknown[0])}: no {what} with that id.")
    elif unknown:
        named = ", ".join(_shown(u) for u in unknown[:SHOWN_UNKNOWN])
        more = f" and {len(unknown) - SHOWN_UNKNOWN:,} more" if len(unknown) > SHOWN_UNKNOWN else ""
        notices.append(f"Ignored {len(unknown):,} {key}= values with no {what} of that id: {named}{more}.")
    return tuple(kept)


def _date(params, key: str, notices: list[str]) -> date | None:
    values = [v for v in _values(params, key) if v.strip()]  # an empty value is no request
    if not values:
        return None
    if len(values) > 1:
        notices.append(f"Ignored extra {key}= values; used the first one.")
    raw = values[0].strip()
    # As the sidebar's fields: a month or a year is its first day for from=, its last for to= (issue #19:
    # from=2025-01 was dropped).
    day, problem = typed_date(raw, end=key == "to")
    if problem:
        notices.append(f"Ignored {key}=: {problem}")
        return None
    return day


_TYPED = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
TYPED_HINT = "type YYYY-MM-DD, or YYYY-MM / YYYY for a whole month or year"


def typed_date(raw: str, end: bool = False) -> tuple[date | None, str | None]:
    """A date typed into a filter field: ``2024-11-06``, or ``2024-11`` / ``2024`` for a whole
    month or year (its first day for "From", its last for "To": ``end=True``).  Returns the day
    and, for text that is not such a date, a one-line notice (the field's text shown literally by
    the caller).  Empty text is no date and no notice."""
    text = (raw or "").strip()
    if not text:
        return None, None
    m = _TYPED.fullmatch(text)
    try:
        if not m:
            raise ValueError
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else (12 if end else 1)
        if m.group(3):
            day = date(year, month, int(m.group(3)))
        else:
            day = date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    except ValueError:
        return None, f"{_shown(text)} is not a date: {TYPED_HINT}."
    if not EARLIEST <= day <= LATEST:
        return None, f"{_shown(text)} is outside {EARLIEST.year}–{LATEST.year}."
    return day, None


def _flag(params, key: str, notices: list[str]) -> bool:
    values = [v.strip() for v in _values(params, key)]
    if not values or values[0] in ("", "0"):
        return False
    if values[0] != "1":
        notices.append(f"Ignored {key}={values[0]!r}: use {key}=1.")
        return False
    return True


def parse_params(
    params: Mapping[str, object],
    *,
    actor_ids: Iterable[str],
    event_types: Iterable[str],
    doc_ids: Iterable[str],
) -> tuple[FilterState, list[str]]:
    """FilterState from query parameters (str or list of str per key), plus one notice per dropped value."""
    notices: list[str] = []
    actor_ids = tuple(actor_ids)
    actors = _ids(params, "actor", actor_ids, "actor", notices)
    claimants = _ids(params, "claimant", actor_ids, "actor", notices)
    types = _ids(params, "type", event_types, "event type", notices)
    docs = _ids(params, "doc", doc_ids, "document", notices)
    date_from = _date(params, "from", notices)
    date_to = _date(params, "to", notices)
    if date_from and date_to and date_from > date_to:
        notices.append(f"Swapped from={date_from} and to={date_to}: the range was reversed.")
        date_from, date_to = date_to, date_from
    dated = [v.strip() for v in _values(params, "dated")]
    if any(v != DATED_IN_TEXT for v in dated):
        notices.append(f"Ignored dated={dated[0]!r}: the one value is dated={DATED_IN_TEXT} (only facts dated in the text).")
    return FilterState(actors=actors, date_from=date_from, date_to=date_to, types=types, docs=docs,
                       text_dated=DATED_IN_TEXT in dated, reviewed=_flag(params, "reviewed", notices),
                       claimants=claimants), notices


def to_params(state: FilterState) -> dict[str, str | list[str]]:
    """Query parameters for ``state``, defaults left out (an unfiltered view gives ``{}``)."""
    out: dict[str, str | list[str]] = {}
    if state.actors:
        out["actor"] = list(state.actors)
    if state.claimants:
        out["claimant"] = list(state.claimants)
    if state.date_from:
        out["from"] = state.date_from.isoformat()
    if state.date_to:
        out["to"] = state.date_to.isoformat()
    if state.types:
        out["type"] = list(state.types)
    if state.docs:
        out["doc"] = list(state.docs)
    if state.text_dated:
        out["dated"] = DATED_IN_TEXT
    if state.reviewed:
        out["reviewed"] = "1"
    return out


def filter_params(params: Mapping[str, object]) -> dict[str, list[str]]:
    """Just the filter keys of ``params``, every value a list (for comparing URLs)."""
    return {k: _values(params, k) for k in FILTER_KEYS if _values(params, k)}


def query_string(state: FilterState, extra: Mapping[str, object] | None = None) -> str:
    """``?actor=…&from=…`` for links (empty string for the default view)."""
    return fmt.query_string({**to_params(state), **(extra or {})})
