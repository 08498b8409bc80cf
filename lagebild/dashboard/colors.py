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
import math
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


# Colours a claimant takes when its own is a side's or too close to one already on the chart: at least ΔE 25
# from both side colours, off the orange-red and blue hues, neither too dark for the dark theme nor too light
# for the light one (lightness 35–80); picked farthest-first, so that with the NIS's green the first seven
# stay ΔE ≥ 20 apart: a chart of eight claimants has eight clearly different colours.
CLAIMANT_POOL = ["#990088", "#CCCC00", "#FF55FF", "#665500", "#00DDBB", "#EE2277", "#00DD22", "#009999",
                 "#CC79A7", "#117733", "#999933"]
# Two claimants of one chart must differ by at least this CIEDE2000 distance: the NIS's green and the JCS's
# bluish green (ΔE 13) read as one colour on a projector.
MIN_CLAIMANT_DE = 20.0


def _lab(hex_color: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB hex colour."""
    h = hex_color.lstrip("#")
    r, g, b = (((c / 12.92) if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
               for c in (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)))
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@lru_cache(maxsize=4096)
def color_distance(c1: str, c2: str) -> float:
    """CIEDE2000 colour difference of two hex colours (about 2: barely visible; 20: clearly different)."""
    (l1, a1, b1), (l2, a2, b2) = _lab(c1), _lab(c2)
    cbar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(cbar ** 7 / (cbar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p, h2p = math.degrees(math.atan2(b1, a1p)) % 360, math.degrees(math.atan2(b2, a2p)) % 360
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lbar, cbarp = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbar = (h1p + h2p) / 2
    else:
        hbar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hbar - 30)) + 0.24 * math.cos(math.radians(2 * hbar))
         + 0.32 * math.cos(math.radians(3 * hbar + 6)) - 0.20 * math.cos(math.radians(4 * hbar - 63)))
    rc = 2 * math.sqrt(cbarp ** 7 / (cbarp ** 7 + 25 ** 7))
    rt = -math.sin(math.radians(60 * math.exp(-((hbar - 275) / 25) ** 2))) * rc
    sl = 1 + 0.015 * (lbar - 50) ** 2 / math.sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cbarp, 1 + 0.015 * cbarp * t
    return math.sqrt((d_l / sl) ** 2 + (d_c / sc) ** 2 + (d_h / sh) ** 2 + rt * (d_c / sc) * (d_h / sh))


def claimant_palette(ids) -> dict[str, str]:
    """A colour per claimant of one chart or map, each clearly different from the others: each keeps its own
    colour (``actor_color``) unless it is a side's colour or within ``MIN_CLAIMANT_DE`` of a colour already
    taken — the actors with a colour of their own first, then the rest, each in id order: the JCS's hashed
    bluish green beside the NIS's green, the Pentagon beside the United States — then it takes the pool
    colour farthest from every colour taken.  "" / None (unattributed) stays grey."""
    out: dict[str, str] = {}
    # A claimant never wears a side's colour nor one a viewer takes for it (orange for vermillion, sky
    # for blue): on the Overview and Timeline vermillion means "Russia-aligned" (issue #19: the HUR's
    # claim filled Russia orange on the Map).  Nor the grey of "unattributed".
    used = [SIDE_COLORS["aligned_russia"], SIDE_COLORS["aligned_ukraine"], UNATTRIBUTED]
    present = {a for a in ids if isinstance(a, str) and a}

    def nearest(c: str) -> float:
        return min(color_distance(c, u) for u in used)
    for a in sorted(present, key=lambda a: (a not in ACTOR_COLORS, a)):
        color = actor_color(a)
        if color in SIDE_LIKE or nearest(color) < MIN_CLAIMANT_DE:
            free = [c for c in CLAIMANT_POOL if c not in used] or CLAIMANT_POOL
            color = max(free, key=nearest)  # the first of the farthest, in pool order
        out[a] = color
        used.append(color)
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
