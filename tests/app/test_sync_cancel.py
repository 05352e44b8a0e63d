"""Cancelling a sync (File → Cancel sync, or quitting) keeps everything not yet answered."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain import MarkStatus
from app.outbox import pending_count
from sync.service import SyncCancelled
from tests.conftest import TEST_TODAY
from tests.ui.live import signed_in_session


def test_a_cancelled_sync_stops_before_its_next_request_and_loses_nothing(
        live_server: Any, tmp_path: Any) -> None:
    session = signed_in_session(live_server, tmp_path / "desk.sqlite3")
    try:
        event = next(e for e in session.catalogue.events(TEST_TODAY) if e.is_on(TEST_TODAY))
        rows = [r for r in session.registers.load(event.id).rows if not r.withdrawn]
        session.registers.mark(event.id, rows[0].candidate_id, MarkStatus.PRESENT)
        with pytest.raises(SyncCancelled):
            session.sync.sync_once(cancel=lambda: True)
        assert pending_count(session.store) == 1

        calls = iter([False, True])  # the push goes, the pull is cancelled
        with pytest.raises(SyncCancelled):
            session.sync.sync_once(cancel=lambda: next(calls, True))
        assert pending_count(session.store) == 0
        assert session.sync.sync_once().pushed == 0  # nothing is sent twice
    finally:
        session.close()
