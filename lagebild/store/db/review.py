"""Analyst review: decisions applied to the machine's facts, with optimistic concurrency.

A fact's *version* is the number of decisions in its log.  A reviewer acts on the
version they saw; if someone decided in between, the decision is refused with
``StaleEdit``, whose message shows the current value.  Two decisions racing for the
same version cannot both land: ``(fact_id, seq)`` is unique in the database.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pandera.errors
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from lagebild import schemas
from lagebild.store.db import records, viewindex
from lagebild.store.db.applied import apply_decisions, history

ACTIONS = ("accept", "reject", "edit")
# What an analyst may correct; provenance (document, span, quote) is never editable.
EDITABLE = {
    "troop_figures": ("value", "low", "high", "qualifier", "kind", "subject", "subject_actor", "location",
                      "claimed_by", "date", "date_precision", "modality"),
    "events": ("type", "cameo", "actors", "source", "target", "place", "date", "date_precision", "modality"),
    "dates": ("date", "precision", "resolution"),
    "mentions": ("entity_id", "role"),
}
INT_FIELDS = {"value", "low", "high"}
DATE_FIELDS = {"date"}
MAX_INT = 2**63 - 1   # the tables' int64
MAX_TEXT = 500        # an id, a phrase or a qualifier: never a page of text


class ReviewError(Exception):
    """A decision that cannot be recorded; the message is one line."""


class StaleEdit(ReviewError):
    def __init__(self, fact_id: str, version: int, current: dict, status: str):
        shown = {k: v for k, v in current.items() if k not in ("doc_id", "quote", "sentence", "start", "end")}
        super().__init__(f"{fact_id} was changed by someone else (now version {version}, {status}): "
                         f"current value {shown}; reload and decide again")
        self.version, self.current, self.status = version, current, status


def _coerce(table: str, changes: dict) -> dict:
    allowed = EDITABLE.get(table, ())
    out = {}
    for field, value in changes.items():
        if field not in allowed:
            raise ReviewError(f"{field!r} cannot be edited on {table} (editable: {', '.join(allowed)})")
        if isinstance(value, str):
            value = value.strip() or None
        if field in INT_FIELDS and value is not None:
            try:
                value = int(str(value).replace("_", ""))
            except ValueError:
                raise ReviewError(f"{field} must be a whole number, not {_short(value)}") from None
            if not 0 <= value <= MAX_INT:
                raise ReviewError(f"{field} must be a whole number from 0 to {MAX_INT:,}, not {_short(value)}")
        elif field in DATE_FIELDS and value is not None:
            _calendar_date(field, str(value))
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            raise ReviewError(f"{field} is too long ({len(value):,} characters; at most {MAX_TEXT})")
        out[field] = value
    return out


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _calendar_date(field: str, value: str) -> None:
    """A date at its precision (YYYY, YYYY-MM, YYYY-MM-DD) that is on the calendar (not 2025-13-45)."""
    form = "%Y-%m-%d" if len(value) == 10 else "%Y-%m" if len(value) == 7 else "%Y"
    try:
        if not re.fullmatch(schemas.ISO_DATE, value):
            raise ValueError
        dt.datetime.strptime(value, form)
    except ValueError:
        raise ReviewError(f"{field} must be a calendar date as YYYY-MM-DD, YYYY-MM or YYYY, not {_short(value)}") \
            from None


def _check(table: str, row: dict) -> None:
    try:
        schemas.validate(table, pd.DataFrame([row]))
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
        raise ReviewError(f"the edited fact is not valid: {_breach(exc)}") from None
    if table == "troop_figures":
        lo, hi, v = row.get("low"), row.get("high"), row["value"]
        if (lo is not None and lo > v) or (hi is not None and hi < v):
            raise ReviewError(f"bounds must enclose the value ({lo} ≤ {v} ≤ {hi})")


def _breach(exc) -> str:
    """Which field breaks which rule of the table's contract, in one line (pandera's own message is a
    multi-line report or a JSON document)."""
    cases = getattr(exc, "failure_cases", None)
    column = getattr(getattr(exc, "schema", None), "name", None)
    check = getattr(exc, "check", None)
    if isinstance(cases, pd.DataFrame) and len(cases):
        first = cases.iloc[0].to_dict()
        column = first.get("column") or column
        check = first.get("check") or check
        case = first.get("failure_case")
    else:
        case = cases
    allowed = getattr(check, "statistics", None) or {}
    rule = f"one of {', '.join(map(str, allowed['allowed_values']))}" if "allowed_values" in allowed else \
        str(getattr(check, "name", None) or check or "the table's rules")
    return f"{column or 'a field'} {_short(case)} must be {rule}"


def current(engine: Engine, fact_id: str) -> dict:
    """One fact as a page shows it: ``table``, ``row`` (decisions applied), ``status``, ``version``, ``log``."""
    with engine.connect() as conn:
        found = records.current_facts(conn, fact_id)
        log = records.decisions(conn, fact_id).get(fact_id, [])
    if not found:
        hint = " (an orphaned decision: the latest extraction no longer finds it)" if log else ""
        raise ReviewError(f"no current fact {fact_id!r}{hint}")
    fid, doc_id, table, data = found[0]
    row, status = apply_decisions(data, log)
    return dict(fact_id=fid, doc_id=doc_id, table=table, row=row, machine=data, status=status,
                version=len(log), log=log)


def review(engine: Engine, fact_id: str, action: str, *, reviewer: str, changes: dict | None = None,
           reason: str | None = None, expected_version: int | None = None) -> dict:
    """Record one decision and return the fact as it now is (see ``current``).

    ``expected_version`` is the version the reviewer saw; None decides on whatever is current."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")
    if not (reviewer or "").strip():
        raise ReviewError("a decision needs the reviewer's name")
    fact = current(engine, fact_id)
    if expected_version is not None and expected_version != fact["version"]:
        raise StaleEdit(fact_id, fact["version"], fact["row"], fact["status"])
    if action == "edit":
        changes = _coerce(fact["table"], changes or {})
        if not changes:
            raise ReviewError("an edit needs at least one FIELD=VALUE")
        _check(fact["table"], {**fact["row"], **changes})
    else:
        changes = None
    try:
        with engine.begin() as conn:
            logged = records.append_decision(conn, fact_id, fact["doc_id"], fact["version"] + 1, action, changes,
                                             reviewer.strip(), (reason or "").strip() or None)
            viewindex.refresh(conn, [fact["doc_id"]])  # the pages' view index follows the decision
    except IntegrityError:
        now = current(engine, fact_id)
        raise StaleEdit(fact_id, now["version"], now["row"], now["status"]) from None
    # The fact as it now is: the one just read with the decision just logged (its seq was free, so the
    # log is the one read plus this decision); no second read.
    log = [*fact["log"], logged]
    row, status = apply_decisions(fact["machine"], log)
    return {**fact, "row": row, "status": status, "version": len(log), "log": log}


def review_log(engine: Engine, after) -> list[dict]:
    """Every decision made after ``after`` (an aware datetime), each with its fact's table and quote, what it
    changed (``changed`` = {field: (before, after)}, from the fact's whole log) and its ``status_after``."""
    with engine.connect() as conn:
        ids = records.decided_since(conn, after)
        logs = records.decisions(conn, fact_ids_=ids) if ids else {}
        known = records.last_known_facts(conn, ids)
    out = []
    for fid, log in logs.items():
        table, data = known.get(fid, (None, {}))
        for i, d in enumerate(history(data, log)):
            if d["decided_at"] is None or _aware(d["decided_at"]) <= after:
                continue
            out.append(dict(fact_id=fid, doc_id=d["doc_id"], table=table, quote=data.get("quote"),
                            action=d["action"], changed=d["changed"], reviewer=d["reviewer"], reason=d["reason"],
                            decided_at=_aware(d["decided_at"]), status_after=apply_decisions(data, log[:i + 1])[1]))
    return sorted(out, key=lambda r: (r["decided_at"], r["fact_id"]))


def _aware(t):
    """SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones."""
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.timezone.utc)


def orphaned_decisions(engine: Engine) -> list[dict]:
    """Decisions on facts the latest extraction no longer finds, with the fact as last stored."""
    with engine.connect() as conn:
        logs = records.decisions(conn)
        live = records.current_fact_ids(conn, list(logs))  # only the decided facts, not every fact
        logs = {fid: log for fid, log in logs.items() if fid not in live}
        last = records.last_known_facts(conn, list(logs))
    out = []
    for fid, log in logs.items():
        table, data = last.get(fid, (None, {}))
        for d in log:
            out.append(dict(fact_id=fid, doc_id=d["doc_id"], table=table, quote=data.get("quote"),
                            action=d["action"], changes=d["changes"], reviewer=d["reviewer"],
                            reason=d["reason"], decided_at=d["decided_at"]))
    return out
