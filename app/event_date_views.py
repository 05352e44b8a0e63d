"""What the events list and the date picker show about an event's date, in words.

Plain data built by ``app.event_dates_service``: an event's date state (chosen by the
central service, proposed here and waiting to be confirmed, refused, or still to choose),
its facilitator briefing, the window's days with their problems for the picker, and
whether school holidays could be checked (``holidays_note``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from protocol.event_dates import DateOption, EventWindow, TermDates, long_date, span_text
from protocol.text import _

LONDON = ZoneInfo("Europe/London")
BRIEFING_MINUTES = 60


def short_date(day: dt.date) -> str:
    """'14 Jan' (English whatever the locale)."""
    return f"{day.day} {long_date(day).split()[2][:3]}"


def window_text(window: EventWindow) -> str:
    """'12–23 Jan', or '28 Dec – 8 Jan' across months."""
    start, end = window.start, window.end
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{short_date(end)}"
    return f"{short_date(start)} – {short_date(end)}"


def briefing_text(briefing_at: dt.datetime) -> str:
    """'Briefing Tue 5 Jan 16:00–17:00, online' (UK time)."""
    start = briefing_at.astimezone(LONDON)
    end = start + dt.timedelta(minutes=BRIEFING_MINUTES)
    day = long_date(start.date())
    return _("Briefing {weekday} {day} {start}–{end}, online").format(
        weekday=day[:3], day=short_date(start.date()), start=f"{start:%H:%M}",
        end=f"{end:%H:%M}")


def parse_instant(text: str | None) -> dt.datetime | None:
    """An ISO instant from the wire ('2027-01-04T16:00:00Z') as an aware datetime."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def holidays_note(term_dates: TermDates, window: EventWindow) -> str:
    """What the picker says about school holidays: checked against whose term dates, or
    why not (never silence, which would read as "no holidays")."""
    authority = term_dates.authority
    if not authority:
        return _("School holidays are not checked: this event's venue has no local "
                 "authority recorded. Ask the central team to add it.")
    weekdays = [d for d in window.days() if d.weekday() < 5]
    missing = [d for d in weekdays if not term_dates.covers(d)]
    if not term_dates.known or len(missing) == len(weekdays):
        return _("School holidays are not checked: the central service holds no term dates "
                 "for {authority} for these weeks. Ask the central team to load them.").format(
            authority=authority)
    if missing:
        return _("School holidays are checked against {authority}'s term dates, except "
                 "{span}: no term dates are held for those days yet.").format(
            authority=authority, span=span_text(missing[0], missing[-1]))
    return _("School holidays are checked against {authority}'s term dates.").format(
        authority=authority)


@dataclass(frozen=True)
class DateState:
    """Where an event's date stands, as this laptop knows it."""

    event_id: str
    window: EventWindow
    chosen: dt.date | None  # the date the central service holds
    proposed: dt.date | None  # chosen here, not yet confirmed (in the outbox)
    refused: str | None  # the central service's reason for the latest refused choice
    briefing_at: dt.datetime | None
    can_choose: bool  # the user is a partner lead and the event has not happened yet
    warnings: tuple[str, ...] = ()  # of the choice in force (a clash, an event close by)
    group_id: str = ""
    number: int = 0  # the event's number in its group

    @property
    def to_choose(self) -> bool:
        """No date yet, none proposed here, and the user may choose one."""
        return self.can_choose and self.chosen is None and not self.waiting

    @property
    def waiting(self) -> bool:
        return self.proposed is not None and self.proposed != self.chosen

    def describe(self) -> str:
        """The date line of the event in the events list."""
        if self.waiting:
            assert self.proposed is not None
            return _("Proposed {day}, waiting for the central service").format(
                day=short_date(self.proposed))
        if self.chosen is None:
            return _("Date to choose (window {window})").format(window=window_text(self.window))
        return long_date(self.chosen)

    def briefing(self) -> str | None:
        return briefing_text(self.briefing_at) if self.briefing_at is not None else None


@dataclass(frozen=True)
class GroupDates:
    """A group's events whose date the user may still choose, and those whose date chosen
    here waits for the central service, each by event number."""

    to_choose: tuple[DateState, ...] = ()
    waiting: tuple[DateState, ...] = ()

    def describe(self) -> str:
        """'Event 6', 'Events 5, 6' (to choose), 'Event 6 proposed 12 Jul', or ''."""
        if self.to_choose:
            numbers = ", ".join(str(s.number) for s in self.to_choose)
            if len(self.to_choose) == 1:
                return _("Event {numbers}").format(numbers=numbers)
            return _("Events {numbers}").format(numbers=numbers)
        return "; ".join(_("Event {number} proposed {day}").format(
            number=s.number, day=short_date(s.proposed)) for s in self.waiting if s.proposed)

    def spoken(self) -> str:
        """What a screen reader says for the cell: 'Event 6: choose its date'."""
        if not self.to_choose:
            return self.describe()
        if len(self.to_choose) == 1:
            return _("{events}: choose its date").format(events=self.describe())
        return _("{events}: choose their dates").format(events=self.describe())


def group_dates(states: Iterable[DateState]) -> dict[str, GroupDates]:
    """Each group's dates to choose and waiting, by group id (groups with neither are
    left out)."""
    found: dict[str, tuple[list[DateState], list[DateState]]] = {}
    for state in sorted(states, key=lambda s: s.number):
        if state.to_choose:
            found.setdefault(state.group_id, ([], []))[0].append(state)
        elif state.waiting:
            found.setdefault(state.group_id, ([], []))[1].append(state)
    return {group: GroupDates(tuple(choose), tuple(waiting))
            for group, (choose, waiting) in found.items()}


@dataclass(frozen=True)
class DatePlan:
    """Everything the date picker shows for one event."""

    event_id: str
    heading: str  # "NPQSL-AUT26-HALIFAX-2 · Event 3: Leading with impact"
    venue_name: str
    window: EventWindow
    options: tuple[DateOption, ...]
    suggested: tuple[dt.date, ...]  # days with no problem at all
    chosen: dt.date | None
    proposed: dt.date | None
    can_choose: bool
    holidays: str = ""  # whether school holidays are checked, in words (holidays_note)
    holidays_checked: bool = False  # term dates are held for (some of) the window

    def option(self, day: dt.date) -> DateOption | None:
        return next((o for o in self.options if o.date == day), None)
