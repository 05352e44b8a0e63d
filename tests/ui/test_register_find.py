"""Finding someone at the door on a real store: letters typed to find a name never mark
anyone, the search ignores accents the way the printed sheet's order does, nobody found is
said in the register with "add as walk-in" ready, the screen's order is the paper's, walk-ins
read "Family, Given", and a person with a note shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from sqlalchemy import func, select

from app.clock import shared_clock
from app.domain import MarkStatus
from app.notes import NoteService
from app.printing.model import load_paper_register
from app.store.models import Attendance, WalkIn
from tests.ui.register_store import ME, TODAY, Venue, press_alone, venue
from ui.register_model import Column
from ui.register_view import RegisterView

PEOPLE = [("Anna", "Kaczmarek"), ("Piotr", "Wójcik"), ("Zsófia", "Kovács"),
          ("Seren", "Evans"), ("Seán", "Evans"), ("Paul", "Nowak"), ("Alex", "Lewis"),
          ("Olu", "Okafor"), ("Emma", "Price"), ("Łukasz", "Łukaszewicz"),
          ("Aoife", "Ó Briain"), ("Ciarán", "O'Connor"), ("Gwen", "Smith-Jones"),
          ("Søren", "Ødegaard"), ("Mehmet", "Yılmaz"), ("Hans", "Weiß"), ("Ŵil", "Ŷmlaen"),
          ("Siân", "Hughes"), ("Dafydd", "ap Rhys")]


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Venue]:
    opened = venue(tmp_path / "desk.sqlite3", people=PEOPLE)
    yield opened
    opened.store.close()


def notes(place: Venue, user_id: str = ME) -> NoteService:
    return NoteService(place.store, shared_clock(place.store), user_id)


@pytest.fixture
def view(qtbot, runner, place: Venue) -> RegisterView:
    widget = RegisterView(runner, place.registers(),
                          clock=lambda: dt.datetime.combine(TODAY, dt.time(9, 10)),
                          notes=notes(place), confirm=lambda *_args: True)
    place.open_on_screen(qtbot, widget, widget, rows=len(PEOPLE))
    qtbot.waitUntil(widget.table.hasFocus)
    return widget


def shown(view: RegisterView) -> list[str]:
    """The Name cells in the order on screen."""
    return [view.proxy.index(r, Column.NAME).data() for r in range(view.proxy.rowCount())]


def marks_on_disk(place: Venue) -> int:
    with place.store.read() as session:
        return session.scalar(select(func.count()).select_from(Attendance)) or 0


def let_the_keyboard_interval_pass(qtbot) -> None:
    """Time passing is the point: a command letter held for a name acts only after this."""
    qtbot.wait(QApplication.keyboardInputInterval() + 300)


def type_quickly(text: str) -> None:
    """Each character as a key press and release where the keyboard is at that moment, as
    a keyboard sends them ("ó" as the key Ó with its text, as a Polish layout does)."""
    for char in text:
        key = Qt.Key(ord(char.upper())) if ord(char) < 0x100 else Qt.Key.Key_unknown
        modifiers = (Qt.KeyboardModifier.ShiftModifier if char.isupper()
                     else Qt.KeyboardModifier.NoModifier)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(QApplication.focusWidget(),
                                   QKeyEvent(kind, key, modifiers, char))


@pytest.mark.parametrize(("typed", "found"), [
    ("kacz", "Kaczmarek, Anna"), ("paul", "Nowak, Paul"), ("alex", "Lewis, Alex"),
    ("olu", "Okafor, Olu"), ("emma", "Price, Emma"), ("Paul", "Nowak, Paul"),
    ("wójc", "Wójcik, Piotr"), ("łuk", "Łukaszewicz, Łukasz"), ("ella", None),
    ("aoife", "Ó Briain, Aoife"), ("o'c", "O'Connor, Ciarán"),
])
def test_a_name_typed_quickly_into_the_table_marks_nobody_and_finds_the_person(
        qtbot, runner, view: RegisterView, place: Venue, typed: str, found: str | None):
    type_quickly(typed)
    let_the_keyboard_interval_pass(qtbot)
    runner.wait_for_done()
    assert [r.status for r in view.model.register.rows if r.status] == []
    assert marks_on_disk(place) == 0 and not view.walk_in_form.isVisible()
    assert not view.time_editor.isVisible()
    assert view.filter.text() == typed and view.filter.hasFocus()
    if found is None:  # "ella" is nobody here, and made of status letters only
        assert view.no_match.isVisible()
        return
    assert shown(view) == [found]
    qtbot.keyClick(view.filter, Qt.Key.Key_Return)  # the first match, ready for its key
    assert view.table.hasFocus() and view.proxy.index(0, 0).data() == found
    press_alone(qtbot, view, Qt.Key.Key_P)

    def marked() -> list[str]:
        return [f"{r.family_name}, {r.given_name}" for r in view.model.register.rows
                if r.status is MarkStatus.PRESENT]

    qtbot.waitUntil(lambda: marked() == [found])
    assert marks_on_disk(place) == 1


def test_letters_that_reach_the_table_before_the_keyboard_moves_join_the_search(
        qtbot, runner, view: RegisterView, place: Venue):
    qtbot.keyClicks(view.table, "kacz")  # all four delivered to the table itself
    let_the_keyboard_interval_pass(qtbot)
    runner.wait_for_done()
    assert marks_on_disk(place) == 0
    assert view.filter.text() == "kacz" and shown(view) == ["Kaczmarek, Anna"]


def test_a_status_key_on_its_own_still_marks_and_a_digit_marks_at_once(
        qtbot, view: RegisterView, place: Venue):
    def status(candidate_id: str) -> MarkStatus | None:
        return next(r.status for r in view.model.register.rows
                    if r.candidate_id == candidate_id)

    first = view.current_row()
    press_alone(qtbot, view, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: status(first.candidate_id) is MarkStatus.ABSENT)
    second = view.current_row()  # the selection moved on
    assert second.candidate_id != first.candidate_id
    qtbot.keyClick(view.table, Qt.Key.Key_1)  # no waiting: digits never start a name
    assert not view.keys.holding()
    qtbot.waitUntil(lambda: status(second.candidate_id) is MarkStatus.PRESENT)
    assert marks_on_disk(place) == 2


def test_the_keys_are_said_beside_the_search_box_and_change_while_searching(
        qtbot, view: RegisterView):
    hint = view.findChild(QLabel, "keysHint")
    assert hint is not None and hint.isVisible()
    assert hint.text() == "P L A O E mark · type a name to search"
    assert view.table.accessibleDescription().endswith(
        "a name typed here goes to the search box and marks nobody. Arrows move between "
        "people; Tab goes on to the buttons.")
    qtbot.keyClicks(view.table, "k")
    assert view.filter.hasFocus()
    assert hint.text() == "Enter: first match · Esc: clear"
    qtbot.keyClick(view.filter, Qt.Key.Key_Escape)
    assert view.table.hasFocus() and view.filter.text() == ""
    assert hint.text().startswith("P L A O E")


@pytest.mark.parametrize(("typed", "found"), [
    ("wojc", ["Wójcik, Piotr"]), ("kovacs", ["Kovács, Zsófia"]), ("KOVÁCS", ["Kovács, Zsófia"]),
    ("lukasz", ["Łukaszewicz, Łukasz"]), ("oconnor", ["O'Connor, Ciarán"]),
    ("o’connor", ["O'Connor, Ciarán"]), ("o briain", ["Ó Briain, Aoife"]),
    ("smith jones", ["Smith-Jones, Gwen"]), ("smithjones", ["Smith-Jones, Gwen"]),
    ("odegaard", ["Ødegaard, Søren"]), ("soren", ["Ødegaard, Søren"]),
    ("yilmaz", ["Yılmaz, Mehmet"]), ("weiss", ["Weiß, Hans"]), ("wil ymlaen", ["Ŷmlaen, Ŵil"]),
    ("sian", ["Hughes, Siân"]), ("sean evans", ["Evans, Seán"]), ("evans, sean", ["Evans, Seán"]),
    ("evans", ["Evans, Seán", "Evans, Seren"]), ("ap rhys", ["ap Rhys, Dafydd"]),
    ("  piotr   WÓJCIK ", ["Wójcik, Piotr"]),
])
def test_the_search_ignores_accents_case_apostrophes_and_hyphens(
        qtbot, view: RegisterView, typed: str, found: list[str]):
    view.find()
    view.filter.setText(typed)
    assert shown(view) == found
    assert view.table.isVisible() and not view.no_match.isVisible()


def test_nobody_found_is_said_in_the_register_and_offers_a_prefilled_walk_in(
        qtbot, runner, view: RegisterView, place: Venue):
    qtbot.keyClicks(view.table, "kowalska, anna")
    panel = view.findChild(QWidget, "noMatch")
    assert panel is not None and panel.isVisible() and not view.table.isVisible()
    message = view.findChild(QLabel, "noMatchMessage").text()
    assert message.startswith("Nobody on this register matches “kowalska, anna”.")
    button = view.findChild(QPushButton, "noMatchWalkIn")
    assert button.text() == "Add Anna Kowalska as a walk-in (Enter)"
    assert marks_on_disk(place) == 0
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    form = view.walk_in_form
    assert form.isVisible() and (form.given.text(), form.family.text()) == ("Anna", "Kowalska")
    assert form.school.hasFocus()  # the name is there: the next thing to type is the school
    qtbot.keyClicks(form.school, "Elm Primary")
    qtbot.keyClick(form.school, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown(view) == ["Kowalska, Anna  (walk-in)"])
    assert view.table.isVisible() and not panel.isVisible()  # the search finds her now
    with place.store.read() as session:
        assert list(session.scalars(select(WalkIn.name))) == ["Kowalska, Anna"]


def test_enter_in_a_search_that_found_nobody_opens_the_walk_in_form(qtbot, view: RegisterView):
    view.find()
    qtbot.keyClicks(view.filter, "sean mac giolla")
    assert view.no_match.isVisible()
    qtbot.keyClick(view.filter, Qt.Key.Key_Return)
    form = view.walk_in_form
    assert form.isVisible() and (form.given.text(), form.family.text()) == ("Sean", "Mac Giolla")
    qtbot.keyClick(form.school, Qt.Key.Key_Escape)
    assert not form.isVisible() and view.filter.hasFocus()  # back to what was typed
    qtbot.keyClick(view.filter, Qt.Key.Key_Escape)
    assert view.table.isVisible() and view.proxy.rowCount() == len(PEOPLE)


def test_the_screen_shows_the_register_in_the_printed_sheets_order(view: RegisterView,
                                                                     place: Venue):
    paper = load_paper_register(place.store, place.event_id,
                                printed_at=dt.datetime.combine(TODAY, dt.time(8, 0)))
    on_screen = [view.model.row_at(view.proxy.mapToSource(view.proxy.index(r, 0)).row())
                 .candidate_id for r in range(view.proxy.rowCount())]
    assert on_screen == [row.candidate_id for row in paper.rows]
    assert shown(view).index("Evans, Seán") < shown(view).index("Evans, Seren")
    assert shown(view)[-2:] == ["Yılmaz, Mehmet", "Ŷmlaen, Ŵil"]  # ı, Ŷ sort as i, y


def test_walk_ins_read_family_name_first_like_everyone_else(qtbot, view: RegisterView,
                                                            place: Venue):
    registers = place.registers()
    for name in ("Ffion Jones", "Seán Ó Briain", "Kowalska, Anna", "Ludwig van der Berg"):
        registers.add_walk_in(place.event_id, name)  # typed in one piece, as transcribed
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == len(PEOPLE) + 4)
    assert shown(view)[len(PEOPLE):] == [  # after the roster, in the same order
        "Jones, Ffion  (walk-in)", "Kowalska, Anna  (walk-in)", "Ó Briain, Seán  (walk-in)",
        "van der Berg, Ludwig  (walk-in)"]


def test_a_person_with_a_note_shows_it_in_their_row(qtbot, runner, view: RegisterView,
                                                    place: Venue):
    colleague = "22222222-2222-4222-8222-222222222222"
    notes(place).save(place.event_id, "\nNeeds to leave at 3\nfor a hospital visit",
                      candidate_id=place.ids["Kaczmarek"])
    notes(place).save(place.event_id, "   ", candidate_id=place.ids["Nowak"])  # emptied
    notes(place, colleague).save(place.event_id, "Private to my colleague",
                                 candidate_id=place.ids["Lewis"])
    notes(place, colleague).save(place.event_id, "Shared by my colleague", shared=True,
                                 candidate_id=place.ids["Price"])
    view.refresh()

    def cell(family: str, role: Qt.ItemDataRole) -> object:
        index = view.model.index(view.model.row_of(place.ids[family]), Column.NAME)
        return view.model.data(index, role)

    qtbot.waitUntil(lambda: cell("Kaczmarek", Qt.ItemDataRole.DecorationRole) is not None)
    assert cell("Kaczmarek", Qt.ItemDataRole.ToolTipRole) == "Note: Needs to leave at 3"
    assert cell("Kaczmarek", Qt.ItemDataRole.AccessibleTextRole) == (
        "Kaczmarek, Anna, has a note")
    assert cell("Kaczmarek", Qt.ItemDataRole.AccessibleDescriptionRole).endswith(
        ". Note: Needs to leave at 3")
    assert cell("Price", Qt.ItemDataRole.ToolTipRole) == "Note: Shared by my colleague"
    for nobody in ("Nowak", "Lewis", "Hughes"):
        assert cell(nobody, Qt.ItemDataRole.DecorationRole) is None
        assert cell(nobody, Qt.ItemDataRole.AccessibleTextRole).endswith("has a note") is False

    view.find()  # a note typed beside the register shows at once
    view.filter.setText("hughes")
    qtbot.keyClick(view.filter, Qt.Key.Key_Return)
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = view.notes_panel.candidate_notes
    qtbot.waitUntil(lambda: editor.isEnabled() and editor.edit.hasFocus())
    qtbot.keyClicks(editor.edit, "Brought her own laptop")
    qtbot.waitUntil(lambda: cell("Hughes", Qt.ItemDataRole.ToolTipRole)
                    == "Note: Brought her own laptop")
