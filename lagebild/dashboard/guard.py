"""A server-wide limit on password guesses, shared by every session of the process.

A *guess* is a wrong password: failures are throttled, successes are not (a right password is
no guess, and counting it let attackers spend the budget everyone shares).  An attempt is
admitted or refused *before* the password is compared, and nothing sleeps (a refused attempt
says how long to wait):

* per client address: at most ``PER_ADDRESS`` failures in any ``RATE_WINDOW`` seconds, and
  after ``FREE_FAILURES`` failures a back-off that doubles with each further failure of *that*
  address (``BACKOFF_BASE`` s, then twice that …, at most ``BACKOFF_MAX``), forgotten
  ``FORGET_AFTER`` seconds after its last failure or at its first success;
* globally: at most ``GLOBAL`` failures in any ``RATE_WINDOW`` seconds.  Only addresses that
  have failed themselves wait for it: an address with no failure of its own is always
  compared, so other clients' guessing never keeps the right password out (each fresh
  address gets one guess before it waits too).

IPv6 addresses count per /64 (one subscriber's whole network).  Attempts being compared count
as failures until they are settled, so parallel sessions cannot slip past the limit together.
Module-level state, one lock: the Streamlit process runs every session's script in its own
thread, so this is what all of them share.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import deque
from dataclasses import dataclass

RATE_WINDOW = 60.0
PER_ADDRESS = 5
GLOBAL = 30
FREE_FAILURES = 3
BACKOFF_BASE = 2.0
BACKOFF_MAX = 15 * 60.0
FORGET_AFTER = 15 * 60.0
MAX_ADDRESSES = 10_000  # beyond this many tracked addresses, forget the oldest


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    wait: float = 0.0        # seconds until an attempt can be admitted again
    reason: str | None = None  # "address", "backoff" or "server"

    def message(self) -> str:
        minutes = int(self.wait // 60) + 1
        when = f"{int(self.wait) + 1} s" if self.wait < 60 else f"{minutes} min"
        if self.reason == "backoff":
            return f"Too many wrong passwords from your address. Try again in {when}."
        if self.reason == "server":
            return (f"Too many wrong passwords on this server right now, and some from your address. "
                    f"Try again in {when}.")
        return f"Too many login attempts from your address. Try again in {when}."


def address_key(address: str) -> str:
    """The unit an address is limited as: itself, or its /64 network for IPv6."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def backoff(failures: int) -> float:
    """Seconds an address waits after its ``failures``-th failure."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(BACKOFF_BASE * 2 ** (failures - FREE_FAILURES), BACKOFF_MAX)


class GuessLimiter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}
        self._pending: dict[str, int] = {}
        self._global: deque[float] = deque()
        self._global_pending = 0

    def admit(self, address: str, now: float | None = None) -> Verdict:
        """Admit one attempt from ``address`` (held as pending until ``settle``) or say how long to wait."""
        now = time.monotonic() if now is None else now
        key = address_key(address)
        with self._lock:
            fails = self._failures.get(key)
            if fails and fails[-1] <= now - FORGET_AFTER:
                fails.clear()
            pending = self._pending.get(key, 0)
            n = len(fails or ()) + pending
            if n:
                recent = [t for t in (fails or ()) if t > now - RATE_WINDOW]
                over = len(recent) + pending - PER_ADDRESS  # this many must leave the window first
                if over >= 0:
                    wait = recent[over] + RATE_WINDOW - now if over < len(recent) else 1.0
                    return Verdict(False, max(wait, 0.0), "address")
                if fails and n >= FREE_FAILURES and now < fails[-1] + backoff(n):
                    return Verdict(False, fails[-1] + backoff(n) - now, "backoff")
                _trim(self._global, now - RATE_WINDOW)
                if len(self._global) + self._global_pending >= GLOBAL:
                    wait = self._global[0] + RATE_WINDOW - now if self._global else RATE_WINDOW
                    return Verdict(False, max(wait, 0.0), "server")
            self._pending[key] = pending + 1
            self._global_pending += 1
            return Verdict(True)

    def settle(self, address: str, ok: bool, now: float | None = None) -> None:
        """The outcome of an admitted attempt: a failure is recorded, a success clears the address."""
        now = time.monotonic() if now is None else now
        key = address_key(address)
        with self._lock:
            left = self._pending.get(key, 0) - 1
            if left > 0:
                self._pending[key] = left
            else:
                self._pending.pop(key, None)
            self._global_pending = max(0, self._global_pending - 1)
            if ok:
                self._failures.pop(key, None)
                return
            if key not in self._failures:
                self._forget_oldest_if_full()
                self._failures[key] = deque(maxlen=64)
            self._failures[key].append(now)
            self._global.append(now)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()
            self._pending.clear()
            self._global.clear()
            self._global_pending = 0

    def _forget_oldest_if_full(self) -> None:
        # Addresses are attacker-chosen: the table must not grow without bound.
        while len(self._failures) >= MAX_ADDRESSES:
            self._failures.pop(next(iter(self._failures)))


def _trim(times: deque[float], cutoff: float) -> None:
    while times and times[0] <= cutoff:
        times.popleft()


LIMITER = GuessLimiter()
