"""The not-viable decision on the selected group of the "Recruitment and attendance" tab.

A line under the group's at-risk line: the decision carried out ("Merged into … on …",
"Runs below the minimum, agreed on …", closed groups said closed), one waiting for the
central service, or one refused (with the reason; the change is in Needs attention); and,
for a partner lead whose group is at risk or not viable with nothing decided, "Record a
decision…" (``ui.decision_dialog``). ``attach_decisions`` puts it into a dashboard view
from outside, so the dashboard needs to know nothing of decisions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.changes import Changes
from app.viability_decisions import DecisionState
from ui.changes_hub import ChangesHub, announce, subscribe
from ui.decision_dialog import DecisionDialog, Decisions, open_decision_dialog
from ui.runner import Runner
from ui.theme import set_text_role

if TYPE_CHECKING:
    from ui.dashboard_view import DashboardView

SHOWS = Changes(recruitment=True, catalogue=True, outbox=True)


class DecisionPanel(QWidget):
    shown = Signal(str)  # group id, once its decision state is on screen

    def __init__(self, runner: Runner, decisions: Decisions, *, hub: ChangesHub | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionPanel")
        self.runner, self.decisions, self._hub = runner, decisions, hub
        self.group_id: str | None = None
        self.state: DecisionState | None = None
        self.dialog: DecisionDialog | None = None
        self.words = QLabel()
        self.words.setObjectName("decisionWords")
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.decide = QPushButton(self.tr("Record a &decision…"))
        self.decide.setObjectName("decisionRecord")
        self.decide.setToolTip(self.tr("Run below the minimum, merge, offer distance learning "
                                       "or move to the next intake"))
        self.decide.clicked.connect(self.open_dialog)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.words, 1)
        row.addWidget(self.decide)
        self.setVisible(False)
        subscribe(hub, self)

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        if self.group_id is not None and initiator is not self and changes.touches(SHOWS):
            self.show_group(self.group_id)

    @Slot(str)
    def show_group(self, group_id: str) -> None:
        self.group_id = group_id
        self.runner.read(self.decisions.state, group_id).success(self._show).failure(
            lambda _exc: self.setVisible(False)).run()

    def _show(self, state: DecisionState) -> None:
        if state.group_id != self.group_id:
            return  # another group was chosen meanwhile
        self.state = state
        text = state.words
        if state.closed and state.decided:
            text = self.tr("Closed. {words}").format(words=text)
        self.words.setText(text)
        set_text_role(self.words, "danger_tint_text" if state.refused else None)
        self.decide.setVisible(state.may_decide)
        self.setVisible(bool(text) or state.may_decide)
        self.shown.emit(state.group_id)

    @Slot()
    def open_dialog(self) -> None:
        if self.group_id is not None:
            open_decision_dialog(self.runner, self.decisions, self.group_id, self,
                                 self._decided, self._opened)

    def _opened(self, dialog: DecisionDialog) -> None:
        self.dialog = dialog

    def _decided(self, _request_id: str) -> None:
        self.dialog = None
        announce(self._hub, Changes.saved_here(recruitment=True, outbox=True), self)
        if self.group_id is not None:
            self.show_group(self.group_id)


def attach_decisions(view: DashboardView, runner: Runner, decisions: Decisions,
                     hub: ChangesHub | None) -> DecisionPanel:
    """The decision line in ``view``'s group detail, following the group shown."""
    panel = DecisionPanel(runner, decisions, hub=hub)
    view.detail.add_section(panel)
    view.detail_shown.connect(panel.show_group)
    return panel
