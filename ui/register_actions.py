"""The register's buttons: one big button per status (its key on it), and the actions for
the whole register (the rest present, undo, walk-in, notes, submit). What the keys typed
in the table mean is ``ui.register_keys``."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain import MarkStatus
from ui.flow_layout import FlowLayout
from ui.register_keys import STATUS_KEYS

REST_PRESENT_SHORTCUT = "Ctrl+R"
UNDO_SHORTCUT = "Ctrl+Z"
NOTES_SHORTCUT = "Ctrl+N"
SUBMIT_SHORTCUT = "Ctrl+Return"


class RegisterActions(QWidget):
    """Emits what the user asked for; the register view decides what it means."""

    mark_requested = Signal(object)  # MarkStatus
    rest_present_requested = Signal()
    undo_requested = Signal()
    walk_in_requested = Signal()
    notes_requested = Signal()
    submit_requested = Signal()

    def __init__(self, can_mark: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerActions")
        self.buttons: dict[MarkStatus, QPushButton] = {}
        marks = FlowLayout(spacing=10, uniform=True)  # two rows when large text needs them
        for status, (letter, _key, digit) in STATUS_KEYS.items():
            button = _button(f"{status.label}   ({letter})", f"mark_{status.value}",
                             self.tr("Mark the selected person {status} — key {key} or "
                                     "{digit}").format(status=status.label.lower(), key=letter,
                                                       digit=QKeySequence(digit).toString()))
            button.setProperty("status", status.value)
            button.setMinimumHeight(52)
            button.clicked.connect(lambda _c=False, s=status: self.mark_requested.emit(s))
            self.buttons[status] = button
            marks.addWidget(button)
            button.setVisible(can_mark)
        self.rest_button = _button(
            self.tr("Rest present ({shortcut})").format(shortcut=REST_PRESENT_SHORTCUT),
            "restPresent", self.tr("Mark everyone not marked yet present — {shortcut}").format(
                shortcut=REST_PRESENT_SHORTCUT), self.rest_present_requested)
        self.undo_button = _button(
            self.tr("Undo"), "undoButton",
            self.tr("Undo the last change — {shortcut}").format(shortcut=UNDO_SHORTCUT),
            self.undo_requested)
        self.set_undo(None)
        self.walk_in_button = _button(self.tr("Walk-in (W)"), "walkInButton",
                                      self.tr("Someone here who is not on the list — key W"),
                                      self.walk_in_requested)
        self.notes_button = _button(
            self.tr("Notes ({shortcut})").format(shortcut=NOTES_SHORTCUT), "notesButton",
            self.tr("Notes on the event and the selected person — {shortcut}").format(
                shortcut=NOTES_SHORTCUT), self.notes_requested)
        self.notes_button.setCheckable(True)
        self.submit_button = _button(
            self.tr("Submit register…"), "submitButton",
            self.tr("Send the register; candidates who attended are invited to evaluate the "
                    "event — {shortcut}").format(shortcut=SUBMIT_SHORTCUT),
            self.submit_requested)
        more = FlowLayout(spacing=8)
        # Notes are the facilitators' (partner and QA leads can neither read nor write them).
        marking = (self.rest_button, self.undo_button, self.walk_in_button, self.notes_button)
        for widget in marking:
            more.addWidget(widget)
        for widget in marking:
            widget.setVisible(can_mark)
        more.addStretch()  # Submit at the right edge, of the second row too
        more.addWidget(self.submit_button)
        self.submit_button.setVisible(can_mark)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(marks)
        layout.addLayout(more)
        if not can_mark:
            note = QLabel(
                self.tr("View only: facilitators take the register; you can see it here."))
            note.setObjectName("viewOnlyNote")
            note.setWordWrap(True)  # wraps at a large font rather than widen the window
            marks.addWidget(note)

    def set_undo(self, label: str | None) -> None:
        """Enabled with 'Undo: Late for Zoë Adams' as its tooltip, or disabled when there is
        nothing to undo. The label stays short so the row fits a 1366-pixel screen."""
        self.undo_button.setEnabled(label is not None)
        self.undo_button.setText(self.tr("Undo ({shortcut})").format(shortcut=UNDO_SHORTCUT))
        self.undo_button.setToolTip(self.tr("Nothing to undo") if label is None
                                    else self.tr("Undo: {what}").format(what=label))
        self.undo_button.setAccessibleName(self.undo_button.toolTip())

    def set_submitted(self, submitted: bool) -> None:
        self.submit_button.setEnabled(not submitted)
        self.submit_button.setText(self.tr("Register submitted") if submitted
                                   else self.tr("Submit register…"))


def _button(text: str, name: str, tip: str,
            signal: SignalInstance | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    # Tab reaches it (with its focus ring); a click leaves the keyboard in the table.
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.setMinimumHeight(40)
    if signal is not None:
        button.clicked.connect(lambda _c=False: signal.emit())
    return button
