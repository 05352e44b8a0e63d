"""Defer or withdraw a candidate: the kind, a national reason, the date and a note.

Opened from a register row's context menu ("Defer or withdraw…") for the group's
facilitators and partner leads. OK saves the request on this laptop through the runner's
write lane (it reaches the central service with the next sync, which accepts or refuses
it); a problem the laptop can judge (no reason chosen, a date too far ahead) shows in the
dialog and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Protocol

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.training_status import KINDS
from protocol.records import StatusReason
from ui.errors import explain
from ui.runner import Runner


class StatusRequests(Protocol):
    def reasons(self, kind: str) -> list[StatusReason]: ...
    def request(self, candidate_id: str, group_id: str, kind: str, reason: str,
                effective_date: dt.date, note: str = "") -> str: ...


class TrainingStatusDialog(QDialog):
    requested = Signal(str)  # the request's id, once saved on this laptop

    def __init__(self, runner: Runner, service: StatusRequests, candidate_id: str,
                 group_id: str, name: str, day: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingStatusDialog")
        self.setWindowTitle(self.tr("Defer or withdraw {name}").format(name=name))
        self.setModal(True)
        self._runner, self._service = runner, service
        self._candidate_id, self._group_id = candidate_id, group_id
        self._reasons: dict[str, list[StatusReason]] = {"deferred": [], "withdrawn": []}
        self.heading = QLabel(self.tr("Ask the central service to defer or withdraw {name}. "
                                      "It confirms or refuses with the next sync.")
                              .format(name=name))
        self.heading.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.setObjectName("statusKind")
        for kind, label in zip(KINDS, (self.tr("Deferral"), self.tr("Withdrawal")),
                               strict=True):
            self.kind.addItem(label, kind)
        self.kind.currentIndexChanged.connect(lambda _i: self._fill_reasons())
        self.reason = QComboBox()
        self.reason.setObjectName("statusReason")
        self.date = QDateEdit(QDate(day.year, day.month, day.day))
        self.date.setObjectName("statusDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.note = QPlainTextEdit()
        self.note.setObjectName("statusNote")
        self.note.setPlaceholderText(self.tr("What was agreed, and with whom (optional)"))
        self.note.setTabChangesFocus(True)
        self.error = QLabel()
        self.error.setObjectName("statusError")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Kind"), self.kind)
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.tr("&From"), self.date)
        form.addRow(self.tr("&Note"), self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Ask the central service"))
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def load(self) -> None:
        """Read the national reasons off the GUI thread, then fill the list."""
        for kind in ("deferred", "withdrawn"):
            self._runner.read(self._service.reasons, kind).success(
                partial(self._loaded, kind)).run()

    def _loaded(self, kind: str, found: list[StatusReason]) -> None:
        self._reasons[kind] = found
        self._fill_reasons()

    def _fill_reasons(self) -> None:
        kind = str(self.kind.currentData())
        self.reason.clear()
        for reason in self._reasons[kind]:
            self.reason.addItem(reason.label, reason.code)
        self.ok.setEnabled(self.reason.count() > 0)

    def submit(self) -> None:
        self.error.hide()
        self.ok.setEnabled(False)
        chosen = self.date.date()
        day = dt.date(chosen.year(), chosen.month(), chosen.day())
        self._runner.write(self._service.request, self._candidate_id, self._group_id,
                           str(self.kind.currentData()), str(self.reason.currentData() or ""),
                           day, self.note.toPlainText()).success(
            self._saved).failure(self._refused).run()

    def _saved(self, request_id: str) -> None:
        self.requested.emit(request_id)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.error.setText(explain(exc))
        self.error.show()
        self.ok.setEnabled(True)


def open_status_dialog(runner: Runner, service: StatusRequests, candidate_id: str,
                       group_id: str, name: str, day: dt.date,
                       parent: QWidget) -> TrainingStatusDialog:
    """The dialog, opened window-modal (not blocking) and loading its reasons; it deletes
    itself when closed."""
    dialog = TrainingStatusDialog(runner, service, candidate_id, group_id, name, day, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    dialog.load()
    return dialog

