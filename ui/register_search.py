"""Finding someone on the register: the search box and the line under it saying what the
keys do, the rows a search keeps (in the register's order), and what the register says
in the table's place when nobody matches.

The matching is ``app.names.matches`` (accents, case, apostrophes and hyphens ignored; the
given or the family name, or both as typed), the order ``app.names.register_sort_key``
through the model's ``SORT_ROLE``: the printed sheet's order.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain import RegisterRow
from app.names import matches, typed_name
from ui.announce import say
from ui.i18n import translate
from ui.register_keys import hint, spoken_hint
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
        # Enter in the search box does it; Tab reaches it too, a click leaves focus be
        self.button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
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
            say(announce_to, self.message.text())

    @property
    def typed(self) -> str:
        return self._typed


class RegisterSearch(QObject):
    """The search box (``box``), the keys' line under it (``hint``) and ``no_match``, over
    the view's ``proxy`` and ``table``: typing filters, Enter goes to the first match (or,
    when nobody matches, to the walk-in form), Down and Esc go back to the table."""

    first_match = Signal()  # Enter, with someone matching
    add_walk_in = Signal(str)  # Enter or the button, with nobody matching: what was typed
    back = Signal()  # Down or Esc: to the table
    left = Signal()  # the box lost the keyboard

    def __init__(self, proxy: RegisterFilter, table: QWidget, can_mark: bool,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._proxy, self._table, self._can_mark = proxy, table, can_mark
        self.box = QLineEdit()
        self.box.setObjectName("nameFilter")
        self.box.setAccessibleName(translate("RegisterSearch", "Find a name on the register"))
        self.box.setPlaceholderText(translate("RegisterSearch", "Find a name…  (Ctrl+F)"))
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self._changed)
        self.box.returnPressed.connect(self._enter)
        self.box.installEventFilter(self)
        self.hint = QLabel()
        self.hint.setObjectName("keysHint")  # one line: the box widens to it if need be
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.no_match = NoMatch(can_mark)
        self.no_match.add_walk_in.connect(self.add_walk_in)
        table.setAccessibleDescription(spoken_hint(can_mark))
        self._show_hint()

    def find(self) -> None:
        """Ctrl+F: the box, its text selected to be typed over."""
        self.box.setFocus()
        self.box.selectAll()

    def type(self, text: str, more: bool) -> None:
        """Letters typed in the table: the box takes them, and the keyboard."""
        self.box.setFocus()
        self.box.setText(self.box.text() + text if more else text)

    def update(self) -> None:
        """Nobody matches what was typed: say so in the table's place (announced once).
        Also after the register reloads, when someone may have come to match."""
        query = self._proxy.query.strip()
        if query and self._proxy.rowCount() == 0:
            announce = not self.no_match.isVisible()
            self._table.hide()
            self.no_match.show_for(query, self.box if announce else None)
        else:
            self.no_match.hide()
            self._table.show()

    def _changed(self, text: str) -> None:
        self._proxy.set_query(text)
        self.update()

    def _enter(self) -> None:
        if self.no_match.isVisible():
            self.add_walk_in.emit(self.no_match.typed)
        else:
            self.first_match.emit()

    def _show_hint(self) -> None:
        self.hint.setText(hint(self._can_mark, self.box.hasFocus()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.box.clear()
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Escape):
                self.back.emit()
                return True
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._show_hint()
            if event.type() == QEvent.Type.FocusOut:
                self.left.emit()
        return super().eventFilter(watched, event)
