"""Re-size a widget when its font changes: the style sheet's font sizes follow the
desktop's font (``ui.style.render``), so a size in pixels measured from the text has to be
measured again when the text grows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class FontWatch(QObject):
    """Calls ``resize(widget)`` after each font or style change of ``widget``
    (the caller sizes it once itself); a child of the widget, gone with it."""

    def __init__(self, widget: QWidget, resize: Callable[[Any], None]) -> None:
        super().__init__(widget)
        self._resize = resize
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._resize(watched)
        return False
