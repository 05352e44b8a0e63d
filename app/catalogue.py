"""What the signed-in user can open: their groups and events, and each group's course as
the qualification catalogue gives it, in words (``course_facts``: course identifier,
programme type and duration, coaching, the final-assessment points and the schedule the
group's intake follows, with its milestone dates and assessment window).

Nothing here assumes a number of qualifications or their codes: the catalogue is the
central service's reference data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import EventSummary, GroupSummary
from app.marks import MARKED
from app.store import Store
from app.store.models import (
    Attendance,
    Colleague,
    Enrolment,
    Event,
    Group,
    IdentityRow,
    Intake,
    Partner,
    Qualification,
    RegisterSubmission,
)
from app.training_status import all_statuses
from protocol.fields import READING, THRESHOLD_DEFAULT
from protocol.milestones import MILESTONE_WORDS, ordered, schedule_for
from protocol.records import CourseSchedule
from protocol.text import N_, _

PROGRAMME_WORDS = {"leadership": N_("leadership"), "specialist": N_("specialist"),
                   "early_headship": N_("early headship"), "other": N_("other")}


class CatalogueService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def groups(self, today: dt.date | None = None) -> list[GroupSummary]:
        """Every group here, by code. ``enrolled``: active enrolments; as at ``today`` when
        given, less those the central service has deferred or withdrawn by then (what
        counts towards the minimum, as the Groups tab counts it)."""
        with self.store.read() as session:
            enrolled = _active_counts(session)
            if today is not None:
                for (group_id, _candidate), status in all_statuses(session).items():
                    if status.effective_date <= today and enrolled[group_id] > 0:
                        enrolled[group_id] -= 1
            groups = session.scalars(select(Group).order_by(Group.code)).all()
            return [_group_summary(session, g, enrolled.get(g.id, 0)) for g in groups]

    def events(self, today: dt.date) -> list[EventSummary]:
        """Today's events first, then upcoming ones by date, then past ones, most recent
        first. An event whose date is not chosen yet counts from its window's start."""
        with self.store.read() as session:
            summaries = _all_event_summaries(session)
        return sorted(summaries, key=lambda s: _order_key(s, today))

    def course(self, group_id: str) -> CourseFacts | None:
        """The group's course as the catalogue gives it; None when the group is gone."""
        with self.store.read() as session:
            group = session.get(Group, group_id)
            return course_facts(session, group) if group is not None else None

    def event(self, event_id: str) -> EventSummary | None:
        with self.store.read() as session:
            row = session.get(Event, event_id)
            return event_summary(session, row) if row else None


def _order_key(s: EventSummary, today: dt.date) -> tuple[int, int, str, int]:
    day = s.date or s.window_start
    if s.date == today:
        bucket, offset = 0, 0
    elif day >= today or (s.date is None and s.window_end >= today):
        bucket, offset = 1, day.toordinal()
    else:
        bucket, offset = 2, -day.toordinal()
    return bucket, offset, s.group_code, s.number


def event_summary(session: Session, event: Event) -> EventSummary:
    group = session.get(Group, event.group_id)
    roster = _active_candidate_ids(session, event.group_id)
    marked_ids = set(session.scalars(select(Attendance.candidate_id).where(
        Attendance.event_id == event.id, MARKED)))
    submitted = session.scalar(
        select(func.count()).select_from(RegisterSubmission)
        .where(RegisterSubmission.event_id == event.id)
    )
    title = _qualification_title(session, group.qualification_code) if group else ""
    return _summary(event, group, roster, marked_ids, bool(submitted), title or "")


def _summary(event: Event, group: Group | None, roster: set[str], marked_ids: Iterable[str],
             submitted: bool, qualification_title: str) -> EventSummary:
    """One event as the events list shows it, from what was read about it."""
    return EventSummary(
        id=event.id,
        group_id=event.group_id,
        group_code=group.code if group else "",
        qualification_code=group.qualification_code if group else "",
        number=event.number,
        title=event.title,
        date=dt.date.fromisoformat(event.chosen_date) if event.chosen_date else None,
        window_start=dt.date.fromisoformat(event.window_start),
        window_end=dt.date.fromisoformat(event.window_end),
        venue_name=event.venue_name,
        arrival_time=event.arrival_time,
        start_time=event.start_time,
        end_time=event.end_time,
        roster_size=len(roster),
        marked=len(roster.intersection(marked_ids)),
        submitted=submitted,
        qualification_title=qualification_title,
    )


def _all_event_summaries(session: Session) -> list[EventSummary]:
    """``event_summary`` for every event in five queries, not five per event: a partner
    lead's year holds hundreds of events and this list is what the window opens on."""
    groups = {g.id: g for g in session.scalars(select(Group))}
    titles = dict(session.execute(select(Qualification.code, Qualification.title)).all())
    rosters: dict[str, set[str]] = {}
    for group_id, candidate_id in session.execute(
            select(Enrolment.group_id, Enrolment.candidate_id)
            .where(Enrolment.status == "active")):
        rosters.setdefault(group_id, set()).add(candidate_id)
    marked: dict[str, set[str]] = {}
    for event_id, candidate_id in session.execute(
            select(Attendance.event_id, Attendance.candidate_id)
            .where(MARKED)):
        marked.setdefault(event_id, set()).add(candidate_id)
    submitted = set(session.scalars(select(RegisterSubmission.event_id).distinct()))
    summaries = []
    for event in session.scalars(select(Event)):
        group = groups.get(event.group_id)
        roster = rosters.get(event.group_id, set())
        title = (titles.get(group.qualification_code) or "") if group else ""
        summaries.append(_summary(event, group, roster, marked.get(event.id, ()),
                                  event.id in submitted, title))
    return summaries


def _qualification_title(session: Session, code: str) -> str:
    qualification = session.scalar(select(Qualification).where(Qualification.code == code))
    return qualification.title if qualification else ""


def _active_candidate_ids(session: Session, group_id: str) -> set[str]:
    return set(session.scalars(
        select(Enrolment.candidate_id)
        .where(Enrolment.group_id == group_id, Enrolment.status == "active")
    ))


def _active_counts(session: Session) -> Counter[str]:
    rows = session.execute(
        select(Enrolment.group_id, func.count())
        .where(Enrolment.status == "active").group_by(Enrolment.group_id)
    )
    return Counter({group_id: n for group_id, n in rows})


def _group_summary(session: Session, group: Group, enrolled: int) -> GroupSummary:
    partner = session.get(Partner, group.partner_id)
    intake = session.get(Intake, group.intake_id)
    return GroupSummary(
        id=group.id,
        code=group.code,
        qualification_code=group.qualification_code,
        qualification_title=_qualification_title(session, group.qualification_code)
        or group.qualification_code,
        partner_name=partner.name if partner else "",
        intake_label=intake.label if intake else "",
        venue_name=group.venue_name,
        enrolled=enrolled,
        min_size=group.min_size,
        facilitator_names=tuple(display_name(session, uid) for uid in group.facilitator_ids or ()),
        facilitator_ids=tuple(group.facilitator_ids or ()),
    )


def display_name(session: Session, user_id: str, unknown: str | None = None) -> str:
    """A colleague's (or the signed-in user's) name, for "by whom" lines; ``unknown`` (by
    default "Unknown colleague", translated) when this laptop does not hold that person."""
    colleague = session.get(Colleague, user_id)
    if colleague is not None:
        return colleague.name
    me = session.get(IdentityRow, 1)
    if me is not None and me.user_id == user_id:
        return me.name
    return unknown if unknown is not None else _("Unknown colleague")


# ---- a group's course, in words -------------------------------------------------------


def day_words(day: dt.date) -> str:
    """'31 Dec 2026'."""
    return f"{day.day} {day:%b %Y}"


def span_words(start: dt.date, end: dt.date) -> str:
    """'1–31 May 2028', '1 May – 30 Jun 2028', '1 Dec 2027 – 31 Jan 2028'."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {day_words(end)}"
    return f"{day_words(start)} – {day_words(end)}"


def _or_list(items: Sequence[str]) -> str:
    """'12, 15 or 18'."""
    if len(items) <= 1:
        return "".join(items)
    return _("{some} or {last}").format(some=", ".join(items[:-1]), last=items[-1])


@dataclass(frozen=True)
class CourseFacts:
    """What a person needs to know of a group's course, from the qualification record."""

    code: str
    title: str
    course_identifier: str  # "" when the service has none
    programme_type: str
    duration_months: int
    coaching_included: bool
    assessment_months: tuple[int, ...]
    intake_label: str
    schedule: CourseSchedule | None  # the one the group's intake follows
    known: bool = True  # False: the qualification has not arrived on this laptop
    # below this share of face-to-face hours a candidate is at risk (``app.progress``)
    threshold: int = THRESHOLD_DEFAULT

    @property
    def milestones(self) -> tuple[tuple[str, dt.date], ...]:
        """(the milestone in words, its last day), in the funder's order."""
        if self.schedule is None:
            return ()
        return tuple((_(MILESTONE_WORDS.get(m.declaration_type, m.declaration_type)).lower(),
                      dt.date.fromisoformat(m.milestone_date))
                     for m in ordered(self.schedule.milestones))

    @property
    def assessment_window(self) -> tuple[dt.date, dt.date] | None:
        s = self.schedule
        if s is None or not s.assessment_window_start or not s.assessment_window_end:
            return None
        return (dt.date.fromisoformat(s.assessment_window_start),
                dt.date.fromisoformat(s.assessment_window_end))

    @property
    def words(self) -> str:
        """'NPQSL · npq-senior-leadership · leadership, 18 months · coaching not included ·
        final assessment at 12, 15 or 18 months · milestones: started by 31 Dec 2026, …;
        assessment window 1–31 May 2028'."""
        if not self.known:
            return _("{code} · the catalogue has not sent this qualification yet").format(
                code=self.code)
        parts = [self.code]
        if self.course_identifier:
            parts.append(self.course_identifier)
        kind = _(PROGRAMME_WORDS.get(self.programme_type, self.programme_type))
        parts.append(_("{kind}, {months} months").format(kind=kind,
                                                           months=self.duration_months))
        parts.append(_("coaching included") if self.coaching_included
                     else _("coaching not included"))
        if self.assessment_months:
            parts.append(_("final assessment at {months} months").format(
                months=_or_list([str(m) for m in self.assessment_months])))
        parts.append(self.schedule_words)
        return " · ".join(parts)

    @property
    def schedule_words(self) -> str:
        if self.schedule is None:
            return _("no schedule for {intake} yet").format(
                intake=self.intake_label or _("this intake"))
        text = _("milestones: {milestones}").format(milestones=", ".join(
            _("{milestone} by {day}").format(milestone=name, day=day_words(day))
            for name, day in self.milestones) or _("none"))
        window = self.assessment_window
        if window is not None:
            text += "; " + _("assessment window {span}").format(span=span_words(*window))
        return text


def course_facts(session: Session, group: Group | None) -> CourseFacts:
    """The group's course: its qualification's record, and the schedule its intake's term
    and year follow (``protocol.milestones.schedule_for``); the default threshold, no
    coaching and no schedule while they are not on this laptop."""
    if group is None:
        return CourseFacts("", "", "", "other", 0, False, (), "", None, known=False)
    qualification = session.scalar(select(Qualification).where(
        Qualification.code == group.qualification_code).limit(1))
    intake = session.get(Intake, group.intake_id)
    label = intake.label if intake is not None else ""
    if qualification is None:
        return CourseFacts(group.qualification_code, group.qualification_code, "",
                           "other", 0, False, (), label, None, known=False)
    schedules = []
    for raw in qualification.schedules or ():
        try:
            schedules.append(CourseSchedule.model_validate(raw, context=READING))
        except ValueError:
            continue  # one this version cannot read: the others still show
    schedule = (schedule_for(schedules, intake.term, intake.year)
                if intake is not None else None)
    return CourseFacts(
        code=qualification.code, title=qualification.title,
        course_identifier=qualification.course_identifier or "",
        programme_type=qualification.programme_type or "other",
        duration_months=qualification.duration_months or 0,
        coaching_included=bool(qualification.coaching_included),
        assessment_months=tuple(sorted(int(m) for m in qualification.assessment_months or ())),
        intake_label=label, schedule=schedule,
        threshold=(THRESHOLD_DEFAULT if qualification.participation_threshold_percent is None
                   else int(qualification.participation_threshold_percent)))


def delivery_partner_id(session: Session, group: Group) -> str:
    """The partner's national delivery-partner identifier for the group's cohort (the
    year its intake starts); "" when the service has not sent one."""
    partner = session.get(Partner, group.partner_id)
    intake = session.get(Intake, group.intake_id)
    if partner is None or intake is None:
        return ""
    return (partner.delivery_partner_ids or {}).get(str(intake.year), "")
