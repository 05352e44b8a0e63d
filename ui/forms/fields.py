"""One input per question kind, built from a template question.

Every field shows its label (with a marker when required), its help text in a quieter
style, emits ``changed(value)`` as the user edits, and can be marked as a problem ("This is
required") so the submit check can take the user to it. Values are what the protocol keeps:
rating -> int, text -> str, yes/no -> bool, date -> "YYYY-MM-DD"; None when unanswered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from protocol.records import Answer, TemplateQuestion
from ui import theme
from ui.forms.widgets import restyle

EMPTY_DATE = QDate(1900, 1, 1)  # QDateEdit cannot be empty: this minimum shows as "Not set"


def _required_title(label: str, title: QLabel) -> None:
    """The question with a red star, in the current theme's red."""
    star = f"<span style='color:{theme.css('danger_text')}'>*</span>"
    title.setText(f"{escape(label)} {star}")


class QuestionField(QFrame):
    """The frame every kind shares: label, help, the input, a problem line."""

    changed = Signal(object)  # the new Answer

    def __init__(self, label: str, *, required: bool = False, help_text: str = "",
                 name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionField")
        self.key = name
        self.label_text = label
        self.title = QLabel(label)
        if required:
            theme.on_change(self.title, partial(_required_title, label))
        self.title.setObjectName("questionLabel")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText if required else Qt.TextFormat.PlainText)
        if required:
            self.title.setToolTip(self.tr("Required before the form can be submitted"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 10, 6)
        self._layout.setSpacing(4)
        self._layout.addWidget(self.title)
        if help_text:
            hint = QLabel(help_text)
            hint.setObjectName("questionHelp")
            hint.setWordWrap(True)
            hint.setTextFormat(Qt.TextFormat.PlainText)
            self._layout.addWidget(hint)
        self.problem = QLabel()
        self.problem.setObjectName("questionProblem")
        self.problem.hide()
        self.required = required

    def add(self, widget: QWidget) -> None:
        self._layout.addWidget(widget)

    def finish(self) -> None:
        """Call once the input is added: the problem line goes last."""
        self._layout.addWidget(self.problem)

    def value(self) -> Answer:
        raise NotImplementedError

    def set_value(self, value: Answer) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        raise NotImplementedError

    def inputs(self) -> list[QWidget]:
        """The widgets whose focus-out means "save now"."""
        return [self.focus_target()]

    def set_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))
        self.setProperty("problem", bool(message))
        restyle(self)

    def _emit(self, *_args: object) -> None:
        if self.property("problem") and self.value() not in (None, ""):
            self.set_problem(None)
        self.changed.emit(self.value())


class RatingField(QuestionField):
    """A row of radio buttons ("3 Secure"); the chosen level's descriptor shown below, every
    descriptor as a tooltip. With the row focused, a digit picks that level; 0 or Delete
    clears it."""

    def __init__(self, question: TemplateQuestion, parent: QWidget | None = None) -> None:
        super().__init__(question.label, required=question.required, help_text=question.help,
                         name=question.id, parent=parent)
        self.levels = {level.value: level for level in question.levels}
        self.group = QButtonGroup(self)
        row = QWidget()
        row.setObjectName("ratingRow")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(14)
        self.buttons: dict[int, QRadioButton] = {}
        for level in question.levels:
            button = QRadioButton(f"{level.value} {level.label}")
            button.setObjectName(f"rating_{question.id}_{level.value}")
            button.setToolTip(f"{level.value} {level.label}: {level.descriptor}")
            button.setAccessibleName(f"{question.label}: {level.value} {level.label}")
            button.setAccessibleDescription(level.descriptor)
            button.installEventFilter(self)
            self.group.addButton(button, level.value)
            self.buttons[level.value] = button
            line.addWidget(button)
        line.addStretch(1)
        self.add(row)
        self.descriptor = QLabel()
        self.descriptor.setObjectName("ratingDescriptor")
        self.descriptor.setWordWrap(True)
        self.descriptor.setTextFormat(Qt.TextFormat.PlainText)
        self.add(self.descriptor)
        self.finish()
        self.group.idToggled.connect(self._toggled)
        self._show_descriptor()

    def _toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._show_descriptor()
            self._emit()

    def _show_descriptor(self) -> None:
        level = self.levels.get(self.group.checkedId())
        self.descriptor.setText(f"{level.label}: {level.descriptor}" if level else "")
        self.descriptor.setVisible(level is not None)

    def value(self) -> Answer:
        checked = self.group.checkedId()
        return checked if checked in self.levels else None

    def set_value(self, value: Answer) -> None:
        self.group.blockSignals(True)
        if isinstance(value, int) and value in self.buttons:
            self.buttons[value].setChecked(True)
        else:
            self._clear()
        self.group.blockSignals(False)
        self._show_descriptor()

    def _clear(self) -> None:
        self.group.setExclusive(False)
        for button in self.buttons.values():
            button.setChecked(False)
        self.group.setExclusive(True)

    def focus_target(self) -> QWidget:
        chosen = self.group.checkedButton()
        return chosen or next(iter(self.buttons.values()))

    def inputs(self) -> list[QWidget]:
        return list(self.buttons.values())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            if text.isdigit() and int(text) in self.buttons:
                self.buttons[int(text)].setChecked(True)
                self.buttons[int(text)].setFocus()
                return True
            if text == "0" or event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                if self.value() is not None:
                    self._clear()
                    self._show_descriptor()
                    self._emit()
                return True
        return super().eventFilter(watched, event)


class TextField(QuestionField):
    """Free text that grows with what is typed (Tab moves on, as everywhere in the form)."""

    MIN_LINES, MAX_LINES = 3, 18

    def __init__(self, question: TemplateQuestion, parent: QWidget | None = None) -> None:
        super().__init__(question.label, required=question.required, help_text=question.help,
                         name=question.id, parent=parent)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"text_{question.id}")
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(question.label)
        self.edit.setAccessibleDescription(question.help)
        self.edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.edit.textChanged.connect(self._emit)
        self.edit.document().documentLayout().documentSizeChanged.connect(self._grow)
        self.add(self.edit)
        self.finish()
        self._grow()

    def _grow(self, *_args: object) -> None:
        line = self.edit.fontMetrics().lineSpacing()
        lines = max(self.MIN_LINES, min(self.MAX_LINES, self.edit.document().lineCount() + 1,
                                        int(self.edit.document().size().height()) + 1))
        self.edit.setFixedHeight(lines * line + 16)

    def value(self) -> Answer:
        return self.edit.toPlainText()

    def set_value(self, value: Answer) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText(value if isinstance(value, str) else "")
        self.edit.blockSignals(False)
        self._grow()

    def focus_target(self) -> QWidget:
        return self.edit


class YesNoField(QuestionField):
    def __init__(self, question: TemplateQuestion, parent: QWidget | None = None) -> None:
        super().__init__(question.label, required=question.required, help_text=question.help,
                         name=question.id, parent=parent)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.yes, self.no = QRadioButton(self.tr("Yes")), QRadioButton(self.tr("No"))
        self.group = QButtonGroup(self)
        for button, answer in ((self.yes, "yes"), (self.no, "no")):
            button.setObjectName(f"{answer}_{question.id}")
            button.setAccessibleName(self.tr("{question}: {answer}").format(
                question=question.label, answer=button.text()))
            self.group.addButton(button)
            line.addWidget(button)
        line.addStretch(1)
        self.add(row)
        self.finish()
        self.group.buttonToggled.connect(lambda _b, on: self._emit() if on else None)

    def value(self) -> Answer:
        return True if self.yes.isChecked() else False if self.no.isChecked() else None

    def set_value(self, value: Answer) -> None:
        self.group.blockSignals(True)
        if isinstance(value, bool):
            (self.yes if value else self.no).setChecked(True)
        self.group.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self.no if self.no.isChecked() else self.yes

    def inputs(self) -> list[QWidget]:
        return [self.yes, self.no]


class DateEdit(QDateEdit):
    """An en-GB date (dd/mm/yyyy, calendar popup) that can stay empty ("Not set")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText(self.tr("Not set"))
        self.setDate(EMPTY_DATE)
        self.setMinimumWidth(150)

    def iso(self) -> str | None:
        chosen = self.date()
        return None if chosen == EMPTY_DATE else chosen.toString("yyyy-MM-dd")

    def set_iso(self, value: object) -> None:
        day = QDate.fromString(value, "yyyy-MM-dd") if isinstance(value, str) else QDate()
        if isinstance(value, dt.date):
            day = QDate(value.year, value.month, value.day)
        self.setDate(day if day.isValid() else EMPTY_DATE)

    def mousePressEvent(self, event: Any) -> None:
        if self.date() == EMPTY_DATE:  # open the calendar on today, not on 1900
            self.calendarWidget().setSelectedDate(QDate.currentDate())
        super().mousePressEvent(event)


class DateField(QuestionField):
    def __init__(self, question: TemplateQuestion, parent: QWidget | None = None) -> None:
        super().__init__(question.label, required=question.required, help_text=question.help,
                         name=question.id, parent=parent)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.edit = DateEdit()
        self.edit.setObjectName(f"date_{question.id}")
        self.edit.setAccessibleName(question.label)
        self.clear = QPushButton(self.tr("Clear"))
        self.clear.setObjectName(f"clear_{question.id}")
        self.clear.setAccessibleName(self.tr("Clear {question}").format(question=question.label))
        self.clear.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.clear.clicked.connect(lambda: self.edit.setDate(EMPTY_DATE))
        line.addWidget(self.edit)
        line.addWidget(self.clear)
        line.addStretch(1)
        self.add(row)
        self.finish()
        self.edit.dateChanged.connect(self._emit)

    def value(self) -> Answer:
        return self.edit.iso()

    def set_value(self, value: Answer) -> None:
        self.edit.blockSignals(True)
        self.edit.set_iso(value)
        self.edit.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self.edit


FIELD_KINDS: dict[str, Callable[[TemplateQuestion], QuestionField]] = {
    "rating": RatingField, "text": TextField, "yes_no": YesNoField, "date": DateField}


def field_for(question: TemplateQuestion) -> QuestionField:
    return FIELD_KINDS[question.kind](question)
