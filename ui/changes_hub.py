"""The one "what changed" signal of a signed-in window (after Anki's ``OpChanges``).

A page that saves something says what it changed, once, through the hub:

    hub.emit(Changes.saved_here(marks=True), initiator=self)

and every page subscribed to the hub hears it and refreshes what concerns it (its own
``on_changes``). Sync results come through the same hub. A page subscribes itself in its
constructor, so the window that assembles the pages wires none of their refreshes, and
adding a page adds nothing to the window.

``initiator`` is the object whose write it was (or None, a sync): a page that already shows
its own write (the register after a mark) skips it.

``RefreshWhenShown`` is for pages that are costly to read (a year of groups or fees): one
that is not on screen when a change concerns it re-reads when it is next shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from app.changes import Changes


class Page(Protocol):
    """Anything the hub tells about changes: it refreshes what concerns it."""

    def on_changes(self, changes: Changes, initiator: object | None) -> None: ...


class ChangesHub(QObject):
    changed = Signal(object, object)  # Changes, the initiator (or None)

    def emit(self, changes: Changes, initiator: object | None = None) -> None:
        """Tell every subscriber (nothing is said when nothing changed)."""
        if changes:
            self.changed.emit(changes, initiator)

    def subscribe(self, page: Page) -> None:
        """``page.on_changes`` hears every change from now on (until the page is deleted,
        when it is a Qt object)."""
        self.changed.connect(page.on_changes)


def subscribe(hub: ChangesHub | None, page: Page) -> None:
    """A page built without a hub (on its own, in a test) simply hears nothing."""
    if hub is not None:
        hub.subscribe(page)


def announce(hub: ChangesHub | None, changes: Changes, initiator: object | None) -> None:
    """Say what a write changed, when there is anyone to tell."""
    if hub is not None:
        hub.emit(changes, initiator)


class RefreshWhenShown(QObject):
    """Refreshes ``page`` at once while it is visible, else the next time it is shown."""

    def __init__(self, page: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(page)
        self._page, self._refresh = page, refresh
        self.stale = False
        page.installEventFilter(self)

    def request(self) -> None:
        if self._page.isVisible():
            self.stale = False
            self._refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._page and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._refresh()
        return False
