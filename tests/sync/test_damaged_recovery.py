"""A page of the real encrypted database is damaged on a laptop with unsent marks: start-up
finds it and takes no backup of it, the good backup survives, and the recovery puts it back,
keeps every unsent change it can read, and one sync against the real server fetches the
rest and sends the kept changes exactly once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.domain import MarkStatus
from app.errors import DatabaseDamaged
from app.outbox import pending_count
from app.store import Store, backup, keys, recovery
from app.store.models import Attendance, OutboxEntry
from desk.session import open_store
from protocol.records import attendance_id
from sync.service import SyncService
from tests.app.sqlcipher_pages import PAGE, damage_page, decrypt_page
from tests.faults.harness import Inspector
from tests.sync.conftest import Client

EARLIER = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)


def root_page(path: Path, table: str) -> int:
    with keys.connected(path) as raw:
        return int(raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                               (table,)).fetchone()[0])


def child_pages(path: Path, page: int) -> list[int]:
    """The children of an interior table page (B-tree page type 5), read from the file."""
    key = keys.load_key(path)
    assert key is not None
    raw = path.read_bytes()[(page - 1) * PAGE:page * PAGE]
    plain = decrypt_page(raw, key, first=page == 1)
    assert plain[0] == 5, "an interior table page"
    cells = int.from_bytes(plain[3:5], "big")
    pointers = [int.from_bytes(plain[12 + 2 * n:14 + 2 * n], "big") for n in range(cells)]
    children = [int.from_bytes(plain[p:p + 4], "big") for p in pointers]
    return [*children, int.from_bytes(plain[8:12], "big")]


def statuses(store: Store, ids: list[str]) -> dict[str, str]:
    with store.read() as session:
        rows = session.scalars(select(Attendance).where(Attendance.id.in_(ids)))
        return {row.id: row.status for row in rows}


def mutation_ids(store: Store) -> list[str]:
    with store.read() as session:
        return list(session.scalars(select(OutboxEntry.mutation_id).order_by(OutboxEntry.seq)))


def synced_laptop(make_client: Callable[..., Client], url: str) -> tuple[Client, Path]:
    """The facilitator's laptop after its first sync, and yesterday's backup of it."""
    lead = make_client(url)
    lead.sync.sync_once()
    return lead, backup.take(lead.store.path, lead.store.key, now=EARLIER)


def test_a_damaged_database_is_restored_with_its_unsent_marks_and_synced_once(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    url = live_server.base_url
    lead, good = synced_laptop(make_client, url)
    path, key = lead.store.path, lead.store.key
    event_id = lead.todays_event()
    people = lead.markable(event_id)
    sent, unsent, theirs = people[:2], people[2:5], people[5]
    for person in sent:  # made and sent since the backup: the server gives them back
        lead.registers.mark(event_id, person, MarkStatus.PRESENT)
    lead.sync.sync_once()
    for person in unsent:  # made offline, not sent when the disk failed
        lead.registers.mark(event_id, person, MarkStatus.LATE, arrival_time="09:40")
    kept = mutation_ids(lead.store)
    assert len(kept) == 3
    other = make_client(url, "cofacilitator")  # the rest: a colleague's mark meanwhile
    other.sync.sync_once()
    other.registers.mark(event_id, theirs, MarkStatus.ABSENT)
    other.sync.sync_once()
    lead.store.close()
    damage_page(path, root_page(path, "candidate"))

    with pytest.raises(DatabaseDamaged):
        open_store(path)  # at start: found, and no backup taken of it
    assert backup.backups(path) == [good] and backup.verify(good, key)

    damage = recovery.examine(path)
    assert (damage.backup_taken_at, damage.unsent, damage.unreadable) == (EARLIER, 3, 0)
    done = recovery.recover(path)
    assert (done.kept, done.unreadable, done.missed_some) == (3, {}, False)

    restored = open_store(path)
    try:
        assert mutation_ids(restored) == kept  # queued again, with their own ids
        ids = [attendance_id(event_id, p) for p in [*sent, *unsent, theirs]]
        assert statuses(restored, ids) == {attendance_id(event_id, p): "late"
                                           for p in unsent}, "shown before any sync"
        sync = SyncService(restored, url)
        assert sync.resume() is not None
        report = sync.sync_once()
        assert (report.pushed, report.duplicates, report.rejected) == (3, 0, 0)
        assert pending_count(restored) == 0
        assert statuses(restored, ids) == {
            **{attendance_id(event_id, p): "present" for p in sent},
            **{attendance_id(event_id, p): "late" for p in unsent},
            attendance_id(event_id, theirs): "absent"}
        sync.sync_once()
    finally:
        restored.close()
    inspector = Inspector(url)
    for person in unsent:  # each kept mark reached the server exactly once
        history = inspector.history(attendance_id(event_id, person))
        assert [row["status"] for row in history] == ["late"]


def test_unsent_changes_on_a_damaged_page_are_counted_and_the_rest_kept(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    lead, _ = synced_laptop(make_client, live_server.base_url)
    path = lead.store.path
    event_id = lead.todays_event()
    people = lead.markable(event_id)
    for n in range(4):  # enough unsent marks for the outbox to span several pages
        for person in people:
            lead.registers.mark(event_id, person, MarkStatus.LATE, arrival_time="09:40",
                                note=f"round {n}: " + "stuck in traffic on the ring road " * 8)
    total = len(mutation_ids(lead.store))
    lead.store.close()
    leaves = child_pages(path, root_page(path, "outbox"))
    assert len(leaves) >= 3
    damage_page(path, leaves[1])

    damage = recovery.examine(path)
    assert damage.unreadable > 0 and damage.unsent > 0
    assert damage.unsent + damage.unreadable == total  # the indexes still count them all
    assert not damage.missed_some
    done = recovery.recover(path)
    assert done.kept == damage.unsent
    assert done.unreadable == {"attendance": damage.unreadable}

    with Store.open(path) as restored:
        assert len(mutation_ids(restored)) == damage.unsent


def test_with_no_good_backup_everything_is_fetched_again_and_the_unsent_marks_kept(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    url = live_server.base_url
    lead, rotten = synced_laptop(make_client, url)
    path = lead.store.path
    damage_page(rotten, 3)  # the only backup rotted on the disk
    event_id = lead.todays_event()
    people = lead.markable(event_id)[:2]
    for person in people:
        lead.registers.mark(event_id, person, MarkStatus.APOLOGIES)
    device = lead.registers.clock.device_id
    events = len(lead.catalogue.events(dt.date(2026, 11, 23)))
    lead.store.close()
    damage_page(path, root_page(path, "event"))

    assert recovery.examine(path).backup_taken_at is None
    assert recovery.recover(path).kept == 2

    with Store.open(path) as restored:
        sync = SyncService(restored, url)
        assert sync.resume() is not None, "still signed in: the identity was kept"
        assert sync.sync_once().pushed == 2
        client = Client(restored, sync, lead.identity)
        assert client.registers.clock.device_id == device
        assert len(client.catalogue.events(dt.date(2026, 11, 23))) == events
        ids = [attendance_id(event_id, p) for p in people]
        assert statuses(restored, ids) == dict.fromkeys(ids, "apologies")
