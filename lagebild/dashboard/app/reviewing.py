"""The Review page's glue: the queue, one fact in its context, accept / reject / edit, its history.

The queue holds the facts nobody has decided on, troop figures first, then events, each by date.
A decision is made on the version the reviewer saw; if another analyst decided in between, it is
refused and the page shows the current value (optimistic concurrency, see ``lagebild.store.db.review``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sqlalchemy.exc import SQLAlchemyError

from lagebild import schemas
from lagebild.store import StoreError, db, parquet
from lagebild.store.db.faults import describe
from lagebild.dashboard.app.loaders import configured_url, decisions_only, store_engine
from lagebild.dashboard.fmt import fmt_date, review_badge
from lagebild.dashboard.markup import context_html, md_escape
from lagebild.store.db import records
from lagebild.store.db.applied import history
from lagebild.store.db.review import EDITABLE

QUEUE_TABLES = ("troop_figures", "events")
LABELS = {"troop_figures": "Troop figure", "events": "Event"}
# The fields an analyst corrects in the form, in the order the form shows them.
FORM_FIELDS = {
    "troop_figures": ("value", "low", "high", "qualifier", "kind", "subject", "subject_actor", "claimed_by",
                      "location", "date", "date_precision", "modality"),
    "events": ("type", "modality", "actors", "source", "target", "place", "date", "date_precision"),
}
CHOICES = {"kind": schemas.FIGURE_KINDS, "modality": schemas.MODALITIES, "type": schemas.EVENT_TYPES,
           "date_precision": schemas.DATE_PRECISIONS}
# Fields that hold an actor or place id: the form picks a name (issue #19: never asks for "hur").
ACTOR_FIELDS = {"subject_actor", "claimed_by", "source", "target"}
PLACE_FIELDS = {"location", "place"}
ACTION_WORDS = {"accept": "Confirmed", "reject": "Rejected", "edit": "Edited"}
K_SKIPPED = "_review_skipped"
K_REASON = "review_reason"
K_CLEAR = "_review_clear_reason"


# The last queue and orphan list per database (revision, value): after a decision the queue loses the
# decided fact and the orphans stay as they were (a decision is only ever made on a current fact), so
# neither is read again unless the extractions changed.
_LAST_QUEUE: dict[str, tuple[tuple, list[dict]]] = {}
_LAST_ORPHANS: dict[str, tuple[tuple, list[dict]]] = {}


@st.cache_resource(max_entries=2, show_spinner=False)
def _queue(url: str, revision: tuple) -> list[dict]:
    last = _LAST_QUEUE.get(url)
    if last is not None and decisions_only(last[0], revision):
        queue = db.patch_queue(store_engine(), last[1], last[0][2])
    else:
        queue = db.review_queue(store_engine(), tables=QUEUE_TABLES)
    _LAST_QUEUE[url] = (revision, queue)
    return queue


@st.cache_resource(max_entries=2, show_spinner=False)
def _orphans(url: str, revision: tuple) -> list[dict]:
    last = _LAST_ORPHANS.get(url)
    orphaned = last[1] if last is not None and decisions_only(last[0], revision) else db.orphaned_decisions(store_engine())
    _LAST_ORPHANS[url] = (revision, orphaned)
    return orphaned


def orphans() -> list[dict]:
    """Decisions whose fact the latest extraction no longer finds (memoised per store revision)."""
    return _orphans(configured_url(), records.revision(store_engine()))


def pending() -> list[dict]:
    """The queue without the facts skipped in this session."""
    skipped = st.session_state.get(K_SKIPPED, set())
    queue = _queue(configured_url(), records.revision(store_engine()))
    return [r for r in queue if r["fact_id"] not in skipped]


def summary_md(table: str, row: dict, names: dict) -> str:
    """One line saying what the fact claims, every value from the document escaped."""
    def name(a):
        return md_escape(names.get(a, a)) if isinstance(a, str) and a else "—"

    when = md_escape(fmt_date(row.get("date"), row.get("date_precision")))
    if table == "troop_figures":
        rng = ""
        if row.get("low") is not None and row.get("high") is not None:
            # Bounds come from a qualifier ("etwa" ±10 %): a derived value, said so.
            how = f", derived from “{md_escape(row['qualifier'])}”" if row.get("qualifier") else ""
            rng = f" (range {row['low']:,}–{row['high']:,}{how})"
        claimant = name(row["claimed_by"]) if row.get("claimed_by") else "no claimant named in the text"
        return (f"**{row['value']:,}**{rng} · {md_escape(row['kind'])} · {md_escape(row.get('subject') or '—')} "
                f"({name(row.get('subject_actor'))}) · {'claimed by ' + claimant if row.get('claimed_by') else claimant} · {when} · {md_escape(row['modality'])}")
    actors = ", ".join(name(a.strip()) for a in (row.get("actors") or "").split(";") if a.strip()) or "no actor"
    return (f"**{md_escape(row['type'].replace('_', ' '))}** ({md_escape(row['modality'])}) · {actors} · "
            f"source {name(row.get('source'))} → target {name(row.get('target'))} · {when}")


def history_md(fact: dict) -> str:
    lines = []
    for d in history(fact["machine"], fact["log"]):
        what = ", ".join(f"{md_escape(k)}: {md_escape(a)} → {md_escape(b)}" for k, (a, b) in d["changed"].items())
        reason = f" · “{md_escape(d['reason'])}”" if d["reason"] else ""
        lines.append(f"- {d['decided_at']:%Y-%m-%d %H:%M} UTC · **{md_escape(d['reviewer'])}** · {d['action']}"
                     + (f" ({what})" if what else "") + reason)
    return "\n".join(lines) or "No decisions yet: as extracted, not reviewed."


def decide(fact: dict, action: str, reviewer: str, changes: dict | None = None) -> None:
    """Record a decision on the version shown; a stale one is refused with the current value."""
    try:
        db.review(store_engine(), fact["fact_id"], action, reviewer=reviewer, changes=changes,
                  reason=st.session_state.get(K_REASON), expected_version=fact["version"])
    except db.StaleEdit as exc:
        st.session_state["_review_message"] = ("error", str(exc))
        return
    except db.ReviewError as exc:
        st.session_state["_review_message"] = ("error", str(exc))
        return
    except (SQLAlchemyError, StoreError) as exc:  # the store failed: one line, the decision not recorded
        why = describe(exc) if isinstance(exc, SQLAlchemyError) else str(exc)
        st.session_state["_review_message"] = ("error", f"Not recorded: {why}. Decide again once it answers.")
        return
    st.session_state["_review_message"] = ("success", f"{ACTION_WORDS.get(action, action)}: {fact_words(fact)} "
                                                      f"(by {reviewer})")
    st.session_state[K_CLEAR] = True  # the reason box empties on the next run (it is drawn already)
    if "fact" in st.query_params:
        del st.query_params["fact"]


def fact_words(fact: dict) -> str:
    """What a decision was on, in words (never an internal id): "11,000 deployed · “etwa 11.000 …”"."""
    row = fact["row"]
    head = (f"{int(row['value']):,} {str(row.get('kind') or '').replace('_', ' ')}" if fact["table"] == "troop_figures"
            and row.get("value") is not None else str(row.get("type") or "fact").replace("_", " "))
    quote = str(row.get("quote") or "")
    return f"{head} · “{quote[:60]}{'…' if len(quote) > 60 else ''}”"


def skip(fact_id: str) -> None:
    st.session_state.setdefault(K_SKIPPED, set()).add(fact_id)


def _field_input(field: str, value, key: str, names: dict | None = None, places: dict | None = None):
    label = field.replace("_", " ")
    lookup = names if field in ACTOR_FIELDS or field == "actors" else places if field in PLACE_FIELDS else None
    if lookup is not None:
        # Pick by name; the id stays behind the name. An id the lookup does not know stays choosable.
        if field == "actors":
            current = [a.strip() for a in str(value or "").split(";") if a.strip()]
            options = sorted(set(lookup) | set(current), key=lambda a: str(lookup.get(a, a)).lower())
            return st.multiselect(label, options, default=current, key=key, format_func=lambda a: lookup.get(a, a))
        options = [None] + sorted(set(lookup) | ({value} if isinstance(value, str) and value else set()),
                                  key=lambda a: str(lookup.get(a, a)).lower())
        index = options.index(value) if value in options else 0
        return st.selectbox(label, options, index=index, key=key,
                            format_func=lambda v: "— none —" if v is None else lookup.get(v, v))
    if field in CHOICES:
        options = ([None] if field == "date_precision" else []) + list(CHOICES[field])  # the others are required
        index = options.index(value) if value in options else 0
        return st.selectbox(label, options, index=index, key=key,
                            format_func=lambda v: "—" if v is None else str(v).replace("_", " "))
    shown = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return st.text_input(label, value=shown, key=key)


def edit_form(fact: dict, reviewer: str, names: dict | None = None, places: dict | None = None) -> None:
    table, row = fact["table"], fact["row"]
    fields = [f for f in FORM_FIELDS[table] if f in EDITABLE[table]]
    with st.form(f"edit_{fact['fact_id']}_{fact['version']}", border=True):
        st.markdown("**Edit** — change what the source says and the rules got wrong; the quote stays as written.")
        cols = st.columns(3)
        for i, f in enumerate(fields):
            with cols[i % 3]:
                _field_input(f, row.get(f), _edit_key(fact, f), names, places)
        st.form_submit_button("Save edit", icon=":material/edit:", shortcut="E", on_click=_save_edit,
                              args=(fact, reviewer, fields))


def _edit_key(fact: dict, field: str) -> str:
    return f"edit_{field}_{fact['fact_id']}"


def _save_edit(fact: dict, reviewer: str, fields: list[str]) -> None:
    """Form callback: the fields that differ from the fact as shown become one edit decision."""
    def text(v) -> str:
        return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)

    values = {f: st.session_state.get(_edit_key(fact, f)) for f in fields}
    values = {f: ("; ".join(v) or None) if isinstance(v, list) else v for f, v in values.items()}  # actors
    changes = {f: v for f, v in values.items() if text(v) != text(fact["row"].get(f))}
    if changes:
        decide(fact, "edit", reviewer, changes)
    else:
        st.session_state["_review_message"] = ("warning", "Nothing changed: the edit was not recorded.")


def show_message() -> None:
    """The last decision's outcome (call before the reason box is drawn)."""
    if st.session_state.pop(K_CLEAR, False):
        st.session_state[K_REASON] = ""
    kind, text = st.session_state.pop("_review_message", (None, None))
    if kind:
        getattr(st, kind)(md_escape(text))


def document_of(tables: dict, doc_id: str) -> dict:
    docs = tables["documents"]
    hit = docs[docs["doc_id"] == doc_id]
    return hit.iloc[0].to_dict() if len(hit) else {"title": doc_id, "text": "", "published": None, "source": None}
