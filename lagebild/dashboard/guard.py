"""A server-wide limit on password guesses, shared by every session of the process.

The old gate slept after a wrong password, per session: parallel sessions guessed in
parallel (48 a minute got through) and every waiting attempt held a thread.  Here an
attempt is admitted or refused *before* the password is compared, successes count
like failures, and a refused attempt returns at once with the seconds to wait:

* per client address: at most ``PER_ADDRESS`` attempts in any ``RATE_WINDOW`` seconds;
* globally: at most ``GLOBAL`` attempts in any ``RATE_WINDOW`` seconds (many addresses,
  or many clients behind one proxy);
* lockout: after ``LOCKOUT_AFTER`` failures from an address within ``LOCKOUT`` seconds,
  that address is refused until ``LOCKOUT`` seconds after its last failure.

Module-level state, one lock: the Streamlit process runs every session's script in
its own thread, so this is what all of them share.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

RATE_WINDOW = 60.0
PER_ADDRESS = 5
GLOBAL = 30
LOCKOUT_AFTER = 10
LOCKOUT = 15 * 60.0
MAX_ADDRESSES = 10_000  # beyond this many tracked addresses, forget the oldest


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    wait: float = 0.0        # seconds until an attempt can be admitted again
    reason: str | None = None  # "address", "server" or "lockout"

    def message(self) -> str:
        minutes = int(self.wait // 60) + 1
        when = f"{int(self.wait) + 1} s" if self.wait < 60 else f"{minutes} min"
        if self.reason == "lockout":
            return f"Too many wrong passwords from your address. Login is locked; try again in {when}."
        if self.reason == "server":
            return f"Too many login attempts on this server right now. Try again in {when}."
        return f"Too many login attempts from your address. Try again in {when}."


class GuessLimiter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._attempts: dict[str, deque[float]] = {}
        self._failures: dict[str, deque[float]] = {}
        self._global: deque[float] = deque()

    def admit(self, address: str, now: float | None = None) -> Verdict:
        """Admit one attempt from ``address`` (recording it) or say how long to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            fails = _trim(self._failures.get(address), now - LOCKOUT)
            if fails is not None and len(fails) >= LOCKOUT_AFTER:
                return Verdict(False, fails[-1] + LOCKOUT - now, "lockout")
            mine = _trim(self._attempts.get(address), now - RATE_WINDOW)
            if mine is not None and len(mine) >= PER_ADDRESS:
                return Verdict(False, mine[0] + RATE_WINDOW - now, "address")
            _trim(self._global, now - RATE_WINDOW)
            if len(self._global) >= GLOBAL:
                return Verdict(False, self._global[0] + RATE_WINDOW - now, "server")
            if mine is None:
                self._forget_oldest_if_full()
                mine = self._attempts[address] = deque()
            mine.append(now)
            self._global.append(now)
            return Verdict(True)

    def failed(self, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._failures.setdefault(address, deque(maxlen=LOCKOUT_AFTER)).append(now)

    def reset(self) -> None:
        with self._lock:
            self._attempts.clear()
            self._failures.clear()
            self._global.clear()

    def _forget_oldest_if_full(self) -> None:
        # Addresses are attacker-chosen (IPv6): the tables must not grow without bound.
        while len(self._attempts) >= MAX_ADDRESSES:
            self._attempts.pop(next(iter(self._attempts)))
        while len(self._failures) >= MAX_ADDRESSES:
            self._failures.pop(next(iter(self._failures)))


def _trim(times: deque[float] | None, cutoff: float) -> deque[float] | None:
    while times and times[0] <= cutoff:
        times.popleft()
    return times


LIMITER = GuessLimiter()
