"""Typed text the app cannot store, through the widgets: a walk-in whose name holds ESC, a
50,000-character school, an email that is not one, or a lone surrogate shows the rule's
message in the walk-in form, not "Something went wrong"; nothing is saved, and the next
walk-in is.

PySide6 6.12 drops a lone surrogate where a Python string enters Qt (``setText``, a signal's
``str`` argument), so no key or paste can carry one through the form's ``saved`` signal
today; the surrogate case calls the slot that signal drives, as Qt would with a string that
kept it (another binding, a later PySide), and a test pins what the boundary does now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import select

from app.clock import shared_clock
from app.notes import NoteService
from app.store.models import OutboxEntry, WalkIn
from tests.ui.register_store import ME, TODAY, Venue, venue
from ui.register_view import RegisterView


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Venue]:
    opened = venue(tmp_path / "desk.sqlite3", 4)
    yield opened
    opened.store.close()


@pytest.fixture
def view(qtbot, runner, place: Venue) -> RegisterView:
    widget = RegisterView(runner, place.registers(),
                          clock=lambda: dt.datetime.combine(TODAY, dt.time(9, 10)),
                          notes=NoteService(place.store, shared_clock(place.store), ME),
                          confirm=lambda _parent, _title, _text: True)
    place.open_on_screen(qtbot, widget, widget, rows=4)
    return widget


def _walk_ins(place: Venue) -> list[str]:
    with place.store.read() as session:
        return list(session.scalars(select(WalkIn.name)))


@pytest.mark.parametrize(("field", "typed", "expected"), [
    ("given", "Siân\x1b[2J", "Name contains an invisible character (U+001B)"),
    ("school", "Academy " * 6_250, "School is too long: at most 300 characters"),
    ("email", "sian at ysgol", "Email does not look like an email address"),
])
def test_a_walk_in_that_cannot_be_saved_shows_the_rule_in_the_form(
        qtbot, runner, errors, view: RegisterView, place: Venue, field: str, typed: str,
        expected: str) -> None:
    qtbot.keyClick(view.table, Qt.Key.Key_W)
    form = view.walk_in_form
    qtbot.waitUntil(form.isVisible)
    form.given.setText("Siân")
    form.family.setText("Hughes")
    getattr(form, field).setText(typed)
    qtbot.keyClick(form.given, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.error.text() != "")
    assert form.error.text().startswith(expected), form.error.text()
    assert "Something went wrong" not in form.error.text()
    assert form.isVisible() and errors == []
    assert _walk_ins(place) == []
    with place.store.read() as session:
        assert session.scalars(select(OutboxEntry)).all() == []
    getattr(form, field).setText({"given": "Siân", "school": "Ysgol Glan",
                                  "email": "sian@ysgol.cymru"}[field])
    qtbot.keyClick(form.given, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _walk_ins(place) == ["Hughes, Siân"])


def test_a_walk_in_name_with_a_lone_surrogate_shows_the_rule_in_the_form(
        qtbot, errors, view: RegisterView, place: Venue) -> None:
    qtbot.keyClick(view.table, Qt.Key.Key_W)
    form = view.walk_in_form
    qtbot.waitUntil(form.isVisible)
    view._save_walk_in("Siân \ud800 Hughes", "Ysgol Glan", "", "NPQSL")  # the form's slot
    qtbot.waitUntil(lambda: form.error.text() != "")
    assert form.error.text() == ("Name contains a damaged character that cannot be saved "
                                 "(often left by copying and pasting). Please type it again.")
    assert form.isVisible() and errors == [] and _walk_ins(place) == []
    view._save_walk_in("Siân Hughes", "Ysgol Glan", "", "NPQSL")
    qtbot.waitUntil(lambda: _walk_ins(place) == ["Siân Hughes"])


def test_qt_drops_a_lone_surrogate_where_python_text_enters_it(qtbot) -> None:
    """What the boundary does today (PySide6 6.12): the surrogate is gone, the rest kept."""
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.setText("Siân \ud800 Hughes")
    assert edit.text() == "Siân  Hughes"


@pytest.mark.parametrize(("typed", "expected"), [
    ("n" * 20_001, "Not saved: The note is too long: at most 20,000 characters"),
    ("Asked about\x1b[2J", "Not saved: The note contains an invisible character (U+001B)"),
])
def test_a_note_that_cannot_be_saved_says_so_beside_it_and_keeps_the_text(
        qtbot, errors, view: RegisterView, place: Venue, typed: str, expected: str) -> None:
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = view.notes_panel.candidate_notes
    qtbot.waitUntil(lambda: editor.isEnabled() and editor.edit.hasFocus())
    editor.edit.setPlainText(typed)
    qtbot.waitUntil(lambda: editor.saved.text().startswith("Not saved"), timeout=5_000)
    assert editor.saved.text().startswith(expected), editor.saved.text()
    assert errors == [] and editor.edit.toPlainText() == typed
    with place.store.read() as session:
        assert session.scalars(select(OutboxEntry)).all() == []
    editor.edit.setPlainText("Asked about the assessment")
    qtbot.waitUntil(lambda: editor.saved.text().startswith("Saved"), timeout=5_000)
