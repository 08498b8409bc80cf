"""Uploads before login, against a live server (issue #21, item 1): an anonymous client that holds
the login page's session id and XSRF cookie gets no byte into the server; after login the same
session uploads, within the per-file limit."""

from __future__ import annotations

import pytest
from harness import ROOT, StreamlitServer, wait_ready
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from lagebild.store import parquet
from lagebild_testdata import small_tables

pytestmark = pytest.mark.browser
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def gated(tmp_path_factory, browser):
    home = tmp_path_factory.mktemp("upload-gate")
    (home / ".streamlit").mkdir()
    (home / ".streamlit" / "secrets.toml").write_text('[auth]\npassword = "s3cret"\n')
    (home / ".streamlit" / "config.toml").write_text((ROOT / ".streamlit" / "config.toml").read_text())
    server = StreamlitServer(str(ROOT / "dashboard.py"), tables=parquet.write_tables(small_tables(), home / "tables"),
                             cwd=home)
    yield server
    server.stop()


def _session_ids(page) -> list[str]:
    """The session ids the server sends down the page's websocket (what the attacker read)."""
    ids: list[str] = []

    def frames(ws):
        def on_frame(payload):
            if isinstance(payload, bytes):
                msg = ForwardMsg.FromString(payload)
                if msg.HasField("new_session") and msg.new_session.initialize.session_id:
                    ids.append(msg.new_session.initialize.session_id)
        ws.on("framereceived", on_frame)

    page.on("websocket", frames)
    return ids


def _put(page, url: str, session: str, n: int, name: str = "a.txt"):
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_streamlit_xsrf")
    return page.request.put(f"{url}/_stcore/upload_file/{session}/file-{n}-{name}",
                            multipart={"file": {"name": name, "mimeType": "text/plain", "buffer": b"x" * n}},
                            headers={"X-Xsrftoken": xsrf}, timeout=60_000)


def test_no_upload_byte_is_accepted_before_login_and_uploads_work_after_it(gated, page, guard):
    ids = _session_ids(page)
    page.goto(gated.url)
    page.get_by_label("Password", exact=True).wait_for(timeout=30_000)
    assert ids, "no session id seen on the websocket"
    session = ids[-1]
    accepted = 0
    for size in (1_000, 2 * MiB, 5 * MiB):
        r = _put(page, gated.url, session, size)
        assert r.status == 403, (size, r.status, r.text())
        accepted += size if r.ok else 0
    r = page.request.delete(f"{gated.url}/_stcore/upload_file/{session}/x", timeout=30_000)
    assert r.status == 403
    assert accepted == 0

    page.get_by_label("Password", exact=True).fill("s3cret")
    t0 = page.evaluate("performance.now()")
    page.get_by_role("button", name="Log in").click()
    page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=30_000)
    wait_ready(page, since=t0)
    assert _put(page, gated.url, session, 2 * MiB).status == 204  # a 2 MiB document goes through
    assert _put(page, gated.url, session, 3 * MiB + 1).status == 413  # beyond server.maxUploadSize
    # logged out again: refused again
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Password", exact=True).wait_for(timeout=30_000)
    assert _put(page, gated.url, session, 1_000).status == 403
    assert guard.distinct() == []
