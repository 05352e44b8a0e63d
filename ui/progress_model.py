"""``ProgressModel``: a group's progress lines (``app.progress.CandidateProgress``) as a Qt
table. A thin adapter: it holds the rows and answers ``data()`` from them, no I/O.

At risk is said in words (the reason, in its own column, its tooltip and what a screen
reader hears), and the line is tinted as well, never by colour alone. Each column has a sort
key (``SORT_ROLE``): numbers sort as numbers, "no days held yet" sorts first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from app.names import paper_sort_key
from app.progress import CandidateProgress
from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.rows_model import Index, RowsModel

COLUMNS = (
    QT_TRANSLATE_NOOP("ProgressModel", "Name"),
    QT_TRANSLATE_NOOP("ProgressModel", "School"),
    QT_TRANSLATE_NOOP("ProgressModel", "Days attended"),
    QT_TRANSLATE_NOOP("ProgressModel", "Share of hours"),
    QT_TRANSLATE_NOOP("ProgressModel", "Status"),
    QT_TRANSLATE_NOOP("ProgressModel", "At risk"),
)
TIPS = {
    "Days attended": QT_TRANSLATE_NOOP(
        "ProgressModel", "Face-to-face days attended (present, late or left early) of the "
                         "days held so far"),
    "Share of hours": QT_TRANSLATE_NOOP(
        "ProgressModel", "Share of the face-to-face hours held so far, from arrival and "
                         "departure times"),
    "At risk": QT_TRANSLATE_NOOP(
        "ProgressModel", "Below the participation threshold, or two events missed running"),
}
NAME, SCHOOL, DAYS, SHARE, STATUS, RISK = range(len(COLUMNS))
RIGHT = {DAYS, SHARE}
CANDIDATE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
AT_RISK_TINT = "danger_tint"  # theme roles (ui/theme_colours.py), as the dashboard's
AT_RISK_TEXT = "danger_tint_text"


def cell_text(row: CandidateProgress, column: int) -> str:
    if column == NAME:
        return row.name
    if column == SCHOOL:
        return row.school
    if column == DAYS:
        return f"{row.days_attended} / {row.days_held}"
    if column == SHARE:
        return "–" if row.share is None else f"{row.share} %"
    if column == STATUS:
        return row.status_label
    return row.risk.text if row.risk is not None else ""


def spoken_text(row: CandidateProgress, column: int) -> str:
    """What a screen reader says: the pairs and dashes in words."""
    if column == DAYS:
        return translate("ProgressModel", "{attended} of {held} days attended").format(
            attended=row.days_attended, held=row.days_held)
    if column == SHARE and row.share is None:
        return translate("ProgressModel", "No face-to-face hours held yet")
    if column == SHARE:
        return translate("ProgressModel", "{share} % of face-to-face hours").format(
            share=row.share)
    if column == RISK:
        return (translate("ProgressModel", "At risk: {reason}").format(reason=row.risk.text)
                if row.risk is not None else translate("ProgressModel", "Not at risk"))
    return cell_text(row, column)


def sort_key(row: CandidateProgress, column: int) -> Any:
    if column == NAME:  # the paper's order: accents folded, family name first
        # one string (Qt compares strings, not tuples); \x01 sorts before any letter
        return "\x01".join(paper_sort_key(row.family_name, row.given_name, row.candidate_id))
    if column == DAYS:
        return row.days_attended * 1000 + row.days_held
    if column == SHARE:
        return -1 if row.share is None else row.share
    if column == RISK:  # at risk first when ascending, then by the reason
        return f"0 {row.risk.text}" if row.risk is not None else "1"
    return cell_text(row, column).casefold()


class ProgressModel(RowsModel[CandidateProgress]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([translate("ProgressModel", c) for c in COLUMNS], parent,
                         tips=[translate("ProgressModel", TIPS[c]) if c in TIPS else None
                               for c in COLUMNS])
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: tuple[CandidateProgress, ...] | list[CandidateProgress]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return spoken_text(row, column)
        if role == SORT_ROLE:
            return sort_key(row, column)
        if role == CANDIDATE_ID_ROLE:
            return row.candidate_id
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.risk is not None and column in (NAME, RISK):
                return spoken_text(row, RISK)
            return spoken_text(row, column) if column in (DAYS, SHARE) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if row.risk is not None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return theme.brush(AT_RISK_TINT)
            if role == Qt.ItemDataRole.ForegroundRole:
                return theme.brush(AT_RISK_TEXT)
            if role == Qt.ItemDataRole.FontRole and column == RISK:
                return self._bold
        return None

