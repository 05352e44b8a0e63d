"""A thin Qt table model over a plain-Python ``app.domain.Register``.

``data()`` only reads the rows it holds; it never does I/O and never raises.
"""

from __future__ import annotations

import dataclasses
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
from app.names import listed_name, register_sort_key, split_name
from ui import theme
from ui.conflict_panel import conflict_summary
from ui.i18n import translate
from ui.icons import icon
from ui.register_columns import CONTEXT, HEADER_TIPS, Column, header_text, sync_text
from ui.register_columns import SYNC_TEXT as SYNC_TEXT  # where the tests have read it
from ui.risk_words import RISK_MARK, risk_text

Index = QModelIndex | QPersistentModelIndex

CANDIDATE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2  # MarkStatus | None (committed)
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # the Name column: the paper's order, as a rank
ROW_ROLE = Qt.ItemDataRole.UserRole + 5  # the RegisterRow itself
PENDING_ROLE = Qt.ItemDataRole.UserRole + 6  # MarkStatus being saved, or None
CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 7  # True when laptops disagree about this mark
NOTE_ROLE = Qt.ItemDataRole.UserRole + 8  # the first line of the person's note, or ""
RISK_ROLE = Qt.ItemDataRole.UserRole + 9  # why the person was at risk coming in, or ""

STATUS_TINTS = {  # theme roles, read at data() time so a scheme change repaints them
    MarkStatus.PRESENT: "tint_present", MarkStatus.LATE: "tint_late",
    MarkStatus.LEFT_EARLY: "tint_left_early", MarkStatus.ABSENT: "tint_absent",
    MarkStatus.APOLOGIES: "tint_apologies", MarkStatus.NOT_APPLICABLE: "tint_not_applicable",
}
CONFLICT_TINT = "warning_tint_hover"  # a theme role


def day_text(row: RegisterRow, start: str = "09:00", end: str = "16:00") -> str:
    """'86%' of the day attended; '' when not attended."""
    span = time_in_room(row.status, row.arrival_time, row.departure_time, start, end)
    return f"{round(100 * span[0] / span[1])}%" if span else ""


def walk_in_row(walk_in: WalkInRow) -> RegisterRow:
    """A walk-in as a register row (not markable; ``candidate_id`` is the walk-in's id),
    its name split as written ("Jones, Ffion" from the walk-in form; "Ffion Jones" typed
    in one piece when transcribing)."""
    given, family = split_name(walk_in.name)
    return RegisterRow(candidate_id=walk_in.id, given_name=given, family_name=family,
                       school=walk_in.school, role="", status=walk_in.status,
                       arrival_time=None, departure_time=None, note="", withdrawn=False,
                       sync_state=walk_in.sync_state, walk_in=True)


def note_text(first_line: str) -> str:
    """'Note: Asked about the assessment': a row's note, as its tooltip and a screen reader
    say it."""
    return translate("RegisterModel", "Note: {text}").format(text=first_line)


class RegisterModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._register: Register | None = None
        self._rows: list[RegisterRow] = []
        self._pending: dict[str, MarkStatus] = {}
        self._rank: dict[str, int] = {}  # each row's place in the register's order
        self._notes: dict[str, str] = {}  # candidate id -> the first line of their note
        self._risks: dict[str, str] = {}  # candidate id -> why they are at risk
        self._icons = {state: icon(state.value) for state in RecordSyncState}
        self._saving_icon = icon("saving")
        self._conflict_icon = icon("conflict")
        self._note_icon = icon("note")

    # --- what the view changes -------------------------------------------------------
    def set_register(self, register: Register | None,
                     notes: dict[str, str] | None = None) -> None:
        """Show ``register``, with who has a note (candidate id -> its first line)."""
        self.beginResetModel()
        self._register = register
        self._rows = list(register.rows) if register else []
        self._rows += [walk_in_row(w) for w in register.walk_ins] if register else []
        ordered = sorted(self._rows, key=lambda r: register_sort_key(
            r.family_name, r.given_name, r.candidate_id, r.walk_in))
        self._rank = {r.candidate_id: n for n, r in enumerate(ordered)}
        self._notes = dict(notes or {})
        self._pending.clear()
        self.endResetModel()

    def set_notes(self, notes: dict[str, str]) -> None:
        """Who has a note changed (one was typed or emptied beside the register)."""
        changed = {c for c in {*notes, *self._notes} if notes.get(c) != self._notes.get(c)}
        self._notes = dict(notes)
        for candidate_id in changed:
            self._row_changed(candidate_id)

    def set_risks(self, risks: dict[str, str]) -> None:
        """Who was at risk coming into this event (candidate id -> the reason in words)."""
        changed = {c for c in {*risks, *self._risks} if risks.get(c) != self._risks.get(c)}
        self._risks = dict(risks)
        for candidate_id in changed:
            self._row_changed(candidate_id)

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
        if role in (NOTE_ROLE, RISK_ROLE):  # the note's first line, or why they are at risk
            return (self._notes if role == NOTE_ROLE else self._risks).get(row.candidate_id, "")
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
            name = self._name(row)
            if reason := self._risks.get(row.candidate_id):
                name = translate("RegisterModel", "{name}, at risk: {reason}").format(
                    name=name, reason=reason)
            if row.candidate_id in self._notes:
                return translate("RegisterModel", "{name}, has a note").format(name=name)
            return name
        elif column == Column.STATUS:
            value = self._status_words(row, pending)
        else:
            value = str(self._display(row, column, pending)
                        or translate("RegisterModel", "blank"))
        return translate("RegisterModel", "{heading}: {value}").format(heading=heading,
                                                                        value=value)

    def _status_words(self, row: RegisterRow, pending: MarkStatus | None) -> str:
        """The status as shown, with "not marked" said where the cell shows "—"."""
        shown = str(self._display(row, Column.STATUS, pending))
        return shown.replace("—", translate("RegisterModel", "not marked"), 1)

    def _spoken_row(self, row: RegisterRow, pending: MarkStatus | None) -> str:
        """The whole row in one sentence (the cell's description), conflicts included."""
        status = self._status_words(row, pending)
        text = f"{row.given_name} {row.family_name}, {row.school}: {status}"
        if row.in_conflict and pending is None:
            text += f". {conflict_summary(row)}"
        if reason := self._risks.get(row.candidate_id):
            text += ". " + risk_text(reason)
        if note := self._notes.get(row.candidate_id):
            text += ". " + note_text(note)
        return text

    # --- helpers --------------------------------------------------------------------------
    def _name(self, row: RegisterRow) -> str:
        name = listed_name(row.given_name, row.family_name)
        if row.walk_in:
            return translate("RegisterModel", "{name}  (walk-in)").format(name=name)
        return name

    def _display(self, row: RegisterRow, column: Column, pending: MarkStatus | None) -> Any:
        if column == Column.NAME:
            name = self._name(row)
            return f"{name}  {RISK_MARK}" if row.candidate_id in self._risks else name
        if column == Column.SCHOOL:
            return row.school
        if column == Column.STATUS:
            if row.withdrawn:
                return translate("RegisterModel", "Withdrawn")
            if row.training_status and pending is None:  # "Deferred from 12 Jan"
                if row.status is None:
                    return row.training_status
                return f"{row.status.label} · {row.training_status}"
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

    def _sort_key(self, row: RegisterRow, column: Column) -> int | str:
        if column == Column.SCHOOL:
            return row.school.casefold()
        if column == Column.STATUS:
            return row.status.value if row.status else ""
        return self._rank.get(row.candidate_id, len(self._rank))  # the paper's order

    def _style(self, row: RegisterRow, column: Column, pending: MarkStatus | None,
               role: int) -> Any:
        note = self._notes.get(row.candidate_id) if column == Column.NAME else None
        reason = self._risks.get(row.candidate_id) if column == Column.NAME else None
        if reason and role == Qt.ItemDataRole.ToolTipRole:
            conflict = row.in_conflict and pending is None
            return "\n".join(([conflict_summary(row)] if conflict else []) + [risk_text(reason)]
                             + ([note_text(note)] if note else []))
        if note and role == Qt.ItemDataRole.DecorationRole:
            return self._note_icon
        if row.in_conflict and pending is None and column in (Column.NAME, Column.STATUS):
            if role == Qt.ItemDataRole.DecorationRole and column == Column.STATUS:
                return self._conflict_icon
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join((conflict_summary(row), *([note_text(note)] if note else [])))
            if role == Qt.ItemDataRole.BackgroundRole:
                return theme.brush(CONFLICT_TINT)
        if note and role == Qt.ItemDataRole.ToolTipRole:
            return note_text(note)
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
                                                       or row.not_applicable
                                                       or row.training_status):
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
