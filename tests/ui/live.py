"""Helpers for UI tests against the real reference server (``live_server``)."""

from __future__ import annotations

from pathlib import Path

from app.store import Store
from ui.session import Session, sign_in

PASSWORD = "npq-demo"


def signed_in_session(server: object, path: Path, username: str = "facilitator") -> Session:
    """A store at ``path``, signed in and filled by a first sync from ``server``."""
    store = Store.open(path)
    session = sign_in(store, server.base_url, username, PASSWORD)  # type: ignore[attr-defined]
    session.sync.sync_once()
    return session
