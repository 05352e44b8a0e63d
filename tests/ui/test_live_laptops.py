"""Two laptops in step (issue 13): each a real store, session, runner and main window on one
live server. The second laptop's periodic sync is set to an hour, so what reaches it comes
through its wait for changes (``GET /sync/wait``) and the sync that wait starts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.domain import MarkStatus
from desk.session import Session
from tests.app.evaluation_live import answer, submit_today
from tests.conftest import TEST_TODAY
from tests.ui.live import disagree, signed_in_session
from ui.main_window import MainWindow
from ui.reports import ReportsView
from ui.runner import Runner

AN_HOUR_MS = 60 * 60 * 1000


class Laptop:
    def __init__(self, session: Session, runner: Runner, window: MainWindow) -> None:
        self.session, self.runner, self.window = session, runner, window

    def event_id(self) -> str:
        register = self.window.register_view.model.register
        assert register is not None
        return register.event.id

    def status_of(self, candidate_id: str) -> MarkStatus | None:
        model = self.window.register_view.model
        return model.row_at(model.row_of(candidate_id)).status


@contextmanager
def laptop(qtbot: Any, server: Any, folder: Path, username: str, *,
           period_ms: int | None = None) -> Iterator[Laptop]:
    """A signed-in laptop with its window open on today's register, its first sync done
    and its wait for changes open."""
    session = signed_in_session(server, folder / "desk.sqlite3", username)
    errors: list[BaseException] = []
    runner = Runner(on_error=errors.append)
    window = MainWindow(session, runner, today=lambda: TEST_TODAY, sync_period_ms=period_ms)
    try:
        window.show()
        window.start()
        qtbot.waitUntil(lambda: window.register_view.model.rowCount() > 0, timeout=15_000)
        qtbot.waitUntil(lambda: window.sync.is_waiting() and not window.sync.is_syncing(),
                        timeout=15_000)
        yield Laptop(session, runner, window)
    finally:
        closing = time.monotonic()
        window.close_now()
        assert runner.wait_for_done(10_000)
        assert time.monotonic() - closing < 3  # closing ended the open wait at once
        session.close()
        runner.deleteLater()
    assert not errors


def test_a_mark_on_one_laptop_shows_on_the_others_open_register_within_10_s(
        qtbot: Any, live_server: Any, tmp_path: Path) -> None:
    with laptop(qtbot, live_server, tmp_path / "a", "facilitator") as a, \
            laptop(qtbot, live_server, tmp_path / "b", "cofacilitator",
                   period_ms=AN_HOUR_MS) as b:
        event_id = a.event_id()
        assert event_id == b.event_id()
        syncs = []
        b.window.sync.synced.connect(syncs.append)
        for status in (MarkStatus.PRESENT, MarkStatus.ABSENT):
            person = next(r for r in a.session.registers.load(event_id).rows
                          if not r.withdrawn and r.status is None)
            marked = time.monotonic()
            a.session.registers.mark(event_id, person.candidate_id, status)
            a.window.sync.changed_locally()  # what the register view does after a mark
            qtbot.waitUntil(lambda p=person, s=status: b.status_of(p.candidate_id) is s,
                            timeout=10_000)
            assert time.monotonic() - marked < 10
        assert syncs and b.window.sync.period_ms() == AN_HOUR_MS
        qtbot.waitUntil(b.window.sync.is_waiting, timeout=5_000)  # and waits again


def test_a_disagreement_settled_on_one_laptop_clears_on_the_other_within_10_s(
        qtbot: Any, live_server: Any, tmp_path: Path) -> None:
    lead = signed_in_session(live_server, tmp_path / "a" / "desk.sqlite3", "facilitator")
    co = signed_in_session(live_server, tmp_path / "b" / "desk.sqlite3", "cofacilitator")
    _event_id, candidate_id = disagree(lead, co)
    lead.close()
    co.close()
    with laptop(qtbot, live_server, tmp_path / "a", "facilitator") as a, \
            laptop(qtbot, live_server, tmp_path / "b", "cofacilitator",
                   period_ms=AN_HOUR_MS) as b:
        for one in (a, b):
            qtbot.waitUntil(one.window.register_view.conflicts_button.isVisible,
                            timeout=10_000)
        view = a.window.register_view
        view.next_conflict()
        settled = time.monotonic()
        qtbot.mouseClick(view.conflict_panel.keep_buttons[0], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not view.conflicts_button.isVisible(), timeout=10_000)
        qtbot.waitUntil(lambda: not b.window.register_view.conflicts_button.isVisible(),
                        timeout=10_000)
        assert time.monotonic() - settled < 10
        assert b.status_of(candidate_id) is MarkStatus.PRESENT


def test_an_open_evaluation_report_shows_a_new_response_within_30_s(
        qtbot: Any, live_server: Any, tmp_path: Path) -> None:
    with laptop(qtbot, live_server, tmp_path / "a", "facilitator",
                period_ms=AN_HOUR_MS) as a:
        session = a.session
        event_id = submit_today(session.store, session.sync, session.identity.user_id)
        for rating in (4, 5, 3):
            answer(live_server, event_id, rating)
        a.window.sync.sync_now()
        qtbot.waitUntil(lambda: a.window.sync.is_waiting() and not a.window.sync.is_syncing(),
                        timeout=15_000)
        reports = a.window.role_pages.reports
        assert reports is not None
        a.window.tabs.setCurrentWidget(reports)
        qtbot.waitUntil(lambda: isinstance(reports.page, ReportsView), timeout=15_000)
        view = reports.page
        assert isinstance(view, ReportsView)
        panel = view.report_panel
        qtbot.waitUntil(lambda: panel.counts.text().startswith("3 responses of "),
                        timeout=15_000)
        answered = time.monotonic()
        answer(live_server, event_id, 5, "Clear and well paced.")
        qtbot.waitUntil(lambda: panel.counts.text().startswith("4 responses of "),
                        timeout=30_000)
        assert time.monotonic() - answered < 30
        assert view.current_event_id == event_id
