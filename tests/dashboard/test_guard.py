"""Password guessing is limited server-wide: per client address and in all, before the
password is compared, failures (not successes) counted, a back-off growing with an address's own failures, and
without a sleeping thread per attempt."""

from __future__ import annotations

import threading

import pytest
from streamlit.testing.v1 import AppTest

from lagebild.dashboard import auth, guard
from lagebild.dashboard.guard import LIMITER, GuessLimiter
from lagebild_testdata import DASHBOARD

SECRETS = {"auth": {"password": "s3cret"}}


@pytest.fixture(autouse=True)
def fresh_limiter():
    LIMITER.reset()
    yield
    LIMITER.reset()


@pytest.fixture
def compared(monkeypatch):
    """Every password comparison the gate makes."""
    calls: list[str] = []
    real = auth.check_password

    def spy(given, secrets=None):
        calls.append(given)
        return real(given, secrets)

    monkeypatch.setattr(auth, "check_password", spy)
    return calls


def session():
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets["auth"] = SECRETS["auth"]
    return at.run()


def submit(at, password):
    at.text_input(key="_lagebild_password").input(password)
    next(b for b in at.button if b.label == "Log in").click().run()
    assert not at.exception
    return at


def test_parallel_sessions_share_one_limit_and_an_address_waits_for_its_own_failures(small_store, compared):
    sessions = [session() for _ in range(8)]
    for at in sessions[: guard.FREE_FAILURES]:
        assert "Wrong password" in submit(at, "guess").error[0].value
    refused = submit(sessions[guard.FREE_FAILURES], "guess")  # the back-off of this address's own failures
    assert "Too many wrong passwords from your address" in refused.error[0].value
    late = submit(sessions[-1], "s3cret")  # right, but from the address that failed: not even compared yet
    assert "Try again in" in late.error[0].value
    assert not late.metric and not late.get("plotly_chart")
    assert compared == ["guess"] * guard.FREE_FAILURES


def test_threads_guessing_at_once_get_only_the_per_address_budget(compared):
    results: list[tuple[bool, str | None]] = []
    barrier = threading.Barrier(8)

    def guesser():
        barrier.wait()
        for _ in range(10):
            results.append(auth.attempt_login("guess", "203.0.113.7", SECRETS))

    threads = [threading.Thread(target=guesser) for _ in range(8)]
    before = threading.active_count()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)  # nobody is left sleeping
    assert threading.active_count() == before
    assert len(results) == 80 and 1 <= len(compared) <= guard.PER_ADDRESS
    assert sum(msg == "Wrong password." for _, msg in results) == len(compared)


def _attack(lim: GuessLimiter, addresses: list[str], every: float, minutes: int, right_at: dict | None = None):
    """Guess round-robin from ``addresses`` every ``every`` s; (failures per minute per address, in all),
    and whether each right password (``right_at``: second -> fresh address) got in."""
    per_address: dict[tuple[str, int], int] = {}
    per_minute = [0] * minutes
    got_in = {}
    t, i = 0.0, 0
    pending_right = sorted((right_at or {}).items())
    while t < minutes * 60:
        while pending_right and pending_right[0][0] <= t:
            at, who = pending_right.pop(0)
            v = lim.admit(who, now=t)
            if v.allowed:
                lim.settle(who, True, now=t)
            got_in[who] = v.allowed
        a = addresses[i % len(addresses)]
        if lim.admit(a, now=t).allowed:
            lim.settle(a, False, now=t)
            m = int(t // 60)
            per_minute[m] += 1
            per_address[(a, m)] = per_address.get((a, m), 0) + 1
        t += every
        i += 1
    return max(per_address.values()), per_minute, got_in


def test_one_address_guessing_ten_times_a_second_gets_at_most_five_a_minute_and_backs_off():
    worst, per_minute, _ = _attack(GuessLimiter(), ["203.0.113.9"], 0.1, 10)
    assert worst <= guard.PER_ADDRESS and sum(per_minute) <= 3 + 8  # the back-off doubles: ~11 in ten minutes


def test_rotating_addresses_meet_the_global_limit_and_the_right_password_still_gets_in():
    attackers = [f"198.51.100.{i}" for i in range(20)]
    right = {90.0: "192.0.2.1", 330.0: "192.0.2.2", 590.0: "2001:db8:1::5"}
    worst, per_minute, got_in = _attack(GuessLimiter(), attackers, 0.05, 10, right)
    assert worst <= guard.PER_ADDRESS
    # the first minute: each fresh address's first guesses, then the global limit for all of them
    assert max(per_minute[1:]) <= guard.GLOBAL and per_minute[0] <= guard.GLOBAL + len(attackers)
    assert got_in == {who: True for who in right.values()}  # other clients' guessing never keeps it out


def test_a_success_is_not_a_guess_and_clears_the_address():
    lim = GuessLimiter()
    for i in range(20):
        assert lim.admit("a", now=float(i)).allowed
        lim.settle("a", True, now=float(i))
    for _ in range(guard.FREE_FAILURES):
        assert lim.admit("a", now=30.0).allowed
        lim.settle("a", False, now=30.0)
    refused = lim.admit("a", now=30.5)
    assert refused.reason == "backoff" and refused.wait == pytest.approx(guard.BACKOFF_BASE - 0.5)
    assert lim.admit("a", now=30.0 + guard.BACKOFF_BASE).allowed


def test_ipv6_counts_per_64_network():
    lim = GuessLimiter()
    for i in range(guard.FREE_FAILURES):
        assert lim.admit(f"2001:db8:0:1::{i + 1:x}", now=0.0).allowed
        lim.settle(f"2001:db8:0:1::{i + 1:x}", False, now=0.0)
    assert not lim.admit("2001:db8:0:1:ffff::1", now=0.1).allowed  # same /64
    assert lim.admit("2001:db8:0:2::1", now=0.1).allowed


def test_tracked_addresses_are_bounded(monkeypatch):
    monkeypatch.setattr(guard, "MAX_ADDRESSES", 50)
    lim = GuessLimiter()
    for i in range(500):
        lim.admit(f"198.51.{i // 256}.{i % 256}", now=float(i) / 1000)
        lim.settle(f"198.51.{i // 256}.{i % 256}", False, now=float(i) / 1000)
    assert len(lim._failures) <= 50
