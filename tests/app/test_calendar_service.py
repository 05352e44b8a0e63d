"""The signed-in user's calendar (.ics) from what a real sync brought: parsed back, every
dated event once, briefings for facilitators only, nothing about candidates, and a
SEQUENCE that rises when the service moves an event and stays put otherwise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.calendar_export import briefing_uid, event_uid
from app.calendar_service import calendar_for, suggested_file_name
from app.catalogue import CatalogueService
from app.clock import shared_clock
from app.event_dates_service import EventDateService
from app.store import Store
from app.store.models import Candidate, Event, Group
from sync.service import SyncService
from tests.conftest import TEST_TODAY

PASSWORD = "npq-demo"
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def _synced(server: Any, path: Path, username: str) -> tuple[Store, str]:
    store = Store.open(path)
    sync = SyncService(store, server.base_url)
    user_id = sync.login(username, PASSWORD).user_id
    sync.sync_once()
    return store, user_id


@pytest.fixture
def facilitator(live_server: Any, tmp_path: Path) -> Iterator[tuple[Store, str]]:
    store, user_id = _synced(live_server, tmp_path / "f.sqlite3", "facilitator")
    yield store, user_id
    store.close()


def _entries(ics: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(ics)
    return {str(c["uid"]): c for c in calendar.walk("VEVENT")}


def test_a_facilitators_calendar_has_each_dated_event_and_its_briefing(
        facilitator: tuple[Store, str]) -> None:
    store, user_id = facilitator
    ics = calendar_for(store, user_id, NOW)

    entries = _entries(ics)
    dated = [e for e in CatalogueService(store).events(TEST_TODAY) if e.date is not None]
    with store.read() as session:
        briefed = {e.id for e in session.scalars(select(Event)) if e.briefing_at}
    assert len(entries) == len(dated) + len([e for e in dated if e.id in briefed])
    today = next(e for e in dated if e.date == TEST_TODAY)
    day = entries[event_uid(today.id)]
    assert day["dtstart"].dt == dt.datetime(2026, 11, 23, 9, 0,
                                            tzinfo=day["dtstart"].dt.tzinfo)
    assert str(day["dtstart"].dt.tzinfo) == "Europe/London"
    assert today.venue_name in str(day["location"])
    briefing = entries[briefing_uid(today.id)]
    assert str(briefing["location"]) == "Online"
    assert briefing["dtend"].dt - briefing["dtstart"].dt == dt.timedelta(hours=1)
    assert briefing["dtstart"].dt < day["dtstart"].dt


def test_the_calendar_holds_no_candidate_data(facilitator: tuple[Store, str]) -> None:
    store, user_id = facilitator
    text = calendar_for(store, user_id, NOW).decode("utf-8")
    with store.read() as session:
        people = list(session.scalars(select(Candidate)))
    assert people
    for person in people:
        assert f"{person.given_name} {person.family_name}" not in text
        assert person.email not in text
        assert not person.special_requirements or person.special_requirements not in text


def test_a_partner_leads_calendar_has_events_but_no_briefings(
        live_server: Any, tmp_path: Path) -> None:
    store, user_id = _synced(live_server, tmp_path / "p.sqlite3", "partner")
    try:
        entries = _entries(calendar_for(store, user_id, NOW))
    finally:
        store.close()
    assert entries and all(uid.startswith("event-") for uid in entries)
    assert suggested_file_name(NOW) == "npq-events-2026-11-23.ics"


def _sequences(ics: bytes) -> dict[str, int]:
    return {uid: int(entry["sequence"]) for uid, entry in _entries(ics).items()}


def test_a_date_changed_on_the_service_raises_its_sequence_and_the_rest_keep_theirs(
        live_server: Any, tmp_path: Path) -> None:
    """The partner lead chooses a day, then another; the facilitator's laptop exports after
    each sync: the moved event and its briefing go up by one under the same UIDs, every
    other entry keeps its SEQUENCE, and an export with nothing new changes none."""
    lead_store = Store.open(tmp_path / "lead.sqlite3")
    store = Store.open(tmp_path / "facilitator.sqlite3")
    try:
        lead = SyncService(lead_store, live_server.base_url)
        lead_id = lead.login("partner", PASSWORD).user_id
        lead.sync_once()
        mine = SyncService(store, live_server.base_url)
        user_id = mine.login("facilitator", PASSWORD).user_id
        mine.sync_once()
        dates = EventDateService(lead_store, shared_clock(lead_store), lead_id)
        with store.read() as session:
            runs = {g.id for g in session.scalars(select(Group))
                    if user_id in (g.facilitator_ids or [])}
            event_id = min((e for e in session.scalars(select(Event)) if e.group_id in runs
                            and e.chosen_date is None), key=lambda e: e.window_start).id
        first_day, second_day = dates.options(event_id).suggested[:2]

        def choose(day: dt.date) -> dict[str, int]:
            dates.choose(event_id, day)
            assert lead.sync_once().rejected == 0
            mine.sync_once()
            return _sequences(calendar_for(store, user_id, NOW))

        before = _sequences(calendar_for(store, user_id, NOW))
        assert event_uid(event_id) not in before and set(before.values()) == {0}
        chosen = choose(first_day)
        moved = {event_uid(event_id), briefing_uid(event_id)}
        assert {uid: chosen[uid] for uid in moved} == dict.fromkeys(moved, 0)  # new entries
        assert {uid: n for uid, n in chosen.items() if uid not in moved} == before
        assert _sequences(calendar_for(store, user_id, NOW)) == chosen  # nothing new

        again = choose(second_day)
        assert {uid: again[uid] for uid in moved} == dict.fromkeys(moved, 1)
        assert {uid: n for uid, n in again.items() if uid not in moved} == before
        entry = _entries(calendar_for(store, user_id, NOW))[event_uid(event_id)]
        assert entry["dtstart"].dt.date() == second_day and int(entry["sequence"]) == 1
    finally:
        lead_store.close()
        store.close()
