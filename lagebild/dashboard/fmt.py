"""How facts read on screen, in one place: dates, amounts, actor names, plain words for codes, URL pairs.

Every page, slide, hover and export formats through here, so one fact reads the same
way everywhere.  Dates: "19 Jun 2024" (day), "Nov 2024" (month), "2024" (year),
"week of 11 Nov 2024"; a fact the text does not date reads "undated (article of
~12 Nov 2024)" with "~" when the publication date itself is approximate.  Amounts keep
the text's qualifier in words ("about 11,000"); bounds the engine derives from a
qualifier are never written as a range.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import urlencode

import pandas as pd

from lagebild import paths

QUALIFIER_WORDS_CSV = paths.DATA / "dashboard" / "qualifier_words.csv"
MONTHS = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# Modality in words; "asserted" is the plain statement and needs no word.
MODALITY_WORDS = {"asserted": "", "reported": "reported", "threatened": "threatened", "possible": "possible",
                  "denied": "denied"}


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def fmt_date(value, precision=None) -> str:
    """An extracted date at its precision ("19 Jun 2024", "Nov 2024", "2024", "week of …"); "undated" if none."""
    value = _text(value)
    if value is None:
        return "undated"
    parts = value.split("-")
    try:
        year, month, day = int(parts[0]), (int(parts[1]) if len(parts) > 1 else 0), (int(parts[2]) if len(parts) > 2 else 0)
    except ValueError:
        return value
    if precision == "year" or not month:
        return f"{year}"
    if precision == "month" or not day:
        return f"{MONTHS[month]} {year}"
    text = f"{day} {MONTHS[month]} {year}"
    return f"week of {text}" if precision == "week" else text


def fmt_published(value, precision=None) -> str:
    """A document's publication date; "~" in front when the date is approximate (inferred)."""
    if _text(value) is None:
        return "date unknown"
    return ("~" if precision == "approximate" else "") + fmt_date(value, "day")


# A document's language in the UI's words (the tables keep the ISO 639-1 code).
LANGUAGE_NAMES = {"de": "German", "en": "English", "fr": "French", "ru": "Russian", "ko": "Korean", "uk": "Ukrainian"}
PRECISION_NOTES = {"month": " (month only)", "year": " (year only)", "approximate": " (approximate)"}


def published_line(value, precision=None) -> str:
    """A document's publication as a reader says it: "published Dec 2025 (month only)"."""
    if _text(value) is None:
        return "publication date unknown"
    return f"published {fmt_published(value, precision)}{PRECISION_NOTES.get(precision, '')}"


def fmt_undated(published, precision=None) -> str:
    """What a fact without a date in the text reads: "undated (article of ~12 Nov 2024)"."""
    return f"undated (article of {fmt_published(published, precision)})" if _text(published) else "undated"


def fmt_when(value, precision, in_text: bool, published=None, published_precision=None) -> str:
    """The one date label of a fact: its own date when the text gives it, else marked as the article's."""
    return fmt_date(value, precision) if in_text and _text(value) else fmt_undated(published, published_precision)


@lru_cache(maxsize=1)
def qualifier_words() -> dict[str, str]:
    """Qualifier as written in a document (either language) -> its meaning in the UI's English words."""
    with open(QUALIFIER_WORDS_CSV, encoding="utf-8", newline="") as f:
        return {row["pattern"].lower(): row["words"] for row in csv.DictReader(f)}


@lru_cache(maxsize=1)
def range_words() -> frozenset[str]:
    """The words a stated range is written with ("11.000 bis 12.000", "between … and …"): the extraction
    keeps them as the range's qualifier, which is no qualifier that derives bounds."""
    with open(paths.LEXICON / "figure_words.csv", encoding="utf-8", newline="") as f:
        return frozenset({row["pattern"].lower() for row in csv.DictReader(f) if row["role"] in ("range", "between")}
                         | {"range", "-", "–", "—"})


def bounds_source(low, high, qualifier) -> str:
    """Where a figure's bounds come from: ``derived`` (computed from a qualifier), ``stated`` (a range the
    text writes) or ``none`` (a plain number)."""
    if pd.isna(low) and pd.isna(high):
        return "none"
    q = _text(qualifier)
    if q is not None and q.strip().lower() not in range_words():
        return "derived"
    return "stated" if not (low == high) else "none"


def fmt_amount(value, low=None, high=None, qualifier=None) -> str:
    """A figure as the text gives it: "about 11,000", "more than 2,000", "11,000–12,000" (a stated range)."""
    if bounds_source(low, high, qualifier) == "stated" and pd.notna(low) and pd.notna(high):
        return f"{int(low):,}–{int(high):,}"  # "11.000 bis 12.000": the range as written, never its midpoint
    q = _text(qualifier)
    if q is not None:
        words = qualifier_words().get(q.lower(), f"“{q}”")
        return f"{words} {int(value):,}"
    return f"{int(value):,}"


def plain(code) -> str:
    """A code as plain words: ``treaty_signing`` -> "Treaty signing"."""
    text = _text(code)
    if text is None:
        return ""
    text = text.replace("_", " ").replace("-", " ")
    return text[:1].upper() + text[1:]


# An event type whose denial has a plain phrase of its own: "Acknowledgement (denied)" is jargon for
# "did not confirm" (issue #19).
NEGATED_TYPES = {"acknowledgement": "Did not confirm", "denial": "Denial"}


def event_label(etype, modality) -> str:
    """An event's type with its modality in plain words: "Threat (threatened)", "Did not confirm"."""
    if modality == "denied" and etype in NEGATED_TYPES:
        return NEGATED_TYPES[etype]
    word = modality_word(modality)
    return plain(etype) + (f" ({word})" if word else "")


def modality_word(modality) -> str:
    return MODALITY_WORDS.get(modality, plain(modality).lower())


def actor_name(names: dict, actor_id, missing: str | None = None) -> str | None:
    """An actor's display name from an id -> name (or id -> row with ``name``) mapping; ``missing`` for none."""
    if not isinstance(actor_id, str) or not actor_id:
        return missing
    found = names.get(actor_id, actor_id)
    return found["name"] if isinstance(found, dict) else found


# A fact's review status as pages, hovers and tables say it: "machine" (said "not reviewed", issue #19:
# no jargon on a projector) is what the rules found and nobody has checked yet; a briefer can tell it from an analyst-confirmed or analyst-edited fact.
REVIEW_TEXT = {"machine": "not reviewed", "confirmed": "confirmed by an analyst",
               "edited": "edited by an analyst"}
REVIEW_BADGE = {"machine": ":gray-badge[:material/pending: not reviewed]",
                "confirmed": ":green-badge[:material/check: confirmed]",
                "edited": ":violet-badge[:material/edit: edited]"}  # orange is "Russia-aligned"


def review_text(status) -> str:
    """Plain text for hovers and table cells; a row without a status is the machine's."""
    return REVIEW_TEXT.get(status if isinstance(status, str) else "machine", str(status))


def review_word(status) -> str:
    """Words for tight places (map labels): "not reviewed", "confirmed", "edited"."""
    return status if status in REVIEW_BADGE and status != "machine" else "not reviewed"


def review_badge(status) -> str:
    """A Markdown badge for cards and captions."""
    return REVIEW_BADGE.get(status if isinstance(status, str) else "machine", "")


def query_pairs(params: Mapping[str, object]) -> list[tuple[str, str]]:
    """URL query pairs from ``{key: value or [values]}`` (one pair per value, in order)."""
    return [(k, str(x)) for k, v in params.items() for x in (v if isinstance(v, (list, tuple)) else [v])]


def query_string(params: Mapping[str, object]) -> str:
    """``?a=1&b=2`` for links, "" when there is nothing to say."""
    pairs = query_pairs(params)
    return ("?" + urlencode(pairs)) if pairs else ""


# A figure's kind as words after the count ("50,000 troops … mobilised").
# "casualties" is the text's own word (it may include the captured and missing): not "killed or wounded",
# which made two series of one claimant read alike in a key.
KIND_WORDS = {"deployed": "deployed", "mobilised": "mobilised", "casualties": "casualties", "killed": "killed",
              "wounded": "wounded", "killed_or_wounded": "killed or wounded", "captured": "captured",
              "missing": "missing", "other": "(kind not stated)"}


def figure_phrase(row, names: dict, with_claimant: bool = True) -> str:
    """One troop figure in words: whose troops, how many as the text says, what kind, and who claims it —
    "Volodymyr Zelensky: 50,000 troops of Russia mobilised", "about 11,000 troops of North Korea deployed
    (no claimant named)".  A figure that only might be, or is denied, says so."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    amount = fmt_amount(get("value"), get("low"), get("high"), get("qualifier"))
    whose = actor_name(names, get("subject_actor"))
    kind = get("kind")
    scope = get("scope")
    # An increment or a part is said as one: "+3,000 more troops … deployed since Sep 2025", "… (part)".
    plus = "+" if scope == "increment" else ""
    text = f"{plus}{amount} {'more ' if plus else ''}troops{f' of {whose}' if whose else ''} " \
           f"{KIND_WORDS.get(kind, plain(kind).lower())}"
    since = _text(get("since"))
    if since is not None:
        text += f" since {fmt_date(since, get('since_precision'))}"
    if scope == "part":
        text += " (part of a larger figure)"
    elif scope == "unclear":
        text += " (not a total)"
    word = modality_word(get("modality"))
    if word:
        text += f" ({word})"
    if not with_claimant:
        return text
    claimed = _text(get("claimed_by"))
    claimant = " + ".join(actor_name(names, a) for a in claimed.split("; ")) if claimed else None
    via = _text(get("relayed_by"))
    if claimant and via:
        claimant += " (via " + ", ".join(actor_name(names, a) for a in via.split("; ")) + ")"
    return f"{claimant}: {text}" if claimant else f"{text} (no claimant named)"
