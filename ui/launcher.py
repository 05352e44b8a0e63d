"""Normal start: open the local store, resume the saved sign-in or ask for one."""

from __future__ import annotations

import logging
import os
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app import settings
from app.store import Store
from ui.errors import show_error
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.runner import Runner
from ui.session import Session, open_store, resume, sign_in

log = logging.getLogger(__name__)

SERVER_ENV = "NPQ_SERVER_URL"


def _open_and_resume(path: Path | None) -> tuple[Store, Session | None]:
    store = open_store(path)
    return store, resume(store)


class Launcher(QObject):
    """Owns the store and the one window of a normal (non-demo) run."""

    def __init__(self, runner: Runner, settings: QSettings, database: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner, self._settings, self._database = runner, settings, database
        self.store: Store | None = None
        self.window: MainWindow | None = None
        self.login: LoginDialog | None = None
        self.error_box: QMessageBox | None = None

    def start(self) -> None:
        (self._runner.write(_open_and_resume, self._database).success(self._opened)
         .failure(self._open_failed).run())

    def _open_failed(self, exc: BaseException) -> None:
        """The database could not be opened (a full disk says which and what to free): say
        so, and quit once the message is read; nothing was changed."""
        self.error_box = show_error(None, exc)  # held: a box without a parent is ours to keep
        self.error_box.finished.connect(QApplication.quit)

    def _opened(self, opened: tuple[Store, Session | None]) -> None:
        self.store, session = opened
        if session is not None:
            self._show(session)
            return
        self.login = LoginDialog(self._runner, partial(sign_in, self.store),
                                 os.environ.get(SERVER_ENV, "")
                                 or settings.load(self.store.path.parent).server_url)
        self.login.accepted.connect(lambda: self._signed_in())
        self.login.rejected.connect(QApplication.quit)
        self.login.show()

    def _signed_in(self) -> None:
        assert self.login is not None and self.login.session is not None
        session = self.login.session
        self.login.deleteLater()
        self.login = None
        self._show(session)

    def _show(self, session: Session) -> None:
        self.window = MainWindow(session, self._runner, settings=self._settings)
        self.window.signed_out.connect(self._signed_out)
        self.window.show()
        self.window.start()

    def _signed_out(self) -> None:
        """The store is closed and removed: start again with the sign-in dialog."""
        if self.window is not None:
            self.window.deleteLater()
        self.window, self.store = None, None
        QTimer.singleShot(0, self.start)

    def close(self) -> None:
        self._runner.wait_for_done()
        if self.store is not None:
            self.store.close()
