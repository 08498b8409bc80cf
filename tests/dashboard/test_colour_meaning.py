"""Issue #19, item 5: one colour, one meaning per screen.  Vermillion and blue mean "Russia-aligned" and
"Ukraine-aligned" (Overview, Timeline); a claimant's colour (Map, Troop figures) is never a side's nor one
taken for it, however many claimants a chart has."""

from __future__ import annotations

import json

from lagebild import paths
from lagebild.dashboard.colors import SIDE_COLORS, SIDE_LIKE, claimant_palette
from test_app_pages import figures, run


def test_no_claimant_wears_a_side_colour():
    ids = ["russia", "ukraine", "ukrainian-intelligence", "gur", "volodymyr-zelensky", "vladimir-putin",
           *[f"claimant-{i}" for i in range(30)]]
    assert not set(claimant_palette(ids).values()) & SIDE_LIKE


def colours(fig: dict) -> set[str]:
    out = set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                if k in ("color", "fillcolor") and isinstance(x, str):
                    out.add(x.upper())
                elif k in ("color",) and isinstance(x, list):
                    out.update(str(c).upper() for c in x)
                else:
                    walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(fig["data"])
    return out


def test_the_map_and_troop_figures_use_no_side_colour(monkeypatch):
    monkeypatch.setenv("LAGEBILD_TABLES", str(paths.TABLES))
    side = {c.upper() for c in SIDE_COLORS.values()}
    for page in ("pages/map.py", "pages/troop_figures.py"):
        at = run(page)
        for f in figures(at):
            used = colours(f)
            rgba_side = {c for c in used if c.startswith("RGBA(213,94,0") or c.startswith("RGBA(0,114,178")}
            assert not (used & side) and not rgba_side, (page, used & side, rgba_side)
