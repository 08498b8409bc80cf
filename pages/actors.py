"""Actors: one card per actor with role, side, mentions, events, statements; search and focus."""

import pandas as pd
import streamlit as st

from lagebild.dashboard.actorstats import actor_events, actor_stats, card_events, store_actor_stats, store_card_events
from lagebild.dashboard.app.frame import current_view
from lagebild.dashboard.app.sidebar import focus_actor
from lagebild.dashboard.charts import with_time
from lagebild.dashboard.fmt import event_label, fmt_published, plain, review_badge
from lagebild.dashboard.app.loaders import per_view
from lagebild.dashboard.app.widgets import empty_notice, quote_md, source_link
from lagebild.dashboard.colors import SIDE_LABELS, flag_md_heading
from lagebild.dashboard.markup import md_escape
from lagebild.dashboard.roles import role_meanings
from lagebild.spellings import actor_spellings, fold

BADGE = {"aligned_russia": "orange", "aligned_ukraine": "blue", "other": "gray"}

CARDS = 6  # cards shown at first (two rows: about one screen), and added by "Show more"
K_SHOWN = "actor_cards_shown"


def statement_dates(said: pd.DataFrame, documents: pd.DataFrame, dates: pd.DataFrame) -> dict:
    """Each statement's date label ("undated (article of …)" where the text gives none), by fact id."""
    if len(said) == 0:
        return {}
    return dict(zip(said["fact_id"], with_time(said, documents, dates=dates)["when_note"]))


def role_list(pairs: list[tuple[str, int]], limit: int = 12) -> str:
    """ "captured soldiers of Ukraine (2), condemned by South Korea" … (escaped; counts above 1 shown)."""
    text = "; ".join(md_escape(p) + (f" ({n})" if n > 1 else "") for p, n in pairs[:limit])
    return text + (f"; and {len(pairs) - limit} more" if len(pairs) > limit else "")


def published_words(value) -> str:
    """A publication date in words, "~" when a document with that date has it only approximately."""
    return fmt_published(value, "approximate" if value in APPROXIMATE_DATES else "day")


def badge(text: object, color: str) -> str:
    """A Markdown colour badge; the label is escaped (it may come from the tables)."""
    return f":{color}-badge[{md_escape(text)}]"


def card_markdown(a: dict, spelled: list[str], card: dict, first_last) -> str:
    """An actor card's text below the heading: badges, spellings or German name, role, counts, mention dates (pure)."""
    badges = [badge(SIDE_LABELS.get(a["side"], a["side"]), BADGE.get(a["side"], "gray")), badge(plain(a["type"]), "gray")]
    if isinstance(a["country"], str):
        badges.append(badge(a["country"], "gray"))
    parts = [" ".join(badges)]
    if spelled:
        parts.append("In the text: " + ", ".join(f"“{md_escape(s)}”" for s in spelled))
    elif isinstance(a["name_de"], str):
        parts.append(f"German: {md_escape(a['name_de'])}")
    meanings = role_meanings(a["roles"])
    if meanings:
        parts.append(f"Role: *{md_escape('; '.join(meanings))}*")
    # Each event under the role the actor has in it: "its soldiers captured by Ukraine" is never
    # listed among what North Korea did.
    parts.append(f"**{a['mentions']:,}** mention{'s' if a['mentions'] != 1 else ''} · "
                 f"only named in **{card['n_named']:,}** event{'s' if card['n_named'] != 1 else ''}")
    if card["did"]:
        parts.append(f"**What it did or said ({card['n_by']:,}):** {role_list(card['did'])}")
    if card["done_to"]:
        parts.append(f"**Done to it or said about it ({card['n_at']:,}):** {role_list(card['done_to'])}")
    if first_last is not None:
        parts.append(f":gray[:small[First mention {md_escape(published_words(first_last['min']))} · last mention "
                     f"{md_escape(published_words(first_last['max']))} (publication dates)]]")
    return "\n\n".join(parts)


view = current_view()
t = view.filtered
_docs = view.tables["documents"]
APPROXIMATE_DATES = set(_docs.loc[_docs["precision"] == "approximate", "published"].dropna())
st.title("Actors")
query = st.text_input("Search actors", key="actor_search", placeholder="Name, spelling, role, country or side",
                      label_visibility="collapsed")

if view.from_store:  # the mentions counted by the database, not read
    data = view.ask("actor_stats", store_actor_stats, view.state, t)
else:
    data = per_view("actors", view.tables, view.state, actor_stats, t, view.tables["documents"])
first_last, spellings = data["first_last"], data["spellings"]
actors = data["actors"]
if query:
    # Any spelling the gazetteer knows or the text uses, blanks and hyphens aside ("Kim Jong Un", "Selenskyj").
    q = fold(query.strip())
    known = actor_spellings()
    hay = (actors["name"].fillna("") + " " + actors["name_de"].fillna("") + " " + actors["roles"].fillna("") + " "
           + actors["country"].fillna("") + " " + actors["type"] + " " + actors["side"].map(SIDE_LABELS).fillna("") + " "
           + actors["id"].map(lambda a: " ".join([*spellings.get(a, []), *known.get(a, ())])).fillna(""))
    actors = actors[hay.map(fold).str.contains(q, regex=False)]
    if len(actors) == 0:
        st.info(f"No actor matches the search “{md_escape(query.strip())}” among the "
                f"{len(data['actors'])} actor{'s' if len(data['actors']) != 1 else ''} of the current selection. "
                "Clear the search to see them all.", icon=":material/search_off:")
        st.stop()

if len(actors) == 0:
    empty_notice("actors", view)
    st.stop()
st.caption(f"{len(actors)} actor{'s' if len(actors) != 1 else ''}, most mentioned first. "
           "“Focus” shows only that actor everywhere (sidebar filter).")

shown = max(CARDS, int(st.session_state.get(K_SHOWN) or CARDS))
cols = st.columns(3, gap="medium")
on_screen = actors.head(shown).to_dict("records")
# A card's events and words are worked out once per view and actor, only for the cards shown (six, and six more
# per "Show more"), and kept with the view's data; their statements' dates in one call (a call costs the same
# for two statements as for twelve).
new = [a["id"] for a in on_screen if a["id"] not in data["cards"]]

if view.from_store:  # the new cards' counts and statements asked together: no event of the view is read
    fresh = view.ask(f"actor_cards:{','.join(new)}", store_card_events, view.state, tuple(new), view.actor_name) \
        if new else {}
else:
    fresh = {aid: card_events(actor_events(t, data, aid), aid, view.actor_name) for aid in new}
said_frames = [c["said"] for c in fresh.values() if len(c["said"])]
if said_frames:
    said_all = pd.concat(said_frames)
    when_all = statement_dates(said_all, view.tables["documents"], view.facts_of("dates", said_all["doc_id"]))
else:
    when_all = {}
for aid, c in fresh.items():
    data["cards"][aid] = {**c, "when": {k: when_all[k] for k in c["said"]["fact_id"]}}
for i, a in enumerate(on_screen):
    card = data["cards"][a["id"]]
    fl = first_last.loc[a["id"]] if a["id"] in first_last.index else None
    said = list(card["said"].itertuples())
    when = card["when"]
    with cols[i % 3].container(border=True):
        # Heading (the flag is a Markdown image: no HTML), the card's text and its statements in one
        # Markdown block: each element is a message and a React subtree of its own, on every rerun.
        st.markdown("\n\n".join([
            flag_md_heading(a["country"], a["name"]),
            card_markdown(a, spellings.get(a["id"], []), card, fl),
            *(f"**{md_escape(when.get(s.fact_id, 'undated'))}** · {event_label(s.type, s.modality)}"
              + f" · {review_badge(getattr(s, 'review_status', None))}\n\n"
              + quote_md(s.quote) for s in said),
        ]))
        for n, s in enumerate(said, 1):
            source_link(view, s.doc_id, int(s.sentence), label=f"Source of statement {n}" if len(said) > 1 else "Source")
        focused = view.state.actors == (a["id"],)
        st.button("Focused" if focused else "Focus", key=f"focus_{a['id']}", on_click=focus_actor, args=(a["id"],),
                  icon=":material/center_focus_strong:", disabled=focused)
if len(actors) > shown:
    st.caption(f"Showing {shown} of {len(actors)} actors; search to narrow down.")

    def _more() -> None:
        st.session_state[K_SHOWN] = shown + CARDS

    st.button(f"Show {min(CARDS, len(actors) - shown)} more", key="actor_cards_more", on_click=_more,
              icon=":material/expand_more:")
