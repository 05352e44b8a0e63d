"""A group's attendance as a spreadsheet: its candidates down, its events across.

- ``load_attendance(store, group, as_of)``: the matrix, plain dataclasses read from the
  local store. Rows: the group's candidates in the paper register's order, then its
  walk-ins, marked as such (``app.names.register_sort_key``); columns: the group's
  events by number. Each cell holds the mark, the arrival and departure and the time
  attended, worked out by the register's own rule (``app.domain.time_in_room``). Totals
  per candidate (days attended of days held, hours, share of the hours) and per event
  (present, late, left early, absent, apologies, not marked). An event is *held* as the progress
  view counts it (``app.progress.held_events``: dated on or before ``as_of`` with a mark on
  its register), and a held event is *due* from an enrolled candidate exactly when the
  progress view counts it for them (``ProgressService.group``: enrolled by its day, by the
  enrolment's ``enrolled_on``, and not marked not applicable; not the register's roster
  snapshot, which misses an enrolment that arrived after the register was closed), so the
  two give the same figures; only held events count in the totals. A withdrawn enrolment
  is off the register and owes nothing.
- ``attendance_csv(matrix)``: the long list, one line per candidate and event, UTF-8 with
  a byte-order mark so Excel reads accents right.
- ``attendance_xlsx(matrix)``: a workbook: the matrix (header row and name column frozen,
  totals beside and below) and the long list on a second sheet.
- ``write_attendance(store, group, path)``: either, by the file's suffix, written whole or
  not at all (``app.atomic_file``).

Special requirements are never read here, so they can never reach a spreadsheet. No Qt:
the window calls this from a worker, the command line directly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.atomic_file import write_atomically
from app.domain import MarkStatus, time_in_room, times_text
from app.errors import NotFoundError
from app.names import fold, listed_name, register_sort_key, split_name
from app.progress import ProgressService, held_events
from app.roster import RosterEntry, roster
from app.store import Store
from app.store.models import Attendance, Candidate, Enrolment, Event, Group, WalkIn
from protocol.text import _

if TYPE_CHECKING:  # openpyxl loads when a workbook is first written
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

SUFFIXES = (".xlsx", ".csv")
# The statuses an event's totals count, in the order the totals show them.
COUNTED = (MarkStatus.PRESENT, MarkStatus.LATE, MarkStatus.LEFT_EARLY, MarkStatus.ABSENT,
           MarkStatus.APOLOGIES)


@dataclass(frozen=True)
class EventColumn:
    id: str
    number: int
    title: str
    date: dt.date | None
    start_time: str
    end_time: str
    held: bool  # dated by the export's day, with a mark on its register (as progress counts)

    @property
    def heading(self) -> str:
        """'2. Leading teaching (23 Nov 2026)'."""
        when = (f"{self.date.day} {self.date:%b %Y}" if self.date is not None
                else _("date to be chosen"))
        return f"{self.number}. {self.title} ({when})"


@dataclass(frozen=True)
class Cell:
    """One person at one event."""

    status: MarkStatus | None  # None: not marked (or a mark taken back)
    on_register: bool  # on this event's register at all
    due: bool  # on it and markable: not withdrawn, not enrolled after the event
    held: bool
    withdrawn: bool = False
    arrival: str | None = None
    departure: str | None = None
    minutes: int = 0  # attended, between the event's start and end
    day_minutes: int = 0  # the event's day, start to end

    @property
    def attended(self) -> bool:
        return self.status is not None and self.status.attended

    @property
    def counts(self) -> bool:
        """Whether the cell counts in the person's totals: a held event they were due at
        (or came to, as a walk-in does)."""
        return self.held and (self.due or self.attended)

    @property
    def not_marked(self) -> bool:
        return self.held and self.due and self.status is None

    @property
    def hours(self) -> float | None:
        return round(self.minutes / 60, 2) if self.attended else None

    @property
    def status_text(self) -> str:
        """'Late', 'Not marked', 'Withdrawn', 'Not applicable', or '' (not on the register,
        or an event not held yet with no mark)."""
        if self.status is not None:
            return self.status.label
        if not self.on_register:
            return ""
        if self.withdrawn:
            return _("Withdrawn")
        if not self.due:
            return MarkStatus.NOT_APPLICABLE.label
        return _("Not marked") if self.held else ""

    @property
    def text(self) -> str:
        """The matrix's cell: 'Late 09:25', 'Left early 14:30', 'Present'."""
        times = times_text(self.arrival, self.departure) if self.attended else ""
        return f"{self.status_text} {times}".strip()


@dataclass(frozen=True)
class CandidateRow:
    id: str  # the candidate's id; for a walk-in, their first walk-in record's
    given_name: str
    family_name: str
    school: str
    walk_in: bool
    withdrawn: bool
    cells: tuple[Cell, ...]

    @property
    def name(self) -> str:
        return listed_name(self.given_name, self.family_name)

    @property
    def days_held(self) -> int:
        return sum(1 for c in self.cells if c.counts)

    @property
    def days_attended(self) -> int:
        return sum(1 for c in self.cells if c.counts and c.attended)

    @property
    def minutes(self) -> int:
        return sum(c.minutes for c in self.cells if c.counts and c.attended)

    @property
    def due_minutes(self) -> int:
        return sum(c.day_minutes for c in self.cells if c.counts)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @property
    def share(self) -> float | None:
        """Hours attended over the hours of the days held (None before any)."""
        return self.minutes / self.due_minutes if self.due_minutes else None


@dataclass(frozen=True)
class EventTotals:
    present: int
    late: int
    left_early: int
    absent: int
    apologies: int
    not_marked: int
    minutes: int  # attended by everyone, together

    def count(self, status: MarkStatus) -> int:
        return {MarkStatus.PRESENT: self.present, MarkStatus.LATE: self.late,
                MarkStatus.LEFT_EARLY: self.left_early, MarkStatus.ABSENT: self.absent,
                MarkStatus.APOLOGIES: self.apologies}[status]

    @property
    def attended(self) -> int:
        return self.present + self.late + self.left_early


@dataclass(frozen=True)
class AttendanceMatrix:
    group_id: str
    group_code: str
    qualification_code: str
    as_of: dt.date
    events: tuple[EventColumn, ...]
    rows: tuple[CandidateRow, ...]

    @property
    def totals(self) -> tuple[EventTotals, ...]:
        return tuple(_totals([row.cells[index] for row in self.rows])
                     for index in range(len(self.events)))


# ---- reading the store ------------------------------------------------------------------

def load_attendance(store: Store, group: str, as_of: dt.date | None = None
                    ) -> AttendanceMatrix:
    """The attendance of ``group`` (its id or code) as of ``as_of`` (today by default).
    ``NotFoundError`` when this laptop holds no such group. Reads only."""
    day = as_of or dt.date.today()
    with store.read() as session:
        group_id = _group(session, group).id
    counted = {row.candidate_id: frozenset(d.event_id for d in row.days)
               for row in ProgressService(store).group(group_id, day).rows}
    with store.read() as session:
        found = _group(session, group_id)
        events = list(session.scalars(select(Event).where(Event.group_id == found.id)
                                      .order_by(Event.number)))
        marks = list(session.scalars(select(Attendance).where(
            Attendance.event_id.in_([e.id for e in events])))) if events else []
        held = {e.id for e in held_events(events, marks, day)}  # as the progress view counts
        columns = tuple(_column(event, event.id in held) for event in events)
        rows = _candidate_rows(session, found, events, columns, marks, counted)
        rows += _walk_in_rows(session, events, columns)
    rows.sort(key=lambda r: register_sort_key(r.family_name, r.given_name, r.id, r.walk_in))
    return AttendanceMatrix(group_id=found.id, group_code=found.code,
                            qualification_code=found.qualification_code, as_of=day,
                            events=columns, rows=tuple(rows))


def _group(session: Session, group: str) -> Group:
    found = session.get(Group, group) or session.scalar(
        select(Group).where(Group.code == group))
    if found is None:  # as ``npq-desk print group`` says it
        raise NotFoundError(_("No group {group!r} on this laptop. Sync, or check the id.")
                            .format(group=group))
    return found


def _column(event: Event, held: bool) -> EventColumn:
    date = dt.date.fromisoformat(event.chosen_date) if event.chosen_date else None
    return EventColumn(id=event.id, number=event.number, title=event.title, date=date,
                       start_time=event.start_time or "09:00",
                       end_time=event.end_time or "16:00", held=held)


def _candidate_rows(session: Session, group: Group, events: Sequence[Event],
                    columns: Sequence[EventColumn], marks: Sequence[Attendance],
                    counted: Mapping[str, frozenset[str]]) -> list[CandidateRow]:
    """``counted``: the held events that count for each enrolled candidate, as the progress
    view counts them (their due events)."""
    entries: dict[str, dict[int, RosterEntry]] = defaultdict(dict)
    for index, event in enumerate(events):
        for entry in roster(session, event):
            entries[entry.candidate_id][index] = entry
    enrolled = {e.candidate_id: e.status for e in session.scalars(
        select(Enrolment).where(Enrolment.group_id == group.id))}
    ids = set(entries) | set(enrolled)
    people = {c.id: c for c in session.scalars(
        select(Candidate).where(Candidate.id.in_(list(ids))))} if ids else {}
    by_pair = {(a.event_id, a.candidate_id): a for a in marks}
    rows = []
    for candidate_id in ids:
        own = entries.get(candidate_id, {})
        person = people.get(candidate_id)
        latest = own[max(own)] if own else None
        if person is not None:
            given, family, school = person.given_name, person.family_name, person.school
        elif latest is not None:
            given, family, school = latest.given_name, latest.family_name, latest.school
        else:
            continue  # enrolled, but their details have not arrived yet
        withdrawn = (enrolled[candidate_id] == "withdrawn" if candidate_id in enrolled
                     else bool(latest and latest.withdrawn))
        due = None if withdrawn else counted.get(candidate_id)
        cells = tuple(_cell(column, own.get(index), by_pair.get((column.id, candidate_id)),
                            None if due is None or not column.held else column.id in due)
                      for index, column in enumerate(columns))
        rows.append(CandidateRow(id=candidate_id, given_name=given, family_name=family,
                                 school=school, walk_in=False, withdrawn=withdrawn,
                                 cells=cells))
    return rows


def _cell(column: EventColumn, entry: RosterEntry | None, mark: Attendance | None,
          counts: bool | None = None) -> Cell:
    """``counts``: whether the progress view counts this held event for the candidate
    (None for an event not held, or someone the progress view has no line for: the
    register's roster decides then)."""
    status = _status(mark.status) if mark is not None else None
    arrival = mark.arrival_time if mark is not None else None
    departure = mark.departure_time if mark is not None else None
    if counts is None:
        due = entry is not None and not entry.withdrawn and not entry.not_applicable
    else:
        due = counts
    on_register = entry is not None or status is not None or due
    return _timed(column, status, on_register=on_register, due=due,
                  withdrawn=bool(entry and entry.withdrawn), arrival=arrival,
                  departure=departure)


def _timed(column: EventColumn, status: MarkStatus | None, *, on_register: bool, due: bool,
           withdrawn: bool = False, arrival: str | None = None,
           departure: str | None = None) -> Cell:
    span = time_in_room(status, arrival, departure, column.start_time, column.end_time)
    day_minutes = time_in_room(MarkStatus.PRESENT, None, None, column.start_time,
                               column.end_time)
    return Cell(status=status, on_register=on_register, due=due, held=column.held,
                withdrawn=withdrawn, arrival=arrival, departure=departure,
                minutes=span[0] if span else 0,
                day_minutes=day_minutes[1] if day_minutes else 0)


def _status(value: str) -> MarkStatus | None:
    try:
        status = MarkStatus(value)
    except ValueError:
        return None
    return None if status is MarkStatus.UNMARKED else status


def _walk_in_rows(session: Session, events: Sequence[Event],
                  columns: Sequence[EventColumn]) -> list[CandidateRow]:
    """One row per person recorded as a walk-in (the same name and email at several
    events is one person)."""
    index_of = {event.id: index for index, event in enumerate(events)}
    people: dict[tuple[str, str], list[WalkIn]] = defaultdict(list)
    for walk_in in _walk_ins(session, index_of):
        people[(fold(" ".join(walk_in.name.split())), walk_in.email.casefold())].append(
            walk_in)
    rows = []
    for records in people.values():
        at = {index_of[w.event_id]: w for w in reversed(records)}  # the first one wins
        given, family = split_name(records[0].name)
        cells = tuple(
            _timed(column, _status(at[index].status), on_register=True, due=True)
            if index in at else Cell(status=None, on_register=False, due=False,
                                     held=column.held)
            for index, column in enumerate(columns))
        rows.append(CandidateRow(id=records[0].id, given_name=given, family_name=family,
                                 school=records[0].school, walk_in=True, withdrawn=False,
                                 cells=cells))
    return rows


def _walk_ins(session: Session, index_of: dict[str, int]) -> Iterable[WalkIn]:
    if not index_of:
        return []
    return session.scalars(select(WalkIn).where(WalkIn.event_id.in_(list(index_of)))
                           .order_by(WalkIn.event_id, WalkIn.id)).all()


def _totals(cells: Sequence[Cell]) -> EventTotals:
    counted = {status: sum(1 for c in cells if c.status is status) for status in COUNTED}
    return EventTotals(
        present=counted[MarkStatus.PRESENT], late=counted[MarkStatus.LATE],
        left_early=counted[MarkStatus.LEFT_EARLY], absent=counted[MarkStatus.ABSENT],
        apologies=counted[MarkStatus.APOLOGIES],
        not_marked=sum(1 for c in cells if c.not_marked),
        minutes=sum(c.minutes for c in cells if c.attended))


# ---- writing it -------------------------------------------------------------------------

def long_rows(matrix: AttendanceMatrix) -> list[list[str | float | None]]:
    """The long list: a header, then one line per candidate and event."""
    lines: list[list[str | float | None]] = [[
        _("Group"), _("Event"), _("Event title"), _("Date"), _("Family name"),
        _("Given name"), _("School"), _("Walk-in"), _("Status"), _("Arrival"),
        _("Departure"), _("Hours attended")]]
    for row in matrix.rows:
        for column, cell in zip(matrix.events, row.cells, strict=True):
            lines.append([
                matrix.group_code, column.number, column.title,
                column.date.isoformat() if column.date else "", row.family_name,
                row.given_name, row.school, _("Yes") if row.walk_in else "",
                cell.status_text, cell.arrival or "", cell.departure or "", cell.hours])
    return lines


def attendance_csv(matrix: AttendanceMatrix) -> bytes:
    """The long list as CSV, UTF-8 with a byte-order mark (Excel then reads "Wójcik" as
    written); text that a spreadsheet would take for a formula is quoted with a '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in long_rows(matrix):
        writer.writerow(["" if v is None else _inert(v) if isinstance(v, str) else v
                         for v in line])
    return buffer.getvalue().encode("utf-8-sig")


def _inert(text: str) -> str:
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def attendance_xlsx(matrix: AttendanceMatrix) -> bytes:
    """The workbook: sheet "Attendance" (the matrix, totals beside and below) and sheet
    "Long list" (as the CSV)."""
    from openpyxl import Workbook  # loaded when first used: the app starts without it
    from openpyxl.worksheet.worksheet import Worksheet as Worksheet_

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet_)
    sheet.title = _("Attendance")
    _matrix_sheet(sheet, matrix)
    _list_sheet(book.create_sheet(_("Long list")), long_rows(matrix))
    book.properties.creator = "NPQ Partner Desk"
    book.properties.title = _("Attendance of {group}").format(group=matrix.group_code)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _matrix_sheet(sheet: Worksheet, matrix: AttendanceMatrix) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header: list[str] = [_("Candidate"), _("School")]
    for column in matrix.events:
        header += [column.heading, _("Hours")]
    header += [_("Days attended"), _("Days held"), _("Hours attended"), _("Share of hours")]
    widths = [10] * len(header)  # the headings wrap; the columns fit what is under them
    _row(sheet, 1, header, widths, font=bold, alignment=wrap)
    first_total = 3 + 2 * len(matrix.events)
    for number, row in enumerate(matrix.rows, start=2):
        name = row.name + (" " + _("(walk-in)") if row.walk_in else "") + (
            " " + _("(withdrawn)") if row.withdrawn else "")
        values: list[str | float | None] = [name, row.school]
        for cell in row.cells:
            values += [cell.text, cell.hours]
        values += [row.days_attended, row.days_held, row.hours, row.share]
        _row(sheet, number, values, widths)
        sheet.cell(number, first_total + 3).number_format = "0%"
    below = len(matrix.rows) + 3  # a blank row, then the totals per event
    totals = matrix.totals
    labels = [*(status.label for status in COUNTED), _("Not marked"), _("Hours attended")]
    for offset, label in enumerate(labels):
        values = [label, ""]
        for total in totals:
            if offset < len(COUNTED):
                values += [total.count(COUNTED[offset]), None]
            elif offset == len(COUNTED):
                values += [total.not_marked, None]
            else:
                values += [None, round(total.minutes / 60, 2)]
        _row(sheet, below + offset, values, widths)
        sheet.cell(below + offset, 1).font = bold
    for index, width in enumerate(widths, start=1):
        heading = index > 2 and index < first_total and index % 2 == 1
        limit = 24 if heading else 40
        sheet.column_dimensions[get_column_letter(index)].width = min(limit, width + 2)
    sheet.row_dimensions[1].height = 48
    sheet.freeze_panes = "B2"


def _list_sheet(sheet: Worksheet, lines: list[list[str | float | None]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    widths = [len(str(v)) for v in lines[0]]
    for number, line in enumerate(lines, start=1):
        _row(sheet, number, line, widths, font=Font(bold=True) if number == 1 else None)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(40, width + 2)
    sheet.freeze_panes = "A2"


def _row(sheet: Worksheet, number: int, values: Sequence[str | float | None],
         widths: list[int], *, font: Font | None = None,
         alignment: Alignment | None = None) -> None:
    for index, value in enumerate(values, start=1):
        cell = sheet.cell(number, index, value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever a name begins with
            if alignment is None:
                widths[index - 1] = max(widths[index - 1], len(value))
        if font is not None:
            cell.font = font
        if alignment is not None:
            cell.alignment = alignment


def export_suffix(path: Path) -> str:
    """'.xlsx' or '.csv' (the format a file name asks for); ``ValueError`` otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(_("Save the attendance as .xlsx or .csv, not {name}.")
                         .format(name=Path(path).name))
    return suffix


def attendance_bytes(matrix: AttendanceMatrix, suffix: str) -> bytes:
    return attendance_xlsx(matrix) if suffix == ".xlsx" else attendance_csv(matrix)


def write_attendance(store: Store, group: str, path: Path, *,
                     as_of: dt.date | None = None) -> AttendanceMatrix:
    """Write the attendance of ``group`` to ``path`` (.xlsx or .csv, by its suffix), whole
    or not at all; the matrix written. ``NotFoundError`` for an unknown group,
    ``ValueError`` for another suffix, ``DiskFull`` or ``OSError`` when it cannot be
    written."""
    suffix = export_suffix(path)
    matrix = load_attendance(store, group, as_of)
    data = attendance_bytes(matrix, suffix)
    write_atomically(Path(path), lambda out: out.write(data))
    return matrix
