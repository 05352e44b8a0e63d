"""What a printed sheet says, read from the local store (read-only).

``PaperRegister`` is the sign-in register that goes round the room: no special requirements,
no email addresses. ``ConfidentialSheet`` lists special requirements for facilitators only.
Both are plain frozen dataclasses, detached from the database, safe to hand across threads.

The rows of a ``PaperRegister`` are in paper order (``app.names.paper_sort_key``: family
name, then given name, accents folded so that "Ó Briain" sorts with "O'Connor"; the
register on screen uses the same key); a "transcribe from paper" screen should
walk ``register.rows`` as they are, so its order is the printed one by construction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalogue import display_name
from app.errors import NotFoundError
from app.names import paper_sort_key
from app.printing.codes import qr_payload, roster_version, row_codes, sheet_code
from app.store import Store
from app.store.models import (
    Candidate,
    Enrolment,
    Event,
    Group,
    Partner,
    Qualification,
)
from protocol.text import _

DEFAULT_WALK_IN_ROWS = 6
MAX_WALK_IN_ROWS = 20  # they always fit on one page with a few people


@dataclass(frozen=True)
class SheetHeader:
    """The header printed on every page of both sheets."""

    event_id: str
    qualification_code: str
    qualification_title: str
    group_code: str
    partner_name: str
    event_number: int
    event_title: str
    date: dt.date | None  # None while only the two-week window is known
    window_start: dt.date
    window_end: dt.date
    venue_name: str
    venue_address: str
    arrival_time: str  # "08:30"
    start_time: str  # "09:00"
    end_time: str  # "16:00"
    facilitator_names: tuple[str, ...]

    @property
    def event_heading(self) -> str:
        return f"Event {self.event_number}: {self.event_title}"

    @property
    def date_text(self) -> str:
        """'Monday 23 November 2026', or the window while no date is chosen."""
        if self.date is not None:
            return _long_date(self.date)
        start, end = self.window_start, self.window_end
        first = (f"{start.day} {_MONTHS[start.month - 1][:3]}" if start.year == end.year
                 else _short_date(start))
        return f"To be confirmed ({first} – {_short_date(end)})"

    @property
    def times_text(self) -> str:
        return f"Arrival from {self.arrival_time} · {self.start_time}–{self.end_time}"

    @property
    def qualification_text(self) -> str:
        if self.qualification_title and self.qualification_title != self.qualification_code:
            return f"{self.qualification_code} · {self.qualification_title}"
        return self.qualification_code

    @property
    def facilitators_text(self) -> str:
        return ", ".join(self.facilitator_names) or "To be confirmed"


@dataclass(frozen=True)
class PaperRow:
    """One candidate's line on the sign-in register."""

    number: int  # 1-based position on the sheet (the key a transcriber presses)
    code: str  # stable short code of the candidate ("K7Q")
    candidate_id: str
    given_name: str
    family_name: str
    school: str
    role: str

    @property
    def name(self) -> str:
        """'Hughes, Siân': the way a list sorted by family name is read."""
        if self.family_name and self.given_name:
            return f"{self.family_name}, {self.given_name}"
        return self.family_name or self.given_name


@dataclass(frozen=True)
class PaperRegister:
    header: SheetHeader
    rows: tuple[PaperRow, ...]
    walk_in_rows: int
    printed_at: dt.datetime
    roster_version: str
    sheet_code: str
    left_out: int = 0  # withdrawn, or enrolled after the event: not printed

    def qr_payload(self, page: int | None = None) -> str:
        return qr_payload(self.header.event_id, self.roster_version, page)

    def row(self, number: int) -> PaperRow:
        """The row printed as ``number`` (1-based)."""
        return self.rows[number - 1]


@dataclass(frozen=True)
class ConfidentialEntry:
    candidate_id: str
    name: str  # "Hughes, Siân"
    requirement: str


@dataclass(frozen=True)
class ConfidentialSheet:
    header: SheetHeader
    entries: tuple[ConfidentialEntry, ...]  # in paper order; only those with requirements
    printed_at: dt.datetime
    roster_version: str
    sheet_code: str


def load_paper_register(store: Store, event_id: str, *, printed_at: dt.datetime,
                        walk_in_rows: int = DEFAULT_WALK_IN_ROWS) -> PaperRegister:
    """The sign-in register of an event as it would be printed now. Raises
    ``NotFoundError`` if the event is not in the local store."""
    return load_sheets(store, event_id, printed_at=printed_at, walk_in_rows=walk_in_rows)[0]


def load_confidential_sheet(store: Store, event_id: str, *,
                            printed_at: dt.datetime) -> ConfidentialSheet:
    return load_sheets(store, event_id, printed_at=printed_at)[1]


def load_sheets(store: Store, event_id: str, *, printed_at: dt.datetime,
                walk_in_rows: int = DEFAULT_WALK_IN_ROWS,
                ) -> tuple[PaperRegister, ConfidentialSheet]:
    """Both sheets of an event, from one consistent read."""
    with store.read() as session:
        return read_sheets(session, event_id, printed_at=printed_at, walk_in_rows=walk_in_rows)


def read_sheets(session: Session, event_id: str, *, printed_at: dt.datetime,
                walk_in_rows: int = DEFAULT_WALK_IN_ROWS,
                ) -> tuple[PaperRegister, ConfidentialSheet]:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError(_("This event is not on this laptop. Sync, then try again."))
    header = _header(session, event)
    people, left_out = _roster(session, event)
    ids = [c.id for c in people]
    version = roster_version(ids)
    code = sheet_code(event.id, version)
    rows = tuple(
        PaperRow(number=n, code=row_code, candidate_id=c.id, given_name=c.given_name,
                 family_name=c.family_name, school=c.school, role=c.role or "")
        for n, (c, row_code) in enumerate(zip(people, row_codes(ids), strict=True), start=1))
    entries = tuple(
        ConfidentialEntry(candidate_id=row.candidate_id, name=row.name,
                          requirement=(c.special_requirements or "").strip())
        for row, c in zip(rows, people, strict=True) if (c.special_requirements or "").strip())
    register = PaperRegister(header=header, rows=rows,
                             walk_in_rows=min(max(0, walk_in_rows), MAX_WALK_IN_ROWS),
                             printed_at=printed_at, roster_version=version, sheet_code=code,
                             left_out=left_out)
    sheet = ConfidentialSheet(header=header, entries=entries, printed_at=printed_at,
                              roster_version=version, sheet_code=code)
    return register, sheet


def _roster(session: Session, event: Event) -> tuple[list[Candidate], int]:
    """Active candidates of the event's group in paper order; how many were left out
    (withdrawn or deferred, or enrolled after the event's date)."""
    enrolments = session.scalars(
        select(Enrolment).where(Enrolment.group_id == event.group_id)).all()
    candidates = {c.id: c for c in session.scalars(
        select(Candidate).where(Candidate.id.in_({e.candidate_id for e in enrolments})))}
    people: list[Candidate] = []
    left_out = 0
    seen: set[str] = set()
    for enrolment in enrolments:
        candidate = candidates.get(enrolment.candidate_id)
        if candidate is None or candidate.id in seen:
            continue  # roster data not complete yet; it arrives with the next pull
        if enrolment.status != "active" or _enrolled_after(enrolment, event):
            left_out += 1
            continue
        seen.add(candidate.id)
        people.append(candidate)
    people.sort(key=lambda c: paper_sort_key(c.family_name, c.given_name, c.id))
    return people, left_out


def _enrolled_after(enrolment: Enrolment, event: Event) -> bool:
    return bool(event.chosen_date and enrolment.enrolled_on
                and enrolment.enrolled_on > event.chosen_date)


def _header(session: Session, event: Event) -> SheetHeader:
    group = session.get(Group, event.group_id)
    qualification_code = group.qualification_code if group else ""
    qualification = session.scalar(
        select(Qualification).where(Qualification.code == qualification_code)
    ) if group else None
    partner = session.get(Partner, group.partner_id) if group else None
    return SheetHeader(
        event_id=event.id,
        qualification_code=qualification_code,
        qualification_title=qualification.title if qualification else "",
        group_code=group.code if group else "",
        partner_name=partner.name if partner else "",
        event_number=event.number,
        event_title=event.title,
        date=dt.date.fromisoformat(event.chosen_date) if event.chosen_date else None,
        window_start=dt.date.fromisoformat(event.window_start),
        window_end=dt.date.fromisoformat(event.window_end),
        venue_name=event.venue_name or (group.venue_name if group else ""),
        venue_address=event.venue_address or (group.venue_address if group else "") or "",
        arrival_time=event.arrival_time or "08:30",
        start_time=event.start_time or "09:00",
        end_time=event.end_time or "16:00",
        facilitator_names=tuple(
            display_name(session, uid, unknown="Facilitator to be confirmed")
            for uid in (group.facilitator_ids or ())) if group else (),
    )


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _long_date(day: dt.date) -> str:
    """'Monday 23 November 2026' (English whatever the machine's locale)."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _short_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def now_for_print() -> dt.datetime:
    """The local time to stamp on a sheet, to the minute."""
    return dt.datetime.now().replace(second=0, microsecond=0)


def stamp_text(moment: dt.datetime) -> str:
    """'23 Nov 2026 09:12': when a sheet was printed."""
    return f"{_short_date(moment.date())} {moment:%H:%M}"
