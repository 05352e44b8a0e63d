"""Normal start: open the local store, resume the saved sign-in or ask for one; a damaged
database is offered a restore first (``ui.damaged_store``)."""

from __future__ import annotations

import logging
import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import paths, settings
from app.errors import DatabaseDamaged
from app.store import Store
from desk.session import Session, open_store, resume, sign_in
from ui.errors import APP_TITLE, show_error
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.runner import Runner

if TYPE_CHECKING:  # the recovery is imported only when a damaged database needs it
    from app.store.recovery import Damage, Recovered

log = logging.getLogger(__name__)

SERVER_ENV = "NPQ_SERVER_URL"


def _open_and_resume(path: Path | None) -> tuple[Store, Session | None] | Damage:
    """The store and the saved sign-in; or, for a damaged database, what a recovery would
    do (``ui.damaged_store`` offers it)."""
    from app.store.recovery import examine

    database = path if path is not None else paths.database_path()
    try:
        store = open_store(database)
    except DatabaseDamaged:
        return examine(database)
    try:
        return store, resume(store)
    except DatabaseDamaged:
        store.close()
        return examine(database)


class Launcher(QObject):
    """Owns the store and the one window of a normal (non-demo) run."""

    def __init__(self, runner: Runner, settings: QSettings, database: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner, self._settings, self._database = runner, settings, database
        self.store: Store | None = None
        self.window: MainWindow | None = None
        self.login: LoginDialog | None = None
        self.damaged: QMessageBox | None = None  # the offer to restore a damaged database
        self._restoring: QWidget | None = None  # shown while it is restored
        self._recovered_note = ""  # what a restore did, shown over the window that follows
        self.error_box: QMessageBox | None = None

    def start(self) -> None:
        (self._runner.write(_open_and_resume, self._database).success(self._opened)
         .failure(self._open_failed).run())

    def _open_failed(self, exc: BaseException) -> None:
        """The database could not be opened (a full disk says which and what to free): say
        so, and quit once the message is read; nothing was changed."""
        self.error_box = show_error(None, exc)  # held: a box without a parent is ours to keep
        self.error_box.finished.connect(QApplication.quit)

    def _opened(self, opened: tuple[Store, Session | None] | Damage) -> None:
        try:
            self._open(opened)
        finally:  # only once the next window shows: the last one closing would quit
            if self._restoring is not None:
                self._restoring.close()
                self._restoring.deleteLater()
                self._restoring = None

    def _open(self, opened: tuple[Store, Session | None] | Damage) -> None:
        if not isinstance(opened, tuple):
            self._offer_recovery(opened)
            return
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

    def _offer_recovery(self, damage: Damage) -> None:
        from ui.damaged_store import make_offer

        log.error("start-up: the database is damaged; restore offered")
        self.damaged = make_offer(damage)
        self.damaged.accepted.connect(self._recover)
        self.damaged.rejected.connect(QApplication.quit)
        self.damaged.open()

    def _recover(self) -> None:
        from app.store.recovery import recover
        from ui.damaged_store import restoring_progress

        self.damaged = None
        self._restoring = restoring_progress()
        self._restoring.show()
        database = self._database if self._database is not None else paths.database_path()
        self._runner.write(recover, database).success(self._recovered).run()

    def _recovered(self, done: Recovered) -> None:
        from ui.damaged_store import recovered_message

        self._recovered_note = recovered_message(done)
        self.start()

    def _show(self, session: Session) -> None:
        self.window = MainWindow(session, self._runner, settings=self._settings)
        self.window.signed_out.connect(self._signed_out)
        self.window.show()
        self.window.start()
        if self._recovered_note:
            note = QMessageBox(QMessageBox.Icon.Information, APP_TITLE, self._recovered_note,
                               QMessageBox.StandardButton.Ok, self.window)
            note.setObjectName("recoveredNote")
            note.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            note.open()
            self._recovered_note = ""

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
