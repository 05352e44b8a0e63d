"""The QA lead's table: one row per facilitator assigned to them, most urgent first.

A thin adapter over ``app.forms.views.QaWorkspace``; ``data()`` only formats.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from app.forms.views import DueState, FacilitatorQa
from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.qa_cycle import (
    ITEM_COLUMNS,
    STATE_COLOURS,
    column_title,
    find_item,
    item_text,
    item_tip,
    next_due_text,
    session_text,
)
from ui.rows_model import Index, RowsModel

FACILITATOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Marked only: headers() shows them in the user's language (the cycle's titles are QaCycle's).
HEADERS = (QT_TRANSLATE_NOOP("QaWorkspaceModel", "Facilitator"),
           QT_TRANSLATE_NOOP("QaWorkspaceModel", "First session"),
           *(c[2] for c in ITEM_COLUMNS),
           QT_TRANSLATE_NOOP("QaWorkspaceModel", "Next due"))


def headers() -> tuple[str, ...]:
    """The column headings, translated when the model is made."""
    return (translate("QaWorkspaceModel", HEADERS[0]),
            translate("QaWorkspaceModel", HEADERS[1]),
            *(column_title(c) for c in ITEM_COLUMNS),
            translate("QaWorkspaceModel", HEADERS[-1]))


class QaWorkspaceModel(RowsModel[FacilitatorQa]):
    def __init__(self, today: dt.date) -> None:
        super().__init__(headers())
        self.today = today

    def set_rows(self, rows: list[FacilitatorQa], today: dt.date) -> None:
        self.beginResetModel()
        self.rows, self.today = rows, today
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == FACILITATOR_ID_ROLE:
            return row.facilitator_id
        item = (find_item(row, *ITEM_COLUMNS[column - 2][:2])
                if 2 <= column < 2 + len(ITEM_COLUMNS) else None)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return row.name
            if column == 1:
                return session_text(row.first_session)
            if item is not None or column < len(HEADERS) - 1:
                return item_text(item, compact=role == Qt.ItemDataRole.DisplayRole)
            return next_due_text(row, self.today)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1 and row.first_session is not None:
                return f"{row.first_session.title}, {row.first_session.venue_name}"
            return item_tip(item) if item else None
        if role == Qt.ItemDataRole.ForegroundRole and item is not None:
            colour = STATE_COLOURS.get(item.state)
            return theme.brush(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole:
            overdue = item is not None and item.state is DueState.OVERDUE
            if column == 0 or overdue:
                font = QFont()
                font.setBold(True)
                return font
        return None

    def row_of(self, facilitator_id: str) -> int:
        return next((i for i, r in enumerate(self.rows)
                     if r.facilitator_id == facilitator_id), -1)
