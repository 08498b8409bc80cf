"""The GeoNames index is cached between runs: a cached, a freshly built and a
damaged cache all resolve the same cities to the same places."""

import pytest

from lagebild.extraction import world


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    world._cities.cache_clear()
    world.lookup.cache_clear()
    yield tmp_path
    world._cities.cache_clear()
    world.lookup.cache_clear()


NAMES = ["Chabarowsk", "Khabarovsk", "Rostow am Don", "Novosibirsk", "Jekaterinburg"]


def resolve_all():
    world._cities.cache_clear()
    world.lookup.cache_clear()
    return [world.lookup(n) for n in NAMES]


def test_cached_index_gives_the_same_places_as_a_fresh_build(cache_home):
    built = resolve_all()
    files = list((cache_home / "lagebild").glob("geonames-*.marshal"))
    assert len(files) == 1  # the first run wrote its index
    cached = resolve_all()
    assert cached == built
    assert built[0].id == built[1].id and built[0].name_de == "Chabarowsk"  # one city, two spellings
    assert all(p is not None and p.lat is not None for p in built)


def test_damaged_cache_is_rebuilt(cache_home):
    built = resolve_all()
    (path,) = (cache_home / "lagebild").glob("geonames-*.marshal")
    path.write_bytes(b"\x00not marshal")
    assert resolve_all() == built
    assert path.read_bytes() != b"\x00not marshal"  # rewritten whole


def test_unwritable_cache_only_costs_the_build(cache_home, monkeypatch):
    built = resolve_all()
    blocker = cache_home / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert resolve_all() == built
    assert blocker.read_text() == "a file where the cache folder would go"
