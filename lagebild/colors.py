"""One colour per side and per actor, the same on every page and in both themes.

Sides use the Okabe–Ito colour-blind-safe pair vermillion/blue (plus grey for
"other"); the actors most often seen as claimants and participants get fixed
colours from the Okabe–Ito and Paul Tol "bright" palettes, chosen to read on a
white and on a near-black background.  Any other actor gets a stable colour
from the same palettes by hashing its id.
"""

from __future__ import annotations

import hashlib

SIDE_COLORS = {
    "aligned_russia": "#D55E00",   # vermillion
    "aligned_ukraine": "#0072B2",  # blue
    "other": "#8C8C8C",            # grey
}
SIDE_LABELS = {"aligned_russia": "Russia-aligned", "aligned_ukraine": "Ukraine-aligned", "other": "Other / neutral"}

ACTOR_COLORS = {
    "russia": "#D55E00",
    "north-korea": "#CC79A7",
    "vladimir-putin": "#E69F00",
    "kim-jong-un": "#AA3377",
    "dmitry-medvedev": "#EE6677",
    "kcna": "#CCBB44",
    "state-duma": "#B8860B",
    "choe-son-hui": "#C77CFF",
    "ukraine": "#0072B2",
    "volodymyr-zelensky": "#56B4E9",
    "andrii-sybiha": "#88CCEE",
    "gur": "#009E73",
    "south-korea": "#4477AA",
    "yoon-suk-yeol": "#66CCEE",
    "nis": "#228833",
    "united-states": "#44AA99",
    "pentagon": "#44AA99",
    "nato": "#6A8CAF",
    "china": "#8C8C8C",
}
UNATTRIBUTED = "#A0A0A0"
_FALLBACK = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#CCBB44", "#66CCEE", "#AA3377", "#228833"]

# Event modality -> marker symbol (shape, not colour, so it survives any palette).
MODALITY_SYMBOLS = {
    "asserted": "circle",
    "reported": "circle-dot",
    "threatened": "triangle-up-open",
    "possible": "circle-open",
    "denied": "x-thin-open",
}
# Date precision -> marker opacity (exact dates solid, vague ones faint).
PRECISION_OPACITY = {"day": 1.0, "week": 0.8, "month": 0.6, "year": 0.4, None: 0.3}


def side_color(side: str | None) -> str:
    return SIDE_COLORS.get(side or "other", SIDE_COLORS["other"])


def actor_color(actor_id: str | None) -> str:
    """The colour of one actor (grey for no actor / unattributed)."""
    if not actor_id:
        return UNATTRIBUTED
    if actor_id in ACTOR_COLORS:
        return ACTOR_COLORS[actor_id]
    digest = int(hashlib.sha1(actor_id.encode()).hexdigest(), 16)
    return _FALLBACK[digest % len(_FALLBACK)]


def rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


FLAGS = {"RU": "🇷🇺", "KP": "🇰🇵", "KR": "🇰🇷", "UA": "🇺🇦", "US": "🇺🇸", "CN": "🇨🇳", "DE": "🇩🇪", "BY": "🇧🇾", "JP": "🇯🇵"}


ALPHA3 = {"RUS": "RU", "PRK": "KP", "KOR": "KR", "UKR": "UA", "USA": "US", "CHN": "CN", "DEU": "DE", "BLR": "BY",
          "JPN": "JP", "GBR": "GB", "FRA": "FR", "POL": "PL"}


def flag(country: str | None) -> str:
    """Flag emoji for an ISO 3166-1 alpha-2 (or common alpha-3) code ('' when unknown)."""
    if isinstance(country, str) and country.upper() in ALPHA3:
        country = ALPHA3[country.upper()]
    if not isinstance(country, str) or len(country) != 2 or not country.isalpha():
        return ""
    return FLAGS.get(country.upper()) or "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in country.upper())
