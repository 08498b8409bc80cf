"""Access control: nothing but a login renders until the viewer is authenticated.

Configured in ``.streamlit/secrets.toml`` (git-ignored; see ``.streamlit/secrets.toml.example``):

* ``[auth] password = "…"`` or ``[auth] password_sha256 = "<hex>"`` — a shared password.
  Compared with ``hmac.compare_digest`` on SHA-256 digests; every failure waits
  longer (``delay_for``: 1, 2, 4, … s, capped at 30 s) and failures are counted both
  per session and per server process (so a new tab does not reset the wait).
* ``[auth]`` with OIDC settings (``redirect_uri``, ``cookie_secret``, ``client_id``,
  ``client_secret``, ``server_metadata_url``, or named providers as ``[auth.<name>]``
  sub-tables) — Streamlit's own ``st.login`` / ``st.user.is_logged_in`` (needs Authlib).
* nothing configured — the dashboard is open (the local default).

``require_access()`` is the gate: the frame calls it before loading any data.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import deque
from collections.abc import Mapping

import streamlit as st

AUTH_KEY = "_lagebild_authenticated"
FAILS_KEY = "_lagebild_auth_failures"
OIDC_KEYS = ("client_id", "client_secret", "server_metadata_url")
BASE_DELAY, MAX_DELAY = 1.0, 30.0
WINDOW = 15 * 60  # process-wide failures count for this many seconds

_lock = threading.Lock()
_sleep = time.sleep  # the wait after a failure (tests replace it)
_recent_failures: deque[float] = deque(maxlen=1000)


def _section(secrets) -> Mapping:
    try:
        sec = secrets.get("auth") if hasattr(secrets, "get") else None
    except Exception:  # no secrets.toml at all: st.secrets raises on access in some versions
        return {}
    return sec if isinstance(sec, Mapping) else {}


def mode(secrets=None) -> str | None:
    """'password', 'oidc' or None (open), from the secrets."""
    sec = _section(st.secrets if secrets is None else secrets)
    if sec.get("password") or sec.get("password_sha256"):
        return "password"
    providers = [v for v in sec.values() if isinstance(v, Mapping) and all(v.get(k) for k in OIDC_KEYS)]
    if all(sec.get(k) for k in OIDC_KEYS) or providers:
        return "oidc"
    return None


def oidc_providers(secrets=None) -> list[str | None]:
    """Named providers ([auth.<name>]), or [None] for the default one."""
    sec = _section(st.secrets if secrets is None else secrets)
    named = [k for k, v in sec.items() if isinstance(v, Mapping) and all(v.get(k2) for k2 in OIDC_KEYS)]
    return named or [None]


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def check_password(given: str, secrets=None) -> bool:
    """Constant-time comparison (hmac.compare_digest) of the given password with the configured one."""
    sec = _section(st.secrets if secrets is None else secrets)
    want_hex = sec.get("password_sha256")
    if want_hex:
        try:
            want = bytes.fromhex(str(want_hex).strip())
        except ValueError:
            return False
    else:
        want = _digest(str(sec.get("password") or ""))
    return hmac.compare_digest(_digest(given or ""), want)


def delay_for(failures: int) -> float:
    """Seconds to wait after the n-th failure: 1, 2, 4, 8, … capped at MAX_DELAY; 0 before any failure."""
    if failures <= 0:
        return 0.0
    return min(MAX_DELAY, BASE_DELAY * 2 ** (failures - 1))


def _note_failure(now: float) -> int:
    with _lock:
        _recent_failures.append(now)
        while _recent_failures and now - _recent_failures[0] > WINDOW:
            _recent_failures.popleft()
        return len(_recent_failures)


def _password_gate() -> None:
    ss = st.session_state
    if ss.get(AUTH_KEY):
        with st.sidebar:
            st.button("Log out", key="_lagebild_logout", icon=":material/logout:", on_click=logout, width="stretch")
        return
    st.title("Lagebild")
    st.caption("This dashboard is protected. Enter the password to continue.")
    with st.form("lagebild_login", clear_on_submit=True, border=True, width=520):
        given = st.text_input("Password", type="password", key="_lagebild_password")
        submitted = st.form_submit_button("Log in", icon=":material/login:", type="primary")
    if submitted:
        if check_password(given):
            ss[AUTH_KEY] = True
            ss[FAILS_KEY] = 0
            st.rerun()
        ss[FAILS_KEY] = int(ss.get(FAILS_KEY, 0)) + 1
        n = max(ss[FAILS_KEY], _note_failure(time.monotonic()))
        _sleep(delay_for(n))
        st.error("Wrong password.", icon=":material/lock:")
    st.stop()


def logout() -> None:
    st.session_state[AUTH_KEY] = False


def _oidc_gate() -> None:
    if getattr(st.user, "is_logged_in", False):
        with st.sidebar:
            who = getattr(st.user, "name", None) or getattr(st.user, "email", None)
            if who:
                st.caption(f"Signed in as {who}")
            st.button("Log out", key="_lagebild_logout", icon=":material/logout:", on_click=st.logout, width="stretch")
        return
    st.title("Lagebild")
    st.caption("This dashboard is protected. Sign in to continue.")
    for provider in oidc_providers():
        label = f"Log in with {provider}" if provider else "Log in"
        st.button(label, key=f"_lagebild_login_{provider or 'default'}", icon=":material/login:", type="primary",
                  on_click=st.login, args=(provider,) if provider else ())
    st.stop()


def require_access() -> None:
    """Stop the run with only a login on screen until the viewer is authenticated (no-op when open)."""
    m = mode()
    if m == "password":
        _password_gate()
    elif m == "oidc":
        _oidc_gate()


REVIEWER_KEY = "_lagebild_reviewer"


def reviewer_name() -> str | None:
    """Who is deciding: the signed-in user (OIDC), else the name given once in this session, else None."""
    if getattr(st.user, "is_logged_in", False):
        who = getattr(st.user, "name", None) or getattr(st.user, "email", None)
        if who:
            return str(who)
    return st.session_state.get(REVIEWER_KEY) or None


def ask_reviewer_name() -> str | None:
    """The reviewer's name; without a login, a small form asks for it once per session."""
    who = reviewer_name()
    if who:
        return who
    with st.form("lagebild_reviewer", border=True, width=520):
        st.markdown("**Your name** is recorded with every decision you make.")
        st.text_input("Reviewer name", key="_lagebild_reviewer_input")
        # A callback, not the button's return value: it runs before the script, whichever script runs.
        st.form_submit_button("Start reviewing", type="primary", icon=":material/person:", on_click=_take_name)
    return None


def _take_name() -> None:
    name = (st.session_state.get("_lagebild_reviewer_input") or "").strip()
    if name:
        st.session_state[REVIEWER_KEY] = name
