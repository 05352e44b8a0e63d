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

The rules are the small pure functions ``below_threshold``, ``missed_running`` and
``risk``; ``ProgressService`` gathers the records in one read and returns frozen
dataclasses, safe to hand to the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import MarkStatus, time_in_room
from app.names import listed_name
from app.store import Store
from app.store.models import Attendance, Candidate, Enrolment, Event, Group, Qualification
from app.training_status import group_statuses
from protocol.fields import THRESHOLD_DEFAULT
from protocol.records import UNMARKED
from protocol.text import _

# The participation threshold, in percent of face-to-face hours: each qualification's comes
# from the central service (``QualificationData.participation_threshold_percent``); this
# one only while the group's qualification is not on this laptop.
DEFAULT_THRESHOLD = THRESHOLD_DEFAULT
# This many events missed one after another puts a candidate at risk.
MISSED_RUNNING_LIMIT = 2


# ---- the rules --------------------------------------------------------------------------


def below_threshold(attended_minutes: int, held_minutes: int,
                    threshold: float = DEFAULT_THRESHOLD) -> bool:
    """True when the minutes attended are under ``threshold`` percent of the minutes held
    (exactly at the threshold is not below). Nothing held: not below."""
    if held_minutes <= 0:
        return False
    return attended_minutes * 100 < threshold * held_minutes


def missed_running(attended: Sequence[bool]) -> int:
    """How many of the latest events (``attended`` in date order) were missed in a row."""
    count = 0
    for was_there in reversed(attended):
        if was_there:
            break
        count += 1
    return count


def share_percent(attended_minutes: int, held_minutes: int) -> int | None:
    """The share of hours as a whole percent, rounded down (so 89.9 % never reads as 90 %);
    None when nothing was held."""
    if held_minutes <= 0:
        return None
    return attended_minutes * 100 // held_minutes


@dataclass(frozen=True)
class Risk:
    """Why a candidate is at risk, in words (one reason or two)."""

    reasons: tuple[str, ...]

    @property
    def text(self) -> str:
        return "; ".join(self.reasons)


def risk(attended_minutes: int, held_minutes: int, missed_in_a_row: int,
         threshold: float = DEFAULT_THRESHOLD) -> Risk | None:
    """The at-risk verdict: below the participation threshold, or ``MISSED_RUNNING_LIMIT``
    events missed running; None when neither (or when nothing has been held)."""
    reasons: list[str] = []
    if below_threshold(attended_minutes, held_minutes, threshold):
        reasons.append(_("Below {threshold} % of face-to-face hours ({share} %)").format(
            threshold=f"{threshold:g}", share=share_percent(attended_minutes, held_minutes)))
    if missed_in_a_row >= MISSED_RUNNING_LIMIT:
        reasons.append(_("Missed the last {n} events running").format(n=missed_in_a_row))
    return Risk(tuple(reasons)) if reasons else None


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


@dataclass(frozen=True)
class GroupProgress:
    group_id: str
    code: str
    as_at: dt.date
    threshold: float
    events_held: int
    events_total: int
    rows: tuple[CandidateProgress, ...]

    @property
    def at_risk(self) -> tuple[CandidateProgress, ...]:
        return tuple(r for r in self.rows if r.risk is not None)


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
        the group's qualification's threshold."""
        with self.store.read() as session:
            group = session.get(Group, group_id)
            if threshold is None:
                threshold = group_threshold(session, group)
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
            rows = tuple(replace(row, training=training[row.candidate_id].words)
                         if row.candidate_id in training else row
                         for row in (_row(enrolment, candidate, held, by_pair, threshold)
                                     for enrolment, candidate in people))
            return GroupProgress(group_id, group.code if group else "", today, threshold,
                                 len(held), len(events), rows)

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
    if group is None:
        return DEFAULT_THRESHOLD
    found = session.scalar(select(Qualification.participation_threshold_percent).where(
        Qualification.code == group.qualification_code).limit(1))
    return DEFAULT_THRESHOLD if found is None else int(found)


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
