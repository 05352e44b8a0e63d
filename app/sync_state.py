"""Where sync stands on this laptop: the feed cursor, the last attempt and its outcome, and
the counts of changes still to send. Sync reads and records these through the functions
here; it never touches the tables itself."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import SyncStatus
from app.outbox import NEEDS_ATTENTION, PENDING
from app.store import Store
from app.store.models import OutboxEntry, SyncState
from app.store.purge import wipe_synced_data


def saved_cursor(store: Store) -> str | None:
    """The cursor the next pull starts from (None: from the beginning)."""
    with store.read() as session:
        state = session.get(SyncState, 1)
        return state.cursor if state else None


def save_cursor(session: Session, cursor: str | None) -> None:
    """Keep ``cursor`` inside the caller's transaction (the page it follows commits with
    it)."""
    state = session.get(SyncState, 1) or SyncState(id=1)
    state.cursor = cursor
    session.add(state)


def reset_cursor(store: Store) -> None:
    """Pull from the beginning next time (the server no longer knows the cursor)."""
    with store.write() as session:
        save_cursor(session, None)


def record_sync(store: Store, *, attempt: bool = False, success: bool = False,
                error: str | None = None, reachable: bool | None = None) -> None:
    """Note a sync's progress: an ``attempt`` begun, a ``success``, an ``error`` (its
    message for the user), or whether the server answered (``reachable``)."""
    now = dt.datetime.now(dt.UTC).isoformat()
    with store.write() as session:
        state = session.get(SyncState, 1) or SyncState(id=1)
        if attempt:
            state.last_attempt = now
        if success:
            state.last_success, state.last_error, state.server_reachable = now, None, True
        if error is not None:
            state.last_error = error
        if reachable is not None:
            state.server_reachable = reachable
        session.add(state)


def sync_status(store: Store) -> SyncStatus:
    """Where sync stands, from the store alone (no network)."""
    with store.read() as session:
        counts: dict[str, int] = {state: count for state, count in session.execute(
            select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state))}
        state = session.get(SyncState, 1)
        return SyncStatus(
            pending_changes=counts.get(PENDING, 0),
            needs_attention=counts.get(NEEDS_ATTENTION, 0),
            last_success=_instant(state.last_success) if state else None,
            last_attempt=_instant(state.last_attempt) if state else None,
            last_error=state.last_error if state else None,
            server_reachable=state.server_reachable if state else None,
        )


def forget_synced_data(store: Store) -> bool:
    """Wipe the local copy of everything pulled (another user signs in), unless the outbox
    still holds changes: then nothing is touched and the answer is False."""
    with store.write() as session:
        if session.scalar(select(func.count()).select_from(OutboxEntry)):
            return False
        wipe_synced_data(session)
    return True


def _instant(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None
