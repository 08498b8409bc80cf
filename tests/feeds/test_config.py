"""The sources file: the committed example enables nothing; every mistake is one line naming the source."""

from __future__ import annotations

import pytest

from lagebild.feeds import config as C
from lagebild_testdata import ROOT, run_cli


def test_the_example_file_parses_and_enables_no_source():
    cfg = C.load(ROOT / "feeds.example.toml")
    assert len(cfg.sources) >= 5 and cfg.enabled == ()
    assert {s.kind for s in cfg.sources} >= {"auto", "json", "sitemap", "page"}
    assert cfg.settings.every == 1800 and cfg.sources[0].every == 900
    assert any(isinstance(s.topics, tuple) for s in cfg.sources)


def test_with_the_example_file_fetch_reaches_nothing(tmp_path, monkeypatch):
    from lagebild.feeds import fetch

    def no_network(*a, **k):
        raise AssertionError("a request was made")
    monkeypatch.setattr(fetch.Fetcher, "get", no_network)
    code, _, err = run_cli("fetch", "--feeds", ROOT / "feeds.example.toml", "--db", f"sqlite:///{tmp_path / 's.db'}",
                           "--create")
    assert code == 0 and "no enabled source; nothing fetched" in err


@pytest.mark.parametrize("text, words", [
    ('[[source]]\nurl = "https://a.example/"', "source 1: needs a name"),
    ('[[source]]\nname = "A"\nurl = "file:///etc/passwd"', "source 'A': url must be an http"),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\nevery = "soon"', "'every' must be a duration"),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\nkind = "podcast"', "kind must be one of"),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\nlocal = "yes"', "local must be true or false"),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\ntopics = []', "'topics' must be"),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\ncolour = 1', "unknown key(s) colour"),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\n[[source]]\nname = "A"\nurl = "https://b.example/"',
     "used twice: A"),
    ('[defaults]\ntimeout = -1', "timeout must be a positive number"),
    ("[[source]\nname = ", "not valid TOML"),
])
def test_a_bad_sources_file_is_refused_in_one_line(text, words):
    with pytest.raises(C.ConfigError) as err:
        C.parse(text, "feeds.toml")
    assert words in str(err.value) and "\n" not in str(err.value)


def test_intervals():
    assert [C.interval(v, "x") for v in ("30s", "15m", "2h", "1d", 45, "90")] == [30, 900, 7200, 86400, 45, 90]
