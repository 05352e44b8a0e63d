"""Marks taken in the real register view are committed to the real store file and survive
closing the window and the store."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt

from app.clock import shared_clock
from app.domain import MarkStatus, RecordSyncState
from app.registers import RegisterService
from app.store import Store
from app.store.apply import apply_page
from tests.app.conftest import ME, TODAY, Roster, roster_changes
from ui.register_view import RegisterView


def seed(path) -> Roster:
    store = Store.open(path)
    try:
        roster = Roster(group_id=str(uuid.uuid4()))
        apply_page(store, roster_changes(roster, {"today": TODAY}), "c1", shared_clock(store))
        return roster
    finally:
        store.close()


def test_marks_by_keyboard_and_mouse_are_on_disk_after_reopening(qtbot, runner, tmp_path):
    path = tmp_path / "data" / "desk.sqlite3"
    roster = seed(path)
    event_id = roster.event_ids["today"]
    store = Store.open(path)
    registers = RegisterService(store, shared_clock(store), ME)
    view = RegisterView(runner, registers, clock=lambda: dt.datetime(2026, 11, 23, 9, 7))
    qtbot.addWidget(view)
    view.show()
    view.show_event(event_id)
    qtbot.waitUntil(lambda: view.model.rowCount() == 6)

    qtbot.keyClick(view.table, Qt.Key.Key_P)  # first row present, moves down
    qtbot.keyClick(view.table, Qt.Key.Key_L)  # second row late at 09:20
    qtbot.keyClicks(view.time_editor._edit, "0920")
    qtbot.keyClick(view.time_editor._edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.counts().attended == 2)
    view.filter.setText("nowak")
    qtbot.keyClick(view.filter, Qt.Key.Key_Return)
    qtbot.mouseClick(view.buttons[MarkStatus.ABSENT], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.counts().by_status.get(MarkStatus.ABSENT) == 1)
    assert view.counts.text() == "2 of 5 present · 1 late · 1 absent · 2 unmarked"
    view.close()
    runner.wait_for_done()
    store.close()

    reopened = Store.open(path)
    try:
        register = RegisterService(reopened, shared_clock(reopened), ME).load(event_id)
    finally:
        reopened.close()
    marks = {r.candidate_id: r for r in register.rows if r.status is not None}
    nowak = marks[roster.candidates["Nowak"]]
    assert nowak.status is MarkStatus.ABSENT
    late = [r for r in marks.values() if r.status is MarkStatus.LATE]
    assert [r.arrival_time for r in late] == ["09:20"]
    assert len(marks) == 3
    assert all(r.sync_state is RecordSyncState.SAVED for r in marks.values())
