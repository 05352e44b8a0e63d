"""Record a walk-in without leaving the register: an inline form, Enter saves, Esc cancels."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.font_watch import FontWatch


def _fit_code(edit: QLineEdit) -> None:
    """A qualification code's width: 110px at the design's 11pt, more for larger text."""
    edit.setMaximumWidth(max(110, edit.fontMetrics().horizontalAdvance("NPQSEND") + 30))


class WalkInForm(QFrame):
    """Emits ``saved(name, school, email, qualification_code)`` or ``cancelled``."""

    saved = Signal(str, str, str, str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walkInForm")
        title = QLabel(self.tr("Someone here who is not on the list — they will be sent to the "
                       "central team to resolve"))
        title.setObjectName("walkInTitle")
        title.setWordWrap(True)
        self.name = self._field("walkInName", self.tr("Full name"))
        self.school = self._field("walkInSchool", self.tr("School"))
        self.email = self._field("walkInEmail", self.tr("Email"))
        self.qualification = self._field("walkInQualification", "NPQSL")
        _fit_code(self.qualification)
        FontWatch(self.qualification, _fit_code)
        self.error = QLabel()
        self.error.setObjectName("walkInError")
        save = QPushButton(self.tr("Save walk-in"))
        save.setObjectName("walkInSave")
        save.clicked.connect(self._save)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self._cancel)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.addWidget(title, 0, 0, 1, 6)
        for col, (label, edit) in enumerate(((self.tr("Name"), self.name),
                                             (self.tr("School"), self.school),
                                             (self.tr("Email"), self.email),
                                             (self.tr("Qualification"), self.qualification))):
            grid.addWidget(QLabel(label), 1, col)
            grid.addWidget(edit, 2, col)
        grid.addWidget(save, 2, 4)
        grid.addWidget(cancel, 2, 5)
        grid.addWidget(self.error, 3, 0, 1, 6)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 3)
        self.hide()

    def _field(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.returnPressed.connect(self._save)
        edit.installEventFilter(self)
        return edit

    def open_for(self, qualification_code: str) -> None:
        for edit in (self.name, self.school, self.email):
            edit.clear()
        self.qualification.setText(qualification_code)
        self.error.clear()
        self.show()
        self.name.setFocus()

    def show_error(self, message: str) -> None:
        self.show()
        self.error.setText(message)
        self.name.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape):
            self._cancel()
            return True
        return super().eventFilter(watched, event)

    def _save(self) -> None:
        if not self.name.text().strip():
            self.error.setText(self.tr("Type their name first."))
            self.name.setFocus()
            return
        self.hide()
        self.saved.emit(self.name.text(), self.school.text(), self.email.text(),
                        self.qualification.text().strip())

    def _cancel(self) -> None:
        self.hide()
        self.cancelled.emit()
