"""A tab page built the first time it is shown.

A partner lead's Groups, Evaluations and Fees pages import the charts, build tables and
read a year of data; none of that is needed to take a register at 08:45. Each sits behind
a ``LazyPage`` until its tab is first opened (or restored as the current tab at start).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

# What a builder returns: the page, and how it reads the store.
Built = tuple[QWidget, Callable[[], None]]


class LazyPage(QWidget):
    """Holds ``build`` until first shown; then the page it returns fills this widget and
    is read from the store at once (with the reader ``build`` returned beside it)."""

    def __init__(self, build: Callable[[], Built], name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Page")
        self._build: Callable[[], Built] | None = build
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        """The page, built now if it has not been yet."""
        if self.page is None:
            assert self._build is not None
            build, self._build = self._build, None
            page, read = build()
            self.page = page
            self._layout.addWidget(page)
            page.show()  # now, not on the layout's queued show after this event
            self.setFocusProxy(page)
            read()
        return self.page

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure()
        super().showEvent(event)
