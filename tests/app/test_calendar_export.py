"""The .ics export read back with icalendar: events, briefings, London times on both sides
of the clock change in any year (the VTIMEZONE read back as a time zone of its own and
compared with zoneinfo), stable UIDs with the SEQUENCE given, what counts as a change, and
nothing about candidates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from app.calendar_export import (
    CalendarEvent,
    briefing_uid,
    event_uid,
    events_calendar,
    fingerprints,
)
from app.catalogue import CatalogueService
from app.store import Store
from tests.app.conftest import Roster

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
QUAL = "National Professional Qualification for Senior Leadership"


def event(event_id: str, number: int, day: dt.date | None,
          briefing_at: dt.datetime | None = None) -> CalendarEvent:
    return CalendarEvent(event_id, "NPQSL-AUT26-LEEDS-1", "NPQSL", QUAL, number,
                         f"Day {number}", day, "Leeds Hub", "Park Road\nLeeds LS6 2AB",
                         briefing_at=briefing_at)


def parse(ics: bytes) -> Calendar:
    return Calendar.from_ical(ics)


def vevents(cal: Calendar) -> dict[str, object]:
    return {str(c["UID"]): c for c in cal.walk("VEVENT")}


def test_each_event_runs_nine_to_four_at_its_venue() -> None:
    ics = events_calendar([event("e1", 1, dt.date(2026, 12, 2))], now=NOW)
    [entry] = parse(ics).walk("VEVENT")
    assert str(entry["UID"]) == event_uid("e1") == "event-e1@npq-partner-desk"
    assert entry.decoded("DTSTART") == dt.datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
    assert entry.decoded("DTEND") == dt.datetime(2026, 12, 2, 16, 0, tzinfo=LONDON)
    assert entry.decoded("DTSTAMP") == NOW
    assert str(entry["SUMMARY"]) == "NPQSL event 1: Day 1 (NPQSL-AUT26-LEEDS-1)"
    assert str(entry["LOCATION"]) == "Leeds Hub, Park Road, Leeds LS6 2AB"
    description = str(entry["DESCRIPTION"])
    assert QUAL in description and "Arrival from 08:30" in description
    assert "09:00 to 16:00" in description


def test_times_stay_nine_to_four_across_the_clock_changes() -> None:
    days = [dt.date(2026, 10, 23), dt.date(2026, 10, 26),  # BST, then GMT (25 October)
            dt.date(2027, 3, 26), dt.date(2027, 3, 29)]  # GMT, then BST (28 March)
    ics = events_calendar([event(f"e{n}", n, d) for n, d in enumerate(days, 1)], now=NOW)
    cal = parse(ics)
    starts_utc = [c.decoded("DTSTART").astimezone(dt.UTC) for c in cal.walk("VEVENT")]
    assert [s.hour for s in starts_utc] == [8, 9, 9, 8]
    assert [c["DTSTART"].params["TZID"] for c in cal.walk("VEVENT")] == ["Europe/London"] * 4
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    offsets = {str(c["TZNAME"]): c.decoded("TZOFFSETTO") for c in zone.walk()
               if c.name in ("STANDARD", "DAYLIGHT")}
    assert offsets == {"GMT": dt.timedelta(0), "BST": dt.timedelta(hours=1)}


def test_the_briefing_is_one_hour_online_before_its_event() -> None:
    briefing = dt.datetime(2026, 10, 23, 15, 0, tzinfo=dt.UTC)  # 16:00 BST
    ics = events_calendar([event("e1", 1, dt.date(2026, 10, 26), briefing)], now=NOW)
    entries = vevents(parse(ics))
    entry = entries[briefing_uid("e1")]
    assert entry.decoded("DTSTART") == dt.datetime(2026, 10, 23, 16, 0, tzinfo=LONDON)
    assert entry.decoded("DTEND") - entry.decoded("DTSTART") == dt.timedelta(hours=1)
    assert str(entry["LOCATION"]) == "Online"
    assert str(entry["SUMMARY"]).startswith("Facilitator briefing: NPQSL event 1")
    assert "Monday 26 October 2026" in str(entry["DESCRIPTION"])
    assert set(entries) == {briefing_uid("e1"), event_uid("e1")}


def test_partner_leads_get_their_events_without_briefings() -> None:
    briefing = dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)
    ics = events_calendar([event("e1", 1, dt.date(2026, 12, 1), briefing)], now=NOW,
                          include_briefings=False)
    assert set(vevents(parse(ics))) == {event_uid("e1")}


def test_an_event_without_a_chosen_date_is_left_out() -> None:
    ics = events_calendar([event("e1", 1, dt.date(2026, 12, 1)), event("e2", 2, None)],
                          now=NOW)
    assert set(vevents(parse(ics))) == {event_uid("e1")}


def test_uids_are_stable_so_a_new_export_updates_the_old_entries() -> None:
    first = events_calendar([event("e1", 1, dt.date(2026, 12, 1))], now=NOW)
    moved = events_calendar([event("e1", 1, dt.date(2026, 12, 3))],
                            now=NOW + dt.timedelta(days=1))
    a, b = parse(first).walk("VEVENT")[0], parse(moved).walk("VEVENT")[0]
    assert a["UID"] == b["UID"]
    assert b.decoded("DTSTAMP") > a.decoded("DTSTAMP")
    assert b.decoded("DTSTART").date() == dt.date(2026, 12, 3)


def test_the_file_is_a_calendar_programs_can_import() -> None:
    ics = events_calendar([event("e1", 1, dt.date(2026, 12, 1))], now=NOW)
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and ics.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    cal = parse(ics)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]).startswith("-//NPQ")
    assert all(c.get("DTSTAMP") is not None for c in cal.walk("VEVENT"))


def test_an_empty_calendar_is_still_valid() -> None:
    cal = parse(events_calendar([], now=NOW))
    assert cal.walk("VEVENT") == [] and str(cal["VERSION"]) == "2.0"


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        events_calendar([], now=dt.datetime(2026, 11, 23, 9, 0))


def test_no_candidate_data_reaches_the_calendar(store: Store, roster: Roster) -> None:
    summaries = CatalogueService(store).events(dt.date(2026, 11, 23))
    assert len(summaries) == 6 and all(s.roster_size == 5 for s in summaries)
    entries = [CalendarEvent.of(s, venue_address="Park Road",
                                briefing_at=dt.datetime(2026, 11, 20, 16, tzinfo=dt.UTC))
               for s in summaries]
    ics = events_calendar(entries, now=NOW)
    text = ics.decode("utf-8")
    cal = parse(ics)
    assert len(cal.walk("VEVENT")) == 2 * 5  # the undated event has neither
    for word in ("Hughes", "Adams", "Nowak", "Nguyễn", "Some School", "wheelchair", "Withdrawn",
                 *roster.candidates.values()):
        assert word not in text
    allowed = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION",
               "TRANSP", "SEQUENCE"}
    assert all(set(c.keys()) == allowed for c in cal.walk("VEVENT"))


def zone_as_written(cal: Calendar) -> Any:
    """The file's own VTIMEZONE as a time zone (not looked up by its name)."""
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    return zone.to_tz(lookup_tzid=False)


def offsets_differ(zone: Any, first: dt.datetime, last: dt.datetime) -> list[dt.datetime]:
    """The instants from ``first`` to ``last`` (UTC) where the zone and zoneinfo's
    Europe/London disagree on the offset, checked at noon every day and a minute either
    side of each change zoneinfo makes (found hour by hour, then minute by minute)."""
    points, at = [], first
    while at < last:
        points.append(at + dt.timedelta(hours=12))
        if (at + dt.timedelta(days=1)).astimezone(LONDON).utcoffset() != (
                at.astimezone(LONDON).utcoffset()):
            change = at
            while change.astimezone(LONDON).utcoffset() == at.astimezone(LONDON).utcoffset():
                change += dt.timedelta(minutes=1)
            points += [change - dt.timedelta(minutes=1), change]
        at += dt.timedelta(days=1)
    return [p for p in points if p.astimezone(zone).utcoffset() != (
        p.astimezone(LONDON).utcoffset())]


def test_an_event_in_2031_has_its_time_zone_covered() -> None:
    ics = events_calendar([event("e1", 1, dt.date(2031, 7, 2)),
                           event("e2", 2, dt.date(2031, 11, 3))], now=NOW)
    cal = parse(ics)
    zone = zone_as_written(cal)
    assert offsets_differ(zone, dt.datetime(2031, 1, 1, tzinfo=dt.UTC),
                          dt.datetime(2032, 1, 1, tzinfo=dt.UTC)) == []
    summer, winter = (dt.datetime.combine(c.decoded("DTSTART").date(), dt.time(9),
                                          tzinfo=zone).astimezone(dt.UTC)
                      for c in cal.walk("VEVENT"))
    assert (summer.hour, winter.hour) == (8, 9)  # BST, then GMT
    assert b"only works" not in ics  # no end to its validity


def test_one_rule_covers_every_year_from_the_first_event_to_the_last_and_beyond() -> None:
    days = [dt.date(2026, 11, 23), dt.date(2029, 3, 26), dt.date(2038, 6, 1)]
    cal = parse(events_calendar([event(f"e{n}", n, d) for n, d in enumerate(days, 1)],
                                now=NOW))
    [zone] = cal.walk("VTIMEZONE")
    assert [str(c["TZNAME"]) for c in zone.subcomponents] == ["BST", "GMT"]
    assert all("RRULE" in c for c in zone.subcomponents)
    assert offsets_differ(zone_as_written(cal), dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                          dt.datetime(2046, 1, 1, tzinfo=dt.UTC)) == []


def test_a_year_the_rule_does_not_describe_gets_zoneinfos_own_transitions() -> None:
    """Before 1996 British Summer Time ended on the fourth Sunday of October: the rule is
    not written for such a year; what zoneinfo says is."""
    cal = parse(events_calendar([event("e1", 1, dt.date(1995, 10, 25))], now=NOW))
    [zone] = cal.walk("VTIMEZONE")
    assert not any("RRULE" in c for c in zone.subcomponents)
    assert offsets_differ(zone_as_written(cal), dt.datetime(1995, 1, 1, tzinfo=dt.UTC),
                          dt.datetime(1996, 1, 1, tzinfo=dt.UTC)) == []


def test_each_entry_carries_the_sequence_it_is_given() -> None:
    briefing = dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)
    ics = events_calendar([event("e1", 1, dt.date(2026, 12, 1), briefing),
                           event("e2", 2, dt.date(2026, 12, 8))], now=NOW,
                          sequences={event_uid("e1"): 3, briefing_uid("e1"): 2})
    found = {uid: int(c["SEQUENCE"]) for uid, c in vevents(parse(ics)).items()}
    assert found == {event_uid("e1"): 3, briefing_uid("e1"): 2, event_uid("e2"): 0}


@pytest.mark.parametrize("change", [
    {"date": dt.date(2026, 12, 3)}, {"start_time": "09:30"}, {"end_time": "15:30"},
    {"venue_name": "Bradford Hub"}, {"venue_address": "Canal Road"}, {"title": "Day one"},
    {"arrival_time": "08:15"},
])
def test_a_change_of_date_time_venue_or_title_changes_the_entrys_fingerprint(
        change: dict[str, object]) -> None:
    before = event("e1", 1, dt.date(2026, 12, 1))
    after = replace(before, **change)  # type: ignore[arg-type]
    assert fingerprints([before]) != fingerprints([after])
    assert set(fingerprints([after])) == {event_uid("e1")}


def test_an_unchanged_entry_keeps_its_fingerprint_and_a_moved_briefing_changes_its_own() -> None:
    briefing = dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)
    day = event("e1", 1, dt.date(2026, 12, 1), briefing)
    assert fingerprints([day]) == fingerprints([replace(day)])
    moved = fingerprints([replace(day, briefing_at=briefing + dt.timedelta(hours=1))])
    assert moved[event_uid("e1")] == fingerprints([day])[event_uid("e1")]
    assert moved[briefing_uid("e1")] != fingerprints([day])[briefing_uid("e1")]
    assert set(fingerprints([day], include_briefings=False)) == {event_uid("e1")}
