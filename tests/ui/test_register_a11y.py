"""The register by ear, on a real store: each of its own flows, opened as a person would
(L and E ask a time, W opens the walk-in form, Ctrl+N the notes, a change to a submitted
register asks its reason), names every control that appears by its visible label; a mark,
a digit, Rest present and Undo are confirmed by an announcement saying what was recorded,
for whom, and the new count; an unmarked status reads "not marked"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QWidget

from app.clock import shared_clock
from app.domain import MarkStatus
from app.notes import NoteService
from tests.app.conflict_helpers import name_people, pulled_mark
from tests.ui.register_store import ME, TODAY, Venue, press_alone, select_family, venue
from tests.ui.test_accessibility import spoken_name
from ui.announce import listening
from ui.register_model import Column
from ui.register_view import RegisterView

CTRL = Qt.KeyboardModifier.ControlModifier
PEOPLE = [("Zoë", "Adams"), ("Tomos", "Evans"), ("Catrin", "Hall"), ("Ffion", "Jones"),
          ("Minh", "Nguyễn"), ("Łukasz", "Nowak")]
TEXT = Qt.ItemDataRole.AccessibleTextRole
DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Venue]:
    opened = venue(tmp_path / "desk.sqlite3", people=PEOPLE)
    yield opened
    opened.store.close()


@pytest.fixture
def view(qtbot, runner, place: Venue) -> RegisterView:
    widget = RegisterView(runner, place.registers(),
                          clock=lambda: dt.datetime.combine(TODAY, dt.time(9, 25)),
                          notes=NoteService(place.store, shared_clock(place.store), ME),
                          confirm=lambda *_args: True)
    place.open_on_screen(qtbot, widget, widget, rows=len(PEOPLE))
    return widget


def shown_controls(view: RegisterView) -> list[QWidget]:
    """What the keyboard can reach in ``view`` now: visible, enabled, taking Tab."""
    found = []
    for widget in view.findChildren(QWidget):
        scroll = widget.parentWidget()
        if isinstance(scroll, QAbstractScrollArea) and widget is scroll.viewport():
            continue
        if (widget.isVisibleTo(view) and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            found.append(widget)
    return found


def unnamed(view: RegisterView) -> list[str]:
    return [f"{type(w).__name__} {w.objectName()}" for w in shown_controls(view)
            if not spoken_name(w)]


@pytest.mark.parametrize(("key", "question"), [
    (Qt.Key.Key_L, "What time did Catrin Hall arrive?"),
    (Qt.Key.Key_E, "What time did Catrin Hall leave?")])
def test_the_time_asked_after_l_or_e_is_named_by_its_question(qtbot, view, key, question):
    select_family(view, "Hall")
    press_alone(qtbot, view, key)
    edit = QApplication.focusWidget()
    assert view.time_editor.isVisible() and edit is not None and edit.objectName() == "timeEdit"
    assert spoken_name(edit) == question
    assert view.time_editor.findChild(QWidget, "timePrompt").text() == question  # as shown
    assert unnamed(view) == []
    qtbot.keyClick(edit, Qt.Key.Key_Escape)


def test_the_walk_in_form_names_its_four_fields_and_the_code(qtbot, view):
    press_alone(qtbot, view, Qt.Key.Key_W)
    form = view.walk_in_form
    assert form.isVisible()
    fields = (form.given, form.family, form.school, form.email, form.qualification)
    assert [spoken_name(f) for f in fields] == ["Given name", "Family name", "School", "Email",
                                                "Qualification"]
    assert unnamed(view) == []


def test_the_notes_name_both_boxes_by_their_titles(qtbot, view):
    select_family(view, "Hall")
    qtbot.keyClick(view.table, Qt.Key.Key_N, CTRL)
    panel = view.notes_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.candidate_notes.isEnabled() and panel.event_notes.isEnabled())
    assert spoken_name(panel.event_notes.edit) == "Notes on this event"
    assert spoken_name(panel.candidate_notes.edit) == "Notes on Catrin Hall"
    assert unnamed(view) == []


def test_an_amendment_names_its_reason_box_by_the_question(qtbot, view):
    qtbot.keyClick(view.table, Qt.Key.Key_Return, CTRL)  # submit
    qtbot.waitUntil(lambda: view.model.register.submission is not None)
    select_family(view, "Hall")
    press_alone(qtbot, view, Qt.Key.Key_A)
    editor = view.reason_editor
    assert editor.isVisible() and editor.edit.hasFocus()
    assert spoken_name(editor.edit) == ("The register was submitted. Reason for absent for "
                                        "Catrin Hall:")
    assert unnamed(view) == []


def test_the_conflict_panel_is_named_and_tab_reaches_it_after_the_table(qtbot, view, place):
    registers = place.registers()
    name_people(place.store, registers.clock.device_id)
    registers.mark(place.event_id, place.ids["Hall"], MarkStatus.PRESENT)
    pulled_mark(place.store, place.event_id, place.ids["Hall"], "absent")
    view.refresh()
    qtbot.waitUntil(view.conflicts_button.isVisible)
    assert spoken_name(view.conflicts_button) == "1 mark differs between laptops — review"
    qtbot.keyClick(view.table, Qt.Key.Key_D, CTRL)
    panel = view.conflict_panel
    assert panel.isVisible() and len(panel.keep_buttons) == 2
    assert [spoken_name(b) for b in panel.keep_buttons] == [
        "Keep Present, marked by Siân Hughes", "Keep Absent, marked by Tomos Evans"]
    assert unnamed(view) == []
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.keep_buttons[0]
    qtbot.keyClick(panel.keep_buttons[0], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.keep_buttons[1]


def test_each_mark_is_announced_with_whom_and_the_new_count(qtbot, view):
    with listening() as heard:
        select_family(view, "Hall")
        press_alone(qtbot, view, Qt.Key.Key_P)
        qtbot.waitUntil(lambda: len(heard) == 1)
        assert heard == ["Catrin Hall: present. 1 of 6 here."]

        select_family(view, "Adams")
        press_alone(qtbot, view, Qt.Key.Key_L)
        qtbot.keyClicks(QApplication.focusWidget(), "0920")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(heard) == 2)
        assert heard[1] == "Zoë Adams: late, arrived 09:20. 2 of 6 here."

        select_family(view, "Evans")
        qtbot.keyClick(view.table, Qt.Key.Key_3)  # a digit: absent
        qtbot.waitUntil(lambda: len(heard) == 3)
        assert heard[2] == "Tomos Evans: absent. 2 of 6 here."

        qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)
        qtbot.waitUntil(lambda: len(heard) == 4)
        assert heard[3] == "Undone: Absent for Tomos Evans. 2 of 6 here."

        view.actions.rest_button.click()
        qtbot.waitUntil(lambda: len(heard) == 5)
        assert heard[4] == "The rest marked present. 6 of 6 here."
        assert view.counts.accessibleName() == \
            "6 of 6 here (5 present, 1 late). 0 absent, everyone marked."


def test_a_mark_given_up_or_waiting_for_its_reason_is_not_announced(qtbot, view):
    with listening() as heard:
        select_family(view, "Hall")
        press_alone(qtbot, view, Qt.Key.Key_L)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # no time: no mark
        qtbot.keyClick(view.table, Qt.Key.Key_Return, CTRL)  # submit
        qtbot.waitUntil(lambda: view.model.register.submission is not None)
        select_family(view, "Hall")
        press_alone(qtbot, view, Qt.Key.Key_P)
        assert view.reason_editor.isVisible()
        qtbot.wait(200)
        assert heard == []
        qtbot.keyClicks(view.reason_editor.edit, "arrived after the register was sent")
        qtbot.keyClick(view.reason_editor.edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(heard) == 1)
        assert heard == ["Catrin Hall: present. 1 of 6 here."]


def test_an_unmarked_status_reads_not_marked(view):
    model = view.model
    row = model.row_of(view.model.register.rows[0].candidate_id)
    assert model.data(model.index(row, Column.STATUS)) == "—"  # as shown
    assert model.data(model.index(row, Column.STATUS), TEXT) == "Status: not marked"
    assert model.data(model.index(row, Column.NAME), DESCRIPTION).endswith(": not marked")


def test_the_sort_choice_sorts_by_keyboard_and_follows_a_heading_click(qtbot, view):
    box = view.sort.box
    label = view.sort.findChild(QLabel, "registerSortLabel")
    assert label.buddy() is box and box.accessibleName() == label.text() == "Sort by"
    assert box.currentText() == "Name" and spoken_name(box)  # on Linux: its label by relation
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)  # the next choice, without opening the list
    header = view.table.horizontalHeader()
    assert box.currentText() == "School" and header.sortIndicatorSection() == Column.SCHOOL
    schools = [view.proxy.index(r, Column.SCHOOL).data() for r in range(view.proxy.rowCount())]
    assert schools == sorted(schools, key=str.casefold)
    view.table.sortByColumn(Column.STATUS, Qt.SortOrder.AscendingOrder)  # as a click does
    assert box.currentText() == "Status"


def test_a_walk_in_is_announced_once_saved(qtbot, view):
    with listening() as heard:
        press_alone(qtbot, view, Qt.Key.Key_W)
        qtbot.keyClicks(view.walk_in_form.given, "Rhys")
        qtbot.keyClicks(view.walk_in_form.family, "Morgan")
        qtbot.keyClick(view.walk_in_form.family, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(heard) == 1)
    assert heard == ["Walk-in Morgan, Rhys added. 0 of 6 here."]
