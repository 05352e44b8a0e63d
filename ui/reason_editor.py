"""Asks for the amendment reason a change to a submitted register needs, inline."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.validation import check_text
from protocol import fields
from ui.announce import say


class ReasonEditor(QWidget):
    """Hidden until asked; emits ``accepted(reason)`` or ``cancelled``. The last reason
    given is offered again, so a run of amendments is one Enter each. A reason the central
    service would refuse (the shared field rule) is said in place and not accepted."""

    accepted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._prompt = QLabel()
        self._prompt.setObjectName("reasonPrompt")
        self._prompt.setWordWrap(True)
        self.edit = QLineEdit()
        self.edit.setObjectName("reasonEdit")
        self.edit.setPlaceholderText(self.tr("Why is the register changing? e.g. “arrived after "
                                     "the register was submitted”"))
        self.edit.setMaxLength(500)
        self.edit.setMinimumWidth(self.edit.fontMetrics().averageCharWidth() * 30)
        self.edit.returnPressed.connect(self._accept)
        self.edit.textChanged.connect(lambda _text: self.error.hide())
        self.edit.installEventFilter(self)
        self._prompt.setBuddy(self.edit)  # the box is named by its question (``ask``)
        self.error: QLabel = QLabel()
        self.error.setObjectName("reasonError")
        self.error.setWordWrap(True)
        self.error.hide()
        save = QPushButton(self.tr("Save amendment"))
        save.clicked.connect(self._accept)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self._cancel)
        row = QHBoxLayout()
        row.addWidget(self._prompt)
        row.addWidget(self.edit, 1)
        row.addWidget(save)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.hide()

    def ask(self, what: str) -> None:
        self._prompt.setText(self.tr("The register was submitted. Reason for {what}:").format(
            what=what))
        self.edit.setAccessibleName(self._prompt.text())
        self.error.hide()
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.edit and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape):
            self._cancel()
            return True
        return super().eventFilter(watched, event)

    def _accept(self) -> None:
        reason = self.edit.text().strip()
        if not reason:
            self.edit.setPlaceholderText(
                self.tr("A reason is needed to change a submitted register"))
            say(self.edit, self.edit.placeholderText())
            return
        try:
            check_text(fields.REASON, reason, self.tr("The reason"))
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            say(self.edit, exc.message)
            return
        self.hide()
        self.accepted.emit(reason)

    def _cancel(self) -> None:
        self.hide()
        self.cancelled.emit()
