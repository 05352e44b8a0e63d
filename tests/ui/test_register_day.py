"""The register at the venue on a real store: undo, walk-ins, submitting and amendments,
notes saved as typed, not applicable, AM/PM and the share of the day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget
from sqlalchemy import select

from app.clock import shared_clock
from app.domain import MarkStatus
from app.notes import NoteService
from app.store.models import Note, OutboxEntry
from tests.ui.register_store import ME, TODAY, Venue, press_alone, select_family, venue
from ui.register_model import Column
from ui.register_view import RegisterView

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Venue]:
    opened = venue(tmp_path / "desk.sqlite3", 8, late_enrolled=1)
    yield opened
    opened.store.close()


def register_view(runner, place: Venue, questions: list[str]) -> RegisterView:
    """A register at 09:10 with notes; every question asked is answered yes and kept."""
    return RegisterView(runner, place.registers(),
                        clock=lambda: dt.datetime.combine(TODAY, dt.time(9, 10)),
                        notes=NoteService(place.store, shared_clock(place.store), ME),
                        confirm=lambda _parent, _title, text: questions.append(text) or True)


@pytest.fixture
def view(qtbot, runner, place: Venue) -> RegisterView:
    questions: list[str] = []
    widget = register_view(runner, place, questions)
    widget.questions = questions  # type: ignore[attr-defined]
    place.open_on_screen(qtbot, widget, widget, rows=8)
    return widget



def _row(view: RegisterView, family: str):
    return next(r for r in view.model.register.rows if r.family_name == family)


_select = select_family


def test_the_rest_present_is_one_undo_step_and_ctrl_z_takes_it_back(qtbot, runner, view):
    _select(view, "Bello")
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: _row(view, "Bello").status is MarkStatus.ABSENT)
    qtbot.keyClick(view.table, Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: view.model.counts().unmarked == 0)
    assert view.actions.undo_button.toolTip().startswith("Undo: Mark the rest present")
    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: view.model.counts().unmarked == 6)
    assert _row(view, "Bello").status is MarkStatus.ABSENT  # only the rest went back
    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: view.model.counts().unmarked == 7)
    assert not view.actions.undo_button.isEnabled()


def test_a_walk_in_is_recorded_from_the_keyboard_and_shown_in_the_register(
        qtbot, view, place):
    press_alone(qtbot, view, Qt.Key.Key_W)
    assert view.walk_in_form.isVisible() and view.walk_in_form.given.hasFocus()
    assert view.walk_in_form.qualification.text() == "NPQSL"
    qtbot.keyClicks(view.walk_in_form.given, "Ffion")
    qtbot.keyClick(view.walk_in_form.given, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.walk_in_form.family, "Jones")
    qtbot.keyClick(view.walk_in_form.family, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.walk_in_form.school, "Elm Primary")
    qtbot.keyClick(view.walk_in_form.school, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.rowCount() == 9)
    walk_in = view.model.row_at(8)
    assert walk_in.walk_in and not walk_in.markable
    assert view.model.data(view.model.index(8, Column.NAME)) == "Jones, Ffion  (walk-in)"
    assert "1 walk-in" in view.counts_detail.text()
    with place.store.read() as session:
        assert session.scalars(select(OutboxEntry.type)).all() == ["walk_in"]


def test_submitting_asks_with_the_counts_and_later_changes_need_a_reason(qtbot, view):
    _select(view, "Davies")
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    qtbot.keyClick(view.table, Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: view.model.counts().unmarked == 0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return, CTRL)
    assert view.questions == ["7 on the roster: 6 present, 1 absent — submit?"]
    qtbot.waitUntil(lambda: view.submission.isVisible())
    assert "waiting to reach the central service" in view.submission.text()
    assert not view.actions.submit_button.isEnabled()

    _select(view, "Davies")
    press_alone(qtbot, view, Qt.Key.Key_P)
    assert view.reason_editor.isVisible() and view.reason_editor.edit.hasFocus()
    qtbot.keyClicks(view.reason_editor.edit, "Arrived after the register was taken")
    qtbot.keyClick(view.reason_editor.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _row(view, "Davies").status is MarkStatus.PRESENT)
    davies = view.model.row_of(_row(view, "Davies").candidate_id)
    assert view.model.data(view.model.index(davies, Column.STATUS)) == "Present (amended)"


def test_a_candidate_enrolled_after_the_event_is_shown_but_cannot_be_marked(qtbot, view):
    late = next(r for r in view.model.register.rows if r.not_applicable)
    _select(view, late.family_name)
    qtbot.keyClick(view.table, Qt.Key.Key_P)
    index = view.model.row_of(late.candidate_id)
    assert view.model.data(view.model.index(index, Column.STATUS)) == "Not applicable"
    assert view.model.counts().total == 7
    assert "1 not applicable" in view.counts_detail.text()


def test_late_shows_the_share_of_the_day_and_the_sessions(qtbot, view):
    _select(view, "Abbott")
    press_alone(qtbot, view, Qt.Key.Key_L)
    qtbot.keyClicks(view.time_editor._edit, "1100")
    qtbot.keyClick(view.time_editor._edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _row(view, "Abbott").status is MarkStatus.LATE)
    row = view.model.row_of(_row(view, "Abbott").candidate_id)
    cells = [view.model.data(view.model.index(row, c)) for c in
             (Column.ARRIVAL, Column.DAY, Column.AM, Column.PM)]
    assert cells == ["11:00", "71%", "○", "●"]


def test_notes_are_saved_as_typed_and_on_focus_out_updating_one_note(qtbot, view, place):
    _select(view, "Chowdhury")
    qtbot.keyClick(view.table, Qt.Key.Key_N, CTRL)
    editor = view.notes_panel.candidate_notes
    qtbot.waitUntil(lambda: editor.isEnabled() and editor.edit.hasFocus())
    assert editor.title.text() == "Notes on Sam2 Chowdhury"
    qtbot.keyClicks(editor.edit, "Asked about")
    qtbot.waitUntil(lambda: editor.saved.text().startswith("Saved"), timeout=5_000)
    qtbot.keyClicks(editor.edit, " the assessment")
    qtbot.keyClick(editor.edit, Qt.Key.Key_N, CTRL)  # closes: saves at once
    qtbot.waitUntil(lambda: view.table.hasFocus())
    qtbot.waitUntil(lambda: editor.saved.text().startswith("Saved"), timeout=5_000)
    with place.store.read() as session:
        notes = session.scalars(select(Note)).all()
        entries = session.scalars(select(OutboxEntry).where(OutboxEntry.type == "note")).all()
    assert [(n.body, n.candidate_id) for n in notes] == [
        ("Asked about the assessment", place.ids["Chowdhury"])]
    assert {e.record_id for e in entries} == {notes[0].id} and len(entries) == 2


def test_a_reload_takes_the_keyboard_only_when_nobody_is_typing_elsewhere(
        qtbot, runner, place):
    """A sync reloads the open register: the table is ready for the next key, but never
    takes the keyboard from a text box beside it or from a form on another tab."""
    view = register_view(runner, place, [])
    page = QWidget()
    beside, button = QLineEdit(), QPushButton("Sync now")
    column = QVBoxLayout(page)
    for widget in (beside, button, view):
        column.addWidget(widget)
    form = QLineEdit()
    tabs = QTabWidget()
    tabs.addTab(page, "Events")
    tabs.addTab(form, "QA visit")
    place.open_on_screen(qtbot, tabs, view, rows=8)
    qtbot.waitUntil(view.table.hasFocus)  # the register opened: ready for keys

    def sync_lands() -> None:
        with qtbot.waitSignal(view.model.modelReset, timeout=5_000):
            view.refresh()

    beside.setFocus()
    qtbot.waitUntil(beside.hasFocus)
    sync_lands()
    assert beside.hasFocus()

    tabs.setCurrentIndex(1)
    form.setFocus()
    qtbot.waitUntil(form.hasFocus)
    sync_lands()
    assert form.hasFocus()

    tabs.setCurrentIndex(0)
    beside.setFocus()
    qtbot.waitUntil(beside.hasFocus)
    elsewhere = QWidget()  # the user switches to another program, then the sync lands
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: not tabs.isActiveWindow())
    sync_lands()
    assert tabs.focusWidget() is beside
    elsewhere.close()
    tabs.activateWindow()
    qtbot.waitUntil(tabs.isActiveWindow)

    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    sync_lands()
    assert view.table.hasFocus()  # a button is not typing: the register is ready again
