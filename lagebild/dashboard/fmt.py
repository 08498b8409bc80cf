"""Formatting shared by pages, slides, hovers and exports, so one fact reads the same everywhere."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode


def fmt_date(value, precision=None) -> str:
    """An extracted date as written with its precision: 2024-06-19, 2024-11 (month), 2024 (year), week of …; or undated."""
    if not isinstance(value, str) or not value:
        return "undated"
    if precision == "week":
        return f"week of {value}"
    if precision in ("month", "year") or len(value) < 10:
        return f"{value} ({precision or ('month' if len(value) == 7 else 'year')})"
    return value


# A fact's review status as pages, hovers and tables say it: "machine" is what the rules found and
# nobody has checked yet; a briefer can tell it from an analyst-confirmed or analyst-edited fact.
REVIEW_TEXT = {"machine": "machine, not reviewed", "confirmed": "confirmed by an analyst",
               "edited": "edited by an analyst"}
REVIEW_BADGE = {"machine": ":gray-badge[:material/smart_toy: machine]",
                "confirmed": ":green-badge[:material/check: confirmed]",
                "edited": ":orange-badge[:material/edit: edited]"}


def review_text(status) -> str:
    """Plain text for hovers and table cells; a row without a status is the machine's."""
    return REVIEW_TEXT.get(status if isinstance(status, str) else "machine", str(status))


def review_badge(status) -> str:
    """A Markdown badge for cards and captions."""
    return REVIEW_BADGE.get(status if isinstance(status, str) else "machine", "")


def query_pairs(params: Mapping[str, object]) -> list[tuple[str, str]]:
    """Query parameters (a value or a list of values per key) as flat (key, value) pairs."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        for item in (value if isinstance(value, (list, tuple)) else [value]):
            pairs.append((key, str(item)))
    return pairs


def query_string(params: Mapping[str, object]) -> str:
    """``?a=1&b=2`` for links, "" when there is nothing to say."""
    pairs = query_pairs(params)
    return ("?" + urlencode(pairs)) if pairs else ""
