"""Each candidate's year on one line, and who is at risk, for a group (no Qt).

How the figures are counted (the same a person would count by hand from the registers):

- An event is *held* once its date is today or past and someone is marked on its register
  (a mark taken back, "unmarked", is not a mark; walk-ins are not enrolled in the group, so
  they neither make a row nor hold an event).
- An event held counts for a candidate when they were enrolled by its day and not marked
  "not applicable" (or when they attended it anyway).
- *Days attended*: the events counted at which they were marked present, late or left
  early. Anything else (absent, apologies, not marked) is a day missed.
- *Share of face-to-face hours*: the minutes in the room (from arrival and departure times,
  between the event's start and end: ``app.domain.time_in_room``, as the register counts
  "share of the day") over the minutes of every event counted.
- *Missed running*: how many of the latest events counted were missed, one after another.
- *At risk*: an active candidate whose share is below the participation threshold (the
  group's qualification's, as the central service sent it; 90 % until it has arrived,
  ``DEFAULT_THRESHOLD``), or who missed two events running. Nobody is at risk
  before any event has been held for them.

Beside the registers, what the central service reports (``app.progress_reported``):
online sessions, the online course, the 360° diagnostic and coaching (where the
qualification includes it) from each candidate's ``participant_progress``, ``None`` while
none has arrived; the participant id, school URN and funding from the candidate; and the
funding milestones (``app.progress_milestones``): every milestone of the group's schedule
with its declaration, the next one, and whether the candidate will miss it on current
attendance, and why.

The at-risk rules are small pure functions (``app.progress_rules``: ``below_threshold``,
``missed_running``, ``risk``), the milestone ones too; ``ProgressService`` gathers the
records in one read and returns frozen dataclasses, safe to hand to the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.catalogue import CourseFacts, course_facts
from app.domain import MarkStatus, time_in_room
from app.names import listed_name
from app.progress_milestones import MilestoneLine, NextMilestone, milestone_lines, next_for
from app.progress_reported import (
    Funding,
    Reported,
    funding,
    read_reports,
    reported,
)
from app.progress_rules import (
    DEFAULT_THRESHOLD,
    MISSED_RUNNING_LIMIT,
    Risk,
    below_threshold,
    missed_running,
    risk,
    share_percent,
)
from app.store import Store
from app.store.models import Attendance, Candidate, Enrolment, Event, Group
from app.training_status import CandidateStatus, group_statuses
from protocol.milestones import Engagement
from protocol.records import UNMARKED, DeclarationData
from protocol.text import _

__all__ = [  # the rules live in app.progress_rules; imported from here as before
    "DEFAULT_THRESHOLD",
    "MISSED_RUNNING_LIMIT",
    "CandidateProgress",
    "DayOutcome",
    "Funding",
    "GroupChoice",
    "GroupProgress",
    "MilestoneLine",
    "NextMilestone",
    "ProgressService",
    "Reported",
    "Risk",
    "below_threshold",
    "held_events",
    "latest_held",
    "missed_running",
    "risk",
    "share_percent",
]

# ---- what the service returns -----------------------------------------------------------


@dataclass(frozen=True)
class GroupChoice:
    group_id: str
    code: str
    last_held: dt.date | None  # the latest event held, None before any


def latest_held(groups: Sequence[GroupChoice]) -> GroupChoice | None:
    """The group whose latest event was held last (the one to open on), else the first."""
    held = [g for g in groups if g.last_held is not None]
    if held:
        return max(held, key=lambda g: (g.last_held or dt.date.min, g.code))
    return groups[0] if groups else None


@dataclass(frozen=True)
class DayOutcome:
    """One held event as it counts for one candidate."""

    event_id: str
    number: int
    date: dt.date
    status: str  # the mark ("" when not marked)
    attended: bool
    minutes: int  # in the room, between the event's start and end
    day_minutes: int  # the event's start to its end


@dataclass(frozen=True)
class CandidateProgress:
    candidate_id: str
    given_name: str
    family_name: str
    school: str
    status: str  # the enrolment's: "active" or "withdrawn"
    days: tuple[DayOutcome, ...]  # the held events that count for them, by date
    risk: Risk | None
    training: str = ""  # an accepted deferral or withdrawal: "Deferred from 12 Jan"
    # held for the central service, shown in the detail panel and on the printed page
    participant_id: str = ""
    school_urn: str = ""
    funding: Funding | None = None
    # the central service's figures beyond the registers; None: not reported yet
    reported: Reported | None = None
    # every milestone of the group's schedule, with its declaration where one was made
    milestones: tuple[MilestoneLine, ...] = ()
    next_milestone: NextMilestone | None = None

    @property
    def name(self) -> str:
        """'Family, Given', as the register and the paper list them."""
        return listed_name(self.given_name, self.family_name)

    @property
    def days_attended(self) -> int:
        return sum(1 for d in self.days if d.attended)

    @property
    def days_held(self) -> int:
        return len(self.days)

    @property
    def attended_minutes(self) -> int:
        return sum(d.minutes for d in self.days)

    @property
    def held_minutes(self) -> int:
        return sum(d.day_minutes for d in self.days)

    @property
    def share(self) -> int | None:
        """Whole percent of face-to-face hours (rounded down); None before any is held."""
        return share_percent(self.attended_minutes, self.held_minutes)

    @property
    def missed_running(self) -> int:
        return missed_running([d.attended for d in self.days])

    @property
    def missed_events(self) -> tuple[int, ...]:
        """The numbers of the events missed running (the latest last)."""
        n = self.missed_running
        return tuple(d.number for d in self.days[len(self.days) - n:]) if n else ()

    @property
    def status_label(self) -> str:
        if self.training:  # the central service's answer to a deferral or withdrawal
            return self.training
        return _("Withdrawn") if self.status == "withdrawn" else _("Active")

    @property
    def will_miss(self) -> bool:
        """Will miss the next milestone on current attendance."""
        return self.next_milestone is not None and self.next_milestone.will_miss

    @property
    def engagement(self) -> Engagement:
        """Face-to-face minutes from the registers, online figures as reported (none
        while nothing is reported): what the milestones are judged on."""
        online = self.reported
        return Engagement(self.attended_minutes, self.held_minutes,
                          online.online_attended if online else 0,
                          online.online_held if online else 0,
                          online.online_course_percent if online else 0)


@dataclass(frozen=True)
class GroupProgress:
    group_id: str
    code: str
    as_at: dt.date
    threshold: float
    events_held: int
    events_total: int
    rows: tuple[CandidateProgress, ...]
    coaching_included: bool = False  # the group's qualification includes coaching
    schedule_identifier: str = ""  # the schedule the group follows; "" when none is held
    assessment_window: tuple[dt.date, dt.date] | None = None  # first and last day
    course: CourseFacts | None = None  # the qualification as the service describes it

    @property
    def at_risk(self) -> tuple[CandidateProgress, ...]:
        return tuple(r for r in self.rows if r.risk is not None)

    @property
    def will_miss_next(self) -> tuple[CandidateProgress, ...]:
        """Who will miss their next milestone on current attendance."""
        return tuple(r for r in self.rows if r.will_miss)


# ---- the service ------------------------------------------------------------------------


class ProgressService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def groups(self, today: dt.date) -> list[GroupChoice]:
        """The groups on this laptop, by code, each with its latest event held by
        ``today`` (the progress view's chooser)."""
        with self.store.read() as session:
            last: dict[str, str | None] = {group_id: day for group_id, day in session.execute(
                select(Event.group_id, func.max(Event.chosen_date))
                .where(Event.chosen_date <= today.isoformat(),
                       select(Attendance.id).where(Attendance.event_id == Event.id,
                                                   Attendance.status != UNMARKED)
                       .exists())
                .group_by(Event.group_id))}
            return [GroupChoice(g.id, g.code,
                                dt.date.fromisoformat(day) if (day := last.get(g.id)) else None)
                    for g in session.scalars(select(Group).order_by(Group.code))]

    def group(self, group_id: str, today: dt.date,
              threshold: float | None = None) -> GroupProgress:
        """Every enrolled candidate's line, as at ``today``, judged by ``threshold`` or else
        the group's qualification's threshold; in one read."""
        with self.store.read() as session:
            group = session.get(Group, group_id)
            course = course_facts(session, group)
            if threshold is None:
                threshold = course.threshold
            events = list(session.scalars(select(Event).where(Event.group_id == group_id)))
            marks = list(session.scalars(select(Attendance).where(
                Attendance.event_id.in_([e.id for e in events])))) if events else []
            people = list(session.execute(
                select(Enrolment, Candidate)
                .join(Candidate, Candidate.id == Enrolment.candidate_id)
                .where(Enrolment.group_id == group_id)
                .order_by(Enrolment.register_order, Candidate.family_name)))
            held = held_events(events, marks, today)
            by_pair = {(m.event_id, m.candidate_id): m for m in marks}
            training = group_statuses(session, group_id)
            reports, declarations = read_reports(session, group_id,
                                                 [c.id for _e, c in people])
            rows = tuple(
                _with_reports(_row(enrolment, candidate, held, by_pair, threshold),
                              candidate, course, training.get(candidate.id),
                              reported(reports.get(candidate.id), course.coaching_included),
                              declarations.get(candidate.id, {}), threshold, today)
                for enrolment, candidate in people)
            schedule = course.schedule
            return GroupProgress(group_id, group.code if group else "", today, threshold,
                                 len(held), len(events), rows, course.coaching_included,
                                 schedule.identifier if schedule else "",
                                 course.assessment_window, course)

    def at_risk(self, group_id: str, today: dt.date,
                threshold: float | None = None) -> dict[str, Risk]:
        """Who is at risk in the group as at ``today``, by candidate id."""
        return {r.candidate_id: r.risk
                for r in self.group(group_id, today, threshold).rows if r.risk is not None}

    def before_event(self, event_id: str, today: dt.date,
                     threshold: float | None = None) -> dict[str, Risk]:
        """Who was at risk coming into an event (as at the day before it, or before
        ``today`` while it has no date), by candidate id: what the facilitator's register
        shows beside the names, read once when the register is shown, so its own marks do
        not move it."""
        with self.store.read() as session:
            event = session.get(Event, event_id)
            if event is None:
                return {}
            group_id, day = event.group_id, event.chosen_date
        as_at = (dt.date.fromisoformat(day) if day else today) - dt.timedelta(days=1)
        return self.at_risk(group_id, as_at, threshold)


def group_threshold(session: Session, group: Group | None) -> int:
    """The participation threshold of the group's qualification, as the central service
    sent it; ``DEFAULT_THRESHOLD`` while the qualification is not on this laptop."""
    return course_facts(session, group).threshold


def _with_reports(row: CandidateProgress, candidate: Candidate, course: CourseFacts,
                  status: CandidateStatus | None, figures: Reported | None,
                  declarations: dict[str, DeclarationData], threshold: float,
                  today: dt.date) -> CandidateProgress:
    """The line with the central service's answers: the deferral or withdrawal, the
    figures beyond the registers, the identifiers and funding, the milestones."""
    lines = milestone_lines(course.schedule, declarations, today)
    line = replace(row, training=status.words if status is not None else "",
                   participant_id=candidate.participant_id or "",
                   school_urn=candidate.school_urn or "", funding=funding(candidate.funding),
                   reported=figures, milestones=lines)
    judged = row.status == "active" and status is None
    return replace(line, next_milestone=next_for(course.schedule, lines, line.engagement,
                                                 threshold, today, judged=judged))


def held_events(events: Iterable[Event], marks: Iterable[Attendance],
                today: dt.date) -> list[Event]:
    """The events held by ``today``: dated today or earlier, with a mark (not "unmarked")
    on their register; by date, then number."""
    marked = {m.event_id for m in marks if m.status != UNMARKED}
    held = [e for e in events if e.chosen_date and e.id in marked
            and dt.date.fromisoformat(e.chosen_date) <= today]
    return sorted(held, key=lambda e: (e.chosen_date or "", e.number))


def _row(enrolment: Enrolment, candidate: Candidate, held: list[Event],
         marks: dict[tuple[str, str], Attendance], threshold: float) -> CandidateProgress:
    days = tuple(day for event in held if (day := _day(event, enrolment,
                                                       marks.get((event.id, candidate.id))))
                 is not None)
    attended = sum(d.minutes for d in days)
    total = sum(d.day_minutes for d in days)
    verdict = (risk(attended, total, missed_running([d.attended for d in days]), threshold)
               if enrolment.status == "active" else None)
    return CandidateProgress(candidate.id, candidate.given_name, candidate.family_name,
                             candidate.school, enrolment.status, days, verdict)


def _day(event: Event, enrolment: Enrolment, mark: Attendance | None) -> DayOutcome | None:
    """How a held event counts for the candidate; None when it does not count for them."""
    assert event.chosen_date is not None
    status = MarkStatus(mark.status) if mark is not None and mark.status != UNMARKED else None
    attended = status is not None and status.attended
    enrolled = enrolment.enrolled_on <= event.chosen_date
    if not attended and (not enrolled or status is MarkStatus.NOT_APPLICABLE):
        return None
    # The day's length is the room time of someone there all day (no arrival, departure).
    _whole, day_minutes = time_in_room(MarkStatus.PRESENT, None, None,
                                       event.start_time, event.end_time) or (0, 1)
    span = time_in_room(status, mark.arrival_time if mark else None,
                        mark.departure_time if mark else None,
                        event.start_time, event.end_time)
    return DayOutcome(event.id, event.number, dt.date.fromisoformat(event.chosen_date),
                      mark.status if mark is not None else "", attended,
                      span[0] if span else 0, day_minutes)
