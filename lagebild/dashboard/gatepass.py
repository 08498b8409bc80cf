"""Which sessions are past the login gate: the server's side of ``auth.require_access``.

Streamlit's upload route (``PUT /_stcore/upload_file/<session>/<file>``) takes a file for any
live session id, and a session exists as soon as the login page is open: an anonymous client
could fill the server's memory while the screen shows only the password form.  The serving
middleware (``serving.py``) asks :func:`is_past` before Streamlit's route sees a byte.

The gate (``auth.require_access``) calls :func:`admit` on every run it lets through and
:func:`revoke` on logout.  Module state under one lock: the script threads write, the
server's event loop reads.  Ids of sessions that ended are dropped when the set grows.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_past: set[str] = set()
PRUNE_AT = 256  # past this many ids, drop those of sessions the runtime no longer knows


def current_session_id() -> str | None:
    """The id of the session whose script is running in this thread (None outside a run)."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
    except Exception:  # noqa: BLE001 - no runtime (a bare script)
        return None
    return getattr(ctx, "session_id", None) if ctx is not None else None


def admit(session_id: str | None = None) -> None:
    session_id = session_id or current_session_id()
    if not session_id:
        return
    with _lock:
        if session_id in _past:
            return
        if len(_past) >= PRUNE_AT:
            _prune()
        _past.add(session_id)


def revoke(session_id: str | None = None) -> None:
    session_id = session_id or current_session_id()
    with _lock:
        _past.discard(session_id)


def is_past(session_id: str) -> bool:
    with _lock:
        return session_id in _past


def reset() -> None:
    with _lock:
        _past.clear()


def _prune() -> None:
    try:
        from streamlit.runtime import Runtime

        runtime = Runtime.instance()
    except Exception:  # noqa: BLE001 - no runtime: nothing to ask
        return
    for sid in list(_past):
        if not runtime.is_active_session(sid):
            _past.discard(sid)
