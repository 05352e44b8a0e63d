"""The partner's fee statement, built from what this laptop holds.

A partner lead's store holds exactly their partner's groups (the server scopes the pull),
so the statement covers what the partner will be paid for those groups: per event, the
expected fee (from enrolment and the facilitators assigned) and, once the register is
submitted, the actual fee (from the register). The rules are ``app.fees`` and
``app.fee_statement``; this module only reads the store into their inputs.

Reading never writes: a register is read as ``app.roster.roster`` sees it (its snapshot if
this laptop took one, else the group's roster), so opening the fees view does not fix any
register on a partner lead's laptop.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import walk_ins
from app.atomic_file import write_atomically
from app.catalogue import event_summary
from app.domain import MarkStatus, Register, RegisterRow
from app.exports.fee_statement import statement_xlsx
from app.fee_statement import (
    ApartCandidate,
    EventFeeInput,
    FeeStatement,
    GroupFeeInput,
    RegisterTally,
    fee_statement,
    statement_csv,
)
from app.fees import PACK_FEES, FeeTable
from app.marks import MARKED
from app.roster import roster
from app.store import Store
from app.store.models import (
    Attendance,
    Candidate,
    Colleague,
    Enrolment,
    Event,
    Group,
    IdentityRow,
    Intake,
    Partner,
    RegisterSubmission,
)
from app.training_status import CandidateStatus, group_statuses
from protocol.text import _

log = logging.getLogger(__name__)

_TERM_ORDER = {"spring": 0, "summer": 1, "autumn": 2}  # within a calendar year


class FeeService:
    """``statement(today)`` for the fees view (and its PDF,
    ``app.printing.exporters.fee_statement_pdf``), ``export_xlsx`` for its workbook (what
    a person opens in a spreadsheet), ``csv``/``export_csv`` for its CSV (for scripts).
    ``table`` is the fee table in force (the partner pack's until the central
    service sends its own)."""

    def __init__(self, store: Store, table: FeeTable = PACK_FEES) -> None:
        self.store = store
        self.table = table

    def statement(self, today: dt.date, group_ids: Collection[str] | None = None
                  ) -> FeeStatement:
        """The statement as of ``today`` for the partner's groups (or only ``group_ids``)."""
        with self.store.read() as session:
            partners = _partners(session)
            query = select(Group).order_by(Group.code)
            if partners:
                query = query.where(Group.partner_id.in_([p.id for p in partners]))
            groups = [g for g in session.scalars(query)
                      if group_ids is None or g.id in group_ids]
            intakes = {g.intake_id: session.get(Intake, g.intake_id) for g in groups}
            inputs = [_group_input(session, g, intakes.get(g.intake_id)) for g in groups]
            name = ", ".join(p.name for p in partners) or _("Partner not known on this laptop")
        ordered = sorted((i for i in intakes.values() if i is not None),
                         key=lambda i: (i.year, _TERM_ORDER.get(i.term, 9), i.label))
        return fee_statement(name, inputs, today, self.table,
                             intakes=[i.label for i in ordered])

    def csv(self, today: dt.date, group_ids: Collection[str] | None = None) -> str:
        return statement_csv(self.statement(today, group_ids))

    def export_xlsx(self, today: dt.date, path: Path,
                    group_ids: Collection[str] | None = None) -> Path:
        """Write the statement as a workbook (``app.exports.fee_statement``), whole or not
        at all; the path written."""
        data = statement_xlsx(self.statement(today, group_ids))
        write_atomically(Path(path), lambda out: out.write(data))
        log.info("fee statement exported as XLSX")
        return Path(path)

    def export_csv(self, today: dt.date, path: Path,
                   group_ids: Collection[str] | None = None) -> Path:
        """Write the CSV atomically, UTF-8 with a byte-order mark (Excel then reads "£"
        and accented names right; LibreOffice's default import does not, whatever the
        mark: the workbook is for people, the CSV for scripts); the path written."""
        data = self.csv(today, group_ids).encode("utf-8-sig")
        write_atomically(Path(path), lambda out: out.write(data))
        log.info("fee statement exported as CSV")
        return Path(path)


def _partners(session: Session) -> list[Partner]:
    """The signed-in user's partner if this laptop knows it; else every partner it holds
    (a partner lead's laptop holds one)."""
    me = session.get(IdentityRow, 1)
    colleague = session.get(Colleague, me.user_id) if me is not None else None
    if colleague is not None and colleague.partner_id:
        partner = session.get(Partner, colleague.partner_id)
        if partner is not None:
            return [partner]
    return list(session.scalars(select(Partner).order_by(Partner.name)))


def _group_input(session: Session, group: Group, intake: Intake | None) -> GroupFeeInput:
    statuses = group_statuses(session, group.id)
    enrolled = [(e.candidate_id, e.enrolled_on or "") for e in session.scalars(
        select(Enrolment).where(Enrolment.group_id == group.id, Enrolment.status == "active"))]
    facilitators = len(set(group.facilitator_ids or ()))
    submitted = set(session.scalars(select(RegisterSubmission.event_id).join(
        Event, Event.id == RegisterSubmission.event_id).where(Event.group_id == group.id)))
    events = []
    for event in session.scalars(select(Event).where(Event.group_id == group.id)):
        day = dt.date.fromisoformat(event.chosen_date) if event.chosen_date else None
        expected = sum(1 for candidate, on in enrolled
                       if (day is None or not on or on <= day.isoformat())
                       and not _paused(statuses.get(candidate), day))
        tally = _tally(session, event, statuses, day) if event.id in submitted else None
        events.append(EventFeeInput(event.id, event.number, event.title, day, expected,
                                    facilitators, tally))
    return GroupFeeInput(group.id, group.code, group.qualification_code, tuple(events),
                         intake.label if intake is not None else "",
                         _apart(session, statuses))


def _paused(status: CandidateStatus | None, day: dt.date | None) -> bool:
    return status is not None and status.blocks(day)


def _apart(session: Session, statuses: dict[str, CandidateStatus]
           ) -> tuple[ApartCandidate, ...]:
    """The group's deferred and withdrawn candidates, listed apart on the statement."""
    apart = []
    for candidate_id, status in statuses.items():
        candidate = session.get(Candidate, candidate_id)
        name = (f"{candidate.family_name}, {candidate.given_name}" if candidate is not None
                else _("A candidate no longer on this laptop"))
        apart.append(ApartCandidate(candidate_id, name, status.status, status.effective_date))
    return tuple(apart)


def _tally(session: Session, event: Event, statuses: dict[str, CandidateStatus],
           day: dt.date | None) -> RegisterTally:
    """The submitted register as ``RegisterTally`` counts it."""
    marks = {a.candidate_id: a for a in session.scalars(
        select(Attendance).where(Attendance.event_id == event.id,
                                 MARKED))}
    rows = []
    for entry in roster(session, event):
        mark = marks.get(entry.candidate_id)
        status = _status(mark.status) if mark is not None else None
        if status is None and entry.not_applicable:
            status = MarkStatus.NOT_APPLICABLE
        rows.append(RegisterRow(
            candidate_id=entry.candidate_id, given_name=entry.given_name,
            family_name=entry.family_name, school=entry.school, role=entry.role,
            status=status, arrival_time=None, departure_time=None, note="",
            withdrawn=entry.withdrawn, sync_state=None, register_order=entry.register_order,
            not_applicable=entry.not_applicable, moved=entry.moved,
            training_status=(statuses[entry.candidate_id].words
                             if _paused(statuses.get(entry.candidate_id), day) else "")))
    register = Register(event=event_summary(session, event), rows=tuple(rows),
                        walk_ins=walk_ins.walk_in_rows(session, event.id))
    return RegisterTally.of(register)


def _status(value: str) -> MarkStatus | None:
    try:
        return MarkStatus(value)
    except ValueError:
        return None  # a status this version does not know: not counted as attending
