"""Access: with a password or OIDC configured, nothing but the login renders until the viewer is in."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from streamlit.testing.v1 import AppTest

from lagebild.dashboard import auth
from lagebild.dashboard.guard import LIMITER
from lagebild_testdata import DASHBOARD, PAGES

DATA_ELEMENTS = ("dataframe", "plotly_chart", "metric", "multiselect", "date_input", "tabs", "expander", "code",
                 "page_link", "selectbox")


@pytest.fixture(autouse=True)
def fresh_limiter():
    """The guess limiter is server-wide state: each test starts (and leaves) it empty."""
    LIMITER.reset()
    yield LIMITER
    LIMITER.reset()


def app(secrets=None, user=None, page=None, query=None):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for k, v in (secrets or {}).items():
        at.secrets[k] = v
    if user is not None:
        at.user = user
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def assert_only_login(at):
    for kind in DATA_ELEMENTS:
        assert not at.get(kind), f"{kind} rendered before login"
    texts = " ".join(m.value for m in at.markdown) + " ".join(t.value for t in at.title)
    assert "Nordkorea" not in texts and "North Korean" not in texts and "2024" not in texts
    assert not at.sidebar.multiselect
    assert all(b.label == "Log in" for b in at.button), [b.label for b in at.button]


def log_in(at, password):
    at.text_input(key="_lagebild_password").input(password)
    next(b for b in at.button if b.label == "Log in").click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("page", [None, *PAGES[1:], "pages/briefing.py"])
def test_password_configured_renders_nothing_but_the_login(small_store, page):
    at = app({"auth": {"password": "s3cret"}}, page=page, query={"actor": "nis"})
    assert_only_login(at)
    assert [t.label for t in at.text_input] == ["Password"]


def test_wrong_password_shows_error_and_renders_no_data(small_store):
    at = app({"auth": {"password": "s3cret"}})
    for _ in range(3):
        log_in(at, "guess")
        assert at.error and "Wrong password" in at.error[0].value
        assert_only_login(at)


def test_right_password_renders_the_app(small_store):
    at = app({"auth": {"password": "s3cret"}})
    log_in(at, "s3cret")
    assert not at.error
    assert any(m.value == "**Latest claims: North Korean troops deployed in total**" for m in at.markdown)
    assert any(b.label == "Log out" for b in at.sidebar.button)
    at.switch_page("pages/troop_figures.py").run()
    assert at.get("plotly_chart")
    next(b for b in at.sidebar.button if b.label == "Log out").click().run()
    assert_only_login(at)


def test_password_sha256_and_compare_digest_is_used(small_store, monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    at = app({"auth": {"password_sha256": hashlib.sha256(b"open sesame").hexdigest()}})
    log_in(at, "open")
    assert at.error and calls
    log_in(at, "open sesame")
    assert at.metric and len(calls) == 2
    assert all(isinstance(a, bytes) and isinstance(b, bytes) for a, b in calls)


def test_mode_from_secrets():
    assert auth.mode({}) is None
    assert auth.mode({"auth": {}}) is None
    assert auth.mode({"public_base_url": "x"}) is None
    assert auth.mode({"auth": {"password": "x"}}) == "password"
    oidc = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c", "client_id": "i",
            "client_secret": "s", "server_metadata_url": "https://id.example/.well-known/openid-configuration"}
    assert auth.mode({"auth": oidc}) == "oidc"
    assert auth.oidc_providers({"auth": oidc}) == [None]
    named = {"redirect_uri": oidc["redirect_uri"], "cookie_secret": "c",
             "google": {k: oidc[k] for k in ("client_id", "client_secret", "server_metadata_url")}}
    assert auth.mode({"auth": named}) == "oidc" and auth.oidc_providers({"auth": named}) == ["google"]


OIDC = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c", "client_id": "i",
        "client_secret": "s", "server_metadata_url": "https://id.example/.well-known/openid-configuration"}


def test_oidc_not_logged_in_shows_only_the_login_button(small_store):
    at = app({"auth": OIDC}, user={"is_logged_in": False})
    assert_only_login(at)
    assert [b.label for b in at.button] == ["Log in"]


def test_oidc_logged_in_renders_the_app(small_store):
    at = app({"auth": OIDC}, user={"is_logged_in": True, "name": "Analyst A", "email": "a@example.org"})
    assert at.metric
    assert any("Analyst A" in c.value for c in at.sidebar.caption)


def test_nothing_configured_stays_open(small_store):
    at = app()
    assert at.metric and "Password" not in [t.label for t in at.text_input]
