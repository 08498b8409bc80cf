"""Which troop figures a map shows where, and the words it shows them with.

A figure sits where the text places it.  A *deployed* figure whose sentence names no place
takes the place of the event in its document that describes that deployment (a deployment
or an intelligence assessment involving an actor of the same country, nearest sentence
first); the label and hover say so ("place from sentence 9").  Every label names whose
troops, the kind, the amount as the text gives it, and the claimant.
"""

from __future__ import annotations

import html

import pandas as pd

from lagebild.dashboard.filters import split_ids
from lagebild.dashboard.fmt import actor_name, figure_phrase, review_text, review_word

# Events that describe where troops are: a deployment, or an assessment that confirms their presence.
DEPLOYMENT_EVENTS = ("troop_deployment", "intelligence_assessment")
LABEL_LINES = 2  # figures written in one place's label (two boxes of three covered half of Kursk Oblast on the Map); the hover lists up to HOVER_LINES
LINE_CHARS = 56  # a figure longer than this is written on two lines (a slide's map is half the page's width)
CONTINUED = "<br>\u2003"  # a figure's second line starts indented: it reads as one figure, not two
HOVER_LINES = 5
CLAIM_COLUMNS = ["location", "claimed_by", "n", "latest", "all"]
# Where a static view (slide, PNG, PDF, HTML) and the page list the figures a label leaves out.
MORE_NOTE = "listed with the map"
LISTED = 12  # figures a place's list under the map spells out (the rest: counted, and on the Troop figures page)


def _countries(actors: pd.DataFrame) -> dict[str, str]:
    return {a: c for a, c in zip(actors["id"], actors["country"]) if isinstance(c, str)}


def _event_place(fig: dict, candidates: list[dict], countries: dict) -> tuple[str, int] | None:
    """(place, sentence) of the nearest of ``candidates`` (the placed deployment events of the figure's
    document) that describes its subject's deployment."""
    country = countries.get(fig["subject_actor"])
    if country is None:
        return None
    best = None
    for e in candidates:
        involved = set(split_ids(e["actors"])) | {e["source"], e["target"]}
        if not any(countries.get(a) == country for a in involved if isinstance(a, str)):
            continue
        distance = abs(int(e["sentence"]) - int(fig["sentence"]))
        if best is None or distance < best[0]:
            best = (distance, e["place"], int(e["sentence"]))
    return None if best is None else (best[1], best[2])


def locate_figures(figures: pd.DataFrame, events: pd.DataFrame | None, actors: pd.DataFrame) -> pd.DataFrame:
    """``figures`` with ``location`` filled for deployed figures from their deployment event, and
    ``place_note``: "" where the figure's own sentence places it, else where the place comes from."""
    out = figures.assign(place_note="")
    if events is None or len(out) == 0:
        return out
    countries = _countries(actors)
    todo = out[out["location"].isna() & (out["kind"] == "deployed") & out["subject_actor"].notna()]
    if len(todo) == 0:
        return out
    # The candidate events grouped by document once (not the whole events table scanned per figure,
    # which grew with the square of the store).
    placed = events[events["type"].isin(DEPLOYMENT_EVENTS) & events["place"].notna()
                    & events["doc_id"].isin(set(todo["doc_id"]))]
    by_doc: dict[str, list[dict]] = {}
    for e in placed[["doc_id", "actors", "source", "target", "sentence", "place"]].to_dict("records"):
        by_doc.setdefault(e["doc_id"], []).append(e)
    hits = {}
    for idx, row in zip(todo.index, todo.to_dict("records")):
        found = _event_place(row, by_doc.get(row["doc_id"], []), countries)
        if found is not None:
            hits[idx] = found
    if hits:  # one assignment per column (a .loc write per figure costs more than the search)
        at = list(hits)
        out.loc[at, "location"] = [hits[i][0] for i in at]
        out.loc[at, "place_note"] = [f"place from sentence {hits[i][1] + 1} (the figure's sentence names none)" for i in at]
    return out


def of_country(figures: pd.DataFrame, actors: pd.DataFrame, country: str) -> pd.DataFrame:
    """The figures whose subject (whose troops) is an actor of ``country``."""
    countries = _countries(actors)
    return figures[figures["subject_actor"].map(lambda a: countries.get(a) == country if isinstance(a, str) else False)]


def figure_claims_by_place(figures: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """One row per place with reported figures: the leading claim's claimant (deployed first, then the
    latest), the count, and the leading figures (``latest``) for the label and the hover."""
    if len(figures) == 0:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    located = figures[figures["location"].isin(set(places["id"]))].copy()
    if len(located) == 0:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    located["_deployed"] = located["kind"] == "deployed"
    # A total leads its place's label; an increment or a part follows, said as one.
    located["_total"] = located["scope"] == "total" if "scope" in located else True
    located["_date"] = located["date"].fillna("")
    located = located.sort_values(["location", "_deployed", "_total", "_date"], ascending=[True, False, False, False])
    rows = []
    for loc, group in located.groupby("location", sort=False):
        rows.append({"location": loc, "n": len(group), "latest": group.head(HOVER_LINES), "all": group,
                     "claimed_by": group.iloc[0]["claimed_by"]})
    return pd.DataFrame(rows)


def claim_label(rows: pd.DataFrame, names: dict, lines: int = LABEL_LINES) -> str:
    """The map label of one place from its ``distinct_rows``: up to ``lines`` figures in words, "· confirmed" or
    "· edited" after a figure an analyst reviewed (an unmarked one is the machine's: the map's key says so),
    "+ n more" for the rest."""
    out = [wrap_line(html.escape(figure_phrase(r, names)) + _reviewed(r.get("review_status"))
                     + (" *" if r["place_note"] else ""))
           for r in rows.head(lines).to_dict("records")]
    if len(rows) > lines:  # nobody hovers a slide or a print: the rest is listed under the map
        rest = len(rows) - lines
        out.append(f"+ {rest} more, {MORE_NOTE}" if out else f"{rest} figure{'s' if rest != 1 else ''}, {MORE_NOTE}")
    return "<br>".join(out)


def _said(row: dict, names: dict) -> tuple:
    """What a label line says, apart from how the text hedges it ("reported"): restatements share it."""
    return (row.get("doc_id"), figure_phrase({**row, "modality": "asserted"}, names))


# What ``figure_phrase`` reads of a row, besides the modality (``_said`` sets it).
PHRASE_COLUMNS = ["value", "low", "high", "qualifier", "subject_actor", "kind", "scope", "since", "since_precision",
                  "claimed_by", "relayed_by"]


def distinct_rows(claims: pd.DataFrame, names: dict) -> pd.DataFrame:
    """One article restating a figure (a summary box and the body) is one line, not two: per (document, what
    the line says) the last such row, at the place of the first.  The words are worked out once per distinct
    figure from the columns they are made of, and the rows stay a frame (a region of a year of reporting holds
    thousands of figures; a label and its list show a few of them)."""
    if len(claims) == 0:
        return claims
    cols = ["doc_id"] + [c for c in PHRASE_COLUMNS if c in claims]
    group = claims.groupby(cols, dropna=False, sort=False).ngroup().to_numpy()
    firsts = claims.drop_duplicates(cols)[cols]  # one row per group, in the groups' order
    said = [_said(r, names) for r in firsts.to_dict("records")]
    first: dict[tuple, int] = {}
    last: dict[tuple, int] = {}
    for i, g in enumerate(group):
        key = said[g]
        first.setdefault(key, i)
        last[key] = i
    return claims.iloc[[last[k] for k in first]]


def unlabelled_lines(rows: pd.DataFrame, names: dict, place_name: str, lines: int = LABEL_LINES,
                     listed: int = LISTED) -> list[str]:
    """The figures of a place (its ``distinct_rows``) its label leaves out, in words: "Kursk Oblast: NIS (South
    Korea): about 5,000 troops of North Korea deployed, Nov 2025" (plain text); past ``listed`` of them one
    line says how many more there are and where they all are (a year of reporting puts thousands of figures
    on one region: a list under the map, or in a slide's notes, that nobody can read)."""
    rest = rows.iloc[lines:]
    out = [f"{place_name}: {figure_phrase(r, names)}, {r.get('when_note') or 'undated'}"
           + (f" ({review_text(r.get('review_status'))})" if r.get("review_status") not in (None, "machine") else "")
           for r in rest.head(listed).to_dict("records")]
    if len(rest) > listed:
        more = len(rest) - listed
        out.append(f"{place_name}: and {more:,} more figure{'s' if more != 1 else ''}, "
                   "every one on the Troop figures page (every reported figure, with its source)")
    return out


def wrap_line(text: str, limit: int = LINE_CHARS) -> str:
    """``text`` on two lines (``CONTINUED``: a line break and an indent) at the blank nearest its middle
    when longer than ``limit``; after a claimant's colon where there is one ("NIS (South Korea):
    ⏎ about 5,000 troops …")."""
    if len(text) <= limit or " " not in text:
        return text
    colon = text.find(": ")
    if 0 < colon and max(colon, len(text) - colon) <= limit + 12:
        return text[:colon + 1] + CONTINUED + text[colon + 2:]
    middle = len(text) // 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - middle))
    return text[:cut] + CONTINUED + text[cut + 1:]


def _reviewed(status) -> str:
    word = review_word(status)
    return f" · {word}" if word != "not reviewed" else ""


def claim_hover(claims: pd.DataFrame, names: dict, place_name: str, n: int) -> str:
    lines = [f"<b>{html.escape(place_name)}</b> — {n} reported figure{'s' if n != 1 else ''}"]
    for r in claims.to_dict("records"):
        quote = html.escape(str(r["quote"]))
        quote = quote if len(quote) <= 90 else quote[:87] + "…"
        note = f" · {html.escape(r['place_note'])}" if r["place_note"] else ""
        lines.append(f"{html.escape(figure_phrase(r, names))} · {html.escape(r.get('when_note') or '')}{note}"
                     f" · {review_text(r.get('review_status'))}<br>  <i>“{quote}”</i>")
    return "<br>".join(lines)


def claimant_name(names: dict, actor_id) -> str:
    """"South Korea + Ukraine + United States" for joint claimants (never their ids)."""
    ids = split_ids(actor_id)
    return " + ".join(actor_name(names, a) for a in ids) if ids else "no claimant named"
