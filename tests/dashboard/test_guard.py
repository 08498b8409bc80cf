"""Password guessing is limited server-wide: per client address and in all, before the
password is compared, successes included, with a lockout after repeated failures, and
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


def test_parallel_sessions_share_one_limit_and_the_right_password_waits_too(small_store, compared):
    sessions = [session() for _ in range(8)]
    for at in sessions[: guard.PER_ADDRESS]:
        assert "Wrong password" in submit(at, "guess").error[0].value
    late = submit(sessions[-1], "s3cret")  # right, but over the limit: not even compared
    assert "Too many login attempts" in late.error[0].value and "Try again in" in late.error[0].value
    assert not late.metric and not late.get("plotly_chart")
    assert compared == ["guess"] * guard.PER_ADDRESS


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
    assert len(results) == 80 and len(compared) == guard.PER_ADDRESS
    assert sum(msg == "Wrong password." for _, msg in results) == guard.PER_ADDRESS


def test_many_addresses_meet_the_global_limit(compared):
    admitted = [auth.attempt_login("guess", f"198.51.100.{i}", SECRETS)[1] == "Wrong password." for i in range(200)]
    assert sum(admitted) == guard.GLOBAL == len(compared)
    assert "on this server" in auth.attempt_login("s3cret", "192.0.2.1", SECRETS)[1]


def test_rate_over_ten_minutes_of_guessing_every_second_and_the_lockout():
    lim = GuessLimiter()
    admitted = []
    for second in range(600):
        v = lim.admit("203.0.113.9", now=float(second))
        if v.allowed:
            admitted.append(second)
            lim.failed("203.0.113.9", now=float(second))
    per_minute = [sum(m * 60 <= s < (m + 1) * 60 for s in admitted) for m in range(10)]
    assert max(per_minute) <= guard.PER_ADDRESS
    assert len(admitted) == guard.LOCKOUT_AFTER  # then locked for the rest of the window
    locked = lim.admit("203.0.113.9", now=600.0)
    assert locked.reason == "lockout" and "locked" in locked.message()
    assert "min" in locked.message()
    assert lim.admit("203.0.113.10", now=600.0).allowed  # another address is not locked out
    assert lim.admit("203.0.113.9", now=admitted[-1] + guard.LOCKOUT + 1).allowed


def test_a_success_counts_against_the_rate_too():
    lim = GuessLimiter()
    for _ in range(guard.PER_ADDRESS):
        assert lim.admit("a", now=0.0).allowed  # successes: no failure recorded
    refused = lim.admit("a", now=1.0)
    assert not refused.allowed and refused.reason == "address" and refused.wait == pytest.approx(59.0)
    assert lim.admit("a", now=60.5).allowed


def test_tracked_addresses_are_bounded(monkeypatch):
    monkeypatch.setattr(guard, "MAX_ADDRESSES", 50)
    monkeypatch.setattr(guard, "GLOBAL", 10_000)
    lim = GuessLimiter()
    for i in range(500):
        lim.admit(f"2001:db8::{i:x}", now=float(i) / 1000)
    assert len(lim._attempts) <= 50
