"""``python -m lagebild fetch --feeds FILE`` (one round: cron, a systemd timer, a CI schedule) and
``python -m lagebild watch --feeds FILE`` (polls each source when due until SIGINT/SIGTERM).

Each failure is one line on stderr (and in the store's fetch log); ``fetch`` exits 0 when every
source and item was read, 1 when some failed.  ``watch`` stops cleanly between two items: what was
stored is complete (one transaction per document) and the rest is taken on the next start.
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from lagebild.feeds import config as feeds_config

if TYPE_CHECKING:
    from lagebild.feeds.poll import SourceResult


def _say(msg: str) -> None:
    print(f"lagebild: {msg}", file=sys.stderr, flush=True)


def _load(args):
    try:
        return feeds_config.load(args.feeds)
    except feeds_config.ConfigError as exc:
        _say(str(exc))
        return None


def _summary(results: list[SourceResult]) -> None:
    for r in results:
        _say(r.line())


def fetch(args, engine) -> int:
    # Imported here: the other commands of the CLI need no feed reader (datasketch, trafilatura) in memory.
    from lagebild.feeds.poll import Poller

    config = _load(args)
    if config is None:
        return 1
    if not config.enabled:
        _say(f"{args.feeds}: no enabled source; nothing fetched")
        return 0
    try:
        results = Poller(engine, config, on_line=_say).round()
    except SQLAlchemyError as exc:
        _say(f"the database cannot be used ({type(exc).__name__}); the sources already polled are stored")
        return 1
    _summary(results)
    return 0 if all(r.ok for r in results) else 1


def run_watch(args, engine) -> int:
    from lagebild.feeds.poll import Poller, watch

    config = _load(args)
    if config is None:
        return 1
    if not config.enabled:
        _say(f"{args.feeds}: no enabled source; nothing to watch")
        return 0
    stop = threading.Event()

    def stop_now(signum, _frame) -> None:
        stop.set()
        _say(f"{signal.Signals(signum).name}: stopping after the current item")

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop_now)
    poller = Poller(engine, config, on_line=_say, stop=stop)
    _say(f"watching {len(config.enabled)} source(s); stop with Ctrl-C or SIGTERM")
    watch(poller, on_round=_summary)
    _say("stopped")
    return 0


def register(command) -> None:
    """Add ``fetch`` and ``watch`` through the store CLI's ``command`` helper (both take ``--db``)."""
    f = command("fetch", "poll every enabled source of a feeds file once into the database", fetch)
    f.add_argument("--feeds", required=True, metavar="FILE", help="the sources file (see feeds.example.toml)")
    w = command("watch", "poll the sources of a feeds file when due, until stopped (SIGINT/SIGTERM)", run_watch)
    w.add_argument("--feeds", required=True, metavar="FILE", help="the sources file (see feeds.example.toml)")
