"""Demo mode's window: the main window of a demo user, and switching between them. The
server and the signed-in "laptops" are ``ui.demo_backend.DemoBackend`` (no Qt), which the
headless commands use too (``npq-desk --demo sync``).
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QObject, Signal

from desk.session import Session
from ui.demo_backend import ROLES, DemoBackend
from ui.main_window import MainWindow
from ui.runner import Runner

log = logging.getLogger(__name__)


class Demo(QObject):
    """Opens the main window for a demo role and switches between roles."""

    window_shown = Signal(object)  # MainWindow
    failed = Signal(object)  # the exception: the demo could not start or switch

    def __init__(self, runner: Runner, backend: DemoBackend,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner, self.backend = runner, backend
        self.window: MainWindow | None = None

    def open(self, role: str) -> None:
        """Sign in as ``role`` on its own demo laptop and show its window, which then
        fills the new laptop with its first sync (``DemoBackend.session_for``)."""
        (self._runner.network(partial(self.backend.session_for, synced=False), role)
         .with_progress(self.tr("Starting the demo as {role}…").format(role=role))
         .success(self._show)
         .failure(self._failed).run())

    def _failed(self, exc: BaseException) -> None:
        log.error("demo could not start: %s", type(exc).__name__, exc_info=exc)
        self.failed.emit(exc)

    def _show(self, session: Session) -> None:
        previous = self.window
        self.window = MainWindow(session, self._runner, today=lambda: self.backend.today,
                                 demo_roles=ROLES)
        self.window.switch_user_requested.connect(self.open)
        self.window.show()
        self.window.start()
        if previous is not None:
            previous.close_now()
            previous.deleteLater()
        self.window_shown.emit(self.window)
