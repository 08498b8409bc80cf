"""Facts -> words for slides: titles, takeaways, "as of" stamps, footnotes, and the default briefing.

``default_briefing(tables)`` builds treaty → deployment → reactions from the fact
tables: titles and takeaways quote the extracted numbers and dates with their
precision and claimants; nothing is invented, and every slide's footnotes point at
the sentences its facts come from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from lagebild import schemas
from lagebild.claims import derive_claims
from lagebild.claims import rules as claim_rules
from lagebild.dashboard import claimviews as cv
from lagebild.dashboard.briefing.storage import (DEFAULT_NAME, PAGE_TITLES, VISUALS, Briefing, Slide, exists,
                                                 load)
from lagebild.dashboard.charts import FIGURE_GROUPS, with_time
from lagebild.dashboard.filters import FilterState, apply_filters, interval_columns
from lagebild.dashboard.fmt import fmt_amount, fmt_date, fmt_published, figure_phrase, modality_word, \
    plain
from lagebild.dashboard.briefing.reactions import reaction_line, reactions
from lagebild.dashboard.geo.claims import locate_figures
from lagebild.dashboard.roles import SPOKEN
from lagebild.dashboard.viewstate import parse_params, to_params

TREATY_TYPES = ("treaty_signing", "ratification", "ratification_exchange", "entry_into_force", "treaty_termination")
REACTION_TYPES = ("condemnation", "threat", "warning", "statement")
TREATY_VERBS = {"treaty_signing": "signed", "ratification": "ratified", "ratification_exchange": "ratifications exchanged",
                "entry_into_force": "entry into force", "treaty_termination": "terminated"}
MAX_FOOTNOTES = 6


class Names(dict):
    """Actor id -> name, and ``described``: (doc_id, sentence, actor id) -> the words a slide uses where
    that sentence only describes a body the gazetteer resolved ("das russische Parlament" is not
    "State Duma": a body the text does not name is not named on screen)."""
    described: dict


def _name_tokens(*names) -> set[str]:
    return {w for n in names if isinstance(n, str) for w in re.findall(r"\w+", n.lower()) if len(w) >= 4}


def names_of(tables: dict[str, pd.DataFrame]) -> Names:
    actors = tables["actors"]
    names = Names(zip(actors["id"], actors["name"]))
    names.described = {}
    men = tables.get("mentions")
    if men is None or len(men) == 0:
        return names
    orgs = actors[actors["type"] == "organisation"]  # a person's surname or a state's capital names it
    state_of = dict(zip(actors.loc[actors["type"] == "state", "country"], actors.loc[actors["type"] == "state", "name"]))
    tokens = {r["id"]: (_name_tokens(r["name"], r["name_de"]), state_of.get(r["country"])) for r in orgs.to_dict("records")}
    for r in men[men["entity_id"].isin(tokens.keys())].to_dict("records"):
        own, state = tokens[r["entity_id"]]
        quote = str(r["quote"])
        acronym = any(len(w) >= 2 and w.isupper() for w in re.findall(r"\w+", quote))
        if state and not acronym and not any(t in quote.lower() for t in own):
            # the body's country, with the text's own words for it
            names.described[(r["doc_id"], int(r["sentence"]), r["entity_id"])] = f"{state}: “{quote}”"
    return names


def _name(names: dict, actor_id) -> str | None:
    return names.get(actor_id, actor_id) if isinstance(actor_id, str) and actor_id else None


# What someone says (``roles.SPOKEN``): without a named source nobody in the sentence is its speaker ("…,
# according to the report" is not North Korea's statement because North Korea is what it is about).


def speaker(row, names: dict) -> str:
    """Who an event comes from: its source actor (a body the sentence only describes in the text's
    words); else, for something said, "no speaker named"; else "according to" its claimant, else
    "no actor named"."""
    s = _name(names, row.get("source"))
    if s:
        described = getattr(names, "described", {})
        key = (row.get("doc_id"), int(row["sentence"]) if pd.notna(row.get("sentence")) else -1, row.get("source"))
        return described.get(key, s)
    if row.get("type") in SPOKEN:
        return "no speaker named"
    # Never the actors it merely names (issue #19: an event is listed under an actor only in its role);
    # who reports it is said as such.
    claim = _name(names, row.get("claimed_by"))
    return f"according to {claim}" if claim else "no actor named"


def as_of(tables: dict[str, pd.DataFrame]) -> str:
    """Latest publication date among the documents; "~" in front when that date is itself inferred."""
    docs = tables["documents"]
    dated = docs[docs["published"].notna()]
    if len(dated) == 0:
        return "unknown (no dated document)"
    row = dated.sort_values("published").iloc[-1]
    return fmt_published(row["published"], row.get("precision"))


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
    params = {k: (v if isinstance(v, list) else [v]) for k, v in to_params(state).items()}
    if show == "changes":  # compares with the day its data stood on (the as-of text is for people, not parsing)
        published = filtered["documents"]["published"].dropna()
        if len(published):
            params["since"] = [str(published.max())[:10]]
    return Slide(page=page, show=show, title=title.strip() or default_title(page, show, state, tables),
                 takeaway=takeaway.strip(), as_of=as_of(filtered), params=params, footnotes=footnotes_for(show, filtered))


def filter_words(state: FilterState, tables: dict[str, pd.DataFrame], limit: int = 3) -> list[str]:
    """A view's filters in plain words (names, dates, event types), for slide titles and captions."""
    bits = []
    if state.actors:
        names = names_of(tables)
        bits.append(", ".join(names.get(a, a) for a in state.actors[:limit]) + ("…" if len(state.actors) > limit else ""))
    if state.date_from or state.date_to:
        bits.append(f"{fmt_date(state.date_from.isoformat(), 'day') if state.date_from else '…'} – "
                    f"{fmt_date(state.date_to.isoformat(), 'day') if state.date_to else '…'}")
    if state.types:
        bits.append(", ".join(plain(t) for t in state.types[:limit]) + ("…" if len(state.types) > limit else ""))
    if state.docs:
        bits.append(f"{len(state.docs)} source document{'s' if len(state.docs) != 1 else ''}")
    if state.text_dated:
        bits.append("only facts dated in the text")
    return bits


def params_words(params: dict, tables: dict[str, pd.DataFrame]) -> str:
    """A slide's stored filter parameters in plain words ("" for none)."""
    return "; ".join(filter_words(state_of(params, tables)[0], tables, limit=6))


def default_title(page: str, show: str, state: FilterState, tables: dict[str, pd.DataFrame]) -> str:
    title = VISUALS.get(show, (PAGE_TITLES.get(page, page), ""))[0]
    bits = filter_words(state, tables)
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
    # What the text dates first, in date order; facts it does not date say so ("undated (article of …)").
    tev = with_time(filtered["events"], tables["documents"], dates=tables["dates"])
    # By the last day a date stands for, the most precise first: "19 Jun 2024" before "Jun 2024".
    tev = tev.assign(_width=tev["hi"] - tev["lo"]).sort_values(["in_text", "hi", "_width"], ascending=[False, True, True])
    facts, title_bits = [], []
    for t in present:
        rows = tev[tev["type"] == t]
        for r in rows.head(2).to_dict("records"):  # both ratifications where the text has both
            word = modality_word(r["modality"])
            who = f"{word + ', ' if word else ''}{speaker(r, names)}"
            fact = (f"{TREATY_VERBS[t]} {r['when_note']} ({who})" if r["in_text"]
                    else f"{TREATY_VERBS[t]} ({who}), {r['when_note']}")
            if fact not in facts:  # two documents reporting the same step say it once
                facts.append(fact)
        dated = rows[rows["in_text"]]
        if len(dated):  # the signing first dated, every later step its latest (the text may recall older treaties)
            pick = dated.iloc[0 if t == "treaty_signing" else -1]
            # said as precisely as a report gives it: a day inside the picked month ("6 Nov" within "Nov 2024")
            inside = dated[(dated["lo"] >= pick["lo"]) & (dated["hi"] <= pick["hi"])].sort_values("_width")
            title_bits.append(f"{TREATY_VERBS[t]} {inside.iloc[0]['when_note']}")
    title = "Treaty " + ", ".join(title_bits[:2]) if title_bits else f"Treaty: {len(tev)} events, none dated in the text"
    notes = _unique_notes([r for t in present for r in tev[tev["type"] == t].to_dict("records")])
    return Slide(page="timeline", show="timeline", title=title, takeaway=_sentence("; ".join(facts[:4])),
                 as_of=as_of(filtered), params=params, footnotes=notes)


def _claim(row, names) -> str:
    who = _name(names, row["claimed_by"])
    return f"claimed by {who}" if who else "no claimant named in the text"


def _deployment_slide(tables, names) -> Slide | None:
    """The range of the current totals of North Korean troops deployed and who claims them (each major
    claimant's latest total), increments beside them, never as a total; the map of where they are."""
    claims = derive_claims(tables, validate=False)
    latest = cv.latest_by_claimant(claims, claim_rules.load().major_claimants)
    increments = cv.latest_increments(claims)
    deploy_ev = tables["events"][tables["events"]["type"] == "troop_deployment"]
    if len(latest) == 0 and len(increments) == 0 and len(deploy_ev) == 0:
        return None
    figs = tables["troop_figures"]
    timed = with_time(figs, tables["documents"], dates=tables["dates"])
    located = locate_figures(timed, tables["events"], tables["actors"])
    located = located[located["location"].notna()].sort_values("when", ascending=False)
    places = dict(zip(tables["places"]["id"], tables["places"]["name"]))
    rows = latest.to_dict("records") + increments.to_dict("records")
    if len(latest):
        who = [cv.claimant_of(r, names) for r in latest.to_dict("records")]
        by = who[0] if len(who) == 1 else f"{len(who)} claimants"
        span = total_range(latest)
        title = f"Deployment: {span} North Korean soldiers ({by})"  # the takeaway says these are totals
        # The latest report of each (a slide must fit the projector: one date, not a period).
        takeaway = "Latest totals: " + "; ".join(
            f"{w}: {cv.figure_text(r)} ({cv.reported_date(r, 'last')})" for w, r in zip(who, latest.to_dict("records")))
    elif len(increments):
        title = "Deployment: more North Korean soldiers sent, no total stated"
        takeaway = ""
    else:
        r = with_time(deploy_ev, tables["documents"], dates=tables["dates"]).iloc[0]
        title = "Deployment: North Korean troops reported, no deployed-troop figure"
        takeaway = f"Deployment reported by {speaker(r, names)}, {r['when_note']}"
    if len(increments):
        takeaway += (". " if takeaway else "") + "Increments, not totals: " + "; ".join(
            f"{cv.claimant_of(r, names)}: {cv.stated_text(r)}" for r in increments.to_dict("records"))
    shown = {(r["doc_id"], r["start"]) for r in rows}  # a figure of the headline is not repeated
    on_map = [f"{figure_phrase(r, names)} in {places.get(r['location'], r['location'])}, {r['when_note']}"
              for r in located.head(3).to_dict("records") if (r["doc_id"], r["start"]) not in shown][:2]
    if on_map and not len(latest):  # with totals to read out, the map beside them speaks for itself
        takeaway += "; on the map: " + "; ".join(on_map)
    rows += located.to_dict("records") + deploy_ev.to_dict("records")
    return Slide(page="map", show="map:kursk", title=title, takeaway=_sentence(takeaway), as_of=as_of(tables), params={},
                 footnotes=_unique_notes(rows))


def total_range(totals: pd.DataFrame) -> str:
    """The range of several totals as stated: from the lowest to the highest ("more than 10,000 to 12,000"),
    each end in its claim's own words; one total, or several that agree, as stated."""
    rows = totals.to_dict("records")
    low = min(rows, key=lambda r: (float(r["value"]), r["direction"] != "above"))
    high = max(rows, key=lambda r: (float(r["value_max"]) if r["direction"] == "range" and pd.notna(r["value_max"])
                                    else float(r["value"]), r["direction"] == "above"))
    lo_text = cv.figure_text(low) if low["direction"] != "range" else f"{int(low['value']):,}"
    if high["direction"] == "range" and pd.notna(high["value_max"]):
        hi_text = f"{int(high['value_max']):,}"
    else:
        hi_text = cv.figure_text(high)
    if low is high or lo_text == hi_text:
        return cv.figure_text(low)
    return f"{lo_text} to {hi_text}"


def _sentence(text: str) -> str:
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else text


def _reactions_slide(tables, names) -> Slide | None:
    """Third parties' reactions, one plain-English line each (who, what, when); the quotes, in their
    language, are the slide's cards and footnotes. The treaty's parties' own words are not reactions."""
    found = _events_of_types(tables, REACTION_TYPES)
    if found is None:
        return None
    present, params, filtered = found
    rev = reactions(filtered["events"], tables)
    if len(rev) == 0:
        return None
    rows = rev.to_dict("records")
    # the same reaction reported by two outlets is said once (its first, best-dated report)
    lines = list({ln.rsplit(", ", 1)[0] if ln.endswith(")") else ln: ln for ln in reversed(
        [reaction_line(r, names, speaker(r, names)) for r in rows])}.values())[::-1]
    who = list(dict.fromkeys(speaker(r, names) for r in rows))
    title = "Reactions: " + ", ".join(who[:3]) + (" and others" if len(who) > 3 else "")
    return Slide(page="timeline", show="cards:reactions", title=title, takeaway=_sentence("; ".join(lines[:3])),
                 as_of=as_of(filtered), params=params, footnotes=_unique_notes(rows))


def default_briefing(tables: dict[str, pd.DataFrame]) -> Briefing:
    """Treaty → deployment → reactions, from the facts in ``tables`` (slides without facts are left out)."""
    names = names_of(tables)
    slides = [s for s in (_treaty_slide(tables, names), _deployment_slide(tables, names), _reactions_slide(tables, names)) if s]
    return Briefing(DEFAULT_NAME, slides, "Treaty, deployment, reactions (built from the data)")


def load_or_default(name: str, tables: dict[str, pd.DataFrame], where: Path | None = None,
                    build=default_briefing) -> Briefing:
    """The stored briefing; ``default`` not stored yet is built from the data (by ``build``: the app
    passes a memoised ``default_briefing``)."""
    if name == DEFAULT_NAME and not exists(name, where):
        return build(tables)
    return load(name, where)
