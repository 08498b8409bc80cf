"""Download payloads are built only on click, only while the session is let in, and do
not outlive logout or a short TTL in Streamlit's media storage (served at /media/<id>
to anyone with the URL)."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from lagebild.dashboard.app import downloads
from lagebild.dashboard.guard import LIMITER
from lagebild_testdata import DASHBOARD


@pytest.fixture
def media(monkeypatch):
    """Streamlit's real media file manager and storage, as the running server has them."""
    storage = MemoryMediaFileStorage("/media")
    mgr = MediaFileManager(storage)
    fake = SimpleNamespace(exists=lambda: True, get_instance=lambda: SimpleNamespace(media_file_mgr=mgr))
    monkeypatch.setattr(downloads, "runtime", fake)
    return mgr, storage


def click(mgr, payload, mime="text/csv", name="lagebild-documents.csv") -> str:
    """What a click does: the browser asks for the deferred id, the server runs the callable."""
    file_id = mgr.add_deferred(payload, mime, "coords", file_name=name)
    return mgr.execute_deferred(file_id).rsplit("/", 1)[-1]  # "<id>.csv", as /media/ serves it


def readable(storage, served: str) -> bool:
    try:
        storage.get_file(served)
        return True
    except MediaFileStorageError:
        return False


def test_payload_is_gone_at_logout_and_cannot_be_rebuilt(media):
    mgr, storage = media
    built = []
    g = downloads.Grant()
    payload = downloads.guarded(lambda: built.append(1) or "doc_id,title\nd1,secret\n", "text/csv",
                                "lagebild-documents.csv", g)
    assert not built  # nothing is built before the click
    served = click(mgr, payload)
    assert readable(storage, served) and storage.get_file(served).content == b"doc_id,title\nd1,secret\n"
    g.revoke()  # logout
    assert not readable(storage, served)
    with pytest.raises(MediaFileStorageError):
        click(mgr, payload)  # a replayed deferred id builds nothing after logout
    assert built == [1]


def test_payload_expires_after_the_ttl_whoever_built_it(media):
    mgr, storage = media
    served = click(mgr, downloads.guarded(lambda: b"x,y\n1,2\n", "text/csv", "t.csv", downloads.Grant()), name="t.csv")
    downloads.purge_expired(time.monotonic() + 1)
    assert readable(storage, served)  # the browser fetches at once: still there
    downloads.purge_expired(time.monotonic() + downloads.TTL + 1)
    assert not readable(storage, served)


def test_every_download_in_the_app_is_built_on_click_and_none_after_logout(small_store):
    LIMITER.reset()
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets["auth"] = {"password": "s3cret"}
    at.run()
    at.text_input(key="_lagebild_password").input("s3cret")
    next(b for b in at.button if b.label == "Log in").click().run()
    at.switch_page("pages/sources.py").run()
    at.session_state["sources_tab"] = [t.label for t in at.tabs][1]
    at.session_state["lb_tool_export"] = True
    at.run()
    buttons = at.get("download_button")
    assert len(buttons) >= 3
    assert all(b.proto.deferred_file_id and not b.proto.url for b in buttons), [b.proto.label for b in buttons]
    assert isinstance(at.session_state[downloads.GRANT_KEY], downloads.Grant)
    grant = at.session_state[downloads.GRANT_KEY]
    next(b for b in at.sidebar.button if b.label == "Log out").click().run()
    assert not grant.valid and not at.get("download_button")
    LIMITER.reset()
