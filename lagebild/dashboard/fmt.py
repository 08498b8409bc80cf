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
