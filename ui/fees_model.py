"""``FeeLinesModel``: the fee statement's event lines as a Qt table (expected against actual).

A thin adapter over ``app.fee_statement.FeeStatement``: it holds the statement and answers
``data()`` from it, never doing I/O. The "actual" columns stay blank until the event's
register has been submitted, as on the printed statement.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.fee_statement import EventFee, FeeStatement, GroupFees
from app.fees import pounds

COLUMNS = ("Group", "Event", "Date", "Group size", "People", "Expected", "Actual", "Note")
TIPS = {
    "Group size": "Expected (enrolled) / actual (on the submitted register); sets the "
                  "facilitation band",
    "People": "Expected (enrolled) / actual (attended, with walk-ins); £25 each for hosting",
    "Expected": "Hosting plus facilitation, from enrolment and the facilitators assigned",
    "Actual": "From the submitted register; blank until it is submitted",
}
RIGHT = {"Group size", "People", "Expected", "Actual"}
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def _pair(expected: int, actual: int | None) -> str:
    return f"{expected} / {actual if actual is not None else '–'}"


def cell_text(group: GroupFees, fee: EventFee, column: str) -> str:
    if column == "Group":
        return group.group_code
    if column == "Event":
        return f"{fee.number}. {fee.title}"
    if column == "Date":
        return fee.date.strftime("%a %d %b %Y") if fee.date else "Not chosen"
    if column == "Group size":
        return _pair(fee.expected_group_size, fee.actual_group_size)
    if column == "People":
        return _pair(fee.expected_group_size, fee.actual_people)
    if column == "Expected":
        return pounds(fee.expected_pence)
    if column == "Actual":
        return pounds(fee.actual_pence) if fee.actual_pence is not None else ""
    return fee.note or ("" if fee.submitted else "Register not submitted yet")


class FeeLinesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[tuple[GroupFees, EventFee]] = []

    def set_statement(self, statement: FeeStatement) -> None:
        self.beginResetModel()
        self._lines = [(g, e) for g in statement.groups for e in g.events]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        group, fee = self._lines[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(group, fee, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == "Note":
            return cell_text(group, fee, column) or None
        if role == EVENT_ID_ROLE:
            return fee.event_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return TIPS.get(COLUMNS[section])
        return None
