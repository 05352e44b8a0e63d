"""Helpers for UI tests against the real reference server (``live_server``)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.domain import MarkStatus
from app.store import Store
from desk.session import Session, sign_in
from tests.conftest import TEST_TODAY
from ui.main_window import MainWindow
from ui.runner import Runner

PASSWORD = "npq-demo"


def signed_in_session(server: object, path: Path, username: str = "facilitator") -> Session:
    """A store at ``path``, signed in and filled by a first sync from ``server``."""
    store = Store.open(path)
    session = sign_in(store, server.base_url, username, PASSWORD)  # type: ignore[attr-defined]
    session.sync.sync_once()
    return session


def disagree(lead: Session, co: Session) -> tuple[str, str]:
    """The two facilitators mark the first person on today's register differently
    (Present, then Absent), and both laptops sync twice: they disagree. (event, candidate)."""
    event = next(e for e in lead.catalogue.events(TEST_TODAY) if e.is_on(TEST_TODAY))
    person = next(r for r in lead.registers.load(event.id).rows if not r.withdrawn)
    lead.registers.mark(event.id, person.candidate_id, MarkStatus.PRESENT)
    time.sleep(0.01)
    co.registers.mark(event.id, person.candidate_id, MarkStatus.ABSENT)
    for _ in range(2):
        lead.sync.sync_once()
        co.sync.sync_once()
    return event.id, person.candidate_id


@contextmanager
def open_main_window(qtbot: object, runner: Runner, session: Session) -> Iterator[MainWindow]:
    """The real main window on ``session``, with today's register loaded and the first sync
    done; closed without the unsent-changes question (qtbot's close would ask it)."""
    win = MainWindow(session, runner, today=lambda: TEST_TODAY)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.register_view.model.rowCount() > 0,  # type: ignore[attr-defined]
                    timeout=15_000)
    qtbot.waitUntil(lambda: not win.sync.is_syncing(), timeout=15_000)  # type: ignore[attr-defined]
    try:
        yield win
    finally:
        win.close_now()
        runner.wait_for_done()
