"""A 30-candidate register taken by keyboard alone: 27 present, 2 late, 1 absent, in at
most 40 keystrokes, and exactly that on disk afterwards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from app.clock import shared_clock
from app.domain import MarkStatus
from app.registers import RegisterService
from app.store import Store
from tests.ui.register_store import ME, TODAY, Keyboard, venue
from ui.register_view import RegisterView

CTRL = Qt.KeyboardModifier.ControlModifier
KEYSTROKE_TARGET = 40


def test_thirty_candidates_27_present_2_late_1_absent_by_keyboard_in_at_most_40_keys(
        qtbot, runner, tmp_path: Path) -> None:
    place = venue(tmp_path / "desk.sqlite3", 30)
    view = RegisterView(runner, place.registers(),
                        clock=lambda: dt.datetime.combine(TODAY, dt.time(9, 12)))
    place.open_on_screen(qtbot, view, view, rows=30, width=1000)
    keys = Keyboard(qtbot)

    def find(prefix: str) -> None:  # Ctrl+F, a few letters, Enter: the row is selected
        keys.press(Qt.Key.Key_F, CTRL)
        keys.type(prefix)
        keys.press(Qt.Key.Key_Return)

    find("ghos")  # Ghosh arrived at 09:20
    keys.press(Qt.Key.Key_L)
    keys.type("0920")
    keys.press(Qt.Key.Key_Return)
    find("wil")  # Williams arrived at 10:05
    keys.press(Qt.Key.Key_L)
    keys.type("1005")
    keys.press(Qt.Key.Key_Return)
    find("quin")  # Quinn is absent
    keys.press(Qt.Key.Key_A)
    keys.press(Qt.Key.Key_R, CTRL)  # the rest present
    qtbot.waitUntil(lambda: view.model.counts().unmarked == 0, timeout=10_000)
    qtbot.waitUntil(lambda: not runner.busy())

    assert keys.count <= KEYSTROKE_TARGET
    assert keys.count == 31  # reported in docs/benchmarks.md
    view.close()
    runner.wait_for_done()
    place.store.close()

    with Store.open(place.path) as again:
        register = RegisterService(again, shared_clock(again), ME).load(place.event_id)
    by_name = {r.family_name: r for r in register.rows}
    assert (by_name["Ghosh"].status, by_name["Ghosh"].arrival_time) == (MarkStatus.LATE, "09:20")
    assert (by_name["Williams"].status, by_name["Williams"].arrival_time) == (
        MarkStatus.LATE, "10:05")
    assert by_name["Quinn"].status is MarkStatus.ABSENT
    counts = register.counts()
    assert (counts.total, counts.unmarked) == (30, 0)
    assert counts.by_status == {MarkStatus.PRESENT: 27, MarkStatus.LATE: 2,
                                MarkStatus.ABSENT: 1}
