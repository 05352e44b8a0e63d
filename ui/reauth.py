"""Sign in again as the same user, after the server refused the saved sign-in.

The login dialog is reused with the server and username fixed: another person cannot take
over a laptop holding someone's unsent work this way (and ``SyncService.login`` refuses a
different user while anything is unsent).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desk.session import Session
from sync.errors import SyncError
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.login_dialog import LoginDialog
from ui.runner import Runner
from ui.theme import set_text_role

NOT_THE_SAME = QT_TRANSLATE_NOOP(  # marked only: raised through translate("Reauth", …)
    "Reauth", "This laptop is signed in as {name}. Sign in as {name} to send their work; to "
              "change user, send or finish it first.")


def sign_in_again(session: Session, server_url: str, username: str, password: str) -> Session:
    """Renew the session's sign-in in place (network: call through the runner)."""
    if username != session.identity.username:
        raise SyncError("auth", translate("Reauth", NOT_THE_SAME).format(
            name=session.identity.name))
    session.sync.login(username, password)
    return session


def reauth_dialog(runner: Runner, session: Session, parent: QWidget | None = None
                  ) -> LoginDialog:
    dialog = LoginDialog(
        runner, lambda server, user, password: sign_in_again(session, server, user, password),
        session.identity.server_url, session.identity.username, parent)
    dialog.setWindowTitle(translate("Reauth", "Sign in again — NPQ Partner Desk"))
    dialog.server.setReadOnly(True)
    dialog.username.setReadOnly(True)
    dialog.message.setText(translate(
        "Reauth", "Your changes are safe on this laptop. Sign in to send them."))
    set_text_role(dialog.message, "text_secondary")
    dialog.message.show()
    return dialog
