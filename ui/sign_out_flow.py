"""File > Sign out: ask, save what is being typed, then remove this laptop's personal data,
its database key and the sign-in (``app.signout.sign_out``) — unless something has not
reached the central service yet: then nothing is removed and the person is told why."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.signout import SignOutResult, sign_out
from desk.session import Session
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.runner import Runner

QUESTION = QT_TRANSLATE_NOOP(  # marked only: asked through translate("SignOutFlow", …)
    "SignOutFlow", "Sign out and remove this laptop's copy of your groups, registers, notes "
                   "and forms?\n\nEverything already sent stays safe with the central "
                   "service; you can sign in again to get it back.")


class Syncing(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...


class Saving(Protocol):
    def save_now(self) -> None: ...


class SignOutFlow(QObject):
    done = Signal()  # signed out: the store is closed and gone

    def __init__(self, parent: QWidget, runner: Runner, session: Session, sync: Syncing,
                 forms: Saving) -> None:
        super().__init__(parent)
        self._parent, self._runner, self._session = parent, runner, session
        self._sync, self._forms = sync, forms
        self.box: QMessageBox | None = None

    def start(self) -> None:
        self.box = QMessageBox(QMessageBox.Icon.Question, self.tr("Sign out"),
                               translate("SignOutFlow", QUESTION),
                               parent=self._parent)
        self.confirm = self.box.addButton(self.tr("Sign out"), QMessageBox.ButtonRole.AcceptRole)
        self.box.addButton(QMessageBox.StandardButton.Cancel)
        self.box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.box.finished.connect(self._answered)
        self.box.open()

    def _answered(self) -> None:
        assert self.box is not None
        if self.box.clickedButton() is not self.confirm:
            return
        self._forms.save_now()  # queued on the write lane before the sign-out itself
        self._sync.stop()
        self._runner.write(sign_out, self._session).success(self._result).run()

    def _result(self, result: SignOutResult) -> None:
        if result.signed_out:
            self.done.emit()
            return
        self._sync.start()
        self.box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not signed out"), result.message,
                               parent=self._parent)
        self.box.open()
