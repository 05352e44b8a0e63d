"""Registers: load one, mark a candidate, mark the rest present, undo, add a walk-in, submit.

Every change commits its record, its history row and its outbox entry in one transaction
before the method returns: what the UI shows as saved is on disk. Who is on a register
comes from its roster snapshot (``app.roster``).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import walk_ins
from app.catalogue import event_summary
from app.conflicts import SETTLED_REASON, chosen, find_conflicts, settlement_note
from app.domain import (
    EventSummary,
    MarkObservation,
    MarkStatus,
    PriorMark,
    RecordSyncState,
    Register,
    RegisterRow,
    UndoStep,
    day_times,
)
from app.errors import NotFoundError, NotMarkableError, RegisterSubmittedError
from app.marks import MARKED, append_history, set_current, utc_now_iso
from app.outbox import NEEDS_ATTENTION, enqueue
from app.roster import RosterEntry, ensure_snapshot, marked_entry, roster, update_snapshot
from app.store import Store
from app.store.models import (
    Attendance,
    AttendanceHistory,
    Event,
    OutboxEntry,
    RegisterSubmission,
)
from app.training_status import CandidateStatus, group_statuses
from app.validation import check_mark, check_text, parse_status
from protocol import fields
from protocol.hlc import HybridClock
from protocol.records import (
    ATTENDED_STATUSES,
    AttendanceData,
    RegisterSubmissionData,
    attendance_id,
)
from protocol.text import _

log = logging.getLogger(__name__)


class RegisterService:
    def __init__(self, store: Store, clock: HybridClock, user_id: str, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store = store
        self.clock = clock
        self.user_id = user_id
        self.today = today

    def load(self, event_id: str) -> Register:
        """The register of an event: everyone on its roster snapshot, by family then given
        name; withdrawn and not-applicable candidates are shown but cannot be marked."""
        ensure_snapshot(self.store, event_id, self.today())
        with self.store.read() as session:
            event = _event(session, event_id)
            entries = roster(session, event)
            marks = {a.candidate_id: a for a in session.scalars(
                select(Attendance).where(Attendance.event_id == event_id))}
            states = _sync_states(session, [attendance_id(event_id, e.candidate_id)
                                            for e in entries])
            conflicts = find_conflicts(session, {m.id: m.hlc for m in marks.values()},
                                       self.clock.device_id)
            paused = _paused(session, event)
            rows = []
            for entry in entries:
                record_id = attendance_id(event_id, entry.candidate_id)
                rows.append(_row(entry, marks.get(entry.candidate_id), states.get(record_id),
                                 conflicts.get(record_id, ()), paused.get(entry.candidate_id)))
            rows.sort(key=lambda r: (r.family_name.casefold(), r.given_name.casefold(),
                                     r.candidate_id))
            return Register(event=event_summary(session, event), rows=tuple(rows),
                            walk_ins=walk_ins.walk_in_rows(session, event_id),
                            submission=walk_ins.submission(session, event_id))

    def mark(self, event_id: str, candidate_id: str, status: MarkStatus,
             arrival_time: str | None = None, departure_time: str | None = None,
             note: str | None = None, *, amendment_reason: str | None = None,
             keep_times: bool = True) -> RegisterRow:
        """Save a mark durably (mark, history row and outbox entry in one transaction).

        A person's day has an arrival and a departure: a late mark without a departure
        keeps the departure already recorded, and a left-early mark without an arrival
        keeps the arrival (``app.domain.day_times``), so "Late 09:25" then "Left early
        14:30" is a day from 09:25 to 14:30. ``keep_times=False`` saves the times exactly
        as given (a settlement repeats a mark as it was)."""
        status = parse_status(status)
        arrival, departure, note_text = check_mark(status, arrival_time, departure_time, note)
        reason = _reason(amendment_reason)
        with self.store.write() as session:
            event = _event(session, event_id)
            entry = self._markable(session, event, candidate_id)
            _check_not_submitted(session, event_id, reason)
            if keep_times:
                arrival, departure = _kept_times(session, attendance_id(event_id, candidate_id),
                                                 status, arrival, departure)
            row = self._write_mark(session, entry, event_id, status, arrival, departure,
                                   note_text, reason)
        log.info("mark saved: attendance %s", attendance_id(event_id, candidate_id))
        return row

    def mark_rest_present(self, event_id: str, *, amendment_reason: str | None = None
                          ) -> tuple[tuple[RegisterRow, ...], UndoStep]:
        """Mark everyone markable who has no mark yet present, in one transaction; the
        step undoes exactly those marks."""
        reason = _reason(amendment_reason)
        with self.store.write() as session:
            event = _event(session, event_id)
            update_snapshot(session, event, self.today())
            _check_not_submitted(session, event_id, reason)
            marked = set(session.scalars(select(Attendance.candidate_id).where(
                Attendance.event_id == event_id, MARKED)))
            paused = _paused(session, event)
            rest = [e for e in roster(session, event) if _can_mark(e)
                    and e.candidate_id not in marked and e.candidate_id not in paused]
            rows = tuple(self._write_mark(session, e, event_id, MarkStatus.PRESENT, None,
                                          None, "", reason) for e in rest)
        log.info("rest marked present: event %s, %d marks", event_id, len(rows))
        step = UndoStep(event_id, _("Mark the rest present ({n})").format(n=len(rows)),
                        marks=tuple(PriorMark(r.candidate_id, None) for r in rows))
        return rows, step

    def undo(self, step: UndoStep, *, amendment_reason: str | None = None) -> None:
        """Undo one action, whether or not it has reached the central service: a walk-in is
        removed (a synced delete); each mark goes back to what it was with a new synced
        mark, a first mark to "not marked" (``MarkStatus.UNMARKED``: attendance is never
        deleted, so taking a mark back is a mark too). Nothing is deleted here, so an undo
        cannot race a push already carrying the mark. On a submitted register an undo is
        an amendment like any change: without a reason it raises and changes nothing."""
        reason = _reason(amendment_reason)
        with self.store.write() as session:
            event = _event(session, step.event_id)
            _check_not_submitted(session, step.event_id, reason)
            if step.walk_in_id is not None:
                walk_ins.remove_walk_in(session, step.walk_in_id, str(self.clock.now()),
                                        reason)
                log.info("undone: walk-in %s removed", step.walk_in_id)
                return
            for prior in step.marks:
                entry = self._markable(session, event, prior.candidate_id)
                status = prior.status or MarkStatus.UNMARKED
                arrival, departure, note = check_mark(status, prior.arrival_time,
                                                      prior.departure_time, prior.note)
                self._write_mark(session, entry, step.event_id, status, arrival, departure,
                                 note, reason)
        log.info("undone: event %s, %d marks", step.event_id, len(step.marks))

    def _markable(self, session: Session, event: Event, candidate_id: str) -> RosterEntry:
        entry = marked_entry(session, event, candidate_id, self.today())
        if entry is None:
            raise NotMarkableError(_("This person is not on this event's register. "
                                   "Record them as a walk-in instead."))
        if entry.withdrawn:
            raise NotMarkableError(_("This candidate has withdrawn, so they cannot be marked."))
        if entry.not_applicable:
            raise NotMarkableError(_("This candidate enrolled after this event, so the "
                                   "register shows them as not applicable."))
        status = _paused(session, event).get(candidate_id)
        if status is not None:
            name = f"{entry.given_name} {entry.family_name}"
            raise NotMarkableError(_("{name} cannot be marked for this event. {status}, as "
                                     "the central service confirmed.").format(
                name=name, status=status.words))
        return entry

    def _write_mark(self, session: Session, entry: RosterEntry, event_id: str,
                    status: MarkStatus, arrival: str | None, departure: str | None,
                    note: str, reason: str | None) -> RegisterRow:
        record_id = attendance_id(event_id, entry.candidate_id)
        current = session.get(Attendance, record_id)
        if current is not None and current.hlc:
            self.clock.observe(current.hlc)  # our mark must order after what we saw
        stamp = str(self.clock.now())
        data = AttendanceData(
            event_id=event_id, candidate_id=entry.candidate_id, status=status.value,
            arrival_time=arrival, departure_time=departure, note=note,
            marked_by=self.user_id, device_id=self.clock.device_id, hlc=stamp,
            amendment_reason=reason,
        ).model_dump(exclude={"observations"})
        mark = set_current(session, record_id, data)
        append_history(session, record_id, data, source="local")
        enqueue(session, type_="attendance", record_id=record_id, data=data, hlc=stamp)
        conflict = find_conflicts(session, {record_id: stamp}, self.clock.device_id)
        return _row(entry, mark, RecordSyncState.SAVED, conflict.get(record_id, ()))

    def settle(self, event_id: str, candidate_id: str, keep_hlc: str) -> RegisterRow:
        """Settle a disagreement between laptops by keeping one of the marks: a new mark
        (synced like any other) repeating it, noted as a settlement."""
        rows = [r for r in self.load(event_id).rows if r.candidate_id == candidate_id]
        kept = chosen(rows[0].conflict, keep_hlc) if rows else None
        if kept is None:
            raise NotFoundError(_("These marks have already been settled. The register shows "
                                "the mark that was kept."))
        try:
            return self._keep(event_id, candidate_id, kept, None)
        except RegisterSubmittedError:
            return self._keep(event_id, candidate_id, kept, SETTLED_REASON)

    def _keep(self, event_id: str, candidate_id: str, kept: MarkObservation,
              reason: str | None) -> RegisterRow:
        row = self.mark(event_id, candidate_id, kept.status, kept.arrival_time,
                        kept.departure_time, settlement_note(kept.note),
                        amendment_reason=reason, keep_times=False)
        log.info("disagreement settled: attendance %s", attendance_id(event_id, candidate_id))
        return row

    def add_walk_in(self, event_id: str, name: str, school: str = "", email: str = "",
                    qualification_code: str = "",
                    status: MarkStatus = MarkStatus.PRESENT, *,
                    amendment_reason: str | None = None) -> str:
        """Record someone attending who is not on the roster; returns the walk-in's id. On
        a submitted register this is an amendment and needs a reason."""
        status = parse_status(status)
        walk_ins.check_walk_in(name, school, email, qualification_code)
        reason = _reason(amendment_reason)
        with self.store.write() as session:
            _event(session, event_id)
            _check_not_submitted(session, event_id, reason)
            record_id = walk_ins.add_walk_in(
                session, event_id=event_id, name=name, school=school, email=email,
                qualification_code=qualification_code, status=status,
                recorded_by=self.user_id, hlc=str(self.clock.now()), amendment_reason=reason)
        log.info("walk-in saved: %s", record_id)
        return record_id

    def submit(self, event_id: str, amendment_reason: str | None = None) -> EventSummary:
        """Submit the register (the server then invites attendees to evaluate the event)."""
        reason = _reason(amendment_reason)
        with self.store.write() as session:
            event = _event(session, event_id)
            _check_not_submitted(session, event_id, reason)
            update_snapshot(session, event, self.today())  # the register as submitted
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
        raise NotFoundError(_("This event is not on this laptop. Sync, then try again."))
    return event


def _paused(session: Session, event: Event) -> dict[str, CandidateStatus]:
    """The candidates deferred or withdrawn from a date on or before the event's, by id."""
    try:
        day = dt.date.fromisoformat(event.chosen_date) if event.chosen_date else None
    except ValueError:
        day = None
    return {candidate: status for candidate, status in
            group_statuses(session, event.group_id).items() if status.blocks(day)}


def _can_mark(entry: RosterEntry) -> bool:
    return not (entry.withdrawn or entry.not_applicable)


def _submitted(session: Session, event_id: str) -> bool:
    return session.scalar(select(RegisterSubmission.id)
                          .where(RegisterSubmission.event_id == event_id).limit(1)) is not None


def _kept_times(session: Session, record_id: str, status: MarkStatus, arrival: str | None,
                departure: str | None) -> tuple[str | None, str | None]:
    """The arrival and departure to save: those given, with the other time of the day kept
    from the current mark (``app.domain.day_times``) where one is missing."""
    current = session.get(Attendance, record_id)
    if (current is None or current.status not in ATTENDED_STATUSES
            or status not in (MarkStatus.LATE, MarkStatus.LEFT_EARLY)):
        return arrival, departure
    if status is MarkStatus.LATE and departure is None:
        return day_times(status, arrival, current.arrival_time, current.departure_time)
    if status is MarkStatus.LEFT_EARLY and arrival is None:
        return day_times(status, departure, current.arrival_time, current.departure_time)
    return arrival, departure


def _reason(typed: str | None) -> str | None:
    """An amendment reason as stored (None when blank), checked with the shared rule."""
    return check_text(fields.REASON, typed, _("The reason for the change")) or None


def _check_not_submitted(session: Session, event_id: str, reason: str | None) -> None:
    if _submitted(session, event_id) and reason is None:
        raise RegisterSubmittedError(_("This register has been submitted. To change it, "
                                     "give a reason for the amendment."))


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


def _row(entry: RosterEntry, mark: Attendance | None, state: RecordSyncState | None,
         conflict: tuple[MarkObservation, ...] = (),
         paused: CandidateStatus | None = None) -> RegisterRow:
    if mark is not None and state is None:
        state = RecordSyncState.CONFIRMED
    status = MarkStatus(mark.status) if mark else None
    if status is MarkStatus.UNMARKED:  # a mark taken back: "to mark" again
        status = None
    if status is None and entry.not_applicable:
        status = MarkStatus.NOT_APPLICABLE
    return RegisterRow(
        candidate_id=entry.candidate_id,
        given_name=entry.given_name,
        family_name=entry.family_name,
        school=entry.school,
        role=entry.role,
        status=status,
        arrival_time=mark.arrival_time if mark else None,
        departure_time=mark.departure_time if mark else None,
        note=mark.note if mark else "",
        withdrawn=entry.withdrawn,
        sync_state=state if mark is not None else None,
        register_order=entry.register_order,
        conflict=conflict,
        not_applicable=entry.not_applicable,
        amendment_reason=mark.amendment_reason if mark else None,
        moved=entry.moved,
        training_status=paused.words if paused is not None else "",
    )
