"""A banner above the pages while today's backup was skipped because the disk is full.

It says what was skipped, that the work is saved and still syncs, which disk is full
and how much room is left and needed (``app.daily_backup``). "Back up now" tries again on
the write lane once room has been freed: the banner goes when the backup is taken, and
shows the new figures when there is still not enough room. It reads the store again when
the hub says the backups changed (at start, and after a purge took them again).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.changes import Changes
from app.daily_backup import skipped, take_or_skip
from app.store import Store
from ui.changes_hub import ChangesHub, subscribe
from ui.errors import show_error
from ui.runner import Runner


class BackupBanner(QFrame):
    backed_up = Signal()  # "Back up now" took the backup

    def __init__(self, runner: Runner, store: Store, parent: QWidget | None = None, *,
                 hub: ChangesHub | None = None) -> None:
        super().__init__(parent)
        self._runner, self._store = runner, store
        self.setObjectName("backupBanner")
        self.text = QLabel()
        self.text.setObjectName("backupText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QPushButton(self.tr("Back up now"))
        self.retry.setObjectName("backUpNow")
        self.retry.setToolTip(self.tr("Try the backup again, once you have freed some space"))
        self.retry.clicked.connect(self.try_again)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()
        subscribe(hub, self)

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        if changes.backups:
            self.refresh()

    def refresh(self) -> None:
        """Show the warning of a backup skipped at start (or hide: none was)."""
        self.show_warning(skipped(self._store))

    def show_warning(self, warning: str | None) -> None:
        self.retry.setEnabled(True)
        if warning is None:
            self.hide()
            return
        self.text.setText(warning)
        self.show()

    def try_again(self) -> None:
        self.retry.setEnabled(False)
        (self._runner.write(take_or_skip, self._store).success(self._tried)
         .failure(self._failed).run())

    def _tried(self, warning: str | None) -> None:
        self.show_warning(warning)
        if warning is None:
            self.backed_up.emit()

    def _failed(self, exc: BaseException) -> None:
        self.retry.setEnabled(True)
        show_error(self, exc)
