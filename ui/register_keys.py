"""What a key pressed in the register's table means: one model, said on screen by ``hint``.

- A digit 1–5 marks the selected person at once.
- A command letter (P L A O E mark, W walk-in) acts when it is typed on its own. Followed
  within the platform's keyboard interval (``QApplication.keyboardInputInterval()``, the
  one Qt's own type-ahead uses; 400 ms by default) by another letter, it was the start of
  a name: "paul", "alex", "olu", "emma" search, and nobody is marked.
- Any other letter (of any alphabet) starts the search with itself; the search box then
  has the keyboard, so the rest of the name goes there, until Enter (the first match) or
  Esc (cleared) brings it back to the table.
- Nothing typed here reaches Qt's type-ahead, which jumped to a name.

Any other key (an arrow, Enter, a chord) first lets a held command act, then does what
it does; a key meant for what that command opened (the time after L) goes there.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.domain import MarkStatus
from ui.i18n import translate
from ui.keyboard_focus import typed_text

# One letter and one digit per status, shown on its button.
STATUS_KEYS: dict[MarkStatus, tuple[str, Qt.Key, Qt.Key]] = {
    MarkStatus.PRESENT: ("P", Qt.Key.Key_P, Qt.Key.Key_1),
    MarkStatus.LATE: ("L", Qt.Key.Key_L, Qt.Key.Key_2),
    MarkStatus.ABSENT: ("A", Qt.Key.Key_A, Qt.Key.Key_3),
    MarkStatus.APOLOGIES: ("O", Qt.Key.Key_O, Qt.Key.Key_4),
    MarkStatus.LEFT_EARLY: ("E", Qt.Key.Key_E, Qt.Key.Key_5),
}
STATUS_BY_LETTER = {letter: status for status, (_t, letter, _d) in STATUS_KEYS.items()}
STATUS_BY_DIGIT = {digit: status for status, (_t, _l, digit) in STATUS_KEYS.items()}
WALK_IN_KEY = Qt.Key.Key_W
WALK_IN = "walk-in"  # the held command of W

Command = MarkStatus | str


def hint(can_mark: bool, searching: bool) -> str:
    """The line under the search box that says what the keys do now (short: it fits under
    the box; the digits and W are on the buttons, and in ``spoken_hint``)."""
    if searching:
        return translate("RegisterKeys", "Enter: first match · Esc: clear")
    if not can_mark:
        return translate("RegisterKeys", "Type a name to search")
    return translate("RegisterKeys", "P L A O E mark · type a name to search")


def spoken_hint(can_mark: bool) -> str:
    """The table's description for a screen reader: the whole model in one sentence."""
    if not can_mark:
        return translate("RegisterKeys", "Type a name to search the register. Arrows move "
                                         "between people; Tab goes on past the table.")
    return translate("RegisterKeys",
                     "P, L, A, O or E, or 1 to 5, marks the selected person present, late, "
                     "absent, apologies or left early; W records a walk-in; a name typed "
                     "here goes to the search box and marks nobody. Arrows move between "
                     "people; Tab goes on to the buttons.")


class RegisterKeys(QObject):
    """Reads the table's key presses (``handle``) and says what they mean by its signals;
    the register view decides what that does."""

    mark = Signal(object)  # MarkStatus: mark the selected person
    walk_in = Signal()
    search = Signal(str, bool)  # the text typed, and whether it continues the search

    def __init__(self, table: QWidget, can_mark: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table, self._can_mark = table, can_mark
        self._held: tuple[Command, str] | None = None  # a command letter and its text
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.act)
        self._since_search = QElapsedTimer()  # letters typed close together are one name
        table.installEventFilter(self)
        viewport = getattr(table, "viewport", None)
        if viewport is not None:
            viewport().installEventFilter(self)

    @staticmethod
    def interval_ms() -> int:
        return QApplication.keyboardInputInterval()

    def holding(self) -> bool:
        return self._held is not None

    def handle(self, event: QKeyEvent) -> bool:
        """A key pressed in the table: True when it was taken here."""
        text = typed_text(event)
        if self._held is not None:
            if text and not text.isdigit():  # a second letter: it was a name
                held_text = self._held[1]
                self.drop()
                self._start_search(held_text + text, more=False)
                return True
            focus = QApplication.focusWidget()
            self.act()
            moved = QApplication.focusWidget()
            if moved is not focus and moved is not None:  # L opened the time: type there
                QApplication.sendEvent(moved, _copy(event))
                return True
        if text and self._typing_a_name():
            self._start_search(text, more=True)
            return True
        command = self._command(event, text)
        if isinstance(command, MarkStatus) and text.isdigit():
            self.mark.emit(command)
            return True
        if command is not None:
            self._held = (command, text)
            self._timer.start(self.interval_ms())
            return True
        if text.isalpha():
            self._start_search(text, more=False)
            return True
        return bool(text)  # other digits, a space, "!": nothing (never Qt's type-ahead)

    def act(self) -> None:
        """The held command letter was typed on its own: do it now."""
        held, self._held = self._held, None
        self._timer.stop()
        if held is None:
            return
        if held[0] == WALK_IN:
            self.walk_in.emit()
        else:
            self.mark.emit(held[0])

    def drop(self) -> None:
        """Forget a held command (another register was opened)."""
        self._held = None
        self._timer.stop()

    def end_search(self) -> None:
        """The search box was left (Enter, Esc, a click): the next letter in the table is
        a key again."""
        self._since_search.invalidate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The table's keys; a click in it, or the keyboard leaving it, lets a held command
        act first, on the row it was typed for."""
        if (watched is self._table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)):
            return self.handle(event)
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                            QEvent.Type.FocusOut):
            self.act()
        return False

    def _command(self, event: QKeyEvent, text: str) -> Command | None:
        if not self._can_mark or not text:
            return None
        key = Qt.Key(event.key())
        if text.isdigit():
            return STATUS_BY_DIGIT.get(key)
        return WALK_IN if key == WALK_IN_KEY else STATUS_BY_LETTER.get(key)

    def _typing_a_name(self) -> bool:
        """A letter reached the table while a name is still being typed (the keyboard
        had not yet moved to the search box): it belongs to the name."""
        return (self._since_search.isValid()
                and self._since_search.elapsed() < self.interval_ms())

    def _start_search(self, text: str, *, more: bool) -> None:
        self._since_search.start()
        self.search.emit(text, more)


def _copy(event: QKeyEvent) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers(), event.text(),
                     event.isAutoRepeat(), event.count())
