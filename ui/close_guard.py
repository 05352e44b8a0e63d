"""Closing with unsent changes: warn, and offer to sync first.

"3 changes have not reached the central service yet. They are safe on this laptop and will
be sent next time."  [Sync now and close] [Close anyway] [Cancel]

Sync-then-close waits with progress, closes on success and keeps the window on failure.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.domain import SyncStatus
from ui.i18n import translate
from ui.runner import Runner
from ui.sync_controller import SyncController


def unsent_text(n: int) -> str:
    if n == 1:
        return translate("CloseGuard", "1 change has not reached the central service yet. "
                         "They are safe on this laptop and will be sent next time.")
    return translate("CloseGuard", "{n} changes have not reached the central service yet. "
                     "They are safe on this laptop and will be sent next time.").format(n=n)


class CloseGuard(QObject):
    def __init__(self, window: QWidget, runner: Runner, sync: SyncController,
                 status: Callable[[], SyncStatus]) -> None:
        super().__init__(window)
        self._window, self._runner, self._sync, self._status = window, runner, sync, status
        self.allowed = False
        self.question: QMessageBox | None = None
        self.progress: QProgressDialog | None = None

    def check(self) -> None:
        """Look at the outbox (in the background), then close or ask."""
        if self.question is not None or self.progress is not None:
            return
        self._runner.read(self._status).success(self._decide).run()

    def _decide(self, status: SyncStatus) -> None:
        if status.pending_changes == 0:
            self._close()
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Changes not sent yet"),
                          unsent_text(status.pending_changes), parent=self._window)
        box.setObjectName("unsentQuestion")
        sync = box.addButton(self.tr("Sync now and close"), QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton(self.tr("Close anyway"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(sync)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: self._answered(b is sync, b is anyway))
        self.question = box
        box.open()

    def _answered(self, sync_first: bool, anyway: bool) -> None:
        self.question = None
        if anyway:
            self._close()
        elif sync_first:
            self._sync_then_close()

    def _sync_then_close(self) -> None:
        progress = QProgressDialog(self.tr("Sending your changes to the central service…"),
                                   self.tr("Stop and keep the window open"), 0, 0,
                                   self._window)
        progress.setObjectName("syncBeforeClose")
        progress.setWindowTitle(self.tr("Syncing before closing"))
        progress.setMinimumDuration(0)
        progress.canceled.connect(self._sync.cancel)
        self.progress = progress
        self._sync.synced.connect(self._synced)
        self._sync.failed.connect(self._failed)
        progress.show()
        self._sync.sync_now()

    def _synced(self, _report: object) -> None:
        self._end_progress()
        self._runner.read(self._status).success(
            lambda s: self._close() if s.pending_changes == 0 else self._decide(s)).run()

    def _failed(self, message: str) -> None:
        self._end_progress()
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Not sent yet"),
                          self.tr("{message}\n\nThe window stays open; your changes are safe "
                                  "on this laptop.").format(message=message),
                          QMessageBox.StandardButton.Ok, self._window)
        box.setObjectName("syncBeforeCloseFailed")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _end_progress(self) -> None:
        self._sync.synced.disconnect(self._synced)
        self._sync.failed.disconnect(self._failed)
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _close(self) -> None:
        self.allowed = True
        self._window.close()
