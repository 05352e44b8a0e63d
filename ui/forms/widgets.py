"""Small pieces the form widgets share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property (``problem``) changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class Banner(QFrame):
    """A strip across the top of the editor: a message and, optionally, one action."""

    def __init__(self, name: str, action: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(action) if action else None
        line = QHBoxLayout(self)
        line.setContentsMargins(12, 8, 12, 8)
        line.addWidget(self.text, 1)
        if self.button is not None:
            self.button.setObjectName(f"{name}Button")
            line.addWidget(self.button)
        self.hide()

    def show_text(self, text: str) -> None:
        self.text.setText(text)
        self.setVisible(bool(text))
