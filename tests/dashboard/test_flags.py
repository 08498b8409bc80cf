"""Flags are vendored SVG files (data/flags), one for every gazetteer country; no emoji."""

import base64
import re

import pandas as pd
import pytest

from lagebild import paths
from lagebild.dashboard.colors import ALPHA3, FLAGS_DIR, FLAG_MD_SIZE, country_alpha2, flag_md, flag_md_heading, flag_path


def gazetteer_countries() -> set[str]:
    actors = pd.read_csv(paths.ACTORS_CSV)
    return set(actors["country"].dropna().str.strip()) - {""}


def test_every_gazetteer_country_has_a_flag_file():
    countries = gazetteer_countries()
    assert countries, "gazetteer has no countries?"
    missing = sorted(c for c in countries if flag_path(c) is None)
    assert not missing, f"no flag in data/flags for {missing} (see data/flags/SOURCES.md)"
    for c in countries:
        assert c in ALPHA3
        svg = flag_path(c).read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg") and "<script" not in svg.lower()


def test_flag_files_are_exactly_the_gazetteer_countries_and_documented():
    wanted = {country_alpha2(c).lower() + ".svg" for c in gazetteer_countries()}
    vendored = {p.name for p in FLAGS_DIR.glob("*.svg")}
    assert vendored == wanted
    sources = (FLAGS_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "flag-icons" in sources and "MIT" in sources
    assert all(name in sources for name in vendored)
    assert (FLAGS_DIR / "LICENSE").is_file()


def _md_image_svg(md: str) -> str:
    data = re.search(r"\]\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+) ", md).group(1)
    return base64.b64decode(data).decode("utf-8")


@pytest.mark.parametrize("code", ["RUS", "RU", "ru", "PRK", "USA"])
def test_flag_is_an_inline_svg_image(code):
    img = flag_md(code)
    assert img.startswith("![") and "](data:image/svg+xml;base64," in img
    original = flag_path(code).read_text(encoding="utf-8")
    assert original.replace("<svg", "", 1).rstrip().removesuffix("</svg>") in _md_image_svg(img)
    assert not any(0x1F1E6 <= ord(ch) <= 0x1F1FF for ch in img)


@pytest.mark.parametrize("country", [None, float("nan"), "", "  ", "XXX", "QQ", "<b>", "ÄÖ"])
def test_no_flag_gives_a_neutral_badge(country):
    img = flag_md(country)
    assert "](data:image/svg+xml;base64," in img
    svg = _md_image_svg(img)
    assert svg.startswith("<svg") and "#8C8C8C" in svg
    assert "<b>" not in svg and "<b>" not in img


@pytest.mark.parametrize("code", ["RUS", "RU", "ru", "PRK", "USA", None, "XXX", "<b>"])
def test_markdown_flag_is_a_sized_svg_image_without_html(code):
    md = flag_md(code)
    assert md.startswith("![") and "](data:image/svg+xml;base64," in md and "<" not in md
    svg = _md_image_svg(md)
    w, h = FLAG_MD_SIZE
    assert svg.startswith(f'<svg width="{w}" height="{h}"') and svg.rstrip().endswith("</svg>")
    if code in ("RUS", "RU", "ru", "PRK", "USA"):
        original = flag_path(code).read_text(encoding="utf-8")
        assert original.replace("<svg", "", 1).rstrip().removesuffix("</svg>") in svg  # the vendored flag, unchanged
    else:
        assert "#8C8C8C" in svg and "<b>" not in svg


def test_heading_escapes_name_and_has_no_html():
    heading = flag_md_heading("RUS", "<script>alert(1)</script> **bold** & [x](y)")
    assert heading.startswith("### ![RU](data:image/svg+xml;base64,")
    name = heading.split('"RU") ', 1)[1]
    assert name == r"\<script\>alert\(1\)\</script\> \*\*bold\*\* \& \[x\]\(y\)"
    assert "<" not in heading.replace("\\<", "")  # every < is escaped: no HTML at all
