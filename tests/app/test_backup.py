"""Local backups: encrypted like the original, before migrations and daily, the last 5
kept; restore gives back a database that opens with the key and holds the backup's data."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import subprocess
from collections.abc import Iterator
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
    """A candidate, written with the columns every schema version has (a database made
    before a migration lacks the later ones)."""
    with store.write() as session:
        session.execute(text(
            "INSERT INTO candidate (id, given_name, family_name, school, role, email, "
            "special_requirements, scholarship) VALUES (:id, 'Zebedee', :family, "
            "'Planted School', '', '', 'PLANTED-7731', 0)"),
            {"id": family_name, "family": family_name})


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


def _old_roster_purged(store: Store) -> None:
    """A group whose last event was long ago, purged by retention."""
    from app.retention import purge_expired
    from tests.app.conftest import TODAY
    from tests.app.test_retention import _old_group

    _old_group(store, 400)
    assert purge_expired(store, TODAY) == 1


def test_a_purge_retakes_the_backups_from_the_purged_database(store: Store) -> None:
    before = [backup.take(store.path, store.key, now=NOON + dt.timedelta(days=n))
              for n in range(3)]

    _old_roster_purged(store)

    [only] = backup.backups(store.path)
    assert only not in before and only.name.endswith("-purge.sqlite3")
    assert backup.verify(only, store.key)
    assert not (backup.backup_folder(store.path) / backup.PURGE_PENDING).exists()


@contextlib.contextmanager
def full_folder(folder: Path) -> Iterator[None]:
    """``folder`` on a tmpfs just big enough for what it holds now: the next backup in it
    meets a full disk. Skipped where a tmpfs cannot be mounted (not root, no namespace)."""
    held = {p.name: p.read_bytes() for p in folder.iterdir()}
    size = sum(len(b) for b in held.values()) + 64 * 1024
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(folder)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"no tmpfs to fill here: {mounted.stderr.decode().strip()}")
    try:
        for name, content in held.items():
            (folder / name).write_bytes(content)
        yield
        held = {p.name: p.read_bytes() for p in folder.iterdir()}
    finally:
        subprocess.run(["umount", str(folder)], check=True)
    for name, content in held.items():  # what the full disk held, back on the real one
        (folder / name).write_bytes(content)


def test_when_the_backups_cannot_be_retaken_they_stay_and_the_next_daily_one_retakes_them(
        store: Store) -> None:
    before = [backup.take(store.path, store.key, now=NOON + dt.timedelta(days=n))
              for n in range(2)]
    folder = backup.backup_folder(store.path)
    with full_folder(folder):
        _old_roster_purged(store)  # the purge itself stands; its backup finds no room
        assert backup.backups(store.path) == list(reversed(before))  # the good ones stay
        assert (folder / backup.PURGE_PENDING).exists()

    later = NOON + dt.timedelta(days=1, hours=1)  # not 24 hours since the newest
    made = backup.take_daily(store.path, store.key, now=later)

    assert made is not None and backup.backups(store.path) == [made]
    assert not (folder / backup.PURGE_PENDING).exists()
