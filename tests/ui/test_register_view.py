"""Taking a register with the keyboard and the mouse (in-memory service, real widgets)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt

from app.domain import MarkStatus
from tests.ui.fakes import MemoryRegisters
from ui.register_view import RegisterView

NINE_FOURTEEN = dt.datetime(2026, 11, 23, 9, 14, 10)


@pytest.fixture
def view(qtbot, runner):
    registers = MemoryRegisters()
    view = RegisterView(runner, registers, clock=lambda: NINE_FOURTEEN)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    view.show_event("ev-1")
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    view.registers = registers  # type: ignore[attr-defined]
    return view


def names_in_order(view: RegisterView) -> list[str]:
    return [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]


def status_of(view: RegisterView, family: str) -> MarkStatus | None:
    row = next(r for r in view.model.register.rows if r.family_name == family)
    return row.status


def test_the_register_is_sorted_by_surname_and_the_first_person_selected(view):
    assert names_in_order(view)[:2] == ["Adams, Zoë", "Away, Gone"]
    assert view.current_row().family_name == "Adams"
    assert (view.counts.text(), view.counts_detail.text()) == (
        "2 of 4 here (1 present, 1 late)", "0 absent · 2 to mark")
    assert view.counts.accessibleName() == "2 of 4 here (1 present, 1 late). 0 absent, 2 to mark."
    assert view.header.title() == "Event 2: Leading teaching"
    assert view.header.context() == ("NPQSL  ·  National Professional Qualification for "
                                     "Senior Leadership  ·  NPQSL-NW-26A")


def test_a_status_key_marks_the_selected_person_and_moves_to_the_next(view, qtbot):
    qtbot.keyClick(view.table, Qt.Key.Key_Down)  # Away (withdrawn)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)  # Hughes
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: status_of(view, "Hughes") is MarkStatus.ABSENT)
    assert view.current_row().family_name == "Nguyễn"
    qtbot.keyClick(view.table, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: status_of(view, "Nguyễn") is MarkStatus.PRESENT)
    assert view.current_row().family_name == "Nowak"
    assert (view.counts.text(), view.counts_detail.text()) == (
        "2 of 4 here (1 present, 1 late)", "1 absent · 1 to mark")


def test_late_asks_for_the_arrival_time_prefilled_and_takes_typed_digits(view, qtbot):
    view.filter.setText("nowak")
    qtbot.keyClick(view.filter, Qt.Key.Key_Return)
    assert view.current_row().family_name == "Nowak"
    qtbot.keyClick(view.table, Qt.Key.Key_L)
    qtbot.waitUntil(view.time_editor.isVisible)  # L typed on its own (ui.register_keys)
    edit = view.time_editor._edit
    assert edit.text() == "09:15"
    qtbot.keyClicks(edit, "0922")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: status_of(view, "Nowak") is MarkStatus.LATE)
    row = next(r for r in view.model.register.rows if r.family_name == "Nowak")
    assert row.arrival_time == "09:22"
    assert not view.time_editor.isVisible()


def test_escape_cancels_a_late_mark(view, qtbot):
    qtbot.keyClick(view.table, Qt.Key.Key_L)
    qtbot.keyClick(view.time_editor._edit, Qt.Key.Key_Escape)
    assert not view.time_editor.isVisible()
    assert status_of(view, "Adams") is MarkStatus.LATE  # unchanged from the start


def test_clicking_a_status_button_marks_the_selected_person(view, qtbot):
    view.filter.setText("Nguy")
    qtbot.keyClick(view.filter, Qt.Key.Key_Down)
    qtbot.mouseClick(view.buttons[MarkStatus.APOLOGIES], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status_of(view, "Nguyễn") is MarkStatus.APOLOGIES)
    assert view.buttons[MarkStatus.APOLOGIES].text() == "Apologies   (O)"


def test_a_withdrawn_candidate_cannot_be_marked(view, qtbot):
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.current_row().withdrawn
    qtbot.keyClick(view.table, Qt.Key.Key_P)
    assert status_of(view, "Away") is None


def test_marks_are_written_off_the_gui_thread(view, qtbot):
    qtbot.keyClick(view.table, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: status_of(view, "Adams") is MarkStatus.PRESENT)
    assert threading.main_thread().name not in view.registers.threads


def test_someone_who_only_views_the_register_gets_no_mark_or_notes_buttons_and_plain_counts(
        qtbot, runner):
    view = RegisterView(runner, MemoryRegisters(), can_mark=False,
                        clock=lambda: NINE_FOURTEEN)
    qtbot.addWidget(view)
    view.show()
    view.show_event("ev-1")
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    assert not any(b.isVisible() for b in view.buttons.values())
    assert not view.actions.notes_button.isVisible()  # notes are the facilitators'
    assert view.counts_detail.text() == "0 absent · 2 not marked yet"
