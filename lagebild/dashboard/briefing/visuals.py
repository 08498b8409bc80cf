"""What a slide shows: its cards, its plotly figure (the pages' own builders) and its source labels.

Figures are drawn by the same builders the pages use (``lagebild.dashboard.charts``,
``lagebild.dashboard.geo``) on the slide's filters applied with ``apply_filters``.
"""

from __future__ import annotations

import pandas as pd

from lagebild.claims import derive_claims
from lagebild.dashboard import eventcharts
from lagebild.dashboard.claimviews import claim_panels, panel_chart
from lagebild.dashboard.briefing.compose import names_of, speaker
from lagebild.dashboard.briefing.storage import VISUALS
from lagebild.dashboard.charts import with_time
from lagebild.dashboard.briefing.reactions import reaction_line, reactions
from lagebild.dashboard.fmt import LANGUAGE_NAMES, event_label, fmt_published, modality_word, plain
from lagebild.dashboard.geo import map_figure


def event_cards(filtered: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame], limit: int = 6,
                show: str = "cards:events") -> list[dict]:
    """Events as cards (latest first) in plain words: the date label ("undated (article of …)" where the
    text gives none), what happened with its modality ("Threat (threatened)"), who, quote, provenance.
    For ``cards:reactions`` only third parties' reactions, each with its plain-English ``line`` (who,
    what, when) and the quote's language named when it is not English."""
    names = names_of(tables)
    if show == "cards:reactions":
        rows = reactions(filtered["events"], tables)
    else:
        rows = with_time(filtered["events"], tables["documents"], dates=tables["dates"]).sort_values("when", ascending=False)
    language = dict(zip(tables["documents"]["doc_id"], tables["documents"]["language"]))
    if show == "cards:reactions":  # one card per reaction, however many outlets report it (its first report)
        said = [reaction_line(r, names, speaker(r, names)).rsplit(", ", 1)[0] for r in rows.to_dict("records")]
        rows = rows[~pd.Series(said, index=rows.index).duplicated().to_numpy()]
    return [{"when": r["when_note"], "type": event_label(r["type"], r["modality"]),
             "modality": modality_word(r["modality"]), "who": speaker(r, names), "quote": r["quote"],
             "line": reaction_line(r, names, speaker(r, names)) if show == "cards:reactions" else None,
             "language": LANGUAGE_NAMES.get(language.get(r["doc_id"])) if language.get(r["doc_id"]) != "en" else None,
             "doc_id": r["doc_id"], "sentence": int(r["sentence"]), "review": r.get("review_status")}
            for r in rows.head(limit).to_dict("records")]


def short_quote(text: str, limit: int = 170) -> str:
    """A quote cut at a word for a slide card, "…" where it was cut (the footnote links the whole sentence)."""
    text = str(text)
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def actor_cards(filtered: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame], limit: int = 8) -> list[dict]:
    men = filtered["mentions"]
    men = men[men["entity_kind"] == "actor"]
    counts = men.groupby("entity_id").size()
    actors = filtered["actors"].assign(n=lambda d: d["id"].map(counts).fillna(0).astype(int))
    actors = actors.sort_values(["n", "name"], ascending=[False, True]).head(limit)
    return [{"name": r["name"], "type": plain(r["type"]), "country": r["country"] if isinstance(r["country"], str) else "—",
             "side": r["side"], "roles": r["roles"] if isinstance(r["roles"], str) else "", "mentions": int(r["n"])}
            for r in actors.to_dict("records")]


# A slide's figure column at 1920×1080 (the sources take the rest): the map's labels are placed for it.
SLIDE_MAP_FRAME = (1090, 560)


# A slide's map writes fewer figures in a label than the page's (the rest are listed beside it): two boxes of
# three figures each covered the Kursk map and Kursk Oblast itself on a slide.
SLIDE_MAP_LINES = 1


def slide_figure(show: str, tables: dict[str, pd.DataFrame], filtered: dict[str, pd.DataFrame], map_views=None,
                 map_frame: tuple[int, int] = SLIDE_MAP_FRAME, map_lines: int = SLIDE_MAP_LINES, map_scale: float = 1.0):
    """The slide's plotly figure from the pages' own builders; None for cards or when there is nothing to draw.
    ``map_frame``: the map's (width, height) on screen, which its labels are placed for; ``map_lines``: figures
    written in a place's label; ``map_scale``: of the map's type (``map_figure``)."""
    kind = VISUALS.get(show, ("", "cards"))[1]
    if kind == "cards":
        return None
    docs, actors = tables["documents"], tables["actors"]
    if show == "timeline":
        ev = filtered["events"]
        return eventcharts.timeline_chart(ev, docs, actors, dates=tables["dates"], undated_apart=True) if len(ev) else None
    if show == "events_per_month":
        ev = filtered["events"]
        return eventcharts.compact_timeline(ev, docs, actors, dates=tables["dates"]) if len(ev) else None
    if show.startswith("figures:"):
        # The Troop figures page's own claims chart of that panel: a slide or a PNG is the chart as shown.
        claims = derive_claims(filtered, validate=False)
        return panel_chart(show, claims, names_of(tables), dict(zip(docs["doc_id"], docs["title"])),
                           dict(zip(docs["doc_id"], docs["published"])))
    if show.startswith("map:"):
        if not map_views or show.split(":", 1)[1] not in map_views:
            return None
        return map_figure(map_views[show.split(":", 1)[1]], filtered["places"], filtered["troop_figures"], actors,
                          all_places=tables["places"], events=tables["events"], documents=docs, dates=tables["dates"],
                          frame=map_frame, label_lines=map_lines, scale=map_scale)
    return None


def is_empty(show: str, filtered: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame] | None = None) -> bool:
    if show in ("timeline", "events_per_month", "cards:events"):
        return len(filtered["events"]) == 0
    if show == "cards:reactions":
        return len(reactions(filtered["events"], tables)) == 0 if tables is not None else len(filtered["events"]) == 0
    if show.startswith("figures:"):
        if len(filtered["troop_figures"]) == 0:
            return True
        claims = derive_claims(filtered, validate=False)
        return not any(v == show and len(df) for _, _, v, df, _ in claim_panels(claims))
    if show == "cards:actors":
        return len(filtered["actors"]) == 0
    return False  # a map always has its land and cities


def document_label(doc_id: str, tables: dict[str, pd.DataFrame]) -> str:
    """'Title (source, published)' of a document ("~" for an inferred publication date)."""
    docs = tables["documents"].set_index("doc_id")
    if doc_id in docs.index:
        d = docs.loc[doc_id]
        return f"{d['title']} ({d['source']}, {fmt_published(d['published'], d['precision'])})"
    return f"{doc_id} (not in the current tables)"


NOTE_TABLES = ("troop_figures", "events", "mentions")


def note_status(note: dict, tables: dict[str, pd.DataFrame]) -> str | None:
    """The review status (machine / confirmed / edited) of the fact a footnote quotes, as the tables have it
    now: the fact with the footnote's document, sentence and quote; None where none is found (a rejected fact,
    other tables) or the tables carry no review status."""
    for name in NOTE_TABLES:
        df = tables.get(name)
        if df is None or "review_status" not in df or len(df) == 0:
            continue
        hit = df.loc[(df["doc_id"] == note["doc_id"]) & (df["sentence"] == int(note["sentence"]))
                     & (df["quote"] == note["quote"]), "review_status"]
        if len(hit):
            return str(hit.iloc[0])
    return None


def source_label(note: dict, tables: dict[str, pd.DataFrame]) -> str:
    """'Title (source, published), sentence N' for a footnote (N 1-based, as people count)."""
    return f"{document_label(note['doc_id'], tables)}, sentence {int(note['sentence']) + 1}"
