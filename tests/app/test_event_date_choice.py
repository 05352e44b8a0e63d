"""Choosing an event's date on the partner lead's laptop, through a real sync with the real
server: the choice is saved without the network, waits for the central service, and
reaches the facilitator's laptop; a date the service refuses waits in Needs attention with
its reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.attention import attention_items
from app.clock import shared_clock
from app.event_dates_service import DateNotAllowedError, EventDateService
from app.store import Store
from app.store.models import Event, Group, OtherRecord
from protocol.records import event_date_choice_id
from server import sequence
from server import store as server_store
from server.models import Record
from sync.service import SyncService

PASSWORD = "npq-demo"


@dataclass
class Laptop:
    store: Store
    sync: SyncService
    user_id: str
    dates: EventDateService


def _laptop(server: Any, path: Path, username: str) -> Laptop:
    store = Store.open(path)
    sync = SyncService(store, server.base_url)
    identity = sync.login(username, PASSWORD)
    sync.sync_once()
    return Laptop(store, sync, identity.user_id,
                  EventDateService(store, shared_clock(store), identity.user_id))


@pytest.fixture
def partner(live_server: Any, tmp_path: Path) -> Iterator[Laptop]:
    laptop = _laptop(live_server, tmp_path / "partner.sqlite3", "partner")
    yield laptop
    laptop.store.close()


@pytest.fixture
def facilitator(live_server: Any, tmp_path: Path) -> Iterator[Laptop]:
    laptop = _laptop(live_server, tmp_path / "facilitator.sqlite3", "facilitator")
    yield laptop
    laptop.store.close()


def _undated_event_of(partner: Laptop, facilitator_id: str) -> str:
    """An undated future event of a group the facilitator runs, as the partner sees it."""
    with partner.store.read() as session:
        groups = {g.id for g in session.scalars(select(Group))
                  if facilitator_id in (g.facilitator_ids or [])}
        events = sorted(session.scalars(select(Event).where(
            Event.group_id.in_(groups), Event.chosen_date.is_(None))),
            key=lambda e: e.window_start)
    return events[0].id


def _event(laptop: Laptop, event_id: str) -> Event:
    with laptop.store.read() as session:
        row = session.get(Event, event_id)
        assert row is not None
        session.expunge(row)
        return row


def test_a_date_chosen_offline_waits_then_reaches_the_facilitators_laptop(
        live_server: Any, partner: Laptop, facilitator: Laptop) -> None:
    event_id = _undated_event_of(partner, facilitator.user_id)
    plan = partner.dates.options(event_id)
    assert plan.can_choose and plan.chosen is None and plan.suggested
    day = plan.suggested[0]

    live_server.stop()  # the office Wi-Fi is down: choosing needs no network
    state = partner.dates.choose(event_id, day)
    assert state.waiting and state.proposed == day and state.chosen is None
    assert state.describe() == (f"Proposed {day.day} {day:%b}, waiting for the central "
                                "service")
    assert partner.dates.pending(event_id) == day
    live_server.start()

    report = partner.sync.sync_once()
    assert report.pushed == 1 and report.rejected == 0
    confirmed = partner.dates.state(event_id)
    assert confirmed.chosen == day and not confirmed.waiting
    assert partner.dates.pending(event_id) is None

    facilitator.sync.sync_once()
    row = _event(facilitator, event_id)
    assert row.chosen_date == day.isoformat() and row.briefing_at
    seen = facilitator.dates.state(event_id)
    assert seen.chosen == day and not seen.can_choose
    briefing = seen.briefing()
    assert briefing is not None and briefing.endswith("16:00–17:00, online")
    with facilitator.store.read() as session:
        choice = session.get(OtherRecord, ("event_date_choice", event_date_choice_id(event_id)))
        assert choice is not None and choice.data["chosen_by"] == partner.user_id


def test_a_blocked_day_is_refused_on_the_laptop_with_the_services_words(
        partner: Laptop, facilitator: Laptop) -> None:
    event_id = _undated_event_of(partner, facilitator.user_id)
    saturday = next(o for o in partner.dates.options(event_id).options
                    if o.date.weekday() == 5)
    assert not saturday.selectable

    with pytest.raises(DateNotAllowedError, match="is a weekend: events run on weekdays"):
        partner.dates.choose(event_id, saturday.date)
    assert partner.dates.pending(event_id) is None
    assert partner.sync.status().pending_changes == 0


def test_facilitators_cannot_choose_a_date(facilitator: Laptop) -> None:
    with facilitator.store.read() as session:
        event = session.scalars(select(Event).where(Event.chosen_date.is_(None))).first()
        assert event is not None
        event_id = event.id
    plan = facilitator.dates.options(event_id)
    assert not plan.can_choose
    with pytest.raises(DateNotAllowedError, match="Only the partner lead"):
        facilitator.dates.choose(event_id, plan.options[0].date)


def test_a_date_the_service_refuses_shows_its_reason_in_needs_attention(
        live_server: Any, partner: Laptop, facilitator: Laptop) -> None:
    event_id = _undated_event_of(partner, facilitator.user_id)
    day = partner.dates.options(event_id).suggested[0]
    partner.dates.choose(event_id, day)
    # Meanwhile the central team moves the event's window a month on.
    with live_server.database.write() as session:
        sequence.lock(session)
        record = session.get(Record, ("event", event_id))
        assert record is not None and record.data is not None
        later = {k: (dt.date.fromisoformat(record.data[k]) + dt.timedelta(days=28)).isoformat()
                 for k in ("window_start", "window_end")}
        server_store.put(session, "event", event_id, record.data | later,
                         server_store.Placement(group_id=record.group_id), current=record)

    report = partner.sync.sync_once()

    assert report.rejected == 1
    [item] = attention_items(partner.store)
    assert item.what.startswith(f"Choosing {day:%A} {day.day} {day:%B %Y} as the date — Event")
    assert "is outside this event's window" in item.reason
    assert "choose another date in the event's window" in item.advice
    state = partner.dates.state(event_id)
    assert state.chosen is None and not state.waiting
    assert state.refused is not None and "outside this event's window" in state.refused
    assert state.window.start.isoformat() == later["window_start"]
