"""The recruitment pipeline's rules as plain functions (no store, no Qt): how applications
are counted, the weekly trend before a registration deadline, and the forecast of where a
group will land at its deadline.

- **By status**: every application the partner holds for the group, by its status
  (applied, accepted, rejected, withdrawn); the partner's *own recruits* (the applicant
  used its allocation code, or chose it as preferred partner) apart from those the central
  team *allocated*.
- **The minimum** (``minimum``): the central service's recruitment rules
  (``min_group_size``), else the group's own ``min_size``, else 12.
- **The trend** (``weekly_trend``): one point a week, ending on the deadline and going
  back ``TREND_WEEKS`` weeks, up to today: applications still in play on that day
  (applied by then, not rejected or withdrawn by then) and enrolled (``app.viability``'s
  rule as at that day: enrolled by then, less those deferred or withdrawn by then).
- **The forecast** (``forecast``): the *rate* is the applications made in the last
  ``RATE_WEEKS`` (4) weeks that are still in play, a week; the *conversion* is this
  group's share of decided applications that were accepted (every application counts
  when none is decided yet). At the deadline the group will have about: enrolled now +
  (undecided applications + rate × weeks left) × conversion + accepted applications not
  yet enrolled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from protocol.text import _

DEFAULT_MINIMUM = 12
TREND_WEEKS = 12  # the trend's span before the deadline
RATE_WEEKS = 4  # the forecast's rate: the last four weeks
OWN_SOURCES = frozenset({"allocation_code", "preferred_partner"})
IN_PLAY = frozenset({"applied", "accepted"})


@dataclass(frozen=True)
class Application:
    """An application as the pipeline reads it (its applicant's name apart)."""

    application_id: str
    group_id: str | None
    intake_id: str
    partner_id: str
    qualification_code: str
    source: str  # "allocation_code" | "preferred_partner" | "allocated"
    status: str  # "applied" | "accepted" | "rejected" | "withdrawn"
    applied_on: dt.date
    decided_on: dt.date | None
    candidate_id: str | None

    @property
    def own(self) -> bool:
        """The partner's own recruit (its code, or chosen as preferred partner)."""
        return self.source in OWN_SOURCES

    def in_play_on(self, day: dt.date) -> bool:
        """Applied by ``day`` and not rejected or withdrawn by then."""
        if self.applied_on > day:
            return False
        if self.status in IN_PLAY:
            return True
        return self.decided_on is None or self.decided_on > day


@dataclass(frozen=True)
class StatusCounts:
    applied: int = 0
    accepted: int = 0
    rejected: int = 0
    withdrawn: int = 0

    @property
    def total(self) -> int:
        return self.applied + self.accepted + self.rejected + self.withdrawn

    def __add__(self, other: StatusCounts) -> StatusCounts:
        return StatusCounts(self.applied + other.applied, self.accepted + other.accepted,
                            self.rejected + other.rejected, self.withdrawn + other.withdrawn)


def by_status(applications: Iterable[Application]) -> StatusCounts:
    counts = {"applied": 0, "accepted": 0, "rejected": 0, "withdrawn": 0}
    for application in applications:
        if application.status in counts:
            counts[application.status] += 1
    return StatusCounts(**counts)


def total(counts: Iterable[StatusCounts]) -> StatusCounts:
    found = StatusCounts()
    for c in counts:
        found = found + c
    return found


def minimum(rules_minimum: int | None, group_minimum: int | None) -> int:
    """The recruitment rules' minimum, else the group's, else 12."""
    for value in (rules_minimum, group_minimum):
        if value:
            return value
    return DEFAULT_MINIMUM


@dataclass(frozen=True)
class Enrolled:
    """One enrolment as the trend counts it: from ``enrolled_on``, until ``left_on`` (the
    date the central service deferred or withdrew the candidate, or None)."""

    enrolled_on: dt.date
    left_on: dt.date | None = None

    def counts_on(self, day: dt.date) -> bool:
        return self.enrolled_on <= day and (self.left_on is None or self.left_on > day)


@dataclass(frozen=True)
class WeekPoint:
    day: dt.date  # the week's last day
    in_play: int  # applications applied by then and not rejected or withdrawn by then
    enrolled: int


def trend_days(deadline: dt.date, today: dt.date, weeks: int = TREND_WEEKS) -> list[dt.date]:
    """The week ends from ``weeks`` weeks before the deadline to the deadline, up to today
    (today itself is the last point while the deadline is to come)."""
    days = [deadline - dt.timedelta(weeks=k) for k in range(weeks, -1, -1)]
    past = [d for d in days if d <= today]
    if deadline > today and (not past or past[-1] < today) and days[0] <= today:
        past.append(today)
    return past


def weekly_trend(applications: Iterable[Application], enrolled: Iterable[Enrolled],
                 deadline: dt.date, today: dt.date) -> tuple[WeekPoint, ...]:
    apps, people = list(applications), list(enrolled)
    return tuple(WeekPoint(day, sum(a.in_play_on(day) for a in apps),
                           sum(e.counts_on(day) for e in people))
                 for day in trend_days(deadline, today))


@dataclass(frozen=True)
class Forecast:
    """Where a group will land at its deadline, and the sentence that says so."""

    expected: int | None  # None when there is nothing to forecast (closed, passed)
    rate: float  # in-play applications a week over the last RATE_WEEKS
    conversion: float | None  # share accepted of those decided; None when none decided
    words: str


def weekly_rate(applications: Iterable[Application], today: dt.date,
                weeks: int = RATE_WEEKS) -> float:
    """Applications made in the last ``weeks`` weeks (up to today) still in play, a week."""
    since = today - dt.timedelta(weeks=weeks)
    return sum(1 for a in applications
               if since < a.applied_on <= today and a.status in IN_PLAY) / weeks


def conversion(applications: Iterable[Application]) -> float | None:
    """The share of the decided applications that were accepted; None when none is."""
    decided = [a for a in applications if a.status != "applied"]
    if not decided:
        return None
    return sum(a.status == "accepted" for a in decided) / len(decided)


def rate_words(rate: float) -> str:
    """'2 a week', '0.5 a week'."""
    shown = f"{rate:.1f}".removesuffix(".0")
    return _("{n} a week").format(n=shown)


def forecast(*, code: str, applications: Iterable[Application], enrolled_now: int,
             enrolled_ids: frozenset[str], minimum_size: int, deadline: dt.date,
             today: dt.date) -> Forecast:
    """The forecast at the deadline, in words: 'At the current rate (2 a week)
    NPQSL-AUT26-LEEDS-3 will reach about 11 by 16 Jan: 1 short of 12'."""
    apps = list(applications)
    rate, share = weekly_rate(apps, today), conversion(apps)
    by = f"{deadline.day} {deadline:%b}"
    if deadline < today:
        words = _("Registration closed on {day} with {n} of {minimum}").format(
            day=by, n=enrolled_now, minimum=minimum_size)
        return Forecast(None, rate, share, words + _shortfall(enrolled_now, minimum_size))
    waiting = sum(1 for a in apps if a.status == "accepted"
                  and (a.candidate_id is None or a.candidate_id not in enrolled_ids))
    undecided = sum(1 for a in apps if a.status == "applied")
    weeks_left = (deadline - today).days / 7
    factor = 1.0 if share is None else share
    expected = enrolled_now + waiting + round((undecided + rate * weeks_left) * factor)
    if enrolled_now >= minimum_size:
        words = _("{code} has {n} of the {minimum} needed; about {expected} by {day}").format(
            code=code, n=enrolled_now, minimum=minimum_size, expected=expected, day=by)
        return Forecast(expected, rate, share, words)
    if rate == 0:
        head = _("No new applications in the last {weeks} weeks: {code} will be at about "
                 "{expected} by {day}").format(weeks=RATE_WEEKS, code=code,
                                                expected=expected, day=by)
    else:
        head = _("At the current rate ({rate}) {code} will reach about {expected} by "
                 "{day}").format(rate=rate_words(rate), code=code, expected=expected, day=by)
    return Forecast(expected, rate, share, head + _shortfall(expected, minimum_size))


def _shortfall(n: int, minimum_size: int) -> str:
    if n >= minimum_size:
        return _(": enough for {minimum}").format(minimum=minimum_size)
    return _(": {short} short of {minimum}").format(short=minimum_size - n,
                                                    minimum=minimum_size)
