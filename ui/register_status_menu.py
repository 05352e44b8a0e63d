"""A register row's menu: "Defer or withdraw…" for a candidate of the register's group.

Facilitators and partner leads ask the central service to defer or withdraw a candidate
from the register they are looking at; the request is saved on this laptop and sent like
every change (``ui.training_status_dialog``).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QMenu

from app.changes import Changes
from app.domain import RegisterRow
from ui.changes_hub import ChangesHub, announce
from ui.runner import Runner
from ui.training_status_dialog import StatusRequests, TrainingStatusDialog, open_status_dialog

if TYPE_CHECKING:
    from ui.register_view import RegisterView


class StatusMenu(QObject):
    """Opens on a right click on one of ``view``'s rows (not a walk-in's)."""

    def __init__(self, view: RegisterView, runner: Runner, statuses: StatusRequests,
                 hub: ChangesHub | None) -> None:
        super().__init__(view)
        self._view, self._runner, self._statuses, self._hub = view, runner, statuses, hub
        self.row_menu: QMenu | None = None
        self.dialog: TrainingStatusDialog | None = None
        view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.table.customContextMenuRequested.connect(self.open_menu)

    def open_menu(self, pos: QPoint) -> None:
        view = self._view
        index = view.table.indexAt(pos)
        if not index.isValid():
            return
        row = view.model.row_at(view.proxy.mapToSource(index).row())
        if row.walk_in:
            return
        self.row_menu = menu = QMenu(view)
        action = menu.addAction(view.tr("Defer or withdraw…"))
        action.setEnabled(not row.withdrawn)
        action.triggered.connect(partial(self.defer_or_withdraw, row))
        menu.popup(view.table.viewport().mapToGlobal(pos))

    def defer_or_withdraw(self, row: RegisterRow) -> None:
        """The request dialog for a candidate of this register's group."""
        register = self._view.model.register
        if register is None:
            return
        day = register.event.date or dt.date.today()
        self.dialog = open_status_dialog(
            self._runner, self._statuses, row.candidate_id, register.event.group_id,
            row.display_name, day, self._view)
        self.dialog.requested.connect(
            lambda _id: announce(self._hub, Changes.saved_here(outbox=True), self._view))
