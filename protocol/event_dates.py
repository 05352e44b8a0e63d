"""The rules for picking a face-to-face event's date inside its two-week window.

The pack: "Partners are given a two-week window for each f2f event from which they can
select their preferred delivery dates", and the groups "adhere to a set timeline for
delivery to marry with online course delivery". The issue adds: weekdays only, not a bank
holiday in England, flagged on a clash at the same venue or when the group's previous event
is too close. The server imports this module and checks the same rules, so the app and the
central service cannot disagree.

Two kinds of problem (``DateProblem.blocking``):

- blocking (the server rejects the choice): a weekend, a bank holiday in England, outside
  the window, a day that has passed, or not after the group's previous event / not before
  its next one (events keep their order);
- warnings (shown, the partner lead may go ahead): another event at the same venue that
  day (a school may have two training rooms), fewer than ``MIN_GAP_DAYS`` days from the
  group's previous or next event, and a day in the school holidays of the venue's local
  authority (``TermDates``, from the central service's ``term_dates`` records: some
  partners do run sessions in the holidays, but a day in them is never suggested).

``MIN_GAP_DAYS`` is 14: the pack's unit of scheduling is the two-week window, and the days
between face-to-face events are for the online course work the timeline is built around;
two events closer than one window's length leave little room for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from protocol.fields import READING
from protocol.records import TermDatesData, authority_key
from protocol.text import N_, _

MIN_GAP_DAYS = 14
WINDOW_DAYS = 14

# Marked only: _day_month and _gov_uk_name translate them where a date is written.
_DAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
         N_("Saturday"), N_("Sunday"))
_MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
           N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
           N_("December"))
# The holidays library's names, as gov.uk writes them ("Early May bank holiday").
_GOV_UK_NAMES = {
    "May Day": N_("Early May bank holiday"),
    "Spring Bank Holiday": N_("Spring bank holiday"),
    "Late Summer Bank Holiday": N_("Summer bank holiday"),
}


@dataclass(frozen=True)
class EventWindow:
    start: dt.date
    end: dt.date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a window cannot end before it starts")

    @classmethod
    def two_weeks_from(cls, start: dt.date) -> EventWindow:
        return cls(start, start + dt.timedelta(days=WINDOW_DAYS - 1))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n)
                for n in range((self.end - self.start).days + 1)]

    def describe(self) -> str:
        """'Monday 30 November to Friday 11 December 2026'."""
        start = _day_month(self.start) if self.start.year == self.end.year else long_date(
            self.start)
        return _("{start} to {end}").format(start=start, end=long_date(self.end))


@dataclass(frozen=True)
class BookedEvent:
    """Another event already on a date at the same venue."""

    event_id: str
    label: str  # "NPQSL-AUT26-LEEDS-1, event 2"
    date: dt.date


@dataclass(frozen=True)
class Holiday:
    """Days on which an authority's schools are closed: a half-term, Christmas, Easter."""

    name: str  # "Easter holiday"
    first: dt.date
    last: dt.date  # inclusive

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


@dataclass(frozen=True)
class TermDates:
    """One local authority's school holidays, over the school years whose term dates the
    central service holds (none: ``known`` is False, and no day is judged by them)."""

    authority: str  # "Calderdale"; "" when the event's venue names none
    years: tuple[tuple[dt.date, dt.date], ...] = ()  # first and last day of each year held
    holidays: tuple[Holiday, ...] = ()

    @classmethod
    def from_payloads(cls, authority: str, payloads: Iterable[Mapping[str, Any]]
                      ) -> TermDates:
        """The term dates of ``authority`` among ``term_dates`` payloads (others are left
        out; a payload whose dates do not read is skipped, as if not held)."""
        key = authority_key(authority)
        name = " ".join(authority.split())
        years, holidays = [], []
        for payload in payloads:
            try:
                data = TermDatesData.model_validate(payload, context=READING)
                if not key or authority_key(data.authority) != key:
                    continue
                year = (dt.date.fromisoformat(data.first_day),
                        dt.date.fromisoformat(data.last_day))
                found = [Holiday(h.name, dt.date.fromisoformat(h.first_day),
                                 dt.date.fromisoformat(h.last_day)) for h in data.holidays]
            except (ValidationError, ValueError):
                continue
            name = data.authority  # as the central service writes it
            years.append(year)
            holidays += found
        return cls(name, tuple(sorted(years)),
                   tuple(sorted(holidays, key=lambda h: h.first)))

    @property
    def known(self) -> bool:
        return bool(self.years)

    def covers(self, day: dt.date) -> bool:
        return any(first <= day <= last for first, last in self.years)

    def holiday(self, day: dt.date) -> Holiday | None:
        """The school holiday ``day`` is in, or None (also for a day not covered)."""
        return next((h for h in self.holidays if day in h), None)


@dataclass(frozen=True)
class DateProblem:
    code: str  # stable, for the wire: "weekend", "bank_holiday", "venue_clash", ...
    message: str  # en-GB, for the user
    blocking: bool


@dataclass(frozen=True)
class DateOption:
    """A day in the window as the date picker shows it."""

    date: dt.date
    problems: tuple[DateProblem, ...]

    @property
    def selectable(self) -> bool:
        return not any(p.blocking for p in self.problems)

    @property
    def clear(self) -> bool:
        return not self.problems


def long_date(day: dt.date) -> str:
    """'Monday 28 December 2026', in English whatever the system locale."""
    return f"{_day_month(day)} {day.year}"


def _day_month(day: dt.date) -> str:
    return f"{_(_DAYS[day.weekday()])} {day.day} {_(_MONTHS[day.month - 1])}"


def span_text(first: dt.date, last: dt.date) -> str:
    """'26 March to 9 April 2027', '26 to 30 October 2026', '21 December 2026 to 1 January
    2027'."""
    def day_month(day: dt.date) -> str:
        return f"{day.day} {_(_MONTHS[day.month - 1])}"

    if (first.year, first.month) == (last.year, last.month):
        start = str(first.day)
    elif first.year == last.year:
        start = day_month(first)
    else:
        start = f"{day_month(first)} {first.year}"
    return _("{start} to {end}").format(start=start, end=f"{day_month(last)} {last.year}")


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> dict[dt.date, str]:
    # Built per year into a plain dict: the library fills years lazily on lookup, which is
    # not safe when the server checks dates from several threads. Imported here: the
    # library takes a third of a second to import and start-up never needs it.
    import holidays

    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return dict(found.items())


def bank_holiday(day: dt.date) -> str | None:
    """The bank holiday in England on ``day`` as gov.uk names it, or None."""
    name = _bank_holidays(day.year).get(day)
    if name is None:
        return None
    names = [_gov_uk_name(part.strip()) for part in name.split(";")]
    return "; ".join(names)


def _gov_uk_name(name: str) -> str:
    observed = name.endswith(" (observed)")
    base = name.removesuffix(" (observed)")
    base = _(_GOV_UK_NAMES[base]) if base in _GOV_UK_NAMES else base
    return _("{holiday} (substitute day)").format(holiday=base) if observed else base


def check_date(candidate: dt.date, window: EventWindow, *,
               other_events_at_venue: Iterable[BookedEvent] = (),
               previous_event_date: dt.date | None = None,
               next_event_date: dt.date | None = None,
               today: dt.date | None = None,
               event_id: str | None = None,
               min_gap_days: int = MIN_GAP_DAYS,
               term_dates: TermDates | None = None) -> list[DateProblem]:
    """Everything wrong with ``candidate`` as this event's date, blocking problems first.
    ``event_id`` leaves the event's own booking out of the venue clashes; ``term_dates``
    are the school holidays of the venue's authority (None, or none held: not judged)."""
    problems = _day_problems(candidate, window, today, term_dates)
    problems += _order_problems(candidate, previous_event_date, next_event_date, min_gap_days)
    problems += [_clash(candidate, other) for other in other_events_at_venue
                 if other.date == candidate and other.event_id != event_id]
    return sorted(problems, key=lambda p: not p.blocking)


def _day_problems(day: dt.date, window: EventWindow, today: dt.date | None,
                  term_dates: TermDates | None) -> list[DateProblem]:
    problems = []
    if day.weekday() >= 5:
        problems.append(DateProblem(
            "weekend", _("{day} is a weekend: events run on weekdays only.").format(
                day=long_date(day)), True))
    elif (name := bank_holiday(day)) is not None:
        problems.append(DateProblem(
            "bank_holiday", _("{day} is a bank holiday in England ({holiday}).").format(
                day=long_date(day), holiday=name), True))
    elif term_dates is not None and (holiday := term_dates.holiday(day)) is not None:
        problems.append(DateProblem(
            "school_holiday",
            _("{day} is in the {holiday} of schools in {authority} ({span}): candidates "
              "may be away.").format(
                day=long_date(day), holiday=holiday.name, authority=term_dates.authority,
                span=span_text(holiday.first, holiday.last)), False))
    if day not in window:
        problems.append(DateProblem(
            "outside_window",
            _("{day} is outside this event's window ({window}).").format(
                day=long_date(day), window=window.describe()), True))
    if today is not None and day < today:
        problems.append(DateProblem("in_the_past", _("{day} has passed.").format(
            day=long_date(day)), True))
    return problems


def _order_problems(day: dt.date, previous: dt.date | None, following: dt.date | None,
                    min_gap: int) -> list[DateProblem]:
    problems = []
    if previous is not None:
        gap = (day - previous).days
        if gap <= 0:
            problems.append(DateProblem(
                "not_after_previous",
                _("The group's previous event is on {day}: this event must come after "
                  "it.").format(day=long_date(previous)), True))
        elif gap < min_gap:
            problems.append(DateProblem(
                "too_close_to_previous",
                _("Only {gap} after the group's previous event on {day}: leave at least "
                  "{min_gap} days between events.").format(
                    gap=_days(gap), day=long_date(previous), min_gap=min_gap), False))
    if following is not None:
        gap = (following - day).days
        if gap <= 0:
            problems.append(DateProblem(
                "not_before_next",
                _("The group's next event is on {day}: this event must come before "
                  "it.").format(day=long_date(following)), True))
        elif gap < min_gap:
            problems.append(DateProblem(
                "too_close_to_next",
                _("Only {gap} before the group's next event on {day}: leave at least "
                  "{min_gap} days between events.").format(
                    gap=_days(gap), day=long_date(following), min_gap=min_gap), False))
    return problems


def _clash(day: dt.date, other: BookedEvent) -> DateProblem:
    return DateProblem("venue_clash",
                       _("{event} is already at this venue on {day}.").format(
                           event=other.label, day=long_date(day)), False)


def _days(n: int) -> str:
    return _("1 day") if n == 1 else _("{n} days").format(n=n)


def date_options(window: EventWindow, *,
                 other_events_at_venue: Iterable[BookedEvent] = (),
                 previous_event_date: dt.date | None = None,
                 next_event_date: dt.date | None = None,
                 today: dt.date | None = None,
                 event_id: str | None = None,
                 min_gap_days: int = MIN_GAP_DAYS,
                 term_dates: TermDates | None = None) -> list[DateOption]:
    """Every day of the window with its problems, for the date picker."""
    booked = tuple(other_events_at_venue)
    return [DateOption(day, tuple(check_date(
                day, window, other_events_at_venue=booked,
                previous_event_date=previous_event_date, next_event_date=next_event_date,
                today=today, event_id=event_id, min_gap_days=min_gap_days,
                term_dates=term_dates)))
            for day in window.days()]


def suggest_dates(window: EventWindow, *,
                  other_events_at_venue: Iterable[BookedEvent] = (),
                  previous_event_date: dt.date | None = None,
                  next_event_date: dt.date | None = None,
                  today: dt.date | None = None,
                  event_id: str | None = None,
                  min_gap_days: int = MIN_GAP_DAYS,
                  term_dates: TermDates | None = None) -> list[dt.date]:
    """The days of the window with no problem at all (not even a warning, so never a day
    in the school holidays), earliest first."""
    options = date_options(window, other_events_at_venue=other_events_at_venue,
                           previous_event_date=previous_event_date,
                           next_event_date=next_event_date, today=today, event_id=event_id,
                           min_gap_days=min_gap_days, term_dates=term_dates)
    return [option.date for option in options if option.clear]
