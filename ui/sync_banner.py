"""A banner above the register when syncing is paused, and what to do about it.

- Too old for the server (426): say so, keep everything, pause until updated.
- The sign-in was refused (401 after a refresh): a button to sign in again as the same
  user; nothing unsent is touched, and syncing resumes once signed in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.i18n import QT_TRANSLATE_NOOP, translate

# Marked only: show_pause shows them through translate("SyncBanner", …).
TOO_OLD = QT_TRANSLATE_NOOP(
    "SyncBanner", "This version of NPQ Partner Desk is too old for the server. Your work is "
                  "kept on this laptop; please update.")
SIGN_IN = QT_TRANSLATE_NOOP(
    "SyncBanner", "Please sign in again to send your changes: the central service no longer "
                  "accepts this laptop's sign-in. Your work is kept on this laptop.")


class SyncBanner(QFrame):
    sign_in_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pauseBanner")
        self.kind: str | None = None
        self.text = QLabel()
        self.text.setObjectName("pauseText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.sign_in = QPushButton(self.tr("Sign in again…"))
        self.sign_in.setObjectName("signInAgain")
        self.sign_in.clicked.connect(self.sign_in_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.sign_in)
        self.hide()

    def show_pause(self, kind: str, _message: str = "") -> None:
        self.kind = kind
        self.text.setText(translate("SyncBanner", TOO_OLD if kind == "too_old" else SIGN_IN))
        self.sign_in.setVisible(kind == "auth")
        self.show()

    def clear(self) -> None:
        self.kind = None
        self.hide()
