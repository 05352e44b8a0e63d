"""Local backups: encrypted like the original, before migrations and daily, the last 5
kept; restore gives back a database that opens with the key and holds the backup's data."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text

from app.store import Store, backup, keys
from app.store.encryption import database_key
from app.store.engine import make_engine
from app.store.keys import StoreLocked
from app.store.migrate import upgrade
from app.store.models import Candidate

NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def _plant(store: Store, family_name: str = "Quuxworthington") -> None:
    with store.write() as session:
        session.add(Candidate(id=family_name, given_name="Zebedee", family_name=family_name,
                              school="Planted School", special_requirements="PLANTED-7731"))


def _families(store: Store) -> list[str]:
    with store.read() as session:
        return sorted(session.scalars(select(Candidate.family_name)))


def test_a_backup_is_encrypted_with_the_same_key_and_holds_the_data(
        store: Store, store_path: Path) -> None:
    _plant(store)
    made = backup.take(store.path, store.key, now=NOON)
    assert made.parent == store_path.parent / "backups"
    assert not keys.is_plaintext(made)
    assert b"Quuxworthington" not in made.read_bytes()
    with keys.connected(made, key_of=store_path) as raw:
        assert raw.execute("SELECT family_name FROM candidate").fetchall() == [
            ("Quuxworthington",)]
    with pytest.raises(StoreLocked):
        keys.connect(made, None)


def test_only_the_last_five_backups_are_kept(store: Store) -> None:
    taken = [backup.take(store.path, store.key, now=NOON + dt.timedelta(days=n))
             for n in range(7)]
    assert backup.backups(store.path) == list(reversed(taken[2:]))
    assert not taken[0].exists() and not taken[1].exists()


def test_a_daily_backup_only_when_the_newest_is_older_than_24_hours(store: Store) -> None:
    first = backup.take_daily(store.path, store.key, now=NOON)
    assert first is not None
    assert backup.take_daily(store.path, store.key, now=NOON + dt.timedelta(hours=23)) is None
    later = backup.take_daily(store.path, store.key, now=NOON + dt.timedelta(hours=25))
    assert later is not None and later != first
    assert backup.backups(store.path) == [later, first]


def test_restore_gives_back_the_backups_data_under_the_same_key(
        store: Store, store_path: Path) -> None:
    _plant(store)
    made = backup.take(store.path, store.key, now=NOON)
    with store.write() as session:
        session.execute(delete(Candidate))
    _plant(store, "Afterwards")
    store.close()

    backup.restore(made, store_path)

    with Store.open(store_path) as reopened:
        assert _families(reopened) == ["Quuxworthington"]
        with reopened.read() as session:
            assert session.scalar(text("PRAGMA integrity_check")) == "ok"
    assert not keys.is_plaintext(store_path)


def test_a_backup_that_does_not_open_with_the_key_is_not_restored(
        store: Store, store_path: Path, tmp_path: Path) -> None:
    _plant(store)
    store.close()
    with Store.open(tmp_path / "elsewhere" / "other.sqlite3") as other:
        _plant(other, "Stranger")
        foreign = backup.take(other.path, other.key, now=NOON)
    before = hashlib.sha256(store_path.read_bytes()).hexdigest()
    with pytest.raises(StoreLocked):
        backup.restore(foreign, store_path)
    assert hashlib.sha256(store_path.read_bytes()).hexdigest() == before


def test_a_migration_is_preceded_by_a_backup_of_the_old_schema(tmp_path: Path) -> None:
    path = tmp_path / "data" / "desk.sqlite3"
    path.parent.mkdir()
    old = Store(path, make_engine(path, database_key(path, allow_unencrypted=False)))
    upgrade(old.engine, "0002")  # a database made before the QA forms migration
    _plant(old)
    old.close()

    with Store.open(path) as store:
        assert _families(store) == ["Quuxworthington"]
    [made] = backup.backups(path)
    assert made.name.endswith("-migration.sqlite3")
    with keys.connected(made, key_of=path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0002",)]
    with Store.open(path):  # up to date: no second backup
        pass
    assert backup.backups(path) == [made]
