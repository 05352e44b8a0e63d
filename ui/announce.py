"""Saying something to a screen reader without moving the keyboard: a mark recorded, a
search that found nobody. Every announcement goes through ``say``, which posts Qt's
accessibility announcement (polite: it waits for what is being read to finish) and tells
whoever ``listening`` asked, so a test can hear what a person using a screen reader would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

Listener = Callable[[QObject, str], object]  # the object announcing, and what it says
_listeners: list[Listener] = []


def say(source: QObject, text: str) -> None:
    """Announce ``text`` from ``source`` (the widget with the keyboard, or near it)."""
    if not text:
        return
    event = QAccessibleAnnouncementEvent(source, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
    for listener in tuple(_listeners):
        listener(source, text)


@contextmanager
def listening() -> Iterator[list[str]]:
    """What is announced while inside, in order."""
    heard: list[str] = []

    def hear(_source: QObject, text: str) -> None:
        heard.append(text)

    _listeners.append(hear)
    try:
        yield heard
    finally:
        _listeners.remove(hear)
