"""A group's personal data leaves the laptop ``retention_days`` after its last event; a
group with unsent changes waits for them."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app import settings
from app.clock import shared_clock
from app.outbox import enqueue
from app.retention import expired_groups, purge_expired
from app.store import Store
from app.store.apply import apply_page
from app.store.models import Candidate, Enrolment, Event, Group, LocalMeta, SyncState
from sync.service import SyncService
from tests.app.conftest import TODAY, Roster, roster_changes


def _old_group(store: Store, last_event_days_ago: int) -> Roster:
    roster = Roster(group_id=str(uuid.uuid4()))
    last = TODAY - dt.timedelta(days=last_event_days_ago)
    dates = {"first": last - dt.timedelta(days=60), "last": last}
    with store.read() as session:  # the sync cursor stays where it was
        cursor = session.scalar(select(SyncState.cursor)) or "cursor-old"
    apply_page(store, roster_changes(roster, dates), cursor, shared_clock(store))
    return roster


def _groups(store: Store) -> set[str]:
    with store.read() as session:
        return set(session.scalars(select(Group.id)))


def test_a_group_is_purged_ninety_days_after_its_last_event_and_not_before(
        store: Store, roster: Roster) -> None:
    over = _old_group(store, 91)
    kept = _old_group(store, 90)
    assert expired_groups(store, TODAY, 90) == [over.group_id]

    assert purge_expired(store, TODAY) == 1  # the default setting: 90 days

    assert _groups(store) == {roster.group_id, kept.group_id}
    with store.read() as session:
        assert not session.scalars(select(Event).where(Event.group_id == over.group_id)).all()
        names = set(session.scalars(select(Candidate.id)))
        assert not set(over.candidates.values()) & names
        assert set(kept.candidates.values()) <= names
        assert not session.scalars(
            select(Enrolment).where(Enrolment.group_id == over.group_id)).all()


def test_the_retention_setting_is_used(store: Store, roster: Roster) -> None:
    recent = _old_group(store, 40)
    settings.save(settings.Settings(retention_days=30), store.path.parent)
    assert purge_expired(store, TODAY) == 1
    assert recent.group_id not in _groups(store)
    assert roster.group_id in _groups(store)  # its events are this month and later


def test_an_expired_group_with_an_unsent_mark_waits_for_it(store: Store) -> None:
    old = _old_group(store, 120)
    with store.write() as session:  # a correction to its last register, not sent yet
        enqueue(session, type_="attendance", record_id=str(uuid.uuid4()),
                data={"event_id": old.event_ids["last"], "status": "present"},
                hlc=str(shared_clock(store).now()))

    assert purge_expired(store, TODAY) == 0

    assert old.group_id in _groups(store)
    with store.read() as session:
        assert session.get(LocalMeta, "purge_group:" + old.group_id) is not None


def test_each_sync_ends_with_the_retention_purge(live_server: Any, tmp_path: Path) -> None:
    with Store.open(tmp_path / "data" / "desk.sqlite3") as store:
        sync = SyncService(store, live_server.base_url)
        sync.login("facilitator", "npq-demo")
        sync.sync_once()
        synced = _groups(store)
        old = _old_group(store, 200)  # a group long over, still on this laptop

        report = sync.sync_once()

        assert report.purged == 1
        assert _groups(store) == synced and old.group_id not in synced
