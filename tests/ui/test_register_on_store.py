"""Marks taken in the real register view, on a real store filled by a first sync from the
real server, are committed to the file and survive closing the window and the store."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app.catalogue import CatalogueService
from app.clock import shared_clock
from app.domain import MarkStatus, RecordSyncState
from app.registers import RegisterService
from app.store import Store
from tests.conftest import TEST_TODAY
from tests.ui.live import signed_in_session
from tests.ui.register_store import press_alone
from ui.register_view import RegisterView


def test_marks_by_keyboard_and_mouse_are_on_disk_after_reopening(
        qtbot, runner, live_server, tmp_path):
    path = tmp_path / "data" / "desk.sqlite3"
    session = signed_in_session(live_server, path)
    today = CatalogueService(session.store).events(TEST_TODAY)[0]
    assert today.date == TEST_TODAY
    view = RegisterView(runner, session.registers, clock=lambda: dt.datetime(2026, 11, 23, 9, 7))
    qtbot.addWidget(view)
    view.show()
    view.show_event(today.id)
    qtbot.waitUntil(lambda: view.model.rowCount() > 3)
    assert today.qualification_title.startswith("National Professional Qualification for ")
    assert view.header.context() == (f"{today.qualification_code}  ·  "
                                     f"{today.qualification_title}  ·  {today.group_code}")
    rows = [view.proxy.index(r, 0) for r in range(view.proxy.rowCount())]
    ids = [view.model.row_at(view.proxy.mapToSource(i).row()).candidate_id for i in rows]
    markable = [r for r in view.model.register.rows if not r.withdrawn]
    first = view.current_row()
    assert first is not None and not first.withdrawn and first.status is None

    press_alone(qtbot, view, Qt.Key.Key_P)  # 1st present; the selection moves on
    press_alone(qtbot, view, Qt.Key.Key_L)  # 2nd late, arriving 09:20
    assert view.time_editor._edit.text() == "09:05"
    qtbot.keyClicks(view.time_editor._edit, "0920")
    qtbot.keyClick(view.time_editor._edit, Qt.Key.Key_Return)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)  # skip the 3rd
    qtbot.mouseClick(view.buttons[MarkStatus.ABSENT], Qt.MouseButton.LeftButton)  # 4th
    qtbot.keyClick(view.table, Qt.Key.Key_Up)  # the selection had moved to the 5th
    qtbot.keyClick(view.table, Qt.Key.Key_Up)  # back to the 3rd
    assert view.current_row().candidate_id == ids[2]
    qtbot.mouseClick(view.buttons[MarkStatus.APOLOGIES], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.counts().unmarked == len(markable) - 4)
    assert (view.counts.text(), view.counts_detail.text()) == (
        f"2 of {len(markable)} here (1 present, 1 late)",
        f"1 absent · 1 sent apologies · {len(markable) - 4} to mark")
    view.close()
    runner.wait_for_done()
    session.close()

    reopened = Store.open(path)
    try:
        register = RegisterService(reopened, shared_clock(reopened),
                                   session.identity.user_id).load(today.id)
    finally:
        reopened.close()
    status = {r.candidate_id: r for r in register.rows}
    assert status[ids[0]].status is MarkStatus.PRESENT
    assert status[ids[1]].status is MarkStatus.LATE
    assert status[ids[1]].arrival_time == "09:20"
    assert status[ids[2]].status is MarkStatus.APOLOGIES
    assert status[ids[3]].status is MarkStatus.ABSENT
    assert sum(r.status is not None for r in register.rows) == 4
    assert all(status[i].sync_state is RecordSyncState.SAVED for i in ids[:4])
