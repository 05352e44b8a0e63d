"""A small inline editor for an arrival or departure time: type '0915' or '9:15', Enter."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.announce import say
from ui.font_watch import FontWatch

_TIME = re.compile(r"^\s*(\d{1,2})\s*[:.h]?\s*(\d{2})\s*$")


def parse_time(text: str) -> str | None:
    """'0915', '915', '9:15', '09.15' → '09:15'; anything else → None."""
    match = _TIME.match(text)
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


def rounded(now: dt.datetime, step: int = 5) -> str:
    """``now`` rounded to the nearest ``step`` minutes, as 'HH:MM'."""
    minutes = now.hour * 60 + now.minute + (1 if now.second >= 30 else 0)
    minutes = min(round(minutes / step) * step, 23 * 60 + 59)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _fit_time(edit: QLineEdit) -> None:
    """Room for "00:00" and the padding: 90px at the design's 14pt, more for larger text."""
    edit.setFixedWidth(max(90, edit.fontMetrics().horizontalAdvance("00:00") + 32))


class TimeEditor(QWidget):
    """Hidden until asked; emits ``accepted('HH:MM')`` or ``cancelled``."""

    accepted = Signal(str)
    cancelled = Signal()

    def __init__(self, clock: Callable[[], dt.datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.setObjectName("timeEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._prompt = QLabel()
        self._prompt.setObjectName("timePrompt")
        self._edit = QLineEdit()
        self._edit.setObjectName("timeEdit")
        self._edit.setMaxLength(5)
        _fit_time(self._edit)
        FontWatch(self._edit, _fit_time)
        self._edit.setPlaceholderText("09:15")
        self._edit.returnPressed.connect(self._accept)
        self._edit.textChanged.connect(lambda _text: self._error.setText(""))
        self._edit.installEventFilter(self)
        self._prompt.setBuddy(self._edit)  # the box is named by its question (``ask``)
        self._error: QLabel = QLabel()
        self._error.setObjectName("timeError")
        save = QPushButton(self.tr("Save"))
        save.setObjectName("timeSave")
        save.clicked.connect(self._accept)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        for widget in (self._prompt, self._edit, save, cancel, self._error):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.hide()

    def ask_time(self, name: str, *, arrived: bool) -> None:
        """Ask when ``name`` arrived (late) or left (early)."""
        self.ask(self.tr("What time did {name} arrive?").format(name=name) if arrived
                 else self.tr("What time did {name} leave?").format(name=name))

    def ask(self, prompt: str) -> None:
        """Show ``prompt`` beside the box, which a screen reader names by it."""
        self._prompt.setText(prompt)
        self._edit.setAccessibleName(prompt)
        self._edit.setText(rounded(self._clock()))
        self._error.setText("")
        self.show()
        self._edit.setFocus()
        self._edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._edit and isinstance(event, QKeyEvent)
                and event.type() == QKeyEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape):
            self._cancel()
            return True
        return super().eventFilter(watched, event)

    def _accept(self) -> None:
        value = parse_time(self._edit.text())
        if value is None:
            self._error.setText(self.tr("Type a time like 0915 or 09:15"))
            say(self._edit, self._error.text())
            return
        self.hide()
        self.accepted.emit(value)

    def _cancel(self) -> None:
        self.hide()
        self.cancelled.emit()
