"""Finding someone on the register: the rows a search keeps, in the register's order, and
what the register says when nobody matches.

The matching is ``app.names.matches`` (accents, case, apostrophes and hyphens ignored; the
given or the family name, or both as typed), the order ``app.names.register_sort_key``
through the model's ``SORT_ROLE``: the printed sheet's order.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain import RegisterRow
from app.names import matches, typed_name
from ui.register_model import ROW_ROLE, SORT_ROLE, Column

Index = QModelIndex | QPersistentModelIndex


class RegisterFilter(QSortFilterProxyModel):
    """The register's rows that match what was typed in the search box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self.setSortRole(SORT_ROLE)

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._query.strip():
            return True
        model = self.sourceModel()
        row = model.data(model.index(source_row, Column.NAME, source_parent), ROW_ROLE)
        return isinstance(row, RegisterRow) and matches(self._query, row.given_name,
                                                        row.family_name)


class NoMatch(QFrame):
    """Shown in the table's place when a search finds nobody: says so, and offers to record
    the person as a walk-in with what was typed (Enter in the search box does the same)."""

    add_walk_in = Signal(str)  # what was typed

    def __init__(self, can_mark: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noMatch")
        self._typed = ""
        self._can_mark = can_mark
        self.message = QLabel()
        self.message.setObjectName("noMatchMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton()
        self.button.setObjectName("noMatchWalkIn")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter in the search box does it
        self.button.clicked.connect(lambda: self.add_walk_in.emit(self._typed))
        self.button.setVisible(can_mark)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(self.message)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.hide()

    def show_for(self, typed: str, announce_to: QWidget | None = None) -> None:
        """Say that nobody on the register matches ``typed`` (and, to a screen reader,
        from ``announce_to``, the widget with the keyboard)."""
        self._typed = typed.strip()
        given, family = typed_name(self._typed)
        name = " ".join(part for part in (given, family) if part)
        self.message.setText(self.tr("Nobody on this register matches “{typed}”. Check the "
                                     "spelling, or add them as a walk-in.").format(
            typed=self._typed) if self._can_mark else self.tr(
            "Nobody on this register matches “{typed}”.").format(typed=self._typed))
        self.button.setText(self.tr("Add {name} as a walk-in (Enter)").format(name=name))
        self.button.setAccessibleName(self.button.text())
        self.show()
        if announce_to is not None:
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(
                announce_to, self.message.text()))

    @property
    def typed(self) -> str:
        return self._typed
