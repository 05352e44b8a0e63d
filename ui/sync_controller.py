"""When to sync: every few minutes, shortly after a mark, and when asked. Never blocks."""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain import SyncReport, SyncStatus
from ui.errors import describe_error
from ui.runner import Runner

log = logging.getLogger(__name__)

PERIOD_MS = 3 * 60 * 1000
DEBOUNCE_MS = 4 * 1000


class Syncer(Protocol):
    def sync_once(self) -> SyncReport: ...
    def status(self) -> SyncStatus: ...


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    synced = Signal(object)  # SyncReport, after a successful sync
    failed = Signal(str)  # a human message

    def __init__(self, runner: Runner, syncer: Syncer, *, period_ms: int = PERIOD_MS,
                 debounce_ms: int = DEBOUNCE_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner, self._syncer = runner, syncer
        self._running = False
        self._again = False
        self._periodic = QTimer(self, interval=period_ms, timeout=self.sync_now)
        self._debounce = QTimer(self, interval=debounce_ms, singleShot=True,
                                timeout=self.sync_now)

    def start(self) -> None:
        self._periodic.start()
        self.refresh_status()
        self.sync_now()

    def stop(self) -> None:
        self._periodic.stop()
        self._debounce.stop()

    def changed_locally(self) -> None:
        """A mark was saved: show it as pending now, and send it soon."""
        self.refresh_status()
        self._debounce.start()

    def refresh_status(self) -> None:
        self._runner.read(self._syncer.status).success(self.status_changed.emit).run()

    def sync_now(self) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        self._debounce.stop()
        (self._runner.network(self._syncer.sync_once).with_progress("Syncing…")
         .success(self._done).failure(self._failed).run())

    def is_syncing(self) -> bool:
        return self._running

    def _done(self, report: SyncReport) -> None:
        log.info("sync done: %s", report.describe())
        self._finish()
        self.synced.emit(report)

    def _failed(self, exc: BaseException) -> None:
        log.info("sync failed: %s", type(exc).__name__)
        self._finish()
        self.failed.emit(describe_error(exc))

    def _finish(self) -> None:
        self._running = False
        self.refresh_status()
        if self._again:
            self._again = False
            self.sync_now()
