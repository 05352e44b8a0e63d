"""A read-only table model over a list of plain rows with fixed column headers: the part
every such table shares (row and column counts, horizontal headers and what each header
explains when pointed at). Subclasses say what a
cell shows (``data``) and set ``rows``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RowsModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, headers: Sequence[str], parent: QObject | None = None, *,
                 tips: Sequence[str | None] = ()) -> None:
        """``tips``: each header's tooltip, translated, by column (None or short: none)."""
        super().__init__(parent)
        self.headers = tuple(headers)
        self.tips = tuple(tips)
        self.rows: list[Row] = []

    def row_at(self, index: Index) -> Row | None:
        """The row behind ``index``, or None for an index that names none."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= section < len(self.tips):
            return self.tips[section]
        return None
