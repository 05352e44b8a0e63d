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
from ui.i18n import QT_TRANSLATE_NOOP, translate

# Column names double as keys (English); headers and tips are translated where shown.
COLUMNS = (
    QT_TRANSLATE_NOOP("FeeLinesModel", "Group"),
    QT_TRANSLATE_NOOP("FeeLinesModel", "Event"),
    QT_TRANSLATE_NOOP("FeeLinesModel", "Date"),
    QT_TRANSLATE_NOOP("FeeLinesModel", "Group size"),
    QT_TRANSLATE_NOOP("FeeLinesModel", "People"),
    QT_TRANSLATE_NOOP("FeeLinesModel", "Expected"),
    QT_TRANSLATE_NOOP("FeeLinesModel", "Actual"),
    QT_TRANSLATE_NOOP("FeeLinesModel", "Note"),
)
TIPS = {
    "Group size": QT_TRANSLATE_NOOP(
        "FeeLinesModel",
        "Expected (enrolled) / actual (on the submitted register); sets the facilitation band"),
    "People": QT_TRANSLATE_NOOP(
        "FeeLinesModel",
        "Expected (enrolled) / actual (attended, with walk-ins); £25 each for hosting"),
    "Expected": QT_TRANSLATE_NOOP(
        "FeeLinesModel",
        "Hosting plus facilitation, from enrolment and the facilitators assigned"),
    "Actual": QT_TRANSLATE_NOOP(
        "FeeLinesModel", "From the submitted register; blank until it is submitted"),
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
        return (fee.date.strftime("%a %d %b %Y") if fee.date
                else translate("FeeLinesModel", "Not chosen"))
    if column == "Group size":
        return _pair(fee.expected_group_size, fee.actual_group_size)
    if column == "People":
        return _pair(fee.expected_group_size, fee.actual_people)
    if column == "Expected":
        return pounds(fee.expected_pence)
    if column == "Actual":
        return pounds(fee.actual_pence) if fee.actual_pence is not None else ""
    return fee.note or ("" if fee.submitted
                        else translate("FeeLinesModel", "Register not submitted yet"))


def spoken_text(group: GroupFees, fee: EventFee, column: str) -> str:
    """What a screen reader says for a cell: its text, with the blanks and dashes that
    only look like 'not yet' said in words."""
    if column == "Actual" and fee.actual_pence is None:
        return translate("FeeLinesModel", "not known until the register is submitted")
    text = cell_text(group, fee, column)
    if text.endswith(" / –"):
        return translate("FeeLinesModel", "{expected} expected, actual not known yet").format(
            expected=text.removesuffix(" / –"))
    return text


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
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return spoken_text(group, fee, column)
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
            return translate("FeeLinesModel", COLUMNS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = TIPS.get(COLUMNS[section])
            return translate("FeeLinesModel", tip) if tip else None
        return None
