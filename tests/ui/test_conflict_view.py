"""The register shows where two laptops disagreed and settles it with one action, on a real
store (the other laptop's mark arrives the way a pull brings it)."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

from PySide6.QtCore import Qt

from app.clock import shared_clock
from app.domain import MarkStatus
from app.registers import RegisterService
from app.store import Store
from app.store.apply import apply_page
from tests.app.conflict_helpers import name_people, pulled_mark
from tests.app.conftest import ME, TODAY, Roster, roster_changes
from ui.register_view import RegisterView
from ui.style import stylesheet

SHOT = os.environ.get("NPQ_CONFLICT_SHOT")  # a path: save a screenshot of the view there


def test_the_register_shows_both_marks_and_keeping_one_settles_it(qtbot, runner, qapp,
                                                                   tmp_path: Path):
    store = Store.open(tmp_path / "desk.sqlite3")
    try:
        roster = Roster(group_id=str(uuid.uuid4()))
        apply_page(store, roster_changes(roster, {"Leading teaching": TODAY}), "c1",
                   shared_clock(store))
        registers = RegisterService(store, shared_clock(store), ME)
        name_people(store, registers.clock.device_id)
        event_id = roster.event_ids["Leading teaching"]
        nowak, adams = roster.candidates["Nowak"], roster.candidates["Adams"]
        registers.mark(event_id, nowak, MarkStatus.PRESENT)
        registers.mark(event_id, adams, MarkStatus.LATE, arrival_time="09:20")
        pulled_mark(store, event_id, nowak, "absent")
        pulled_mark(store, event_id, adams, "late", arrival="09:40")

        qapp.setStyleSheet(stylesheet())
        view = RegisterView(runner, registers, clock=lambda: dt.datetime(2026, 11, 23, 9, 7))
        qtbot.addWidget(view)
        view.resize(1000, 720)
        view.show()
        view.show_event(event_id)
        qtbot.waitUntil(lambda: view.conflicts_button.isVisible())
        assert view.conflicts_button.text() == "2 marks differ between laptops — review"
        assert not view.conflict_panel.isVisible()  # the first row has no disagreement

        qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert view.current_row().candidate_id == adams
        panel = view.conflict_panel
        assert panel.isVisible() and "Zoë Adams" in panel.title.text()
        texts = [b.accessibleName() for b in panel.keep_buttons]
        assert texts == ["Keep Late, arrived 09:20, marked by Siân Hughes",
                         "Keep Late, arrived 09:40, marked by Tomos Evans"]
        qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert view.current_row().candidate_id == nowak
        if SHOT:
            view.grab().save(SHOT)

        qtbot.keyClick(view.table, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: view.model.register.conflicts == 1)
        row = view.model.row_at(view.model.row_of(nowak))
        assert row.status is MarkStatus.ABSENT and not row.in_conflict
        assert view.conflicts_button.text() == "1 mark differs between laptops — review"

        view.next_conflict()
        qtbot.mouseClick(panel.keep_buttons[0], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.model.register.conflicts == 0)
        assert not view.conflicts_button.isVisible() and not panel.isVisible()
        assert registers.load(event_id).conflicts == 0  # on disk, not only on screen
        view.close()
        runner.wait_for_done()
    finally:
        qapp.setStyleSheet("")
        store.close()
