"""The signed-in user's calendar (.ics) from what a real sync brought: parsed back, every
dated event once, briefings for facilitators only, and nothing about candidates."""

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
from app.store import Store
from app.store.models import Candidate, Event
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
