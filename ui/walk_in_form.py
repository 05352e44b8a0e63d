"""Record a walk-in without leaving the register: an inline form, Enter saves, Esc cancels.

The name is asked for in two parts and saved as "Family, Given" (``app.names.listed_name``),
so the register shows it like everyone else's and ``app.names.split_name`` reads it back
exactly; a search that found nobody opens the form with what was typed, split
(``app.names.typed_name``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.names import listed_name, typed_name
from ui.announce import say
from ui.font_watch import FontWatch

# A long code of the national suite: the field fits it (and any longer one it is given).
LONG_CODE = "NPQSENCO"


def _fit_code(edit: QLineEdit) -> None:
    """A qualification code's width: 110px at the design's 11pt, more for larger text or a
    longer code (the catalogue is the central service's: no code is assumed)."""
    metrics = edit.fontMetrics()
    widest = max(metrics.horizontalAdvance(LONG_CODE), metrics.horizontalAdvance(edit.text()))
    edit.setMaximumWidth(max(110, widest + 30))


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
        self.given = self._field("walkInGiven", self.tr("Given name"))
        self.family = self._field("walkInFamily", self.tr("Family name"))
        self.school = self._field("walkInSchool", self.tr("School"))
        self.email = self._field("walkInEmail", self.tr("Email"))
        self.qualification = self._field("walkInQualification", self.tr("Code"))
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
        grid.addWidget(title, 0, 0, 1, 7)
        fields = ((self.tr("Given name"), self.given), (self.tr("Family name"), self.family),
                  (self.tr("School"), self.school), (self.tr("Email"), self.email),
                  (self.tr("Qualification"), self.qualification))
        for col, (label, edit) in enumerate(fields):
            caption = QLabel(label)
            caption.setBuddy(edit)  # a screen reader names the box by its caption
            edit.setAccessibleName(label)  # (and by its own name where buddies are not read)
            grid.addWidget(caption, 1, col)
            grid.addWidget(edit, 2, col)
        grid.addWidget(save, 2, len(fields))
        grid.addWidget(cancel, 2, len(fields) + 1)
        grid.addWidget(self.error, 3, 0, 1, len(fields) + 2)
        for col in range(len(fields) - 1):
            grid.setColumnStretch(col, 3)
        self.hide()

    def _field(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.returnPressed.connect(self._save)
        edit.installEventFilter(self)
        return edit

    def open_for(self, qualification_code: str, typed: str = "") -> None:
        """Open empty, or with the name a search typed ("kowalska, anna", "seán ó briain")
        split into its parts; the cursor goes to the first part still empty."""
        given, family = typed_name(typed)
        for edit, text in ((self.given, given), (self.family, family), (self.school, ""),
                           (self.email, "")):
            edit.setText(text)
        self.qualification.setText(qualification_code)
        _fit_code(self.qualification)
        self.error.clear()
        self.show()
        self._first_empty().setFocus()

    def name(self) -> str:
        """The name as it will be saved: "Family, Given" (or the one part given)."""
        return listed_name(self.given.text().strip(), self.family.text().strip())

    def show_error(self, message: str) -> None:
        self.show()
        self.error.setText(message)
        self.given.setFocus()
        say(self.given, message)

    def _first_empty(self) -> QLineEdit:
        return next((edit for edit in (self.given, self.family, self.school)
                     if not edit.text().strip()), self.school)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape):
            self._cancel()
            return True
        return super().eventFilter(watched, event)

    def _save(self) -> None:
        if not self.name():
            self.error.setText(self.tr("Type their name first."))
            self.given.setFocus()
            say(self.given, self.error.text())
            return
        self.hide()
        self.saved.emit(self.name(), self.school.text(), self.email.text(),
                        self.qualification.text().strip())

    def _cancel(self) -> None:
        self.hide()
        self.cancelled.emit()
