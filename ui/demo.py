"""Demo mode: an embedded reference server with demo data, signed in, nothing to set up.

Everything lives in a throwaway folder: the server's database, one client database per
demo user (each "laptop"), and the sign-in tokens (an in-memory keyring, so a demo never
writes to the OS keyring).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from pathlib import Path

import keyring
from PySide6.QtCore import QObject, Signal

from server.embedded import EmbeddedServer
from sync.memory_keyring import MemoryKeyring
from ui.main_window import MainWindow
from ui.runner import Runner
from ui.session import Session, open_store, sign_in

log = logging.getLogger(__name__)

ROLES = ("facilitator", "cofacilitator", "partner", "qa")
PASSWORD = "npq-demo"


class DemoBackend:
    """The non-Qt half: server and per-role sessions. Its methods do I/O (use the runner)."""

    def __init__(self, root: Path | None = None, today: dt.date | None = None,
                 *, own_keyring: bool = True) -> None:
        self._owns_root = root is None
        self.root = root or Path(tempfile.mkdtemp(prefix="npq-demo-"))
        self.today = today or dt.date.today()
        self.server = EmbeddedServer(data_dir=self.root / "server", seed=True, today=self.today)
        self.base_url: str | None = None
        self.sessions: dict[str, Session] = {}
        if own_keyring:
            keyring.set_keyring(MemoryKeyring())

    def session_for(self, role: str) -> Session:
        """Start the server if needed, sign in as the demo user, first sync."""
        if role not in ROLES:
            raise ValueError(f"unknown demo role {role!r}; choose from {', '.join(ROLES)}")
        if role in self.sessions:
            return self.sessions[role]
        if self.base_url is None:
            self.base_url = self.server.start()
            log.info("demo server at %s", self.base_url)
        store = open_store(self.root / "laptops" / role / "desk.sqlite3")
        session = sign_in(store, self.base_url, role, PASSWORD)
        session.sync.sync_once()
        self.sessions[role] = session
        return session

    def close(self) -> None:
        for session in self.sessions.values():
            session.close()
        self.sessions.clear()
        self.server.stop()
        if self._owns_root:
            shutil.rmtree(self.root, ignore_errors=True)


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
        (self._runner.network(self.backend.session_for, role)
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
