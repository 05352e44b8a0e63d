"""Who keeps the keyboard when a view reloads behind the user's back, as when a sync lands:
the view may take it back only if nobody is typing somewhere else; what a key press
types, as opposed to what it commands; and that Tab leaves a table or list (arrows move
inside it), so a keyboard user is never walked through every cell."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

# where a keystroke is text: focus there is never taken away by a reload
TYPING_WIDGETS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)


def may_take_focus(view: QWidget, target: QWidget, busy: Iterable[QWidget | None]) -> bool:
    """True when ``target`` (inside ``view``) may take the keyboard after a reload: the view
    is on screen (not on another tab), and the keyboard is nowhere, already on ``target``,
    on something outside the view that is not a text box, or inside the view but not in
    one of its ``busy`` parts (a search box, an open editor). The keyboard is the window's
    own, so a user who switched to another program finds it where they left it."""
    if not view.isVisible():
        return False
    owner = view.window().focusWidget()
    if owner is None or owner is target:
        return True
    if not view.isAncestorOf(owner):
        return not isinstance(owner, TYPING_WIDGETS)
    return not any(w is not None and w.isVisible() and (w is owner or w.isAncestorOf(owner))
                   for w in busy)


def typed_text(event: QKeyEvent) -> str:
    """What a key press types (a letter, a digit, an apostrophe, a space), or '' for a key
    that types nothing: an arrow, Enter, a Ctrl or Alt chord. AltGr's letters ("ó" on a
    Polish keyboard arrives as Ctrl+Alt on Windows) and the keypad's digits are text."""
    text = event.text()
    if len(text) != 1 or not text.isprintable():
        return ""
    held = event.modifiers()
    ctrl = bool(held & Qt.KeyboardModifier.ControlModifier)
    alt = bool(held & Qt.KeyboardModifier.AltModifier)
    if held & Qt.KeyboardModifier.MetaModifier or ctrl != alt:
        return ""
    return text


def leave_on_tab(*views: QAbstractItemView) -> None:
    """Tab and Shift+Tab move from each of ``views`` to the next or previous control;
    the arrows move between its rows and cells. (A ``QTableView`` takes Tab for its own
    cells by default: Tab walked every cell of a table and wrapped round, never leaving.)"""
    for view in views:
        view.setTabKeyNavigation(False)
