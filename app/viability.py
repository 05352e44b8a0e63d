"""Whether a group has enough candidates to run, and which groups need the partner now.

The pack: "minimum group size of 12 candidates"; "Partners are kept up to date with
recruitment progress as the registration deadlines near. If we are unable to reach viable
numbers, with the agreement of the partner, we will invite candidates to join an alternate
group locally or undertake a distance learning pathway."

Statuses (the issue's three):

- viable: enrolled (active, not withdrawn) at or above the group's minimum; candidates the
  central service has deferred or withdrawn (``app.training_status``) from a date on or
  before today are counted apart, not towards the minimum;
- at risk: below the minimum while registration is still open (up to and including the
  deadline day): it can still become viable;
- not viable: below the minimum after the registration deadline has passed: the central
  team and the partner must decide (an alternate group or distance learning).

A group *stands out* when it needs attention now: not viable, or at risk with the deadline
at most ``NEAR_DEADLINE_DAYS`` (28) days away; not once decided (issue 16: closed, or agreed
by the central team to run below its minimum). Four weeks gives a partner time to promote at
a monthly headteachers' meeting and the central team time to allocate applicants to the
group ("we ... can allocate applicants to partner groups to support group viability").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.fees import MINIMUM_GROUP_SIZE
from protocol.event_dates import long_date
from protocol.text import N_, _

NEAR_DEADLINE_DAYS = 28


class Viability(StrEnum):
    VIABLE = "viable"
    AT_RISK = "at_risk"
    NOT_VIABLE = "not_viable"

    @property
    def label(self) -> str:
        return _({"viable": N_("Viable"), "at_risk": N_("At risk"),
                  "not_viable": N_("Not viable")}[self])


@dataclass(frozen=True)
class GroupRecruitment:
    group_id: str
    code: str
    qualification_code: str
    partner_name: str
    intake_label: str
    enrolled: int  # active enrolments
    registration_deadline: dt.date  # registration is open through this day
    min_size: int = MINIMUM_GROUP_SIZE
    # of ``enrolled``, those deferred or withdrawn by the central service (as of today)
    deferred: int = 0
    withdrawn: int = 0
    # decided (issue 16): a closed group no longer runs; one the central team agreed runs
    # below its minimum; neither needs the partner now
    closed: bool = False
    runs_below_minimum: bool = False
    closed_words: str = ""  # a closed group: "Merged into NPQSL-…-1", or the service's reason

    @property
    def counted(self) -> int:
        """Enrolled and training: what counts towards the minimum."""
        return max(0, self.enrolled - self.deferred - self.withdrawn)


@dataclass(frozen=True)
class GroupViability:
    group: GroupRecruitment
    status: Viability
    days_to_deadline: int  # negative once the deadline has passed
    stands_out: bool

    @property
    def shortfall(self) -> int:
        return max(0, self.group.min_size - self.group.counted)

    def describe(self) -> str:
        """'9 of 12 enrolled: 3 more needed by Friday 15 January 2027 (in 53 days)'; with
        '(1 deferred, 1 withdrawn apart)' after the count when there are any."""
        g = self.group
        if g.closed:
            return _("Closed: {why}").format(why=g.closed_words or _("no longer runs"))
        head = with_apart(_("{enrolled} of {minimum} enrolled").format(
            enrolled=g.counted, minimum=g.min_size), g.deferred, g.withdrawn)
        if self.status is Viability.VIABLE:
            return head
        if g.runs_below_minimum:
            return _("{head}: runs below the minimum, agreed with the central team").format(
                head=head)
        deadline = long_date(g.registration_deadline)
        if self.status is Viability.NOT_VIABLE:
            return _("{head}: {n} short; registration closed on {deadline}").format(
                head=head, n=self.shortfall, deadline=deadline)
        when = _when(self.days_to_deadline)
        return _("{head}: {n} more needed by {deadline} ({when})").format(
            head=head, n=self.shortfall, deadline=deadline, when=when)


def apart_words(deferred: int, withdrawn: int) -> str:
    """'1 deferred, 1 withdrawn apart' ("" when there are none)."""
    apart = [_("{n} deferred").format(n=deferred)] if deferred else []
    apart += [_("{n} withdrawn").format(n=withdrawn)] if withdrawn else []
    return _("{apart} apart").format(apart=", ".join(apart)) if apart else ""


def with_apart(head: str, deferred: int, withdrawn: int) -> str:
    """'8 of 12 enrolled (1 deferred, 1 withdrawn apart)': the count of those still on the
    course, then those the central service deferred or withdrew, said apart; ``head`` alone
    when there are none. The Groups list and its status line say it the same way."""
    apart = apart_words(deferred, withdrawn)
    return _("{head} ({apart})").format(head=head, apart=apart) if apart else head


def _when(days: int) -> str:
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    return _("in {n} days").format(n=days)


def assess(group: GroupRecruitment, today: dt.date,
           near_days: int = NEAR_DEADLINE_DAYS) -> GroupViability:
    days = (group.registration_deadline - today).days
    decided = group.closed or group.runs_below_minimum  # nothing left for the partner
    if group.counted >= group.min_size:
        return GroupViability(group, Viability.VIABLE, days, stands_out=False)
    if days < 0:
        return GroupViability(group, Viability.NOT_VIABLE, days, stands_out=not decided)
    return GroupViability(group, Viability.AT_RISK, days,
                          stands_out=days <= near_days and not decided)


def sort_key(v: GroupViability) -> tuple[int, int, int, int, str]:
    """Groups that stand out first, the earliest deadline (passed ones first) and the
    largest shortfall first among them; then the rest at risk; viable groups last."""
    rank = 0 if v.stands_out else (1 if v.status is Viability.AT_RISK else 2)
    deadline = v.days_to_deadline if rank < 2 else 0
    return rank, deadline, -v.shortfall, -v.group.counted, v.group.code


def assess_all(groups: Iterable[GroupRecruitment], today: dt.date,
               near_days: int = NEAR_DEADLINE_DAYS) -> list[GroupViability]:
    return sorted((assess(g, today, near_days) for g in groups), key=sort_key)


def filter_groups(items: Iterable[GroupViability], *, intake: str | None = None,
                  qualification: str | None = None, partner: str | None = None,
                  status: Viability | None = None) -> list[GroupViability]:
    """The dashboard's filters; None means any."""
    return [v for v in items
            if (intake is None or v.group.intake_label == intake)
            and (qualification is None or v.group.qualification_code == qualification)
            and (partner is None or v.group.partner_name == partner)
            and (status is None or v.status is status)]


@dataclass(frozen=True)
class EventAttendance:
    """Attendance against enrolment at one event, so a partner sees where people drop off."""

    number: int
    title: str
    enrolled: int
    attended: int | None  # None until the register is submitted

    @property
    def rate(self) -> float | None:
        if self.attended is None or self.enrolled == 0:
            return None
        return self.attended / self.enrolled


def drop_offs(events: Iterable[EventAttendance]) -> list[tuple[EventAttendance, int | None]]:
    """Each event with how many fewer attended than at the group's previous submitted event
    (None for the first submitted one and for events not yet submitted)."""
    result: list[tuple[EventAttendance, int | None]] = []
    previous: int | None = None
    for event in sorted(events, key=lambda e: e.number):
        if event.attended is None:
            result.append((event, None))
            continue
        result.append((event, None if previous is None else previous - event.attended))
        previous = event.attended
    return result
