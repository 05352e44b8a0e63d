"""``FeeLinesModel``: the fee statement's event lines as a Qt table (expected against actual).

A thin adapter over ``app.fee_statement.FeeStatement``: it holds the statement and answers
``data()`` from it, never doing I/O. The "actual" columns stay blank until the event's
register has been submitted, as on the printed statement.

"Group size" and "People" show two numbers, expected / actual ("18 / 18"), with "–" for an
actual not known yet. What they are is said wherever a cell can be read: the two-line
column header ("expected / actual"), the legend under the table (``LEGEND``), and each
cell's tooltip and accessible text, in words ("18 expected (enrolled); actual not known
until the register is submitted"). The blank "Actual" cell is explained the same way.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from app.fee_statement import EventFee, FeeStatement, GroupFees
from app.fees import pounds
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.rows_model import Index, RowsModel

# Column names double as keys (English); headers and tips are translated where shown.
# The paired columns' headers have a second line saying which number is which.
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
        "Expected (enrolled) / actual (on the submitted register), “–” until it is submitted; "
        "sets the facilitation band"),
    "People": QT_TRANSLATE_NOOP(
        "FeeLinesModel",
        "Expected (enrolled) / actual (attended, with walk-ins), “–” until the register is "
        "submitted; £25 each for hosting"),
    "Expected": QT_TRANSLATE_NOOP(
        "FeeLinesModel",
        "Hosting plus facilitation, from enrolment and the facilitators assigned"),
    "Actual": QT_TRANSLATE_NOOP(
        "FeeLinesModel", "From the submitted register; blank until it is submitted"),
}
HEADERS = {
    "Group size": QT_TRANSLATE_NOOP("FeeLinesModel", "Group size\nexpected / actual"),
    "People": QT_TRANSLATE_NOOP("FeeLinesModel", "People\nexpected / actual"),
}
LEGEND = QT_TRANSLATE_NOOP(
    "FeeLinesModel",
    "Group size and People show expected / actual: expected from enrolment, actual from the "
    "submitted register. “–” and a blank Actual: not known until the event's register is "
    "submitted.")
PAIRED = {"Group size", "People"}
RIGHT = {"Group size", "People", "Expected", "Actual"}
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOT_YET = "–"  # an actual figure before the register is submitted


def _pair(expected: int, actual: int | None) -> str:
    return f"{expected} / {actual if actual is not None else NOT_YET}"


def header_text(column: str) -> str:
    return translate("FeeLinesModel", HEADERS.get(column, column))


def legend_text() -> str:
    return translate("FeeLinesModel", LEGEND)


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
                        else translate("FeeLinesModel", "Not submitted yet"))


PAIR_TEXTS = {  # column: (the actual figure's field, known, not known yet)
    "Group size": ("actual_group_size",
                   QT_TRANSLATE_NOOP("FeeLinesModel", "Group size: {expected} expected "
                                     "(enrolled), {actual} actual (on the submitted register)"),
                   QT_TRANSLATE_NOOP("FeeLinesModel", "Group size: {expected} expected "
                                     "(enrolled); actual not known until the register is "
                                     "submitted")),
    "People": ("actual_people",
               QT_TRANSLATE_NOOP("FeeLinesModel", "People: {expected} expected (enrolled), "
                                 "{actual} actual (attended, with walk-ins)"),
               QT_TRANSLATE_NOOP("FeeLinesModel", "People: {expected} expected (enrolled); "
                                 "actual not known until the register is submitted")),
}


def explained_text(fee: EventFee, column: str) -> str | None:
    """A paired or not-yet-known cell in words (its tooltip and what a screen reader says);
    None for a cell whose text says it all."""
    if column in PAIR_TEXTS:
        field, known, unknown = PAIR_TEXTS[column]
        actual = getattr(fee, field)
        text = translate("FeeLinesModel", unknown if actual is None else known)
        return text.format(expected=fee.expected_group_size, actual=actual)
    if column == "Actual" and fee.actual_pence is None:
        return translate("FeeLinesModel", "Actual fee: not known until the register is "
                                          "submitted")
    return None


def spoken_text(group: GroupFees, fee: EventFee, column: str) -> str:
    """What a screen reader says for a cell: its text, with the pairs, blanks and dashes
    that only look like 'expected / actual' or 'not yet' said in words."""
    return (explained_text(fee, column) or cell_text(group, fee, column)
            or translate("FeeLinesModel", "No note"))  # a blank cell would be nameless


FeeLine = tuple[GroupFees, EventFee]


class FeeLinesModel(RowsModel[FeeLine]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([header_text(column) for column in COLUMNS], parent,
                         tips=[translate("FeeLinesModel", TIPS[c]) if c in TIPS else None
                               for c in COLUMNS])

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
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "Note":
                return cell_text(group, fee, column) or None
            return explained_text(fee, column)
        if role == EVENT_ID_ROLE:
            return fee.event_id
        return None

