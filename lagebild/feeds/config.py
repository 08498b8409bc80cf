"""The sources file (``feeds.toml``): ``[[source]]`` tables and ``[defaults]``.

A source has ``name`` and ``url``; optional ``kind`` (auto, rss, atom, json, sitemap, page),
``language``, ``every`` (poll interval: ``30s``, ``15m``, ``2h`` or seconds), ``local`` (may reach
private addresses: an intranet, a test server), ``enabled`` and ``topics`` ("gazetteer": the
crisis's actor and place names; a list of words; or "all": no filter).  Every problem is one
line naming the source; a file with problems is refused whole (a half-read configuration would
silently stop following a source).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from lagebild import paths

FEEDS_ENV = "LAGEBILD_FEEDS"
DEFAULT_FILE = paths.ROOT / "feeds.toml"
KINDS = ("auto", "rss", "atom", "json", "sitemap", "page")
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT = {None: 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class ConfigError(Exception):
    """The sources file cannot be used; the message is one line."""


@dataclass(frozen=True)
class Settings:
    every: float = 1800.0            # seconds between polls of a source
    timeout: float = 20.0            # seconds for one whole request (connect, headers, body)
    max_bytes: int = 5_000_000       # a response larger than this is refused (read in chunks, never whole)
    host_delay: float = 2.0          # seconds between two requests to one host
    max_items: int = 200             # new items taken from one feed per poll (the rest next time)
    max_redirects: int = 5
    user_agent: str = "Lagebild feed reader (+offline-first situation picture)"
    min_text: int = 400              # a feed item's own text shorter than this: its page is fetched
    dedup_days: int = 30             # near-duplicates are looked for among the documents added this many days back


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    kind: str = "auto"
    language: str | None = None
    every: float = 1800.0
    local: bool = False
    enabled: bool = True
    topics: tuple[str, ...] | str = "gazetteer"


@dataclass(frozen=True)
class Config:
    sources: tuple[Source, ...] = ()
    settings: Settings = field(default_factory=Settings)
    path: str | None = None

    @property
    def enabled(self) -> tuple[Source, ...]:
        return tuple(s for s in self.sources if s.enabled)


def interval(value, where: str) -> float:
    if isinstance(value, bool):
        raise ConfigError(f"{where}: 'every' must be a duration such as 30s, 15m or 2h")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        m = _INTERVAL.match(str(value))
        if not m:
            raise ConfigError(f"{where}: 'every' must be a duration such as 30s, 15m or 2h, not {value!r}")
        seconds = float(m.group(1)) * _UNIT[m.group(2)]
    if seconds <= 0:
        raise ConfigError(f"{where}: 'every' must be more than 0")
    return seconds


def _topics(value, where: str) -> tuple[str, ...] | str:
    if value in ("gazetteer", "all"):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    raise ConfigError(f'{where}: \'topics\' must be "gazetteer", "all" or a list of words')


def _settings(raw: dict) -> Settings:
    known = Settings.__dataclass_fields__
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ConfigError(f"[defaults]: unknown setting(s) {', '.join(unknown)}")
    values = dict(raw)
    if "every" in values:
        values["every"] = interval(values["every"], "[defaults]")
    for k, v in values.items():
        want = type(getattr(Settings(), k))
        if want in (int, float) and (isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0
                                     or (v == 0 and k != "host_delay")):
            raise ConfigError(f"[defaults]: {k} must be a positive number")
        if want is str and not isinstance(v, str):
            raise ConfigError(f"[defaults]: {k} must be text")
    return Settings(**values)


def _source(raw: dict, i: int, settings: Settings) -> Source:
    where = f"source {i + 1}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: must be a [[source]] table")
    name, url = raw.get("name"), raw.get("url")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: needs a name")
    where = f"source {name.strip()!r}"
    if not isinstance(url, str) or not re.match(r"^https?://[^/\s]+", url.strip(), re.I):
        raise ConfigError(f"{where}: url must be an http:// or https:// address")
    unknown = sorted(set(raw) - {"name", "url", "kind", "language", "every", "local", "enabled", "topics"})
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    kind = raw.get("kind", "auto")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}")
    language = raw.get("language")
    if language is not None and (not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}", language)):
        raise ConfigError(f"{where}: language must be a two-letter code such as de or en")
    for flag in ("local", "enabled"):
        if flag in raw and not isinstance(raw[flag], bool):
            raise ConfigError(f"{where}: {flag} must be true or false")
    return Source(name=name.strip(), url=url.strip(), kind=kind, language=language,
                  every=interval(raw["every"], where) if "every" in raw else settings.every,
                  local=raw.get("local", False), enabled=raw.get("enabled", True),
                  topics=_topics(raw.get("topics", "gazetteer"), where))


def parse(text: str, path: str | None = None) -> Config:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path or 'feeds file'}: not valid TOML ({exc})") from None
    unknown = sorted(set(raw) - {"defaults", "source"})
    if unknown:
        raise ConfigError(f"{path or 'feeds file'}: unknown section(s) {', '.join(unknown)}")
    settings = _settings(raw.get("defaults", {}))
    items = raw.get("source", [])
    if not isinstance(items, list):
        raise ConfigError(f"{path or 'feeds file'}: sources are [[source]] tables")
    sources = tuple(_source(r, i, settings) for i, r in enumerate(items))
    names = [s.name for s in sources]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ConfigError(f"source name(s) used twice: {', '.join(twice)} (a name keys the source's state)")
    return Config(sources, settings, path)


def default_path() -> Path:
    return Path(os.environ.get(FEEDS_ENV) or DEFAULT_FILE)


def load(path: Path | str | None = None) -> Config:
    """The sources file (``path``, else ``$LAGEBILD_FEEDS``, else ``feeds.toml`` at the top of the project)."""
    path = Path(path) if path is not None else default_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({type(exc).__name__})") from None
    return parse(text, str(path))
