"""Transcribe from paper: the printed order, one key per row, ordinary committed marks."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app.clock import shared_clock
from app.domain import MarkStatus
from app.printing.model import load_paper_register
from app.registers import RegisterService
from tests.printing.builders import add_candidate
from tests.ui.printing_ui.conftest import FACILITATOR_ID, shoot
from ui.printing.transcribe_view import ROSTER_CHANGED, TranscribeView

NOW = dt.datetime(2026, 11, 23, 17, 0)


def _view(qtbot, runner, store, registers) -> TranscribeView:
    view = TranscribeView(runner, store, registers)
    qtbot.addWidget(view)
    view.show()
    return view


def _open_by_code(qtbot, view: TranscribeView, code: str) -> None:
    qtbot.keyClicks(view.code, code)
    with qtbot.waitSignal(view.opened, timeout=10_000):
        qtbot.keyClick(view.code, Qt.Key.Key_Return)


def test_a_paper_register_is_typed_in_by_keyboard_in_the_printed_order(
        qtbot, runner, store, registers, groups):
    group = groups[0]  # 30 candidates
    event_id = group.event_ids[0]
    paper = load_paper_register(store, event_id, printed_at=NOW)
    view = _view(qtbot, runner, store, registers)
    _open_by_code(qtbot, view, paper.sheet_code)
    assert [ln.candidate_id for ln in view.model.lines] == [r.candidate_id for r in paper.rows]
    assert [(ln.number, ln.code) for ln in view.model.lines] == [
        (r.number, r.code) for r in paper.rows]
    assert not view.warning.isVisible() and view.table.hasFocus()

    # 1 present, 2 late at 09:20, 3 absent, 4 apologies, 5 left early at 14:30, 6 skipped,
    # then the other 24 present: 30 rows in 40 keys.
    keys = [Qt.Key.Key_P, Qt.Key.Key_L]
    presses = 0
    for key in keys:
        qtbot.keyClick(view.table, key)
        presses += 1
    qtbot.keyClicks(view.time_editor._edit, "0920")
    qtbot.keyClick(view.time_editor._edit, Qt.Key.Key_Return)
    presses += 5
    for key in (Qt.Key.Key_A, Qt.Key.Key_O, Qt.Key.Key_E):
        qtbot.keyClick(view.table, key)
        presses += 1
    qtbot.keyClicks(view.time_editor._edit, "1430")
    qtbot.keyClick(view.time_editor._edit, Qt.Key.Key_Return)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # row 6 left blank on the paper
    presses += 6
    qtbot.waitUntil(lambda: view.model.marked() == 5, timeout=10_000)
    shoot(qtbot, view, "transcribe", settle_ms=100)
    for _ in range(24):
        qtbot.keyClick(view.table, Qt.Key.Key_P)
        presses += 1
    qtbot.waitUntil(lambda: view.model.marked() == 29, timeout=20_000)
    assert presses == 40
    assert view.progress.text() == "29 of 30 rows typed in · 1 to go"

    fresh = RegisterService(store, shared_clock(store), FACILITATOR_ID).load(event_id)
    saved = {r.candidate_id: r for r in fresh.rows}
    ids = [r.candidate_id for r in paper.rows]
    assert [saved[c].status for c in ids[:6]] == [
        MarkStatus.PRESENT, MarkStatus.LATE, MarkStatus.ABSENT, MarkStatus.APOLOGIES,
        MarkStatus.LEFT_EARLY, None]
    assert saved[ids[1]].arrival_time == "09:20"
    assert saved[ids[4]].departure_time == "14:30"
    assert all(saved[c].status == MarkStatus.PRESENT for c in ids[6:])


def test_a_sheet_printed_before_the_roster_changed_warns_to_check_names(
        qtbot, runner, store, registers, groups):
    group = groups[1]
    printed = load_paper_register(store, group.event_ids[0], printed_at=NOW)
    add_candidate(store, group, "Aaron", "Aardvark")  # first in paper order now
    view = _view(qtbot, runner, store, registers)
    _open_by_code(qtbot, view, printed.sheet_code)
    assert view.warning.isVisible()
    assert view.warning.text() == ROSTER_CHANGED
    assert view.model.line(0).name == "Aardvark, Aaron"
    shoot(qtbot, view, "transcribe-roster-changed", settle_ms=100)


def test_an_unknown_code_says_what_to_do(qtbot, runner, store, registers, groups,
                                         monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.printing.transcribe_view.show_error",
                        lambda _parent, exc: shown.append(exc))
    view = _view(qtbot, runner, store, registers)
    view.open_code("not a code")
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "sheet code" in str(shown[0])
    assert view.sheet is None and not view.table.isEnabled()


def test_walk_ins_written_on_the_sheet_are_added_to_the_register(
        qtbot, runner, store, registers, groups):
    event_id = groups[1].event_ids[1]
    view = _view(qtbot, runner, store, registers)
    with qtbot.waitSignal(view.opened, timeout=10_000):
        view.open_event(event_id)
    assert not view.warning.isVisible()
    qtbot.keyClicks(view.walk_in_name, "Dafydd ap Gwilym")
    qtbot.keyClicks(view.walk_in_school, "Ysgol y Preseli")
    with qtbot.waitSignal(view.walk_in_added, timeout=10_000):
        qtbot.keyClick(view.walk_in_school, Qt.Key.Key_Return)
    assert view.walk_ins.text() == "Walk-ins on this register: ap Gwilym, Dafydd"
    fresh = RegisterService(store, shared_clock(store), FACILITATOR_ID).load(event_id)
    assert [(w.name, w.school) for w in fresh.walk_ins] == [
        ("ap Gwilym, Dafydd", "Ysgol y Preseli")]
