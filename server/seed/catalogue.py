"""The qualification catalogue the demo seeds: the partner pack's four qualifications (the
default) or the current national suite (``npq-server seed-demo --catalogue current``), each
with its course identifier, programme type, duration and the schedules of its cohorts.

Schedules are built relative to the seed's ``year`` (the autumn intake's year): for the
cohorts ``year`` and ``year + 1``, an autumn start (1 September) and a spring start
(1 January), each with the four funding milestones spread over the course's duration and
an assessment window near its end. A group follows the schedule whose cohort and start are
its intake's year and term (``protocol.milestones.schedule_for``), so the demo's autumn
groups follow ``year``'s autumn schedule and its spring groups ``year + 1``'s spring one.

``group_codes(p_index)`` names the qualifications of a partner's three groups (two autumn,
one spring): the pack's as the seed has always made them; the current suite's spread so
every qualification has a group and the demo facilitator's group stays NPQSL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from protocol.records import CourseSchedule, Milestone, ProgrammeType, QualificationData
from server.seed.reference import QUALIFICATIONS

CatalogueName = Literal["pack", "current"]
CATALOGUES: tuple[CatalogueName, ...] = ("pack", "current")

# Each milestone's window opens this far into the course (months), as a share of its
# duration for the two retained ones; the completed declaration may be made until some
# months after the course ends (the final assessment's result comes later).
STARTED_MONTHS = 3
RETAINED_1_SHARE = 0.5
COMPLETED_GRACE_MONTHS = 4


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later (``day`` is a 1st: always exists)."""
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, day.day)


def _window(start: dt.date, months_from: int, months_to: int) -> tuple[str, str]:
    first = add_months(start, months_from)
    last = add_months(start, months_to) - dt.timedelta(days=1)
    return first.isoformat(), last.isoformat()


def schedule(family: str, cohort: int, term: Literal["autumn", "spring"],
             duration_months: int) -> CourseSchedule:
    """One cohort's schedule: started in the first three months; retained-1 to half way;
    retained-2 to the last month; completed from the last month to four months after."""
    start = dt.date(cohort, 9, 1) if term == "autumn" else dt.date(cohort, 1, 1)
    half = round(duration_months * RETAINED_1_SHARE)
    spans = (("started", 0, STARTED_MONTHS), ("retained-1", STARTED_MONTHS, half),
             ("retained-2", half, duration_months - 1),
             ("completed", duration_months - 1, duration_months + COMPLETED_GRACE_MONTHS))
    milestones = []
    for kind, first, last in spans:
        opens, closes = _window(start, first, last)
        milestones.append(Milestone(declaration_type=kind,  # type: ignore[arg-type]
                                    start_date=opens, milestone_date=closes))
    window = _window(start, duration_months - 2, duration_months + 1)
    return CourseSchedule(identifier=f"npq-{family}-{term}", cohort=cohort, start=term,
                          milestones=milestones, assessment_window_start=window[0],
                          assessment_window_end=window[1])


def schedules(family: str, year: int, duration_months: int) -> list[CourseSchedule]:
    """The autumn and spring schedules of the cohorts ``year`` and ``year + 1``."""
    return [schedule(family, cohort, term, duration_months)
            for cohort in (year, year + 1) for term in ("autumn", "spring")]


@dataclass(frozen=True)
class Course:
    """A qualification of the current national suite, before its schedules are built."""

    code: str
    title: str
    identifier: str
    fee_pence: int
    programme_type: ProgrammeType
    duration_months: int
    assessment_months: tuple[int, ...]
    coaching: bool = False

    def qualification(self, year: int) -> QualificationData:
        family = "specialist" if self.programme_type == "specialist" else "leadership"
        return QualificationData(
            code=self.code, title=self.title, course_fee_pence=self.fee_pence,
            coaching_included=self.coaching, assessment_months=list(self.assessment_months),
            course_identifier=self.identifier, programme_type=self.programme_type,
            duration_months=self.duration_months,
            schedules=schedules(family, year, self.duration_months))


_NPQ = "National Professional Qualification for"


def _specialist(code: str, subject: str, identifier: str, fee_pence: int) -> Course:
    """A specialist NPQ: 12 months, assessed at 12 or 15."""
    return Course(code, f"{_NPQ} {subject}", identifier, fee_pence, "specialist", 12, (12, 15))


def _leadership(code: str, subject: str, identifier: str, fee_pence: int,
                coaching: bool = False) -> Course:
    """A leadership NPQ: 18 months, assessed at 15 or 18 (at 18 where coaching is part of
    the course)."""
    return Course(code, f"{_NPQ} {subject}", identifier, fee_pence, "leadership", 18,
                  (18,) if coaching else (15, 18), coaching)


CURRENT_SUITE: tuple[Course, ...] = (
    _specialist("NPQLT", "Leading Teaching", "npq-leading-teaching", 105_000),
    _specialist("NPQLTD", "Leading Teacher Development", "npq-leading-teaching-development",
                110_000),
    _specialist("NPQLBC", "Leading Behaviour and Culture", "npq-leading-behaviour-culture",
                105_000),
    _specialist("NPQLL", "Leading Literacy", "npq-leading-literacy", 105_000),
    _specialist("NPQLPM", "Leading Primary Mathematics", "npq-leading-primary-mathematics",
                115_000),
    _leadership("NPQSL", "Senior Leadership", "npq-senior-leadership", 145_000),
    _leadership("NPQH", "Headship", "npq-headship", 265_000, coaching=True),
    _leadership("NPQEL", "Executive Leadership", "npq-executive-leadership", 495_000,
                coaching=True),
    _leadership("NPQEYL", "Early Years Leadership", "npq-early-years-leadership", 135_000),
    _leadership("NPQSENCO", "Special Educational Needs Co-ordinators", "npq-senco", 150_000),
)


def pack_catalogue(year: int) -> tuple[QualificationData, ...]:
    """The partner pack's four qualifications and fees, with their schedules."""
    return tuple(q.model_copy(update={"schedules": schedules(
        "specialist" if q.programme_type == "specialist" else "leadership", year,
        q.duration_months)}) for q in QUALIFICATIONS)


def current_catalogue(year: int) -> tuple[QualificationData, ...]:
    """The current national suite, with its schedules."""
    return tuple(course.qualification(year) for course in CURRENT_SUITE)


# The qualifications of each partner's groups (two autumn, one spring), by partner.
PACK_SPRING = ("NPQH", "NPQEL", "NPQSL", "NPQML", "NPQH", "NPQSL", "NPQEL", "NPQH")
CURRENT_FIRST = ("NPQLT", "NPQLBC", "NPQLL", "NPQLTD", "NPQLPM", "NPQEYL", "NPQSENCO", "NPQLT")
CURRENT_SPRING = ("NPQH", "NPQEL", "NPQSENCO", "NPQLBC", "NPQH", "NPQLL", "NPQEL", "NPQEYL")


def qualifications(name: CatalogueName, year: int) -> tuple[QualificationData, ...]:
    return pack_catalogue(year) if name == "pack" else current_catalogue(year)


def group_codes(name: CatalogueName, p_index: int) -> tuple[str, str, str]:
    """The qualification codes of partner ``p_index``'s three groups."""
    if name == "pack":
        return "NPQML", "NPQSL", PACK_SPRING[p_index % len(PACK_SPRING)]
    return (CURRENT_FIRST[p_index % len(CURRENT_FIRST)], "NPQSL",
            CURRENT_SPRING[p_index % len(CURRENT_SPRING)])
