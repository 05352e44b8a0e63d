"""``FeeLinesModel``: the fee statement's event lines as a Qt table (expected against actual).

A thin adapter over ``app.fee_statement.FeeStatement``: it holds the statement and answers
``data()`` from it, never doing I/O. The "actual" columns stay blank until the event's
register has been submitted, as on the printed statement.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from app.fee_statement import EventFee, FeeStatement, GroupFees
from app.fees import pounds
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.rows_model import Index, RowsModel

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


FeeLine = tuple[GroupFees, EventFee]


class FeeLinesModel(RowsModel[FeeLine]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([translate("FeeLinesModel", column) for column in COLUMNS], parent)

    def set_statement(self, statement: FeeStatement) -> None:
        self.beginResetModel()
        self.rows = [(g, e) for g in statement.groups for e in g.events]
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.row_at(index)
        if line is None:
            return None
        group, fee = line
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
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            tip = TIPS.get(COLUMNS[section])
            return translate("FeeLinesModel", tip) if tip else None
        return super().headerData(section, orientation, role)
