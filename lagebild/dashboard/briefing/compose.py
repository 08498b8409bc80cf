"""Facts -> words for slides: titles, takeaways, "as of" stamps, footnotes, and the default briefing.

``default_briefing(tables)`` builds treaty → deployment → reactions from the fact
tables: titles and takeaways quote the extracted numbers and dates with their
precision and claimants; nothing is invented, and every slide's footnotes point at
the sentences its facts come from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lagebild import schemas
from lagebild.dashboard.briefing.storage import (DEFAULT_NAME, PAGE_TITLES, VISUALS, Briefing, Slide, exists,
                                                 load)
from lagebild.dashboard.charts import FIGURE_GROUPS, with_time
from lagebild.dashboard.filters import FilterState, apply_filters, interval_columns, split_ids
from lagebild.dashboard.fmt import fmt_date
from lagebild.dashboard.viewstate import parse_params, to_params

TREATY_TYPES = ("treaty_signing", "ratification", "ratification_exchange", "entry_into_force", "treaty_termination")
REACTION_TYPES = ("condemnation", "threat", "warning", "statement")
TREATY_VERBS = {"treaty_signing": "signed", "ratification": "ratified", "ratification_exchange": "ratifications exchanged",
                "entry_into_force": "entry into force", "treaty_termination": "terminated"}
REACTION_VERBS = {"condemnation": "condemned", "threat": "threatened", "warning": "warned", "statement": "statement"}
MAX_FOOTNOTES = 6


def names_of(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    return dict(zip(tables["actors"]["id"], tables["actors"]["name"]))


def _name(names: dict, actor_id) -> str | None:
    return names.get(actor_id, actor_id) if isinstance(actor_id, str) and actor_id else None


def speaker(row, names: dict) -> str:
    """Who an event comes from: its source actor, else the actors taking part, else 'no actor named'."""
    s = _name(names, row.get("source"))
    if s:
        return s
    acts = [names.get(a, a) for a in split_ids(row.get("actors"))]
    return ", ".join(acts[:2]) or "no actor named"


def as_of(tables: dict[str, pd.DataFrame]) -> str:
    """Latest publication date among the documents, with its precision when not a plain day."""
    docs = tables["documents"]
    dated = docs[docs["published"].notna()]
    if len(dated) == 0:
        return "unknown (no dated document)"
    row = dated.sort_values("published").iloc[-1]
    prec = row.get("precision")
    return f"{row['published']}" + (f" ({prec})" if isinstance(prec, str) and prec not in ("day", "") else "")


def footnote(row) -> dict:
    return {"doc_id": str(row["doc_id"]), "sentence": int(row["sentence"]), "quote": str(row["quote"])}


def _unique_notes(rows, limit: int = MAX_FOOTNOTES) -> list[dict]:
    out, seen = [], set()
    for r in rows:
        key = (r["doc_id"], int(r["sentence"]))
        if key in seen:
            continue
        seen.add(key)
        out.append(footnote(r))
        if len(out) >= limit:
            break
    return out


def _by_date(df: pd.DataFrame, precision_col: str = "date_precision", ascending: bool = True) -> pd.DataFrame:
    iv = interval_columns(df, "date", precision_col)
    return df.assign(_lo=iv["lo"]).sort_values("_lo", ascending=ascending, na_position="last").drop(columns="_lo")


def figure_group(show: str) -> tuple[str, ...]:
    return FIGURE_GROUPS.get(show.split(":", 1)[1], ()) if show.startswith("figures:") else ()


def footnotes_for(show: str, filtered: dict[str, pd.DataFrame], limit: int = MAX_FOOTNOTES) -> list[dict]:
    """Source sentences of the facts a visual shows (latest first)."""
    if show.startswith("figures:"):
        figs = filtered["troop_figures"]
        rows = _by_date(figs[figs["kind"].isin(figure_group(show))], ascending=False)
    elif show.startswith("map:"):
        figs = filtered["troop_figures"]
        rows = _by_date(figs[figs["location"].notna()], ascending=False)
    elif show == "cards:actors":
        men = filtered["mentions"]
        rows = men[men["entity_kind"] == "actor"].drop_duplicates("entity_id")
    else:
        rows = _by_date(filtered["events"], ascending=False)
    return _unique_notes(rows.to_dict("records"), limit)


def state_of(params: dict, tables: dict[str, pd.DataFrame]) -> tuple[FilterState, list[str]]:
    """The slide's FilterState (ids no longer in the tables are dropped with a notice)."""
    return parse_params(params, actor_ids=tables["actors"]["id"], event_types=schemas.EVENT_TYPES,
                        doc_ids=tables["documents"]["doc_id"])


def slide_from_view(page: str, show: str, state: FilterState, tables: dict[str, pd.DataFrame],
                    filtered: dict[str, pd.DataFrame], title: str = "", takeaway: str = "") -> Slide:
    """A slide of the current view (the presenter's 'save this view')."""
    return Slide(page=page, show=show, title=title.strip() or default_title(page, show, state, tables),
                 takeaway=takeaway.strip(), as_of=as_of(filtered), params={k: (v if isinstance(v, list) else [v]) for k, v in to_params(state).items()},
                 footnotes=footnotes_for(show, filtered))


def default_title(page: str, show: str, state: FilterState, tables: dict[str, pd.DataFrame]) -> str:
    title = VISUALS.get(show, (PAGE_TITLES.get(page, page), ""))[0]
    bits = []
    if state.actors:
        names = names_of(tables)
        bits.append(", ".join(names.get(a, a) for a in state.actors[:3]) + ("…" if len(state.actors) > 3 else ""))
    if state.date_from or state.date_to:
        bits.append(f"{state.date_from or '…'} – {state.date_to or '…'}")
    if state.types:
        bits.append(", ".join(t.replace("_", " ") for t in state.types[:3]) + ("…" if len(state.types) > 3 else ""))
    return title + (f" · {' · '.join(bits)}" if bits else "")


# ---------------------------------------------------------------- the default briefing

def _events_of_types(tables, types) -> tuple[list[str], dict, dict] | None:
    """The event types present among ``types``, the slide's filter params, and the tables filtered by them."""
    present = [t for t in types if t in set(tables["events"]["type"])]
    if not present:
        return None
    params = {"type": present}
    return present, params, apply_filters(tables, state_of(params, tables)[0])


def _treaty_slide(tables, names) -> Slide | None:
    found = _events_of_types(tables, TREATY_TYPES)
    if found is None:
        return None
    present, params, filtered = found
    tev = _by_date(filtered["events"])
    facts, title_bits = [], []
    for t in present:
        rows = tev[tev["type"] == t]
        dated = rows[rows["date"].notna()]
        r = (dated.iloc[-1] if t != "treaty_signing" else dated.iloc[0]) if len(dated) else rows.iloc[0]
        when = fmt_date(r["date"], r["date_precision"])
        mod = "" if r["modality"] == "asserted" else f"{r['modality']}, "
        facts.append(f"{TREATY_VERBS[t]} {when} ({mod}{speaker(r, names)})" if when != "undated"
                     else f"{TREATY_VERBS[t]}: {mod}undated ({speaker(r, names)})")
        if len(dated):
            title_bits.append(f"{TREATY_VERBS[t]} {when}")
    title = "Treaty " + ", ".join(title_bits[:2]) if title_bits else f"Treaty: {len(tev)} events, none dated in the text"
    notes = _unique_notes([r for t in present for r in tev[tev["type"] == t].to_dict("records")])
    return Slide(page="timeline", show="timeline", title=title, takeaway=_sentence("; ".join(facts[:4])),
                 as_of=as_of(filtered), params=params, footnotes=notes)


# Qualifiers that make a figure approximate (data/lexicon/qualifiers.csv, both bounds set).
APPROXIMATE = {"etwa", "rund", "circa", "ca.", "ca", "ungefähr", "schätzungsweise", "about", "around",
               "approximately", "roughly", "some", "an estimated", "estimated", "nearly", "almost", "knapp", "fast"}


def _deployment_slide(tables, names) -> Slide | None:
    figs = tables["troop_figures"]
    nk = figs[(figs["subject_actor"] == "north-korea") & (figs["kind"] == "deployed")
              & figs["modality"].isin(["asserted", "reported"])]
    deploy_ev = tables["events"][tables["events"]["type"] == "troop_deployment"]
    if len(nk) == 0 and len(deploy_ev) == 0:
        return None
    located = _by_date(figs[figs["location"].notna()], ascending=False)
    places = dict(zip(tables["places"]["id"], tables["places"]["name"]))
    rows = []
    if len(nk):
        top = with_time(nk, tables["documents"]).sort_values(["when", "value"], ascending=[False, False]).iloc[0]
        qual = f" (“{top['qualifier']}”)" if isinstance(top["qualifier"], str) else ""
        rng = (f", range {int(top['low']):,}–{int(top['high']):,}" if pd.notna(top["low"]) and pd.notna(top["high"])
               and (top["low"] != top["value"] or top["high"] != top["value"]) else "")
        who = _name(names, top["claimed_by"])
        # The headline keeps the figure's uncertainty: "about 11,000", "up to 12,000", "11,000–12,000".
        if pd.notna(top["low"]) and pd.notna(top["high"]) and top["low"] != top["high"]:
            amount = f"{int(top['low']):,}–{int(top['high']):,}" if not isinstance(top["qualifier"], str) \
                or top["qualifier"].lower() not in APPROXIMATE else f"about {int(top['value']):,}"
        elif pd.notna(top["low"]) and pd.isna(top["high"]):
            amount = f"at least {int(top['value']):,}"
        elif pd.isna(top["low"]) and pd.notna(top["high"]):
            amount = f"up to {int(top['value']):,}"
        else:
            amount = f"{int(top['value']):,}"
        title = f"Deployment: {amount} North Korean soldiers reported deployed"
        takeaway = (f"Latest figure {int(top['value']):,}{qual}{rng}, {fmt_date(top['date'], top['date_precision'])}, "
                    + (f"claimed by {who}" if who else "no claimant named in the text"))
        rows.append(top.to_dict())
    else:
        r = deploy_ev.iloc[0]
        title = "Deployment: North Korean troops reported, no deployed-troop figure"
        takeaway = f"Deployment reported by {speaker(r, names)}, {fmt_date(r['date'], r['date_precision'])}"
    if len(located):
        r = located.iloc[0]
        who = _name(names, r["claimed_by"])
        takeaway += (f"; on the map: {int(r['value']):,} {r['kind']} in {places.get(r['location'], r['location'])}, "
                     f"{fmt_date(r['date'], r['date_precision'])}, " + (f"claimed by {who}" if who else "no claimant named"))
    rows += located.to_dict("records") + deploy_ev.to_dict("records")
    return Slide(page="map", show="map:kursk", title=title, takeaway=_sentence(takeaway), as_of=as_of(tables), params={},
                 footnotes=_unique_notes(rows))


def _sentence(text: str) -> str:
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else text


def _reactions_slide(tables, names) -> Slide | None:
    found = _events_of_types(tables, REACTION_TYPES)
    if found is None:
        return None
    present, params, filtered = found
    rev = filtered["events"]
    parts = []
    for t in present:
        rows = rev[rev["type"] == t]
        who = list(dict.fromkeys(speaker(r, names) for r in rows.to_dict("records")))
        verb = REACTION_VERBS[t]
        if t == "statement":
            parts.append(f"statements by {', '.join(who[:3])}" + ("…" if len(who) > 3 else ""))
        else:
            parts.append(f"{', '.join(who[:3])}{'…' if len(who) > 3 else ''} {verb}")
    kinds = [t for t in present if t != "statement"] or present
    title = "Reactions: " + ", ".join(k.replace("_", " ") for k in kinds)
    if "statement" in present and kinds != present:
        n = int((rev["type"] == "statement").sum())
        title += f" and {n} statement{'s' if n != 1 else ''}"
    notes = _unique_notes([r for t in present for r in rev[rev["type"] == t].to_dict("records")])
    return Slide(page="timeline", show="cards:events", title=title, takeaway=_sentence("; ".join(parts)),
                 as_of=as_of(filtered), params=params, footnotes=notes)


def default_briefing(tables: dict[str, pd.DataFrame]) -> Briefing:
    """Treaty → deployment → reactions, from the facts in ``tables`` (slides without facts are left out)."""
    names = names_of(tables)
    slides = [s for s in (_treaty_slide(tables, names), _deployment_slide(tables, names), _reactions_slide(tables, names)) if s]
    return Briefing(DEFAULT_NAME, slides, "Treaty, deployment, reactions (built from the data)")


def load_or_default(name: str, tables: dict[str, pd.DataFrame], where: Path | None = None) -> Briefing:
    """The stored briefing; ``default`` not stored yet is built from the data."""
    if name == DEFAULT_NAME and not exists(name, where):
        return default_briefing(tables)
    return load(name, where)
