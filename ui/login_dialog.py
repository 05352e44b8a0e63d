"""Sign in: server address, username, password. Errors are shown inline, never a crash."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk.session import Session
from ui.errors import describe_error
from ui.runner import Runner
from ui.theme import set_text_role

SignIn = Callable[[str, str, str], Session]  # (server_url, username, password) -> Session


class LoginDialog(QDialog):
    def __init__(self, runner: Runner, sign_in: SignIn, server_url: str = "",
                 username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in — NPQ Partner Desk"))
        self.setObjectName("loginDialog")
        self._runner, self._sign_in = runner, sign_in
        self.session: Session | None = None
        intro = QLabel(self.tr("Sign in once with your NPQ account. After that the app works "
                       "offline and sends your changes when it can."))
        intro.setWordWrap(True)
        self.server = QLineEdit(server_url)
        self.server.setObjectName("serverEdit")
        self.server.setPlaceholderText(self.tr("https://npq.example.org"))
        self.username = QLineEdit(username)
        self.username.setObjectName("usernameEdit")
        self.password = QLineEdit()
        self.password.setObjectName("passwordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.server)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        (self.password if server_url and username else self.server).setFocus()

    def submit(self) -> None:
        server, username = self.server.text().strip(), self.username.text().strip()
        password = self.password.text()
        if not (server and username and password):
            self._show_message(self.tr("Fill in the server address, your username and your "
                                       "password."))
            return
        self._set_busy(True)
        self._show_message(self.tr("Signing in…"), error=False)
        (self._runner.network(self._sign_in, server, username, password)
         .success(self._signed_in).failure(self._failed).run())

    def _signed_in(self, session: Session) -> None:
        self._set_busy(False)
        self.session = session
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_message(describe_error(exc))
        self.password.selectAll()
        self.password.setFocus()

    def _show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        set_text_role(self.message, "danger_text" if error else "text_secondary")
        self.message.show()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.server, self.username, self.password, self.sign_in_button):
            widget.setEnabled(not busy)
