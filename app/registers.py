"""Registers: load one, mark a candidate, add a walk-in, submit.

Every change commits its record, its history row and its outbox entry in one transaction
before the method returns: what the UI shows as saved is on disk.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalogue import event_summary
from app.conflicts import SETTLED_REASON, chosen, find_conflicts, settlement_note
from app.domain import (
    EventSummary,
    MarkObservation,
    MarkStatus,
    RecordSyncState,
    Register,
    RegisterRow,
)
from app.errors import NotFoundError, NotMarkableError, RegisterSubmittedError, ValidationError
from app.marks import append_history, set_current, utc_now_iso
from app.outbox import NEEDS_ATTENTION, enqueue
from app.store import Store
from app.store.models import (
    Attendance,
    AttendanceHistory,
    Candidate,
    Enrolment,
    Event,
    OutboxEntry,
    RegisterSubmission,
    WalkIn,
)
from app.validation import check_mark, parse_status
from sync.hlc import HybridClock
from sync.records import AttendanceData, RegisterSubmissionData, WalkInData, attendance_id

log = logging.getLogger(__name__)


class RegisterService:
    def __init__(self, store: Store, clock: HybridClock, user_id: str) -> None:
        self.store = store
        self.clock = clock
        self.user_id = user_id

    def load(self, event_id: str) -> Register:
        """The register of an event: every enrolled candidate, by family then given name;
        withdrawn candidates are shown but cannot be marked."""
        with self.store.read() as session:
            event = _event(session, event_id)
            enrolments = session.scalars(
                select(Enrolment).where(Enrolment.group_id == event.group_id)
            ).all()
            marks = {a.candidate_id: a for a in session.scalars(
                select(Attendance).where(Attendance.event_id == event_id))}
            states = _sync_states(session, [attendance_id(event_id, e.candidate_id)
                                            for e in enrolments])
            conflicts = find_conflicts(session, {m.id: m.hlc for m in marks.values()},
                                       self.clock.device_id)
            rows = []
            for enrolment in enrolments:
                candidate = session.get(Candidate, enrolment.candidate_id)
                if candidate is None:
                    continue  # roster data not complete yet; it arrives with the next pull
                mark = marks.get(candidate.id)
                state = states.get(attendance_id(event_id, candidate.id))
                rows.append(_row(candidate, enrolment, mark, state,
                                 conflicts.get(attendance_id(event_id, candidate.id), ())))
            rows.sort(key=lambda r: (r.family_name.casefold(), r.given_name.casefold(),
                                     r.candidate_id))
            return Register(event=event_summary(session, event), rows=tuple(rows))

    def mark(self, event_id: str, candidate_id: str, status: MarkStatus,
             arrival_time: str | None = None, departure_time: str | None = None,
             note: str | None = None, *, amendment_reason: str | None = None) -> RegisterRow:
        """Save a mark durably (mark, history row and outbox entry in one transaction)."""
        status = parse_status(status)
        arrival, departure, note_text = check_mark(status, arrival_time, departure_time, note)
        reason = (amendment_reason or "").strip() or None
        record_id = attendance_id(event_id, candidate_id)
        with self.store.write() as session:
            event = _event(session, event_id)
            candidate, enrolment = _markable(session, event, candidate_id)
            _check_not_submitted(session, event_id, reason)
            current = session.get(Attendance, record_id)
            if current is not None and current.hlc:
                self.clock.observe(current.hlc)  # our mark must order after what we saw
            stamp = str(self.clock.now())
            data = AttendanceData(
                event_id=event_id, candidate_id=candidate_id, status=status.value,
                arrival_time=arrival, departure_time=departure, note=note_text,
                marked_by=self.user_id, device_id=self.clock.device_id, hlc=stamp,
                amendment_reason=reason,
            ).model_dump(exclude={"observations"})
            mark = set_current(session, record_id, data)
            append_history(session, record_id, data, source="local")
            enqueue(session, type_="attendance", record_id=record_id, data=data, hlc=stamp)
            conflict = find_conflicts(session, {record_id: stamp}, self.clock.device_id)
            row = _row(candidate, enrolment, mark, RecordSyncState.SAVED,
                       conflict.get(record_id, ()))
        log.info("mark saved: attendance %s", record_id)
        return row

    def settle(self, event_id: str, candidate_id: str, keep_hlc: str) -> RegisterRow:
        """Settle a disagreement between laptops by keeping one of the marks: a new mark
        (synced like any other) repeating it, noted as a settlement."""
        rows = [r for r in self.load(event_id).rows if r.candidate_id == candidate_id]
        kept = chosen(rows[0].conflict, keep_hlc) if rows else None
        if kept is None:
            raise NotFoundError("These marks have already been settled. The register shows "
                                "the mark that was kept.")
        try:
            return self._keep(event_id, candidate_id, kept, None)
        except RegisterSubmittedError:
            return self._keep(event_id, candidate_id, kept, SETTLED_REASON)

    def _keep(self, event_id: str, candidate_id: str, kept: MarkObservation,
              reason: str | None) -> RegisterRow:
        row = self.mark(event_id, candidate_id, kept.status, kept.arrival_time,
                        kept.departure_time, settlement_note(kept.note),
                        amendment_reason=reason)
        log.info("disagreement settled: attendance %s", attendance_id(event_id, candidate_id))
        return row

    def add_walk_in(self, event_id: str, name: str, school: str = "", email: str = "",
                    qualification_code: str = "",
                    status: MarkStatus = MarkStatus.PRESENT) -> str:
        """Record someone attending who is not on the roster; returns the walk-in's id."""
        status = parse_status(status)
        if not name.strip():
            raise ValidationError("A walk-in needs a name.")
        if len(name.strip()) > 200:
            raise ValidationError("A name can be at most 200 characters.")
        record_id = str(uuid.uuid4())
        with self.store.write() as session:
            _event(session, event_id)
            data = WalkInData(event_id=event_id, name=name.strip(), school=school.strip(),
                              email=email.strip(), qualification_code=qualification_code,
                              status=status.value, recorded_by=self.user_id).model_dump()
            session.add(WalkIn(id=record_id, **data))
            enqueue(session, type_="walk_in", record_id=record_id, data=data,
                    hlc=str(self.clock.now()))
        log.info("walk-in saved: %s", record_id)
        return record_id

    def submit(self, event_id: str, amendment_reason: str | None = None) -> EventSummary:
        """Submit the register (the server then invites attendees to evaluate the event)."""
        reason = (amendment_reason or "").strip() or None
        with self.store.write() as session:
            event = _event(session, event_id)
            _check_not_submitted(session, event_id, reason)
            record_id = str(uuid.uuid4())
            data = RegisterSubmissionData(event_id=event_id, submitted_by=self.user_id,
                                          submitted_at=utc_now_iso(),
                                          amendment_reason=reason).model_dump()
            session.add(RegisterSubmission(id=record_id, **data))
            enqueue(session, type_="register_submission", record_id=record_id, data=data,
                    hlc=str(self.clock.now()))
            session.flush()
            summary = event_summary(session, event)
        log.info("register submitted: event %s", event_id)
        return summary

    def history(self, event_id: str, candidate_id: str) -> list[dict[str, object]]:
        """Every observed mark for this candidate at this event, oldest stamp first."""
        record_id = attendance_id(event_id, candidate_id)
        with self.store.read() as session:
            rows = session.scalars(select(AttendanceHistory)
                                   .where(AttendanceHistory.attendance_id == record_id)
                                   .order_by(AttendanceHistory.hlc))
            return [{"status": r.status, "arrival_time": r.arrival_time,
                     "departure_time": r.departure_time, "note": r.note,
                     "marked_by": r.marked_by, "device_id": r.device_id, "hlc": r.hlc,
                     "source": r.source} for r in rows]


def _event(session: Session, event_id: str) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError("This event is not on this laptop. Sync, then try again.")
    return event


def _markable(session: Session, event: Event, candidate_id: str
              ) -> tuple[Candidate, Enrolment]:
    enrolment = session.scalar(select(Enrolment).where(
        Enrolment.group_id == event.group_id, Enrolment.candidate_id == candidate_id))
    candidate = session.get(Candidate, candidate_id)
    if enrolment is None or candidate is None:
        raise NotMarkableError("This person is not on this event's register. "
                               "Record them as a walk-in instead.")
    if enrolment.status == "withdrawn":
        raise NotMarkableError("This candidate has withdrawn, so they cannot be marked.")
    return candidate, enrolment


def _check_not_submitted(session: Session, event_id: str, reason: str | None) -> None:
    submitted = session.scalar(select(RegisterSubmission.id)
                               .where(RegisterSubmission.event_id == event_id).limit(1))
    if submitted is not None and reason is None:
        raise RegisterSubmittedError("This register has been submitted. To change it, "
                                     "give a reason for the amendment.")


def _sync_states(session: Session, record_ids: Iterable[str]) -> dict[str, RecordSyncState]:
    ids = list(record_ids)
    states: dict[str, RecordSyncState] = {}
    for record_id, state, attempts in session.execute(
        select(OutboxEntry.record_id, OutboxEntry.state, OutboxEntry.attempts)
        .where(OutboxEntry.type == "attendance", OutboxEntry.record_id.in_(ids))
    ):
        if state == NEEDS_ATTENTION:
            states[record_id] = RecordSyncState.NEEDS_ATTENTION
        elif states.get(record_id) != RecordSyncState.NEEDS_ATTENTION:
            # Any entry never sent makes the record "saved"; all sent ones make it "sent".
            sent = RecordSyncState.SENT if attempts else RecordSyncState.SAVED
            states[record_id] = (RecordSyncState.SAVED if RecordSyncState.SAVED in
                                 (sent, states.get(record_id)) else sent)
    return states


def _row(candidate: Candidate, enrolment: Enrolment, mark: Attendance | None,
         state: RecordSyncState | None,
         conflict: tuple[MarkObservation, ...] = ()) -> RegisterRow:
    if mark is not None and state is None:
        state = RecordSyncState.CONFIRMED
    return RegisterRow(
        candidate_id=candidate.id,
        given_name=candidate.given_name,
        family_name=candidate.family_name,
        school=candidate.school,
        role=candidate.role,
        status=MarkStatus(mark.status) if mark else None,
        arrival_time=mark.arrival_time if mark else None,
        departure_time=mark.departure_time if mark else None,
        note=mark.note if mark else "",
        withdrawn=enrolment.status == "withdrawn",
        sync_state=state if mark is not None else None,
        register_order=enrolment.register_order,
        conflict=conflict,
    )

