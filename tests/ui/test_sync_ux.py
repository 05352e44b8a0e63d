"""What the user sees of sync: closing with unsent changes, a refused sign-in, a server that
needs a newer app, changes that need attention, and a laptop clock that is off."""

from __future__ import annotations

from functools import partial

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app import outbox
from app.domain import MarkStatus
from desk.session import sign_in
from sync.errors import SyncError
from sync.service import OTHER_USERS_WORK
from tests.conftest import TEST_TODAY
from tests.ui.live import PASSWORD, open_main_window, signed_in_session
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.status_bar import StatusBar, clock_text
from ui.sync_banner import TOO_OLD


@pytest.fixture
def session(live_server, tmp_path):
    opened = signed_in_session(live_server, tmp_path / "data" / "desk.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot, runner, session):
    with open_main_window(qtbot, runner, session) as win:
        yield win


def box_named(name: str) -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == name and widget.isVisible():
            return widget  # type: ignore[return-value]
    return None


def click(qtbot, box: QMessageBox, text: str) -> None:
    [button] = [b for b in box.buttons() if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def mark_one(qtbot, window: MainWindow) -> None:
    window.sync.stop()  # so the change is still unsent when the window closes
    qtbot.keyClick(window.register_view.table, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: window.status_bar.pending.text() == "1 change waiting to send",
                    timeout=5_000)


def test_closing_with_unsent_changes_asks_and_can_sync_first(qtbot, window, session):
    mark_one(qtbot, window)
    window.close()
    qtbot.waitUntil(lambda: box_named("unsentQuestion") is not None)
    box = box_named("unsentQuestion")
    assert box.text() == ("1 change has not reached the central service yet. They are safe "
                          "on this laptop and will be sent next time.")
    assert window.isVisible()
    click(qtbot, box, "Sync now and close")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15_000)
    assert outbox.pending_count(session.store) == 0


def test_when_sync_before_closing_fails_the_window_stays_open(qtbot, window, live_server):
    mark_one(qtbot, window)
    live_server.stop()
    window.close()
    qtbot.waitUntil(lambda: box_named("unsentQuestion") is not None)
    click(qtbot, box_named("unsentQuestion"), "Sync now and close")
    qtbot.waitUntil(lambda: box_named("syncBeforeCloseFailed") is not None, timeout=15_000)
    assert window.isVisible()
    assert "safe on this laptop" in box_named("syncBeforeCloseFailed").text()
    box_named("syncBeforeCloseFailed").close()
    window.close()
    qtbot.waitUntil(lambda: box_named("unsentQuestion") is not None)
    click(qtbot, box_named("unsentQuestion"), "Close anyway")
    qtbot.waitUntil(lambda: not window.isVisible())


def test_a_refused_sign_in_asks_to_sign_in_again_and_keeps_unsent_work(
        qtbot, window, session):
    mark_one(qtbot, window)
    session.sync.logout()  # the saved sign-in is gone, as when a refresh is refused
    window.sync.sync_now()
    qtbot.waitUntil(lambda: window.reauth is not None and window.reauth.isVisible(),
                    timeout=15_000)
    dialog = window.reauth
    assert window.banner.isVisible() and window.banner.sign_in.isVisible()
    assert dialog.username.isReadOnly() and dialog.username.text() == "facilitator"
    assert outbox.pending_count(session.store) == 1
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(window.sync.synced, timeout=15_000):
        dialog.submit()
    assert not window.banner.isVisible()
    assert outbox.pending_count(session.store) == 0


def test_a_server_that_needs_a_newer_app_pauses_sync_with_a_clear_banner(
        qtbot, window, session, monkeypatch):
    def too_old(cancel=None):
        raise SyncError("too_old")

    monkeypatch.setattr(session.sync, "sync_once", too_old)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5_000)
    assert window.banner.text.text() == TOO_OLD
    assert not window.banner.sign_in.isVisible()
    assert window.sync.paused_for == "too_old"


def test_rejected_changes_can_be_tried_again_or_discarded_after_confirming(
        qtbot, window, session):
    mark_one(qtbot, window)
    qtbot.keyClick(window.register_view.table, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: outbox.pending_count(session.store) == 2)
    outbox.settle(session.store, [
        outbox.Outcome(i.mutation_id, "rejected", "register_submitted",
                       "This register has been submitted.")
        for i in outbox.pending_batch(session.store, 10, 10**6)])
    window.sync.refresh_status()
    qtbot.waitUntil(lambda: window.status_bar.attention.isVisible())
    assert window.status_bar.attention.text() == "2 changes need attention"
    qtbot.mouseClick(window.status_bar.attention, Qt.MouseButton.LeftButton)
    dialog = window.attention_dialog
    qtbot.waitUntil(lambda: len(dialog.items) == 2)
    assert dialog.items[0].reason == "This register has been submitted."
    dialog.retry(dialog.items[0])
    qtbot.waitUntil(lambda: len(dialog.items) == 1)
    box = dialog.ask_discard(dialog.items[0])
    assert "cannot be undone" in box.text()
    click(qtbot, box, "Discard")
    qtbot.waitUntil(lambda: dialog.items == [])
    assert outbox.needs_attention(session.store) == []
    dialog.close()


def test_a_laptop_clock_more_than_five_minutes_off_is_pointed_out(qtbot):
    assert clock_text(-720) == ("This laptop's clock is 12 minutes fast — marks are still "
                                "ordered correctly, but please fix the clock")
    assert clock_text(3 * 86_400).startswith("This laptop's clock is 3 days slow")
    assert clock_text(200) == clock_text(None) == ""
    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.show_clock_skew(-720)
    assert bar.clock.isVisible()
    bar.show_clock_skew(10)
    assert not bar.clock.isVisible()


def test_another_user_cannot_sign_in_over_unsent_work(qtbot, runner, session, live_server):
    event = next(e for e in session.catalogue.events(TEST_TODAY) if e.is_on(TEST_TODAY))
    row = next(r for r in session.registers.load(event.id).rows if not r.withdrawn)
    session.registers.mark(event.id, row.candidate_id, MarkStatus.PRESENT)
    session.sync.logout()
    dialog = LoginDialog(runner, partial(sign_in, session.store), live_server.base_url,
                         "cofacilitator")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.message.text() == OTHER_USERS_WORK, timeout=15_000)
    assert dialog.session is None and outbox.pending_count(session.store) == 1
