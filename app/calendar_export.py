"""A user's face-to-face events and facilitator briefings as an iCalendar (.ics) file.

The pack: "Face-to-face events run from 9am until 4pm with candidate arrival from 8.30am",
and "Ahead of each face-to-face event facilitators will receive a one-hour online briefing
from the lead facilitator". Times are written in Europe/London with its VTIMEZONE, so a
calendar program shows 09:00 on either side of the clock change and on a laptop set to
another zone shows the right instant. The VTIMEZONE states the UK's rule (BST from 01:00
GMT on the last Sunday of March to 02:00 BST on the last Sunday of October, as every
year since 1996), valid for any year, after checking that the rule is what zoneinfo says
for every year an entry falls in; where it is not (a rule changed by a later law), the
transitions zoneinfo gives for those years are written out instead (``london_timezone``).

Every entry's UID is derived from the event's id, and every entry carries a SEQUENCE that
the caller keeps rising when the entry changes (``fingerprints`` says what an entry holds;
``app.calendar_service`` counts the changes), so importing a newer export updates the
entries instead of duplicating them or being taken for an older copy. Only event facts go
in: the venue, the times, the group's code and the qualification; never a candidate (the
inputs cannot carry one). Events whose date is not chosen yet have no entry; nor does a
briefing whose time the central service has not set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.domain import EventSummary
from protocol.event_dates import long_date

if TYPE_CHECKING:  # icalendar is imported when a calendar is written, not at start
    from icalendar import Event as VEvent
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

LONDON = ZoneInfo("Europe/London")
PRODID = "-//NPQ Partner Desk//Events//EN"
UID_DOMAIN = "npq-partner-desk"
BRIEFING_LENGTH = dt.timedelta(hours=1)
# What an entry is (its fingerprint); DTSTAMP and SEQUENCE say when and which copy.
SIGNIFICANT = ("SUMMARY", "DTSTART", "DTEND", "LOCATION", "DESCRIPTION")
# The UK's clock changes since 1996: (name, offset from, offset to, first onset in the
# offset-from's local time, the month). Both happen on the month's last Sunday.
UK_RULE = (("BST", dt.timedelta(0), dt.timedelta(hours=1), dt.datetime(1996, 3, 31, 1), 3),
           ("GMT", dt.timedelta(hours=1), dt.timedelta(0), dt.datetime(1996, 10, 27, 2), 10))


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
                    calendar_name: str = "NPQ events",
                    sequences: Mapping[str, int] | None = None) -> bytes:
    """The .ics file (UTF-8, CRLF lines). ``now`` is the DTSTAMP of every entry;
    ``include_briefings`` is for facilitators (partner leads have no briefing);
    ``sequences`` the SEQUENCE of each entry by UID (0 for one not given)."""
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
    entries = list(_entries(events, include_briefings))
    if entries:
        years = [entry.decoded("DTSTART").year for _uid, entry in entries]
        cal.add_component(london_timezone(min(years), max(years)))
    for uid, entry in entries:
        entry.add("dtstamp", stamp)
        entry.add("sequence", (sequences or {}).get(uid, 0))
        cal.add_component(entry)
    return cal.to_ical()


def fingerprints(events: Iterable[CalendarEvent], *, include_briefings: bool = True
                 ) -> dict[str, str]:
    """What each entry of ``events_calendar`` holds, by UID: a digest of its summary,
    times, place and description, which changes exactly when the entry does."""
    found = {}
    for uid, entry in _entries(events, include_briefings):
        facts = "\n".join(f"{name}:{_text(entry[name].to_ical())}" for name in SIGNIFICANT)
        found[uid] = hashlib.sha256(facts.encode()).hexdigest()[:32]
    return found


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _entries(events: Iterable[CalendarEvent], include_briefings: bool
             ) -> Iterator[tuple[str, VEvent]]:
    """Every entry with its UID, in date order (a briefing before its day); no DTSTAMP or
    SEQUENCE yet."""
    dated = sorted((e for e in events if e.date is not None),
                   key=lambda e: (e.date, e.group_code, e.number))
    for event in dated:
        if include_briefings and event.briefing_at is not None:
            yield briefing_uid(event.event_id), _briefing(event)
        yield event_uid(event.event_id), _face_to_face(event)


def london_timezone(first_year: int, last_year: int) -> Timezone:
    """Europe/London's VTIMEZONE for entries from ``first_year`` to ``last_year``: the UK
    rule (valid for every year) when zoneinfo agrees with it for each of those years, else
    zoneinfo's own transitions in those years, each written out (``_transitions``)."""
    from icalendar import Timezone

    zone = Timezone()
    zone.add("tzid", "Europe/London")
    if all(_rule_holds(year) for year in range(first_year, last_year + 1)):
        for name, offset_from, offset_to, onset, month in UK_RULE:
            zone.add_component(_onset(name, offset_from, offset_to, onset, {
                "freq": "yearly", "bymonth": month, "byday": "-1su"}))
        return zone
    start = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    before = _offset(start) or dt.timedelta(0)
    zone.add_component(_onset(start.astimezone(LONDON).tzname() or "GMT", before, before,
                              start.astimezone(LONDON).replace(tzinfo=None)))
    for at, offset_from, offset_to in _transitions(start, dt.datetime(
            last_year + 1, 1, 1, tzinfo=dt.UTC)):
        zone.add_component(_onset(at.astimezone(LONDON).tzname() or "", offset_from,
                                  offset_to, (at + offset_from).replace(tzinfo=None)))
    return zone


def _onset(name: str, offset_from: dt.timedelta, offset_to: dt.timedelta,
           local_start: dt.datetime, rule: dict[str, object] | None = None
           ) -> TimezoneStandard | TimezoneDaylight:
    """A STANDARD or DAYLIGHT part: ``local_start`` in the time before the change."""
    from icalendar import TimezoneDaylight, TimezoneStandard

    part = TimezoneDaylight() if offset_to > dt.timedelta(0) else TimezoneStandard()
    part.add("tzname", name)
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", offset_to)
    part.add("dtstart", local_start)
    if rule is not None:
        part.add("rrule", rule)
    return part


def _transitions(start: dt.datetime, end: dt.datetime
                 ) -> list[tuple[dt.datetime, dt.timedelta, dt.timedelta]]:
    """London's clock changes from ``start`` to ``end`` (UTC): (the instant, the offset
    before, the offset after), found day by day and narrowed to the minute."""
    found = []
    day, minute = dt.timedelta(days=1), dt.timedelta(minutes=1)
    at = start
    while at < end:
        before, after = _offset(at), _offset(at + day)
        if before != after:
            low, high = 0, 24 * 60  # minutes: the change is after low, at or before high
            while high - low > 1:
                middle = (low + high) // 2
                low, high = ((middle, high) if _offset(at + middle * minute) == before
                             else (low, middle))
            found.append((at + high * minute, before or dt.timedelta(0),
                          after or dt.timedelta(0)))
        at += day
    return found


def _rule_holds(year: int) -> bool:
    """Whether London's clocks in ``year`` are exactly UK_RULE's: the offset on each side
    of both changes, and at noon every day (a change on another day, or none, shows)."""
    changes = [(_last_sunday(year, month) + dt.timedelta(hours=1), offset_from, offset_to)
               for _name, offset_from, offset_to, _onset, month in UK_RULE]

    def ruled(instant: dt.datetime) -> dt.timedelta:
        return dt.timedelta(hours=1) if changes[0][0] <= instant < changes[1][0] else (
            dt.timedelta(0))

    minute = dt.timedelta(minutes=1)
    for at, offset_from, offset_to in changes:
        if _offset(at - minute) != offset_from or _offset(at) != offset_to:
            return False
    noon = dt.datetime(year, 1, 1, 12, tzinfo=dt.UTC)
    days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    return all(_offset(noon + dt.timedelta(days=n)) == ruled(noon + dt.timedelta(days=n))
               for n in range(days))


def _offset(instant: dt.datetime) -> dt.timedelta | None:
    return instant.astimezone(LONDON).utcoffset()


def _last_sunday(year: int, month: int) -> dt.datetime:
    """Midnight UTC of the month's last Sunday (the clocks change at 01:00 UTC)."""
    end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    day = end - dt.timedelta(days=(end.weekday() - 6) % 7)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _face_to_face(event: CalendarEvent) -> VEvent:
    assert event.date is not None
    from icalendar import Event as VEvent

    entry = VEvent()
    entry.add("uid", event_uid(event.event_id))
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


def _briefing(event: CalendarEvent) -> VEvent:
    assert event.briefing_at is not None and event.date is not None
    start = event.briefing_at.astimezone(LONDON)
    from icalendar import Event as VEvent

    entry = VEvent()
    entry.add("uid", briefing_uid(event.event_id))
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
