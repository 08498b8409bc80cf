"""Every path the project uses, in one place (cookiecutter-data-science style).

``seeds/`` and ``data/geo/`` are raw inputs and never written to; the extraction
writes only ``data/tables/`` (and swaps it in whole, see ``lagebild.store``).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "data"
GEO = DATA / "geo"
COUNTRIES_GEOJSON = GEO / "countries.geojson"
ADMIN1_GEOJSON = GEO / "admin1.geojson"
GAZETTEER = DATA / "gazetteer"
ACTORS_CSV = GAZETTEER / "actors.csv"
PLACES_CSV = GAZETTEER / "places.csv"
LEXICON = DATA / "lexicon"
TABLES = DATA / "tables"
BRIEFINGS = DATA / "briefings"


def tables_dir(out: Path | str) -> Path:
    """Where ``extract --out OUT`` puts its tables: OUT/tables."""
    return Path(out) / "tables"
CLAIMS_RULES = DATA / "claims"
