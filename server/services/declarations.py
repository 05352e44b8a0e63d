"""The funding declarations the reference service makes for each candidate, and their
online activity, computed from the registers (``npq-server compute-declarations``, the demo
seed).

For a group as at ``today``, every enrolled candidate gets:

- a ``participant_progress`` record: their simulated online activity
  (``server.services.participant_progress``), in step with their face-to-face attendance;
- a ``declaration`` for each milestone of the group's schedule (the qualification's
  schedule whose cohort and start are the group's intake's year and term,
  ``protocol.milestones.schedule_for``) whose window has opened (``start_date`` <= today),
  when their engagement as at ``min(today, milestone_date)`` evidences it
  (``protocol.milestones.milestone_met`` with the qualification's participation threshold).

Engagement as at a day: face-to-face minutes from the group's registers by the register's
own rule (``protocol.room_time``: an event is held once it is dated on or before that day
and has a mark that is not "unmarked"; it counts for a candidate enrolled by its day, not
marked "not applicable", or who attended it anyway; minutes in the room between its start
and end from arrival and departure), and the online sessions and course as simulated.

A declaration is dated the first day in its window on which the evidence was complete (the
window's first day, a held event's day or an online session's day). Its state follows its
age as at ``today``: under 7 days submitted, under 30 eligible, under 60 payable, else paid.
A deferred or withdrawn candidate (``training_status``) gets no declaration dated after
their status's date, and their online figures stop there; a withdrawal for "started in
error" voids their started declaration and no other is made.

The service computes them when the demo is seeded, on ``npq-server compute-declarations``
and, for a group, once a register of it is submitted (``after_submissions``, after the
push has committed).

Re-running never makes a declaration twice: each has one id per candidate, group and type
(``declaration_id``); an existing one keeps its date and only moves forward in state (a
voided one stays voided). Only records whose data change are written, each with a new
sequence number, placed in the group with the candidate as ``ref_id`` (group content: the
group's facilitators and its partner's leads pull them; QA leads do not).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from protocol.milestones import Engagement, milestone_met, ordered, schedule_for
from protocol.records import (
    UNMARKED,
    CourseSchedule,
    DeclarationData,
    Milestone,
    ParticipantProgressData,
    QualificationData,
    TrainingStatusData,
    declaration_id,
    participant_progress_id,
)
from protocol.room_time import event_minutes
from server import sequence, store
from server.db import Database
from server.models import Record
from server.services.participant_progress import Online, Simulation, session_days
from server.store import Placement

log = logging.getLogger(__name__)

# A declaration's state by its age in days: (from this many days on, state)
STATE_BY_AGE: tuple[tuple[int, str], ...] = (
    (0, "submitted"), (7, "eligible"), (30, "payable"), (60, "paid"))
STATE_RANK = {state: n for n, (_days, state) in enumerate(STATE_BY_AGE)}
STATE_FROM_DAY = {state: days for days, state in STATE_BY_AGE}
STARTED_IN_ERROR = "started-in-error"
VOIDED_IN_ERROR = "Withdrawn: the candidate started in error"
COMMITMENT_BEFORE_ANY_EVENT = 1.0


def state_for_age(days: int) -> str:
    """The state of a declaration ``days`` old."""
    found = STATE_BY_AGE[0][1]
    for first_day, state in STATE_BY_AGE:
        if days >= first_day:
            found = state
    return found


def _instant(day: dt.date) -> str:
    return f"{day.isoformat()}T06:00:00Z"


@dataclass(frozen=True)
class HeldEvent:
    id: str
    day: dt.date
    start: str
    end: str


@dataclass(frozen=True)
class Mark:
    status: str
    arrival: str | None
    departure: str | None


@dataclass
class GroupFacts:
    """Everything the computation reads of one group, loaded in a few queries."""

    group_id: str
    qualification: QualificationData | None
    schedule: CourseSchedule | None
    first_day: dt.date | None  # the group's first event's date
    held: list[HeldEvent]  # events with a mark, by date (whatever the day looked at)
    marks: dict[tuple[str, str], Mark]
    enrolled_on: dict[str, str]  # candidate -> date
    statuses: dict[str, TrainingStatusData]
    existing: dict[tuple[str, str], Record] = field(default_factory=dict)

    @property
    def threshold(self) -> int:
        return self.qualification.participation_threshold_percent if self.qualification \
            else 90

    @property
    def duration(self) -> int:
        return self.qualification.duration_months if self.qualification else 18

    @property
    def coaching(self) -> bool:
        return bool(self.qualification and self.qualification.coaching_included)

    def face_to_face(self, candidate: str, day: dt.date) -> tuple[int, int]:
        """(minutes in the room, minutes of the events that count) as at ``day``."""
        attended = held = 0
        for event in self.held:
            if event.day > day:
                break
            mark = self.marks.get((event.id, candidate))
            status = mark.status if mark is not None and mark.status != UNMARKED else None
            counted = event_minutes(
                status, mark.arrival if mark else None, mark.departure if mark else None,
                event.start, event.end,
                enrolled=self.enrolled_on.get(candidate, "9999") <= event.day.isoformat())
            if counted is not None:
                attended, held = attended + counted[0], held + counted[1]
        return attended, held

    def stop_day(self, candidate: str) -> dt.date | None:
        """A deferred or withdrawn candidate's status date."""
        status = self.statuses.get(candidate)
        if status is None or status.status not in ("deferred", "withdrawn") \
                or not status.effective_date:
            return None
        return dt.date.fromisoformat(status.effective_date)


class Candidate:
    """One candidate's engagement as at any day, with their simulated online activity."""

    def __init__(self, facts: GroupFacts, candidate_id: str) -> None:
        self.facts, self.id = facts, candidate_id
        self.stop = facts.stop_day(candidate_id)
        self.simulation = Simulation.of(facts.group_id, candidate_id)
        self._commitment: dict[dt.date, float] = {}

    def _capped(self, day: dt.date) -> dt.date:
        return min(day, self.stop) if self.stop else day

    def commitment(self, day: dt.date) -> float:
        """Their share of face-to-face minutes as at ``day`` (1.0 before any event)."""
        if day not in self._commitment:
            attended, held = self.facts.face_to_face(self.id, day)
            self._commitment[day] = attended / held if held else COMMITMENT_BEFORE_ANY_EVENT
        return self._commitment[day]

    def online(self, day: dt.date) -> Online:
        return self.simulation.as_at(
            self._capped(day), first_day=self.facts.first_day,
            commitment_on=self.commitment, duration_months=self.facts.duration,
            coaching=self.facts.coaching)

    def engagement(self, day: dt.date) -> Engagement:
        attended, held = self.facts.face_to_face(self.id, self._capped(day))
        online = self.online(day)
        return Engagement(attended_minutes=attended, held_minutes=held,
                          online_attended=online.sessions_attended,
                          online_held=online.sessions_held,
                          online_course_percent=online.course_percent)

    def evidence_day(self, milestone: Milestone, as_at: dt.date) -> dt.date | None:
        """The first day in the milestone's window, up to ``as_at``, on which the candidate's
        engagement evidences it; None when it does not by ``as_at``."""
        opens = dt.date.fromisoformat(milestone.start_date)
        if as_at < opens:
            return None
        days = {opens, as_at} | {e.day for e in self.facts.held if opens < e.day <= as_at}
        if self.facts.first_day is not None:
            days |= {d for d in session_days(self.facts.first_day, self.facts.duration, as_at)
                     if d > opens}
        for day in sorted(days):
            if milestone_met(milestone.declaration_type, self.engagement(day),
                             self.facts.threshold):
                return day
        return None


Write = tuple[str, str, dict[str, Any], Placement, Record | None]


def _progress(facts: GroupFacts, person: Candidate, today: dt.date) -> dict[str, Any]:
    online = person.online(today)
    return ParticipantProgressData(
        candidate_id=person.id, group_id=facts.group_id,
        online_sessions_attended=online.sessions_attended,
        online_sessions_held=online.sessions_held,
        online_course_percent=online.course_percent, diagnostic_360=online.diagnostic,
        coaching_sessions=online.coaching_sessions,
        coaching_sessions_planned=online.coaching_planned,
        updated_at=_instant(today)).model_dump()


def _advanced(current: dict[str, Any], today: dt.date, void: str | None) -> dict[str, Any]:
    """An existing declaration's data, its state moved forward by age (or voided)."""
    if current.get("state") == "voided":
        return current
    if void is not None:
        return current | {"state": "voided", "voided_reason": void,
                          "state_changed_at": _instant(today)}
    declared = dt.date.fromisoformat(str(current["declaration_date"]))
    state = state_for_age((today - declared).days)
    if STATE_RANK[state] <= STATE_RANK.get(str(current.get("state")), 0):
        return current
    entered = declared + dt.timedelta(days=STATE_FROM_DAY[state])
    return current | {"state": state, "state_changed_at": _instant(entered)}


def _declarations(facts: GroupFacts, person: Candidate,
                  today: dt.date) -> list[tuple[str, dict[str, Any]]]:
    """(id, data) of each declaration the candidate has as at ``today``."""
    if facts.schedule is None or facts.qualification is None:
        return []
    status = facts.statuses.get(person.id)
    in_error = status is not None and status.status == "withdrawn" \
        and status.reason == STARTED_IN_ERROR
    found = []
    for milestone in ordered(facts.schedule.milestones):
        kind = milestone.declaration_type
        record_id = declaration_id(facts.group_id, person.id, kind)
        held = facts.existing.get(("declaration", record_id))
        if held is not None and held.data is not None and not held.deleted:
            void = VOIDED_IN_ERROR if in_error and kind == "started" else None
            found.append((record_id, _advanced(dict(held.data), today, void)))
            continue
        if in_error or dt.date.fromisoformat(milestone.start_date) > today:
            continue
        as_at = min(today, dt.date.fromisoformat(milestone.milestone_date))
        if person.stop is not None:
            as_at = min(as_at, person.stop)
        day = person.evidence_day(milestone, as_at)
        if day is None:
            continue
        made = DeclarationData(
            candidate_id=person.id, group_id=facts.group_id, declaration_type=kind,
            state="submitted", declaration_date=day.isoformat(),
            course_identifier=facts.qualification.course_identifier,
            schedule_identifier=facts.schedule.identifier,
            state_changed_at=_instant(day))
        found.append((record_id, _advanced(made.model_dump(), today, None)))
    return found


def compute_group(facts: GroupFacts, today: dt.date) -> list[Write]:
    """The records of the group that change as at ``today`` (data differs from what is
    held)."""
    writes: list[Write] = []
    for candidate_id in sorted(facts.enrolled_on):
        person = Candidate(facts, candidate_id)
        placement = Placement(group_id=facts.group_id, ref_id=candidate_id)
        wanted = [("participant_progress", participant_progress_id(facts.group_id,
                                                                   candidate_id),
                   _progress(facts, person, today))]
        wanted += [("declaration", i, data) for i, data in _declarations(facts, person, today)]
        for type_, record_id, data in wanted:
            current = facts.existing.get((type_, record_id))
            if current is not None and not current.deleted and current.data == data:
                continue
            writes.append((type_, record_id, data, placement, current))
    return writes


# ---- reading a group's facts --------------------------------------------------------------


def _live(session: Session, type_: str, group_id: str) -> list[Record]:
    return list(session.scalars(select(Record).where(
        Record.type == type_, Record.group_id == group_id, Record.deleted == false())))


def load_facts(session: Session, group: Record,
               qualifications: dict[str, QualificationData],
               intakes: dict[str, tuple[str, int]]) -> GroupFacts:
    data = group.data or {}
    qualification = qualifications.get(str(data.get("qualification_code")))
    term, year = intakes.get(str(data.get("intake_id")), ("", 0))
    schedule = schedule_for(qualification.schedules, term, year) if qualification else None
    events = _live(session, "event", group.id)
    marks: dict[tuple[str, str], Mark] = {}
    marked: set[str] = set()
    for record in _live(session, "attendance", group.id):
        mark = record.data or {}
        key = (str(mark.get("event_id")), str(mark.get("candidate_id")))
        marks[key] = Mark(str(mark.get("status")), mark.get("arrival_time"),
                          mark.get("departure_time"))
        if mark.get("status") != UNMARKED:
            marked.add(key[0])
    dated = [(e.id, e.data or {}) for e in events if (e.data or {}).get("chosen_date")]
    held = sorted((HeldEvent(i, dt.date.fromisoformat(d["chosen_date"]),
                             d.get("start_time", "09:00"), d.get("end_time", "16:00"))
                   for i, d in dated if i in marked), key=lambda e: (e.day, e.id))
    first = min((dt.date.fromisoformat(d["chosen_date"]) for _, d in dated), default=None)
    enrolled = {str(r.data["candidate_id"]): str(r.data.get("enrolled_on", ""))
                for r in _live(session, "enrolment", group.id) if r.data}
    statuses = {s.candidate_id: s for s in (TrainingStatusData.model_validate(r.data)
                                            for r in _live(session, "training_status",
                                                           group.id) if r.data)}
    existing = {(r.type, r.id): r for r in session.scalars(select(Record).where(
        Record.type.in_(("declaration", "participant_progress")),
        Record.group_id == group.id))}
    return GroupFacts(group.id, qualification, schedule, first, held, marks, enrolled,
                      statuses, existing)


def group_by_code(session: Session, code: str) -> str | None:
    """The id of the live group with this code (or id)."""
    for record in session.scalars(select(Record).where(Record.type == "group",
                                                       Record.deleted == false())):
        if record.id == code or (record.data or {}).get("code") == code:
            return record.id
    return None


def recompute(session: Session, today: dt.date,
              group_ids: Iterable[str] | None = None) -> int:
    """Compute the participant progress and declarations of the groups (all when None) as
    at ``today`` and write those that changed; returns how many were written. Takes the
    change-sequence lock (call inside a write transaction)."""
    sequence.lock(session)
    qualifications = {}
    for record in session.scalars(select(Record).where(
            Record.type == "qualification", Record.deleted == false())):
        if record.data:
            q = QualificationData.model_validate(record.data)
            qualifications[q.code] = q
    intakes = {r.id: (str(r.data.get("term")), int(r.data.get("year", 0)))
               for r in session.scalars(select(Record).where(
                   Record.type == "intake", Record.deleted == false())) if r.data}
    query = select(Record).where(Record.type == "group", Record.deleted == false())
    if group_ids is not None:
        query = query.where(Record.id.in_(sorted(set(group_ids))))
    writes: list[Write] = []
    for group in session.scalars(query.order_by(Record.id)).all():
        writes += compute_group(load_facts(session, group, qualifications, intakes), today)
    numbers = sequence.allocate(session, len(writes))
    for (type_, record_id, data, placement, current), seq in zip(writes, numbers, strict=True):
        store.put(session, type_, record_id, data, placement, current=current, flush=False,
                  seq=seq)
    session.flush()
    log.info("declarations as at %s: %d records written", today.isoformat(), len(writes))
    return len(writes)


def after_submissions(database: Database, event_ids: Iterable[str]) -> int:
    """Recompute the groups of these submitted registers, once they are committed (a
    follow-up of the push, in a transaction of its own): each as at the later of its
    latest submitted event's day and the day it was last computed for, so that an amended
    old register never takes a candidate's online figures back. Returns how many records
    were written; a failure is logged, never raised (the push has been applied)."""
    try:
        with database.write() as session:
            sequence.lock(session)
            days: dict[str, dt.date] = {}
            for event in session.scalars(select(Record).where(
                    Record.type == "event", Record.id.in_(sorted(set(event_ids))))):
                chosen = (event.data or {}).get("chosen_date")
                if event.group_id and chosen:
                    day = dt.date.fromisoformat(chosen)
                    days[event.group_id] = max(day, days.get(event.group_id, day))
            written = 0
            for group_id, day in sorted(days.items()):
                computed = session.scalar(select(func.max(
                    Record.data["updated_at"].as_string())).where(
                    Record.type == "participant_progress", Record.group_id == group_id))
                if computed:
                    day = max(day, dt.date.fromisoformat(computed[:10]))
                written += recompute(session, day, [group_id])
            return written
    except Exception:  # the push is applied; the next computation catches up
        log.exception("declarations not recomputed after a register submission")
        return 0
