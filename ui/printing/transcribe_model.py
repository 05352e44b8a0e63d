"""The rows of a paper register being typed in, in the printed order.

``open_for_transcribing`` runs on a worker: it finds the sheet (scanned QR payload, typed
sheet code, or a chosen event) and the marks already on this laptop. ``TranscribeModel``
adapts the result for a table; ``data()`` never does I/O.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.domain import MarkStatus, RegisterRow, times_text
from app.printing.lookup import open_sheet
from app.printing.model import PaperRegister, load_paper_register
from app.registers import RegisterService
from app.store import Store
from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.register_model import STATUS_TINTS

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NUMBER = 0
    CODE = 1
    NAME = 2
    SCHOOL = 3
    MARK = 4
    TIME = 5


HEADERS = {  # marked only: headerData shows them through translate()
    Column.NUMBER: QT_TRANSLATE_NOOP("TranscribeModel", "No."),
    Column.CODE: QT_TRANSLATE_NOOP("TranscribeModel", "Code"),
    Column.NAME: QT_TRANSLATE_NOOP("TranscribeModel", "Name (as on the sheet)"),
    Column.SCHOOL: QT_TRANSLATE_NOOP("TranscribeModel", "School"),
    Column.MARK: QT_TRANSLATE_NOOP("TranscribeModel", "Mark"),
    Column.TIME: QT_TRANSLATE_NOOP("TranscribeModel", "Time"),
}


@dataclass(frozen=True)
class Line:
    """One printed row and what this laptop holds for it."""

    number: int
    code: str
    candidate_id: str
    name: str  # "Hughes, Siân", as printed
    school: str
    status: MarkStatus | None = None
    arrival: str | None = None  # a late arrival's time
    departure: str | None = None  # an early departure's time (a late arrival may have both)
    pending: bool = False  # being saved
    awaiting_reason: bool = False  # typed in, saved once the amendment's reason is given


@dataclass(frozen=True)
class Sheet:
    event_id: str
    title: str  # "NPQSL-AUT26-HALIFAX-2 · Event 2: Leading teaching · Monday 23 November 2026"
    sheet_code: str
    roster_matches: bool  # False: the roster changed since the sheet was printed
    scanned: bool  # opened from a sheet code (True) or chosen from the list (False)
    lines: tuple[Line, ...]
    start_time: str  # "09:00": the first guess for a late arrival's time
    end_time: str
    walk_ins: tuple[str, ...] = ()
    submitted: bool = False  # every mark and walk-in is then an amendment with a reason
    qualification_code: str = ""  # a walk-in's, as the register's walk-in form suggests


def open_for_transcribing(store: Store, registers: RegisterService, *, code: str = "",
                          event_id: str = "") -> Sheet:
    """Runs on a worker. Raises ``NotFoundError`` with a message for the user."""
    now = dt.datetime.now()
    matches = True
    if code.strip():
        match = open_sheet(store, code, now=now)
        paper, matches = match.register, match.roster_matches
    else:
        paper = load_paper_register(store, event_id, printed_at=now)
    register = registers.load(paper.header.event_id)
    marks = {r.candidate_id: r for r in register.rows}
    walk_ins = tuple(w.name for w in register.walk_ins)
    return _sheet(paper, marks, matches, bool(code.strip()), walk_ins,
                  register.submission is not None)


def _sheet(paper: PaperRegister, marks: dict[str, RegisterRow], matches: bool,
           scanned: bool, walk_ins: tuple[str, ...], submitted: bool) -> Sheet:
    h = paper.header
    lines = tuple(_line(row.number, row.code, row.candidate_id, row.name, row.school,
                        marks.get(row.candidate_id)) for row in paper.rows)
    title = f"{h.group_code}  ·  {h.event_heading}  ·  {h.date_text}"
    return Sheet(event_id=h.event_id, title=title, sheet_code=paper.sheet_code,
                 roster_matches=matches, scanned=scanned, lines=lines,
                 start_time=h.start_time, end_time=h.end_time, walk_ins=walk_ins,
                 submitted=submitted, qualification_code=h.qualification_code)


def _line(number: int, code: str, candidate_id: str, name: str, school: str,
          mark: RegisterRow | None) -> Line:
    if mark is None:
        return Line(number, code, candidate_id, name, school)
    return Line(number, code, candidate_id, name, school, mark.status, mark.arrival_time,
                mark.departure_time)


class TranscribeModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[Line] = []

    def set_sheet(self, sheet: Sheet | None) -> None:
        self.beginResetModel()
        self.lines = list(sheet.lines) if sheet else []
        self.endResetModel()

    def line(self, row: int) -> Line:
        return self.lines[row]

    def row_of(self, candidate_id: str) -> int:
        return next((i for i, ln in enumerate(self.lines) if ln.candidate_id == candidate_id),
                    -1)

    def update(self, candidate_id: str, **changes: Any) -> None:
        row = self.row_of(candidate_id)
        if row < 0:
            return
        self.lines[row] = dataclasses.replace(self.lines[row], **changes)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def marked(self) -> int:
        return sum(ln.status is not None and not ln.pending for ln in self.lines)

    # --- Qt -----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(Column):
                return translate("TranscribeModel", HEADERS[Column(section)])
            return None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line, column = self.lines[index.row()], Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(line, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.MARK and \
                line.awaiting_reason:
            return translate("TranscribeModel", "Saved once the reason for changing the "
                                                "submitted register is given")
        if role == Qt.ItemDataRole.BackgroundRole and line.status is not None:
            return theme.brush(STATUS_TINTS.get(line.status, "surface"))
        if role == Qt.ItemDataRole.FontRole and column in (Column.NUMBER, Column.CODE,
                                                          Column.MARK):
            font = QFont()
            font.setBold(column != Column.CODE)
            if column == Column.CODE:
                font.setFamily("DejaVu Sans Mono")
            font.setItalic(line.pending)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.NUMBER,
                                                                    Column.CODE, Column.TIME):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def _display(line: Line, column: Column) -> str:
    if column == Column.NUMBER:
        return str(line.number)
    if column == Column.CODE:
        return line.code
    if column == Column.NAME:
        return line.name
    if column == Column.SCHOOL:
        return line.school
    if column == Column.MARK:
        if line.status is None:
            return "—"
        if line.awaiting_reason:
            return translate("TranscribeModel", "{status} (waiting)").format(
                status=line.status.label)
        return line.status.label + (translate("TranscribeModel", " (saving…)")
                                    if line.pending else "")
    return times_text(line.arrival, line.departure)
