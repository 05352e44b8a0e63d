"""The one "what changed" signal of a signed-in window (after Anki's ``OpChanges``).

A page that saves something says what it changed, once, through the hub:

    hub.announce(Changes.saved_here(marks=True), initiator=self)

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

import weakref
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

    def announce(self, changes: Changes, initiator: object | None = None) -> None:
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
        hub.announce(changes, initiator)


class RefreshWhenShown(QObject):
    """Refreshes ``page`` at once while it is visible, else the next time it is shown.

    A child of the page that holds it only through Qt (its parent) and a weak reference to
    ``refresh``: the page keeps this helper, so a strong reference back would make a cycle
    that the garbage collector could clear while Qt still sends it events."""

    def __init__(self, page: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(page)
        self._refresh = weakref.WeakMethod(refresh)
        self.stale = False
        page.installEventFilter(self)

    def request(self) -> None:
        page = self.parent()
        if isinstance(page, QWidget) and page.isVisible():
            self._run()
        else:
            self.stale = True

    def _run(self) -> None:
        self.stale = False
        refresh = self._refresh()
        if refresh is not None:
            refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.stale and event.type() == QEvent.Type.Show and watched is self.parent():
            self._run()
        return False
