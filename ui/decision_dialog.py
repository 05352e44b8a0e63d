"""Record the not-viable decision for a group (partner leads).

Offers only the decisions that can be made for the group now (``DecisionChoices``): run it
below the minimum (with the central team's agreement), merge it with a named local group
(the open groups of the same partner, qualification and intake, in a list enabled once
"merge" is chosen), offer the distance-learning pathway, move it to the next intake (named);
and a note. Every choice has a keyboard mnemonic; arrows move between them. Saving goes
through the write lane; a problem the laptop can judge shows in the dialog with nothing
saved. The decision reaches the central service with the next sync.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.viability_decisions import DecisionChoices, DecisionState, kind_label
from ui.errors import explain
from ui.runner import Runner
from ui.theme import set_text_role


class Decisions(Protocol):
    def state(self, group_id: str) -> DecisionState: ...
    def choices(self, group_id: str) -> DecisionChoices: ...
    def request(self, group_id: str, kind: str, note: str = "",
                merge_into_group_id: str | None = None) -> str: ...


class DecisionDialog(QDialog):
    decided = Signal(str)  # the request's id, once saved on this laptop

    def __init__(self, runner: Runner, decisions: Decisions, choices: DecisionChoices,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionDialog")
        self.setWindowTitle(self.tr("Decide for {code}").format(code=choices.code))
        self.setModal(True)
        self.runner, self.decisions, self.choices = runner, decisions, choices
        heading = QLabel(self.tr("{code}: {viability}. What should happen to the group? The "
                                 "central service carries out the decision or says why it "
                                 "cannot.").format(code=choices.code,
                                                   viability=choices.viability))
        heading.setWordWrap(True)
        self.kinds = QButtonGroup(self)
        self.options: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        self.merge_into = QComboBox()
        self.merge_into.setObjectName("decisionMergeInto")
        self.merge_into.setAccessibleName(self.tr("The group to merge with"))
        for target in choices.merge_targets:
            self.merge_into.addItem(self.tr("{code} — {venue} ({n} enrolled)").format(
                code=target.code, venue=target.venue_name, n=target.enrolled), target.group_id)
        self.merge_into.setEnabled(False)
        for number, kind in enumerate(choices.kinds, start=1):
            text = kind_label(kind)
            if kind == "next_intake" and choices.next_intake:
                text = self.tr("{label}: {intake}").format(label=text,
                                                           intake=choices.next_intake)
            button = QRadioButton(f"&{number} {text}")
            button.setObjectName(f"decision_{kind}")
            self.kinds.addButton(button)
            self.options[kind] = button
            layout.addWidget(button)
            if kind == "merge":
                layout.addWidget(self.merge_into)
        self.note = QPlainTextEdit()
        self.note.setObjectName("decisionNote")
        self.note.setPlaceholderText(self.tr("What was agreed, and with whom"))
        self.note.setTabChangesFocus(True)
        note_label = QLabel(self.tr("&Note"))
        note_label.setBuddy(self.note)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        self.error = QLabel()
        self.error.setObjectName("decisionError")
        self.error.setWordWrap(True)
        set_text_role(self.error, "danger_tint_text")
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Record the decision"))
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.kinds.buttonToggled.connect(lambda _b, _on: self._chosen())

    def chosen_kind(self) -> str | None:
        return next((kind for kind, button in self.options.items() if button.isChecked()),
                    None)

    def _chosen(self) -> None:
        kind = self.chosen_kind()
        self.merge_into.setEnabled(kind == "merge")
        self.ok.setEnabled(kind is not None)

    @Slot()
    def submit(self) -> None:
        kind = self.chosen_kind()
        if kind is None:
            return
        self.error.hide()
        self.ok.setEnabled(False)
        target = self.merge_into.currentData() if kind == "merge" else None
        self.runner.write(self.decisions.request, self.choices.group_id, kind,
                          self.note.toPlainText(), target).success(self._saved).failure(
            self._refused).run()

    def _saved(self, request_id: str) -> None:
        self.decided.emit(request_id)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.error.setText(explain(exc))
        self.error.show()
        self.ok.setEnabled(True)


def open_decision_dialog(runner: Runner, decisions: Decisions, group_id: str,
                         parent: QWidget, on_decided: Callable[[str], None],
                         on_open: Callable[[DecisionDialog], None] | None = None) -> None:
    """Read what may be decided off the GUI thread, then open the dialog (not blocking); it
    deletes itself when closed."""

    def show(choices: DecisionChoices) -> None:
        dialog = DecisionDialog(runner, decisions, choices, parent)
        dialog.decided.connect(on_decided)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        if on_open is not None:
            on_open(dialog)

    runner.read(decisions.choices, group_id).success(show).run()
