"""One polling round over the sources, and ``watch`` (rounds until stopped).

Per source: a conditional GET; its items that this source has not met before (at most
``max_items`` per poll, the rest next time); for each, its text (the item's own, or its page's
main text), the topic filter, then exact and near-duplicate checks against the store, and either a
new document (stored with its feed item in one transaction) or one more outlet of a stored one.
The source's ETag/Last-Modified are saved only after every item was taken: a poll stopped or
killed half-way is read in full next time (the items already taken are known and skipped), so
nothing is lost and nothing stored twice.  Every failure is one line (``on_line`` and the fetch
log) and the round goes on.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from lagebild.store import ingest
from lagebild.store.db import feeds as fdb
from lagebild.store.db import models as m
from lagebild.store.db import records
from lagebild.extraction.documents import Meta
from lagebild.feeds import parse
from lagebild.feeds.config import Config, Source
from lagebild.feeds.dedup import NearDuplicates
from lagebild.feeds.fetch import Fetcher, FetchError
from lagebild.feeds.topic import on_topic

FEED_RUN = "feed"


@dataclass
class SourceResult:
    name: str
    new: int = 0
    duplicates: int = 0      # same text or near-duplicate: one more outlet of a stored document
    skipped: int = 0         # off topic
    failed: int = 0          # items that could not be read (each one line)
    deferred: int = 0        # over ``max_items``: taken next poll
    not_modified: bool = False
    error: str | None = None  # the source itself could not be read
    doc_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.failed == 0

    def line(self) -> str:
        if self.error:
            return f"{self.name}: failed"
        if self.not_modified:
            return f"{self.name}: not modified"
        more = f", {self.deferred} left for the next poll" if self.deferred else ""
        return (f"{self.name}: {self.new} new, {self.duplicates} already stored (other outlets), "
                f"{self.skipped} off topic, {self.failed} failed{more}")


Progress = Callable[[str, int, int], None]  # (source name, items done, items to do)


class Poller:
    """Polls sources into the store.  One per ``fetch`` or ``watch`` (or "Fetch now"): it keeps the
    near-duplicate index and the per-host delays between rounds."""

    def __init__(self, engine: Engine, config: Config, fetcher: Fetcher | None = None,
                 on_line: Callable[[str], None] = lambda line: None, stop: threading.Event | None = None):
        self.engine, self.config = engine, config
        self.fetcher = fetcher or Fetcher(config.settings)
        self.on_line = on_line
        self.stop = stop or threading.Event()
        self._index: NearDuplicates | None = None
        self._considered: set[str] = set()  # documents the index has seen (too short ones are not in it)
        self._run_id: int | None = None

    # ------------------------------------------------------------------ store helpers

    @property
    def index(self) -> NearDuplicates:
        """The signatures of the documents added in the last ``dedup_days`` (syndicated copies run within
        days of each other; a bounded index keeps a poll's start cheap on a large store)."""
        if self._index is None:
            self._index = NearDuplicates(self._text_of)
            self._refresh()
        return self._index

    def _refresh(self) -> None:
        """Bring the index up to date with documents others stored meanwhile (uploads, another poller)."""
        since = records.now() - dt.timedelta(days=self.config.settings.dedup_days)
        d = m.documents.c
        with self.engine.connect() as conn:
            # Compared here, not in SQL: SQLite keeps these timestamps as naive text.
            recent = [r.doc_id for r in conn.execute(select(d.doc_id, d.added_at))
                      if r.doc_id not in self._considered and r.added_at is not None
                      and fdb.last_poll(r.added_at) >= since]
            for i in range(0, len(recent), 500):
                self._index.add_all(conn.execute(select(d.doc_id, d.text).where(d.doc_id.in_(recent[i:i + 500]))).all())
        self._considered.update(recent)

    def _text_of(self, doc_id: str) -> str | None:
        return _cached_text(self.engine, doc_id)

    def _fail(self, source: Source, message: str) -> None:
        line = f"{source.name}: {message}"
        self.on_line(line)
        try:
            fdb.log_failure(self.engine, source.name, message)
        except SQLAlchemyError:
            pass  # the store itself is failing: the line was said, the next poll goes on

    def _record(self, source: Source, key: str, item: parse.Item, status: str, doc_id: str | None = None,
                similarity: float | None = None) -> None:
        try:
            with self.engine.begin() as conn:
                fdb.add_item(conn, source.name, key, item.url, item.title, status, doc_id, similarity)
        except IntegrityError:
            pass  # another poller (a "Fetch now" beside ``watch``) took this item a moment ago

    def _run(self) -> int:
        # Started at the first new document, not every round: a run changes the store's revision,
        # which makes every open page read the tables again.
        if self._run_id is None:
            self._run_id = ingest.start_run(self.engine, FEED_RUN)
        return self._run_id

    # ------------------------------------------------------------------ one item

    def _text(self, source: Source, item: parse.Item) -> tuple[str, Meta]:
        s = self.config.settings
        text, title, published, language = item.text, item.title, item.published, source.language
        if len(text) < s.min_text and item.url:
            resp = self.fetcher.get(item.url, source.local)
            pg = parse.page(resp.body, resp.url)
            text, title = pg.text, title or pg.title
            published, language = published or pg.published, language or pg.language
        title = " ".join((title or "").split()) or None
        if not text.strip():
            raise parse.ParseError("no text")
        full = text if title is None or text.lstrip().startswith(title) else f"{title}\n\n{text}"
        meta = Meta(title=title, language=parse.language_of(full, language), published=published,
                    published_precision="day" if published else "unknown", source=source.name, url=item.url)
        return full, meta

    def _take(self, source: Source, key: str, item: parse.Item, result: SourceResult) -> None:
        try:
            text, meta = self._text(source, item)
        except (FetchError, parse.ParseError) as exc:
            result.failed += 1
            self._fail(source, f"{(item.url or item.identity)[:200]}: {exc}" if isinstance(exc, parse.ParseError) else str(exc))
            return
        if not on_topic(text, source.topics):
            self._record(source, key, item, fdb.OFF_TOPIC)
            result.skipped += 1
            return
        with self.engine.connect() as conn:
            known, _ = records.known_documents(conn, "", ingest.content_hash(text))
        if known is not None:
            self._record(source, key, item, fdb.SAME_TEXT, known, 1.0)
            result.duplicates += 1
            return
        near = self.index.match(text)
        if near is not None:
            self._record(source, key, item, fdb.NEAR_DUPLICATE, near[0], near[1])
            result.duplicates += 1
            return

        def with_item(conn, doc_id: str) -> None:
            fdb.add_item(conn, source.name, key, item.url, item.title, fdb.STORED, doc_id, None)

        try:
            outcome = ingest.store_document(self.engine, self._run(), text, meta, also=with_item)
        except IntegrityError:  # the same text, or this item, stored by another poller meanwhile
            result.duplicates += 1
            return
        if outcome.added:
            self.index.add(outcome.doc_id, text)
            self._considered.add(outcome.doc_id)
            result.new += 1
            result.doc_ids.append(outcome.doc_id)
        else:
            self._record(source, key, item, fdb.SAME_TEXT, outcome.doc_id, 1.0)
            result.duplicates += 1

    # ------------------------------------------------------------------ one source, one round

    def poll_source(self, source: Source, progress: Progress | None = None) -> SourceResult:
        result = SourceResult(source.name)
        with self.engine.connect() as conn:
            before = fdb.state(conn, source.name) or {}
        same_url = before.get("url") == source.url
        started = records.now()
        try:
            resp = self.fetcher.get(source.url, source.local, before.get("etag") if same_url else None,
                                    before.get("last_modified") if same_url else None)
            if resp.status == 304:
                result.not_modified = True
                items: list[parse.Item] = []
            else:
                items = parse.feed_items(resp.body, resp.content_type, source.kind)
                if items is None:  # a single page: a new item whenever its text changes
                    pg = parse.page(resp.body, resp.url)
                    items = [parse.Item(f"page:{ingest.content_hash(pg.text)}", resp.url, pg.title, pg.published,
                                        pg.text)]
        except (FetchError, parse.ParseError) as exc:
            result.error = str(exc)
            self._fail(source, str(exc) if isinstance(exc, FetchError) else f"{source.url[:200]}: {exc}")
            fdb.save_state(self.engine, source.name, source.url, last_poll=started, last_error=result.error[:500],
                           n_new=0, n_duplicates=0, n_skipped=0, n_failed=1)
            return result
        keyed = {fdb.item_key(it.identity): it for it in items}  # an item listed twice is one item
        with self.engine.connect() as conn:
            known = fdb.seen(conn, source.name, list(keyed))
        todo = [(k, it) for k, it in keyed.items() if k not in known]
        limit = self.config.settings.max_items
        result.deferred = max(0, len(todo) - limit)
        todo = todo[:limit]
        for i, (key, item) in enumerate(todo):
            if self.stop.is_set():
                break
            self._take(source, key, item, result)
            if progress:
                progress(source.name, i + 1, len(todo))
        complete = not self.stop.is_set() and result.deferred == 0 and result.failed == 0
        fields = dict(last_poll=started, n_new=result.new, n_duplicates=result.duplicates, n_skipped=result.skipped,
                      n_failed=result.failed, last_error=None if result.failed == 0 else "some items failed (fetch log)")
        if result.failed == 0:
            fields["last_ok"] = started
        if complete and not result.not_modified:
            # Only a complete read moves the validators on (else the next poll would hear "not modified").
            fields.update(etag=resp.etag, last_modified=resp.last_modified)
        elif not complete:
            fields.update(etag=None, last_modified=None)
        fdb.save_state(self.engine, source.name, source.url, **fields)
        return result

    def round(self, sources: tuple[Source, ...] | None = None, progress: Progress | None = None) -> list[SourceResult]:
        """Every enabled source (or ``sources``) once; one extraction run for the documents stored."""
        out = []
        self._run_id = None
        if self._index is not None:
            self._refresh()
        try:
            for source in sources if sources is not None else self.config.enabled:
                if self.stop.is_set():
                    break
                out.append(self.poll_source(source, progress))
        finally:
            if self._run_id is not None:
                records.finish_run(self.engine, self._run_id)
                self._run_id = None
        return out

    def due(self, now: dt.datetime | None = None) -> tuple[tuple[Source, ...], float]:
        """(the enabled sources due for a poll, seconds until the next one is)."""
        now = now or records.now()
        with self.engine.connect() as conn:
            last = {s["source"]: fdb.last_poll(s["last_poll"]) for s in fdb.states(conn)}
        due, wait = [], float("inf")
        for s in self.config.enabled:
            when = last.get(s.name)
            left = 0.0 if when is None else (when + dt.timedelta(seconds=s.every) - now).total_seconds()
            if left <= 0:
                due.append(s)
            else:
                wait = min(wait, left)
        return tuple(due), (0.0 if due else wait)


def watch(poller: Poller, on_round: Callable[[list[SourceResult]], None] = lambda r: None,
          max_wait: float = 60.0) -> None:
    """Poll each source when it is due, until ``poller.stop`` is set (a signal handler sets it).
    A database that cannot be reached is one line, and the next try comes after ``max_wait``."""
    while not poller.stop.is_set():
        try:
            due, wait = poller.due()
            if due:
                on_round(poller.round(due))
                continue
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
            poller.on_line(f"the database cannot be used ({type(exc).__name__}: {reason}); trying again")
            wait = max_wait
        poller.stop.wait(min(max(wait, 0.2), max_wait))


def _cached_text(engine: Engine, doc_id: str) -> str | None:
    # Stored documents never change their text: a candidate read once is read from memory after.
    key = (id(engine), doc_id)
    if key in _TEXTS:
        return _TEXTS[key]
    with engine.connect() as conn:
        text = conn.execute(select(m.documents.c.text).where(m.documents.c.doc_id == doc_id)).scalar()
    if len(_TEXTS) > 512:
        _TEXTS.clear()
    _TEXTS[key] = text
    return text


_TEXTS: dict[tuple[int, str], str | None] = {}
