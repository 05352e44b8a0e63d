"""A thin Qt table model over a plain-Python ``app.domain.Register``.

``data()`` only reads the rows it holds; it never does I/O and never raises.
"""

from __future__ import annotations

import dataclasses
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.domain import (
    MarkStatus,
    RecordSyncState,
    Register,
    RegisterCounts,
    RegisterRow,
    WalkInRow,
    sessions_attended,
    time_in_room,
    times_text,
)
from app.printing.model import paper_sort_key
from ui import theme
from ui.conflict_panel import conflict_summary
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.icons import icon

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    SCHOOL = 1
    STATUS = 2
    ARRIVAL = 3
    DAY = 4
    AM = 5
    PM = 6
    SYNC = 7


CONTEXT = "RegisterModel"  # the translation context of every text in this module
# Marked for extraction only: shown through translate(CONTEXT, …) (header_text, sync_text).
HEADERS = {Column.NAME: QT_TRANSLATE_NOOP("RegisterModel", "Name"),
           Column.SCHOOL: QT_TRANSLATE_NOOP("RegisterModel", "School"),
           Column.STATUS: QT_TRANSLATE_NOOP("RegisterModel", "Status"),
           Column.ARRIVAL: QT_TRANSLATE_NOOP("RegisterModel", "Time"),
           Column.DAY: QT_TRANSLATE_NOOP("RegisterModel", "Day"),
           Column.AM: QT_TRANSLATE_NOOP("RegisterModel", "AM"),
           Column.PM: QT_TRANSLATE_NOOP("RegisterModel", "PM"),
           Column.SYNC: QT_TRANSLATE_NOOP("RegisterModel", "Saved")}
HEADER_TIPS = {
    Column.DAY: QT_TRANSLATE_NOOP("RegisterModel", "Share of the day attended (09:00–16:00)"),
    Column.AM: QT_TRANSLATE_NOOP("RegisterModel",
                                 "Morning session attended (at least half of 09:00–12:30)"),
    Column.PM: QT_TRANSLATE_NOOP("RegisterModel",
                                 "Afternoon session attended (at least half of 13:30–16:00)"),
}

CANDIDATE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2  # MarkStatus | None (committed)
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
FILTER_ROLE = Qt.ItemDataRole.UserRole + 4
ROW_ROLE = Qt.ItemDataRole.UserRole + 5  # the RegisterRow itself
PENDING_ROLE = Qt.ItemDataRole.UserRole + 6  # MarkStatus being saved, or None
CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 7  # True when laptops disagree about this mark
PAPER_SORT_ROLE = Qt.ItemDataRole.UserRole + 8  # the printed sheet's order (accents ignored)

STATUS_TINTS = {  # theme roles, read at data() time so a scheme change repaints them
    MarkStatus.PRESENT: "tint_present", MarkStatus.LATE: "tint_late",
    MarkStatus.LEFT_EARLY: "tint_left_early", MarkStatus.ABSENT: "tint_absent",
    MarkStatus.APOLOGIES: "tint_apologies", MarkStatus.NOT_APPLICABLE: "tint_not_applicable",
}
SYNC_TEXT = {
    RecordSyncState.SAVED: QT_TRANSLATE_NOOP("RegisterModel",
                                             "Saved on this laptop — waiting to send"),
    RecordSyncState.SENT: QT_TRANSLATE_NOOP("RegisterModel",
                                            "Sent — waiting for the central service to confirm"),
    RecordSyncState.CONFIRMED: QT_TRANSLATE_NOOP("RegisterModel",
                                                 "Confirmed by the central service"),
    RecordSyncState.NEEDS_ATTENTION: QT_TRANSLATE_NOOP(
        "RegisterModel", "Not accepted by the central service — see “Needs attention” at the "
                         "bottom of the window"),
}
CONFLICT_TINT = "warning_tint_hover"  # a theme role


def header_text(column: Column) -> str:
    """A column's heading in the user's language."""
    return translate(CONTEXT, HEADERS[column])


def sync_text(state: RecordSyncState) -> str:
    """What a record's saving state means, in the user's language."""
    return translate(CONTEXT, SYNC_TEXT[state])


def walk_ins_text(n: int) -> str:
    """'1 walk-in' / '3 walk-ins' (two sentences, so a language can word each its way)."""
    if n == 1:
        return translate("RegisterModel", "1 walk-in")
    return translate("RegisterModel", "{n} walk-ins").format(n=n)


def counts_lines(counts: RegisterCounts, can_mark: bool = True) -> tuple[str, str]:
    """The live counts as a headline and the rest: ('10 of 18 here (9 present, 1 late)',
    '1 absent · 1 sent apologies · 6 to mark'); someone who only views the register reads
    '6 not marked yet' instead."""
    if counts.total == 0:
        return translate("RegisterModel", "No candidates to show"), ""
    by = counts.by_status
    parts = [translate("RegisterModel", "{n} absent").format(n=by.get(MarkStatus.ABSENT, 0))]
    if by.get(MarkStatus.APOLOGIES):
        parts.append(translate("RegisterModel", "{n} sent apologies").format(
            n=by[MarkStatus.APOLOGIES]))
    if counts.not_applicable:
        parts.append(translate("RegisterModel", "{n} not applicable (enrolled later)").format(
            n=counts.not_applicable))
    if not counts.unmarked:
        parts.append(translate("RegisterModel", "everyone marked"))
    elif can_mark:
        parts.append(translate("RegisterModel", "{n} to mark").format(n=counts.unmarked))
    else:
        parts.append(translate("RegisterModel", "{n} not marked yet").format(n=counts.unmarked))
    if counts.walk_ins:
        parts.append(walk_ins_text(counts.walk_ins))
    return counts.summary(), " · ".join(parts)


def submit_question(counts: RegisterCounts) -> str:
    """'18 on the roster: 15 present, 2 late, 1 absent — submit?'"""
    by = counts.by_status
    parts = [f"{n} {s.label.lower()}" for s in MarkStatus if (n := by.get(s, 0))]
    if counts.unmarked:
        parts.append(translate("RegisterModel", "{n} not marked").format(n=counts.unmarked))
    marks = ", ".join(parts) or translate("RegisterModel", "nobody marked")
    if counts.walk_ins:
        return translate("RegisterModel",
                         "{total} on the roster: {marks}, and {walk_ins} — submit?").format(
            total=counts.total, marks=marks, walk_ins=walk_ins_text(counts.walk_ins))
    return translate("RegisterModel", "{total} on the roster: {marks} — submit?").format(
        total=counts.total, marks=marks)


def day_text(row: RegisterRow, start: str = "09:00", end: str = "16:00") -> str:
    """'86%' of the day attended; '' when not attended."""
    span = time_in_room(row.status, row.arrival_time, row.departure_time, start, end)
    return f"{round(100 * span[0] / span[1])}%" if span else ""


def walk_in_row(walk_in: WalkInRow) -> RegisterRow:
    """A walk-in as a register row (not markable; ``candidate_id`` is the walk-in's id)."""
    given, _, family = walk_in.name.rpartition(" ")
    return RegisterRow(candidate_id=walk_in.id, given_name=given, family_name=family,
                       school=walk_in.school, role="", status=walk_in.status,
                       arrival_time=None, departure_time=None, note="", withdrawn=False,
                       sync_state=walk_in.sync_state, walk_in=True)


def counts_text(counts: RegisterCounts, can_mark: bool = True) -> str:
    """The counts on one line: '10 of 18 here (9 present, 1 late) · 1 absent · … · 6 to mark'."""
    return " · ".join(line for line in counts_lines(counts, can_mark) if line)


class RegisterModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._register: Register | None = None
        self._rows: list[RegisterRow] = []
        self._pending: dict[str, MarkStatus] = {}
        self._icons = {state: icon(state.value) for state in RecordSyncState}
        self._saving_icon = icon("saving")
        self._conflict_icon = icon("conflict")

    # --- what the view changes -------------------------------------------------------
    def set_register(self, register: Register | None) -> None:
        self.beginResetModel()
        self._register = register
        self._rows = list(register.rows) if register else []
        self._rows += [walk_in_row(w) for w in register.walk_ins] if register else []
        self._pending.clear()
        self.endResetModel()

    def set_pending(self, candidate_id: str, status: MarkStatus) -> None:
        self._pending[candidate_id] = status
        self._row_changed(candidate_id)

    def clear_pending(self, candidate_id: str) -> None:
        self._pending.pop(candidate_id, None)
        self._row_changed(candidate_id)

    def apply_row(self, row: RegisterRow) -> None:
        """A committed mark came back from the service: show it as saved."""
        self._pending.pop(row.candidate_id, None)
        for i, old in enumerate(self._rows):
            if old.candidate_id == row.candidate_id:
                self._rows[i] = row
                break
        if self._register is not None:
            self._register = dataclasses.replace(
                self._register, rows=tuple(r for r in self._rows if not r.walk_in))
        self._row_changed(row.candidate_id)

    # --- what the view reads ------------------------------------------------------------
    @property
    def register(self) -> Register | None:
        return self._register

    def counts(self) -> RegisterCounts:
        return self._register.counts() if self._register else RegisterCounts(total=0)

    def row_of(self, candidate_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.candidate_id == candidate_id), -1)

    def row_at(self, row: int) -> RegisterRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return header_text(Column(section))
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = HEADER_TIPS.get(Column(section))
            return translate(CONTEXT, tip) if tip else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        pending = self._pending.get(row.candidate_id)
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column, pending)
        if role == CANDIDATE_ID_ROLE:
            return row.candidate_id
        if role == STATUS_ROLE:
            return row.status
        if role == PENDING_ROLE:
            return pending
        if role == ROW_ROLE:
            return row
        if role == CONFLICT_ROLE:
            return row.in_conflict
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == PAPER_SORT_ROLE:  # a string: Qt compares it; \x01 keeps tuple order
            return ("1" if row.walk_in else "0") + "\x01".join(
                paper_sort_key(row.family_name, row.given_name, row.candidate_id))
        if role == FILTER_ROLE:
            return f"{row.given_name} {row.family_name} {row.school}".casefold()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(row, column, pending)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self._spoken_row(row, pending)
        return self._style(row, column, pending, role)

    # --- for screen readers: words instead of dots, icons and colours ---------------------
    def _spoken(self, row: RegisterRow, column: Column, pending: MarkStatus | None) -> str:
        """What a screen reader says for a cell: its column and its value in words."""
        heading = {Column.AM: translate("RegisterModel", "Morning"),
                   Column.PM: translate("RegisterModel", "Afternoon"),
                   Column.ARRIVAL: translate("RegisterModel", "Time"),
                   Column.DAY: translate("RegisterModel", "Day")}.get(column)
        heading = heading or header_text(column)
        if column == Column.SYNC:
            value = translate("RegisterModel", "Saving") if pending is not None else (
                sync_text(row.sync_state) if row.sync_state
                else translate("RegisterModel", "Not marked yet"))
        elif column in (Column.AM, Column.PM):
            shown = self._display(row, column, pending)
            value = {"●": translate("RegisterModel", "attended"),
                     "○": translate("RegisterModel", "not attended")}.get(
                shown, translate("RegisterModel", "not known yet"))
        elif column == Column.NAME:
            return str(self._display(row, column, pending))
        else:
            value = str(self._display(row, column, pending)
                        or translate("RegisterModel", "blank"))
        return translate("RegisterModel", "{heading}: {value}").format(heading=heading,
                                                                        value=value)

    def _spoken_row(self, row: RegisterRow, pending: MarkStatus | None) -> str:
        """The whole row in one sentence (the cell's description), conflicts included."""
        status = self._display(row, Column.STATUS, pending)
        text = f"{row.given_name} {row.family_name}, {row.school}: {status}"
        if row.in_conflict and pending is None:
            text += f". {conflict_summary(row)}"
        return text

    # --- helpers --------------------------------------------------------------------------
    def _display(self, row: RegisterRow, column: Column, pending: MarkStatus | None) -> Any:
        if column == Column.NAME:
            if row.walk_in:
                return translate("RegisterModel", "{name}  (walk-in)").format(
                    name=f"{row.given_name} {row.family_name}".strip())
            return f"{row.family_name}, {row.given_name}"
        if column == Column.SCHOOL:
            return row.school
        if column == Column.STATUS:
            if row.withdrawn:
                return translate("RegisterModel", "Withdrawn")
            if row.not_applicable and pending is None:
                return translate("RegisterModel", "Not applicable")
            if pending is not None:
                return f"{pending.label}…"
            label = row.status.label if row.status else "—"
            if row.amendment_reason:
                return translate("RegisterModel", "{status} (amended)").format(status=label)
            return label
        if column in (Column.AM, Column.PM) and pending is None:
            am_pm = sessions_attended(row.status, row.arrival_time, row.departure_time)
            return "●" if am_pm[column == Column.PM] else ("○" if row.status else "")
        if column == Column.DAY and pending is None and not row.walk_in:
            return day_text(row)
        if column == Column.ARRIVAL:  # the day's arrival and departure, both when known
            return times_text(row.arrival_time, row.departure_time)
        return ""

    def _sort_key(self, row: RegisterRow, column: Column) -> str:
        if column == Column.SCHOOL:
            return row.school.casefold()
        if column == Column.STATUS:
            return row.status.value if row.status else ""
        name = f"{row.family_name} {row.given_name}".casefold()
        return f"\uffff{name}" if row.walk_in else name  # walk-ins after the roster

    def _style(self, row: RegisterRow, column: Column, pending: MarkStatus | None,
               role: int) -> Any:
        if row.in_conflict and pending is None and column in (Column.NAME, Column.STATUS):
            if role == Qt.ItemDataRole.DecorationRole and column == Column.STATUS:
                return self._conflict_icon
            if role == Qt.ItemDataRole.ToolTipRole:
                return conflict_summary(row)
            if role == Qt.ItemDataRole.BackgroundRole:
                return theme.brush(CONFLICT_TINT)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.SYNC:
            if pending is not None:
                return self._saving_icon
            return self._icons.get(row.sync_state) if row.sync_state else None
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.SYNC:
            if pending is not None:
                return translate("RegisterModel", "Saving…")
            if row.sync_state:
                return sync_text(row.sync_state)
            return translate("RegisterModel", "Not marked yet")
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.STATUS:
            status = pending or row.status
            return theme.brush(STATUS_TINTS[status]) if status else None
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.STATUS:
            if row.amendment_reason:
                return translate("RegisterModel", "Amended after submission: {reason}").format(
                    reason=row.amendment_reason)
            if row.not_applicable:
                return translate("RegisterModel",
                                 "Enrolled after this event: not on this register's count")
            if row.moved:
                return translate("RegisterModel",
                                 "Since moved to another group; kept on this register")
        if role == Qt.ItemDataRole.ForegroundRole and column in (Column.AM, Column.PM):
            return theme.brush("success_text")
        if role == Qt.ItemDataRole.ForegroundRole and (row.withdrawn or pending
                                                       or row.not_applicable):
            return theme.brush("text_muted")
        if role == Qt.ItemDataRole.FontRole and column == Column.STATUS and row.status:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                Column.SYNC, Column.DAY, Column.AM, Column.PM):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _row_changed(self, candidate_id: str) -> None:
        i = self.row_of(candidate_id)
        if i >= 0:
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(Column) - 1))
