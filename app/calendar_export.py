"""A user's face-to-face events and facilitator briefings as an iCalendar (.ics) file.

The pack: "Face-to-face events run from 9am until 4pm with candidate arrival from 8.30am",
and "Ahead of each face-to-face event facilitators will receive a one-hour online briefing
from the lead facilitator". Times are written in Europe/London with its VTIMEZONE, so a
calendar program shows 09:00 on either side of the clock change and on a laptop set to
another zone shows the right instant.

Every entry's UID is derived from the event's id, so importing a newer export updates the
entries instead of duplicating them. Only event facts go in: the venue, the times, the
group's code and the qualification; never a candidate (the inputs cannot carry one).
Events whose date is not chosen yet have no entry; nor does a briefing whose time the
central service has not set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.domain import EventSummary
from protocol.event_dates import long_date

if TYPE_CHECKING:  # icalendar is imported when a calendar is written, not at start
    from icalendar import Event as VEvent

LONDON = ZoneInfo("Europe/London")
PRODID = "-//NPQ Partner Desk//Events//EN"
UID_DOMAIN = "npq-partner-desk"
BRIEFING_LENGTH = dt.timedelta(hours=1)


@dataclass(frozen=True)
class CalendarEvent:
    event_id: str
    group_code: str
    qualification_code: str
    qualification_title: str
    number: int
    title: str
    date: dt.date | None
    venue_name: str
    venue_address: str = ""
    arrival_time: str = "08:30"
    start_time: str = "09:00"
    end_time: str = "16:00"
    briefing_at: dt.datetime | None = None  # an aware instant (the service sends UTC)

    @classmethod
    def of(cls, summary: EventSummary, *, venue_address: str = "",
           briefing_at: dt.datetime | None = None) -> CalendarEvent:
        return cls(summary.id, summary.group_code, summary.qualification_code,
                   summary.qualification_title, summary.number, summary.title, summary.date,
                   summary.venue_name, venue_address, summary.arrival_time,
                   summary.start_time, summary.end_time, briefing_at)

    @property
    def name(self) -> str:
        """'NPQSL event 2: Leading with impact'."""
        return f"{self.qualification_code} event {self.number}: {self.title}"


def event_uid(event_id: str) -> str:
    return f"event-{event_id}@{UID_DOMAIN}"


def briefing_uid(event_id: str) -> str:
    return f"briefing-{event_id}@{UID_DOMAIN}"


def events_calendar(events: Iterable[CalendarEvent], *, now: dt.datetime,
                    include_briefings: bool = True,
                    calendar_name: str = "NPQ events") -> bytes:
    """The .ics file (UTF-8, CRLF lines). ``now`` is the DTSTAMP of every entry;
    ``include_briefings`` is for facilitators (partner leads have no briefing)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    cal.add("x-wr-timezone", "Europe/London")
    stamp = now.astimezone(dt.UTC)
    dated = sorted((e for e in events if e.date is not None),
                   key=lambda e: (e.date, e.group_code, e.number))
    for event in dated:
        if include_briefings and event.briefing_at is not None:
            cal.add_component(_briefing(event, stamp))
        cal.add_component(_face_to_face(event, stamp))
    if dated:
        first = min(_first_day(e) for e in dated)
        last = max(e.date for e in dated if e.date is not None)
        cal.add_missing_timezones(first_date=dt.date(first.year, 1, 1),
                                  last_date=dt.date(last.year + 1, 12, 31))
    return cal.to_ical()


def _face_to_face(event: CalendarEvent, stamp: dt.datetime) -> VEvent:
    assert event.date is not None
    from icalendar import Event as VEvent

    entry = VEvent()
    entry.add("uid", event_uid(event.event_id))
    entry.add("dtstamp", stamp)
    entry.add("dtstart", _at(event.date, event.start_time))
    entry.add("dtend", _at(event.date, event.end_time))
    entry.add("summary", f"{event.name} ({event.group_code})")
    entry.add("location", _location(event))
    entry.add("description", "\n".join((
        f"Face-to-face event {event.number} of group {event.group_code}"
        + (f", {event.qualification_title}." if event.qualification_title else "."),
        f"Arrival from {event.arrival_time}; the day runs {event.start_time} to "
        f"{event.end_time}.",
    )))
    entry.add("transp", "OPAQUE")
    return entry


def _briefing(event: CalendarEvent, stamp: dt.datetime) -> VEvent:
    assert event.briefing_at is not None and event.date is not None
    start = event.briefing_at.astimezone(LONDON)
    from icalendar import Event as VEvent

    entry = VEvent()
    entry.add("uid", briefing_uid(event.event_id))
    entry.add("dtstamp", stamp)
    entry.add("dtstart", start)
    entry.add("dtend", start + BRIEFING_LENGTH)
    entry.add("summary", f"Facilitator briefing: {event.name} ({event.group_code})")
    entry.add("location", "Online")
    entry.add("description",
              "One-hour online briefing from the lead facilitator: the facilitator notes and "
              f"slides for {event.name} on {long_date(event.date)}, and time for questions.")
    entry.add("transp", "OPAQUE")
    return entry


def _at(day: dt.date, time_of_day: str) -> dt.datetime:
    hours, minutes = (int(part) for part in time_of_day.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=LONDON)


def _location(event: CalendarEvent) -> str:
    address = event.venue_address.replace("\n", ", ").strip()
    return f"{event.venue_name}, {address}" if address else event.venue_name


def _first_day(event: CalendarEvent) -> dt.date:
    assert event.date is not None
    if event.briefing_at is None:
        return event.date
    return min(event.date, event.briefing_at.astimezone(LONDON).date())
