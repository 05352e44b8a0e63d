"""Sign-out removes the personal data and the keys, but never unsynced work: with the
outbox not empty it refuses and says why. Real server on loopback, real file, real keyring
entries (in memory)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.clock import shared_clock
from app.domain import MarkStatus
from app.registers import RegisterService
from app.signout import sign_out
from app.store import Store, backup, keys
from sync.memory_keyring import MemoryKeyring
from sync.service import SyncService
from tests.conftest import TEST_TODAY

PASSWORD = "npq-demo"


@dataclass
class Laptop:
    store: Store
    sync: SyncService


def _signed_in(path: Path, url: str) -> tuple[Laptop, str]:
    store = Store.open(path)
    sync = SyncService(store, url)
    identity = sync.login("facilitator", PASSWORD)
    sync.sync_once()
    return Laptop(store, sync), identity.user_id


def _mark_someone(laptop: Laptop, user_id: str) -> None:
    from app.catalogue import CatalogueService

    [event] = [e for e in CatalogueService(laptop.store).events(TEST_TODAY)
               if e.is_on(TEST_TODAY)][:1]
    registers = RegisterService(laptop.store, shared_clock(laptop.store), user_id)
    row = next(r for r in registers.load(event.id).rows if not r.withdrawn)
    registers.mark(event.id, row.candidate_id, MarkStatus.PRESENT)


def _secrets(keyring: MemoryKeyring) -> list[str]:
    return sorted("db-key" if user.startswith("db-key:") else "refresh-token"
                  for _, user in keyring.secrets)


def test_sign_out_is_refused_while_a_change_is_not_sent_and_nothing_is_removed(
        live_server: Any, tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    path = tmp_path / "data" / "desk.sqlite3"
    laptop, user_id = _signed_in(path, live_server.base_url)
    try:
        _mark_someone(laptop, user_id)
        result = sign_out(laptop)
        assert not result.signed_out
        assert result.unsent == 1
        assert "1 change not sent yet" in result.message and "Sync first" in result.message
        assert path.exists()
        assert _secrets(memory_keyring) == ["db-key", "refresh-token"]
        laptop.sync.sync_once()  # the mark still goes: nothing was lost or signed out
    finally:
        laptop.store.close()


def test_sign_out_after_a_sync_removes_the_database_backups_and_every_key(
        live_server: Any, tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    path = tmp_path / "data" / "desk.sqlite3"
    laptop, user_id = _signed_in(path, live_server.base_url)
    _mark_someone(laptop, user_id)
    laptop.sync.sync_once()
    backup.take(path, laptop.store.key)
    old_key = keys.load_key(path)

    result = sign_out(laptop)

    assert result.signed_out, result.message
    assert sorted(p.name for p in path.parent.iterdir()) == []
    assert memory_keyring.secrets == {}
    # A late read or sync (an answer that was on its way) cannot make a new empty file.
    from app.catalogue import CatalogueService
    from app.errors import StoreRemoved

    with pytest.raises(StoreRemoved):
        CatalogueService(laptop.store).events(TEST_TODAY)
    with pytest.raises(StoreRemoved):
        laptop.sync.sync_once()
    assert sorted(p.name for p in path.parent.iterdir()) == []
    with Store.open(path) as fresh:  # the next user starts from nothing, with a new key
        assert fresh.key is not None and fresh.key != old_key
        assert SyncService(fresh, live_server.base_url).resume() is None
