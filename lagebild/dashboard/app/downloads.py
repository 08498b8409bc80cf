"""Download payloads: built only on click, only for a session that is let in, and short-lived.

What Streamlit 1.67 does (``streamlit/runtime/media_file_manager.py``, read in the venv):
a download button with a callable ``data`` registers the callable under a random id for
the session; on click the browser asks for that id, the callable runs and its bytes are
stored as a file served at ``/media/<id>.<ext>`` to anyone with the URL, no session or
login asked.  Streamlit keeps that file until two script runs (of any session) have
ended after it stopped being referenced, i.e. on an idle server indefinitely, and
logging out of our password gate does not touch it.

So every download goes through ``download_button`` here, which wraps the callable:

* it runs only while the session's ``Grant`` is valid (created when the gate lets the
  session in, revoked at logout); a revoked grant refuses, so a deferred id replayed
  after logout builds nothing;
* it records the media id the bytes will be stored under (Streamlit's own content hash
  of data, mime type and file name), and ``purge_expired`` (every script run) and
  ``revoke`` (logout) delete those files from the media storage: a payload lives for
  ``TTL`` seconds at most, and not past logout.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import streamlit as st
from streamlit import runtime
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage, _calculate_file_id

GRANT_KEY = "_lagebild_download_grant"
TTL = 120.0  # seconds a built payload stays fetchable (the browser fetches it at once)

_lock = threading.Lock()
_issued: list[tuple[float, str]] = []  # (built at, media file id), all sessions


class Grant:
    """A session's right to build downloads; the callables hold it, logout revokes it."""

    def __init__(self) -> None:
        self.valid = True
        self.files: list[str] = []

    def revoke(self) -> None:
        self.valid = False
        _delete(self.files)


def grant() -> Grant:
    g = st.session_state.get(GRANT_KEY)
    if g is None or not g.valid:
        g = st.session_state[GRANT_KEY] = Grant()
    return g


def revoke() -> None:
    """Logout: no download of this session can be built any more, and the built ones are gone."""
    g = st.session_state.pop(GRANT_KEY, None)
    if g is not None:
        g.revoke()


def purge_expired(now: float | None = None) -> None:
    now = time.monotonic() if now is None else now
    with _lock:
        expired = [fid for t, fid in _issued if now - t > TTL]
        _issued[:] = [(t, fid) for t, fid in _issued if now - t <= TTL]
    _delete(expired)


def guarded(build: Callable[[], bytes | str], mime: str, file_name: str, g: Grant) -> Callable[[], bytes]:
    """``build`` as a payload that refuses once ``g`` is revoked and remembers what it stored."""
    def payload() -> bytes:
        if not g.valid:
            raise PermissionError("logged out: downloads are no longer built for this session")
        data = build()
        data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        fid = _calculate_file_id(data, mime, file_name)
        with _lock:
            _issued.append((time.monotonic(), fid))
        g.files.append(fid)
        return data
    return payload


def download_button(label: str, data: Callable[[], bytes | str] | bytes, *, file_name: str, mime: str, **kwargs):
    """``st.download_button`` with the payload built on click, guarded and short-lived
    (``on_click="ignore"``: a download does not rerun the page)."""
    if callable(data):
        data = guarded(data, mime, file_name, grant())
    return st.download_button(label, data, file_name=file_name, mime=mime, on_click="ignore", **kwargs)


def _delete(file_ids: list[str]) -> None:
    if not file_ids or not runtime.exists():
        return
    storage = getattr(runtime.get_instance().media_file_mgr, "_storage", None)
    if isinstance(storage, MemoryMediaFileStorage):
        for fid in file_ids:
            storage.delete_file(fid)
