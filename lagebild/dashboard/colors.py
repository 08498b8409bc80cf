"""One colour per side and per actor, the same on every page and in both themes.

Sides use the Okabe–Ito colour-blind-safe pair vermillion/blue (plus grey for
"other"); the actors most often seen as claimants and participants get fixed
colours from the Okabe–Ito and Paul Tol "bright" palettes, chosen to read on a
white and on a near-black background.  Any other actor gets a stable colour
from the same palettes by hashing its id.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from lagebild import paths
from lagebild.dashboard.markup import md_escape

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
# The side colours and the palette colours close to them: never a claimant's.
SIDE_LIKE = frozenset({*SIDE_COLORS.values(), "#E69F00", "#56B4E9", "#EE6677", "#88CCEE", "#66CCEE", "#6699CC",
                       "#4477AA", "#6A8CAF", "#888888"})
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


# Spare colours for a claimant whose own colour another claimant on the same chart already has.
_SPARE = ["#882255", "#117733", "#999933", "#332288", "#44AA99", "#DDCC77", "#661100", "#6699CC", "#AA4499", "#888888"]


def claimant_palette(ids) -> dict[str, str]:
    """A colour per claimant of one chart or map, no two alike: each keeps its own colour
    (``actor_color``) unless a claimant before it has it already — the actors with a colour of their
    own first, then the rest, each in id order: a lawmaker whose hashed colour is the NIS's green, or
    the Pentagon beside the United States — then it takes the first spare colour nobody on this chart
    has.  "" / None (unattributed) stays grey."""
    out: dict[str, str] = {}
    # A claimant never wears a side's colour nor one a viewer takes for it (orange for vermillion, sky
    # for blue): on the Overview and Timeline vermillion means "Russia-aligned" (issue #19: the HUR's
    # claim filled Russia orange on the Map).
    used = {UNATTRIBUTED, *SIDE_LIKE}
    present = {a for a in ids if isinstance(a, str) and a}
    for a in sorted(present, key=lambda a: (a not in ACTOR_COLORS, a)):
        color = actor_color(a)
        if color in used:
            allowed = [c for c in _FALLBACK + _SPARE if c not in SIDE_LIKE]
            color = next((c for c in allowed if c not in used), allowed[len(out) % len(allowed)])
        out[a] = color
        used.add(color)
    return out


def rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


# ISO 3166-1 alpha-3 -> alpha-2 (flag file names); covers every country in the gazetteer and common others.
ALPHA3 = {
    "RUS": "RU", "PRK": "KP", "KOR": "KR", "UKR": "UA", "USA": "US", "CHN": "CN", "DEU": "DE", "BLR": "BY",
    "JPN": "JP", "GBR": "GB", "FRA": "FR", "POL": "PL", "IRN": "IR", "VNM": "VN", "NLD": "NL", "NOR": "NO",
    "EST": "EE", "ESP": "ES", "PRT": "PT", "ARG": "AR", "ITA": "IT", "CAN": "CA", "AUS": "AU", "IND": "IN",
    "TUR": "TR", "KAZ": "KZ", "MNG": "MN", "LTU": "LT", "LVA": "LV", "FIN": "FI", "SWE": "SE", "DNK": "DK",
    "CZE": "CZ", "SVK": "SK", "HUN": "HU", "ROU": "RO", "MDA": "MD", "GEO": "GE", "ISR": "IL", "SYR": "SY",
}
FLAGS_DIR = paths.DATA / "flags"  # vendored flag-icons SVGs, see SOURCES.md
# Neutral badges (4:3, grey): a globe for actors without a country, the code for a country without a flag file.
_GLOBE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 480"><rect width="640" height="480" rx="40" fill="#8C8C8C"/>'
    '<g fill="none" stroke="#FFFFFF" stroke-width="22"><circle cx="320" cy="240" r="170"/>'
    '<ellipse cx="320" cy="240" rx="75" ry="170"/><path d="M150 240h340M180 150h280M180 330h280M320 70v340"/></g></svg>'
)
_CODE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 480"><rect width="640" height="480" rx="40" fill="#8C8C8C"/>'
    '<text x="320" y="300" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="190" '
    'fill="#FFFFFF">{code}</text></svg>'
)


def country_alpha2(country: str | None) -> str | None:
    """ISO alpha-2 for an alpha-2 or (known) alpha-3 code, else None."""
    if not isinstance(country, str):
        return None
    code = country.strip().upper()
    code = ALPHA3.get(code, code)
    return code if len(code) == 2 and code.isascii() and code.isalpha() else None


def flag_path(country: str | None) -> Path | None:
    """The vendored flag SVG for a country code, or None when there is none."""
    a2 = country_alpha2(country)
    if a2 is None:
        return None
    path = FLAGS_DIR / f"{a2.lower()}.svg"
    return path if path.is_file() else None


@lru_cache(maxsize=256)
def _flag_svg(country: str | None) -> tuple[str, str]:
    """(svg bytes as base64, title) for a country: its flag, else a neutral badge."""
    path = flag_path(country)
    if path is not None:
        return base64.b64encode(path.read_bytes()).decode("ascii"), country_alpha2(country)
    code = country.strip().upper() if isinstance(country, str) else ""
    if code and code.isascii() and code.isalpha() and len(code) <= 3:
        svg = _CODE_SVG.format(code=code)  # only ASCII letters reach the SVG
        return base64.b64encode(svg.encode()).decode("ascii"), code
    return base64.b64encode(_GLOBE_SVG.encode()).decode("ascii"), "international / no country"


# The flag as a Markdown image (no HTML): the SVG gets its display size and a faint outline (so white
# parts of a flag keep an edge on a white card) baked in, since a Markdown image takes no style.
FLAG_MD_SIZE = (28, 21)  # px, 4:3 like the flag files; about the cap height of a card heading
_SVG_OPEN = re.compile(r"<svg\b")


@lru_cache(maxsize=256)
def _flag_md_data(country: str | None) -> tuple[str, str]:
    """(base64 of the sized, outlined SVG, alt text) for a country: its flag, else a neutral badge."""
    data, title = _flag_svg(country)
    svg = base64.b64decode(data).decode("utf-8")
    w, h = FLAG_MD_SIZE
    svg = _SVG_OPEN.sub(f'<svg width="{w}" height="{h}"', svg, count=1)
    # About 1 px inside the edge (the outer half of the stroke falls outside the image).
    outline = ('<rect x="0" y="0" width="100%" height="100%" fill="none" stroke="#808080" '
               'stroke-opacity="0.45" stroke-width="46"/>')
    close = svg.rstrip().rfind("</svg>")
    svg = svg[:close] + outline + svg[close:]
    return base64.b64encode(svg.encode("utf-8")).decode("ascii"), title


def flag_md(country: str | None) -> str:
    """The country's flag as a Markdown image (offline data URI; neutral badge when there is none).

    No HTML, so ``st.markdown`` needs no ``unsafe_allow_html`` (and the browser no HTML-in-Markdown
    parser): alt text and title are our own ASCII codes.
    """
    data, title = _flag_md_data(country if isinstance(country, str) and country.strip() else None)
    return f'![{title}](data:image/svg+xml;base64,{data} "{title}")'


def flag_md_heading(country: str | None, name: object, level: int = 3) -> str:
    """Markdown heading "flag + name" for plain ``st.markdown``: the name (it may come from document
    text) has its Markdown, HTML and LaTeX specials backslash-escaped, so it shows literally."""
    return f"{'#' * level} {flag_md(country)} {md_escape(name).replace(chr(10), ' ')}"
