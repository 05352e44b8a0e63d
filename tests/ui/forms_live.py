"""Helpers for the QA form tests: the real main window for a QA lead or a facilitator, and
filling a form's fields the way a person does (keys, clicks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desk.session import Session
from tests.conftest import TEST_TODAY
from ui.forms.editor import FormEditor
from ui.forms.fields import DateField, QuestionField, RatingField, TextField, YesNoField
from ui.forms.header import ChoiceField, DurationField, HeldOnField, ModeField
from ui.main_window import MainWindow
from ui.runner import Runner


@contextmanager
def open_forms_window(qtbot: Any, runner: Runner, session: Session) -> Iterator[MainWindow]:
    """The real main window on ``session`` after its first refresh; closed without the
    unsent-changes question."""
    win = MainWindow(session, runner, today=lambda: TEST_TODAY)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: not win.sync.is_syncing(), timeout=15_000)
    try:
        yield win
    finally:
        win.close_now()
        runner.wait_for_done()


def workspace_ready(qtbot: Any, win: MainWindow) -> None:
    assert win.forms.workspace is not None
    qtbot.waitUntil(lambda: win.forms.workspace.model.rowCount() > 0, timeout=10_000)


def select_facilitator(qtbot: Any, win: MainWindow, name: str) -> None:
    workspace = win.forms.workspace
    assert workspace is not None
    names = [r.name for r in workspace.model.rows]
    assert name in names, names
    workspace.table.selectRow(names.index(name))
    qtbot.waitUntil(lambda: workspace.detail.title.text() == name, timeout=5_000)


def cycle_button(win: MainWindow, label: str) -> QPushButton:
    workspace = win.forms.workspace
    assert workspace is not None
    buttons = workspace.detail.cycle.buttons
    assert label in buttons, sorted(buttons)
    return buttons[label]


def current_editor(qtbot: Any, win: MainWindow) -> FormEditor:
    qtbot.waitUntil(lambda: isinstance(win.tabs.currentWidget(), FormEditor)
                    and win.tabs.currentWidget().view is not None, timeout=10_000)
    editor = win.tabs.currentWidget()
    assert isinstance(editor, FormEditor)
    return editor


def fill(qtbot: Any, field: QuestionField, index: int) -> Any:
    """Answer ``field`` as a person would; returns the value the form should now hold."""
    if isinstance(field, RatingField):
        level = sorted(field.buttons)[index % len(field.buttons)]
        qtbot.keyClick(field.focus_target(), Qt.Key(Qt.Key.Key_0 + level))
        return level
    if isinstance(field, TextField):
        field.edit.setFocus()
        qtbot.keyClicks(field.edit, f"Seen in the session, note {index}: ")
        field.edit.insertPlainText("Siân’s group answered its own question.")  # QTest: ASCII
        return field.edit.toPlainText()
    if isinstance(field, YesNoField):
        qtbot.mouseClick(field.yes, Qt.MouseButton.LeftButton)
        return True
    if isinstance(field, DateField | HeldOnField):
        day = TEST_TODAY - dt.timedelta(days=index % 5)
        field.edit.setDate(QDate(day.year, day.month, day.day))
        return day.isoformat()
    if isinstance(field, DurationField):
        field.spin.setValue(45)
        return 45
    if isinstance(field, ModeField):
        qtbot.mouseClick(field.buttons["observed"], Qt.MouseButton.LeftButton)
        return "observed"
    if isinstance(field, ChoiceField):
        qtbot.waitUntil(lambda: field.combo.count() > 1, timeout=5_000)
        field.combo.setCurrentIndex(field.combo.count() - 1)
        return field.combo.currentData()
    raise AssertionError(f"no way to fill {type(field).__name__}")


def fill_all(qtbot: Any, editor: FormEditor, *, only: set[str] | None = None
             ) -> dict[str, Any]:
    assert editor.body is not None
    typed: dict[str, Any] = {}
    for index, (key, field) in enumerate(editor.body.fields().items()):
        if only is None or key in only:
            typed[key] = fill(qtbot, field, index)
    return typed


def focused_field(editor: FormEditor) -> str | None:
    """The key of the field that holds the keyboard focus, if any."""
    focus = QApplication.focusWidget()
    assert editor.body is not None
    for key, field in editor.body.fields().items():
        if focus is not None and field.isAncestorOf(focus):
            return key
    return None
