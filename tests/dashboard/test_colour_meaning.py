"""Issue #19, item 5: one colour, one meaning per screen.  Vermillion and blue mean "Russia-aligned" and
"Ukraine-aligned" (Overview, Timeline); a claimant's colour (Map, Troop figures) is never a side's nor one
taken for it, however many claimants a chart has."""

from __future__ import annotations

import itertools
import json

from lagebild import paths
from lagebild.dashboard.colors import (CLAIMANT_POOL, MIN_CLAIMANT_DE, SIDE_COLORS, SIDE_LIKE, UNATTRIBUTED, claimant_palette,
                                       _lab, color_distance)
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


def legend_colours(fig: dict) -> dict[str, str]:
    """Claimant series of a chart -> its colour (the unattributed grey left out)."""
    out = {}
    for t in fig["data"]:
        if t.get("showlegend") is False:
            continue
        c = (t.get("marker") or {}).get("color") or (t.get("line") or {}).get("color")
        if isinstance(c, str) and c.upper() != UNATTRIBUTED.upper():
            out[t["name"].split(" · ")[0]] = c
    return out


def test_claimant_colours_on_the_troop_figures_charts_are_told_apart(monkeypatch):
    """Issue #19: on the "deployed" chart the NIS's green and the JCS's bluish green (ΔE 13) read as one on a
    projector. Every two claimants of a chart differ by at least ΔE 20 (CIEDE2000)."""
    monkeypatch.setenv("LAGEBILD_TABLES", str(paths.TABLES))
    at = run("pages/troop_figures.py")
    checked = 0
    for f in figures(at):
        for (a, ca), (b, cb) in itertools.combinations(legend_colours(f).items(), 2):
            checked += 1
            assert color_distance(ca, cb) >= MIN_CLAIMANT_DE, (a, ca, b, cb)
    assert checked >= 10


def test_a_palette_of_six_claimants_is_clearly_distinct_and_off_the_side_colours():
    ids = ["nis", "sk-jcs", "south-korea", "uk-defence-ministry", "usa", "south-korea; ukraine; usa"]
    palette = claimant_palette(ids)
    for a, b in itertools.combinations(palette.values(), 2):
        assert color_distance(a, b) >= MIN_CLAIMANT_DE, (a, b)
    for c in palette.values():
        assert min(color_distance(c, SIDE_COLORS[s]) for s in ("aligned_russia", "aligned_ukraine")) >= 25, c
        assert color_distance(c, UNATTRIBUTED) >= MIN_CLAIMANT_DE, c


def test_colour_distance_is_ciede2000():
    # identical colours are 0 apart, black and white 100; the pair issue #19 saw is too close
    assert color_distance("#228833", "#228833") == 0
    assert abs(color_distance("#000000", "#FFFFFF") - 100) < 0.01
    assert color_distance("#228833", "#009E73") < MIN_CLAIMANT_DE


def test_every_pool_colour_is_off_the_sides_and_readable_in_both_themes():
    for c in CLAIMANT_POOL:
        assert min(color_distance(c, SIDE_COLORS[s]) for s in ("aligned_russia", "aligned_ukraine")) >= 25, c
        assert 35 <= _lab(c)[0] <= 80, c
