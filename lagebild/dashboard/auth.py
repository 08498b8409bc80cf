"""Access control: nothing but a login renders until the viewer is authenticated.

Configured in ``.streamlit/secrets.toml`` (git-ignored; see ``.streamlit/secrets.toml.example``):

* ``[auth] password = "…"`` or ``[auth] password_sha256 = "<hex>"`` — a shared password.
  Compared with ``hmac.compare_digest`` on SHA-256 digests, and only for an attempt
  the server-wide limiter (``lagebild.dashboard.guard``) admits first: a few wrong
  passwords a minute per client address and in all, a back-off growing with an address's
  own failures, a right password never kept out by other clients' guessing, and nothing
  sleeps (a refused attempt says how long to wait).
* ``[auth]`` with OIDC settings (``redirect_uri``, ``cookie_secret``, ``client_id``,
  ``client_secret``, ``server_metadata_url``, or named providers as ``[auth.<name>]``
  sub-tables) — Streamlit's own ``st.login`` / ``st.user.is_logged_in`` (needs Authlib).
* nothing configured — the dashboard is open (the local default).

``require_access()`` is the gate: the frame calls it before loading any data.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import urlsplit

import streamlit as st

from lagebild.dashboard import gatepass
from lagebild.dashboard.app import downloads
from lagebild.dashboard.guard import LIMITER

AUTH_KEY = "_lagebild_authenticated"
INTENT_KEY = "_lagebild_requested_before_login"
OIDC_KEYS = ("client_id", "client_secret", "server_metadata_url")


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


def client_address() -> str:
    """The viewer's address as the server sees it (``None`` from Streamlit means
    localhost).  Behind a reverse proxy every viewer shares the proxy's address, so
    there the per-address limit acts as a second global one."""
    try:
        address = st.context.ip_address
    except Exception:  # no client context (bare script run)
        address = None
    # Anything but a string (no connection: a test harness) is treated as localhost.
    return address if isinstance(address, str) and address else "localhost"


def attempt_login(given: str, address: str, secrets=None) -> tuple[bool, str | None]:
    """(logged in, message): the limiter decides before the password is compared."""
    verdict = LIMITER.admit(address)
    if not verdict.allowed:
        return False, verdict.message()
    ok = False
    try:
        ok = check_password(given, secrets)
    finally:
        LIMITER.settle(address, ok)
    return (True, None) if ok else (False, "Wrong password.")


def _password_gate() -> None:
    ss = st.session_state
    if ss.get(AUTH_KEY):
        with st.sidebar:
            st.button("Log out", key="_lagebild_logout", icon=":material/logout:", on_click=logout, width="stretch")
        return
    remember_request()
    st.title("Lagebild")
    st.caption("This dashboard is protected. Enter the password to continue.")
    with st.form("lagebild_login", clear_on_submit=True, border=True, width=520):
        given = st.text_input("Password", type="password", key="_lagebild_password")
        submitted = st.form_submit_button("Log in", icon=":material/login:", type="primary")
    if submitted:
        ok, message = attempt_login(given, client_address())
        if ok:
            ss[AUTH_KEY] = True
            st.rerun()
        st.error(message, icon=":material/lock:")
    st.stop()


def remember_request() -> None:
    """Keep the page and query of the address opened before login (a deep link such as
    ``/actors?actor=…``): without navigation before the gate, Streamlit would land on the
    default page after login.  The frame takes it back with ``requested_page``."""
    if INTENT_KEY in st.session_state:
        return
    try:
        url = st.context.url
    except Exception:  # no client context (bare script run)
        url = None
    if not isinstance(url, str):
        return
    segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    st.session_state[INTENT_KEY] = (segment, {k: st.query_params.get_all(k) for k in st.query_params})


def requested_page() -> tuple[str, dict[str, list[str]]] | None:
    """(last path segment, query) of the address opened before login, once, after login."""
    return st.session_state.pop(INTENT_KEY, None)


def logout() -> None:
    st.session_state[AUTH_KEY] = False
    gatepass.revoke()  # no upload is taken for this session any more
    downloads.revoke()  # no export of this session can be built or fetched any more


def _oidc_logout() -> None:
    gatepass.revoke()
    downloads.revoke()
    st.logout()


def _oidc_gate() -> None:
    if getattr(st.user, "is_logged_in", False):
        with st.sidebar:
            who = getattr(st.user, "name", None) or getattr(st.user, "email", None)
            if who:
                st.caption(f"Signed in as {who}")
            st.button("Log out", key="_lagebild_logout", icon=":material/logout:", on_click=_oidc_logout, width="stretch")
        return
    remember_request()
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
    if m is not None:
        gatepass.admit()  # past the gate: the server now takes this session's uploads (serving.py)
    downloads.purge_expired()  # payloads built for any session live TTL seconds at most


REVIEWER_KEY = "_lagebild_reviewer"


def reviewer_name() -> str | None:
    """Who is deciding: the signed-in user (OIDC), else the name given once in this session, else None."""
    if getattr(st.user, "is_logged_in", False):
        who = getattr(st.user, "name", None) or getattr(st.user, "email", None)
        if who:
            return str(who)
    return st.session_state.get(REVIEWER_KEY) or None


REVIEWER_PARAM = "reviewer"  # the name in the address bar: a reload or a shared review link keeps it
REVIEWER_MAX = 80


def ask_reviewer_name() -> str | None:
    """The reviewer's name; without a login, a small form asks for it once, then keeps it in the session
    and in the address bar (``?reviewer=``, URL-encoded by Streamlit), so that a reload or a deep link
    to a fact does not ask again (issue #19)."""
    who = reviewer_name()
    if not who and not getattr(st.user, "is_logged_in", False):
        given = (st.query_params.get(REVIEWER_PARAM) or "").strip()[:REVIEWER_MAX]
        if given:
            st.session_state[REVIEWER_KEY] = who = given
    if who:
        if not getattr(st.user, "is_logged_in", False) and st.query_params.get(REVIEWER_PARAM) != who:
            st.query_params[REVIEWER_PARAM] = who
        return who
    with st.form("lagebild_reviewer", border=True, width=520):
        st.markdown("**Your name** is recorded with every decision you make.")
        st.text_input("Reviewer name", key="_lagebild_reviewer_input")
        # A callback, not the button's return value: it runs before the script, whichever script runs.
        st.form_submit_button("Start reviewing", type="primary", icon=":material/person:", on_click=_take_name)
    return None


def _take_name() -> None:
    name = (st.session_state.get("_lagebild_reviewer_input") or "").strip()[:REVIEWER_MAX]
    if name:
        st.session_state[REVIEWER_KEY] = name
