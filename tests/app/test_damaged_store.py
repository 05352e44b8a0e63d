"""A damaged page in the real encrypted database is found when it opens, when a read meets
it, and before a backup: the damage never reaches the backups, and the good ones stay."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import DatabaseDamaged, LocalProblem
from app.store import Store, backup, keys
from app.store.engine import make_engine
from app.store.models import Candidate
from tests.app.sqlcipher_pages import damage_page

NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def fill(store: Store, people: int = 600) -> None:
    """Enough candidates for the table to span many pages."""
    with store.write() as session:
        for n in range(people):
            session.add(Candidate(id=f"cand-{n:05d}", given_name=f"Given{n}",
                                  family_name=f"Family{n}", school="A school " * 5))


def root_page(path: Path, table: str) -> int:
    with keys.connected(path) as raw:
        return int(raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                               (table,)).fetchone()[0])


def page_count(path: Path) -> int:
    return path.stat().st_size // 4096


@pytest.fixture
def filled(store: Store, store_path: Path) -> Path:
    fill(store)
    store.close()  # the last connection out checkpoints: the rows are in the file itself
    return store_path


def test_a_damaged_page_is_found_when_the_database_opens(filled: Path) -> None:
    damage_page(filled, page_count(filled) // 2)

    with pytest.raises(DatabaseDamaged) as raised:
        Store.open(filled)

    assert isinstance(raised.value, LocalProblem)
    assert "damaged" in raised.value.message
    assert "backup" in raised.value.message


def test_a_read_that_meets_a_damaged_page_raises_database_damaged(filled: Path) -> None:
    damage_page(filled, root_page(filled, "candidate"))
    key = keys.load_key(filled)
    unchecked = Store(filled, make_engine(filled, key), key)  # as if damaged while open
    try:
        with pytest.raises(DatabaseDamaged), unchecked.read() as session:
            session.scalars(select(Candidate.family_name)).all()
        with pytest.raises(DatabaseDamaged), unchecked.write() as session:
            session.add(Candidate(id="another", given_name="A", family_name="B"))
    finally:
        unchecked.close()


def test_damage_on_the_first_page_is_damage_not_a_wrong_key(filled: Path) -> None:
    damage_page(filled, 1, length=64)

    with pytest.raises(DatabaseDamaged):
        Store.open(filled)


def test_the_daily_backup_is_not_taken_of_a_damaged_database_and_the_good_ones_stay(
        filled: Path) -> None:
    key = keys.load_key(filled)
    good = [backup.take(filled, key, now=NOON + dt.timedelta(days=n)) for n in range(5)]
    damage_page(filled, page_count(filled) // 2)

    for day in range(5, 12):  # a week of starts on the damaged database
        with pytest.raises(DatabaseDamaged):
            backup.take_daily(filled, key, now=NOON + dt.timedelta(days=day))

    assert backup.backups(filled) == list(reversed(good))
    assert all(backup.verify(made, key) for made in good)
    assert backup.latest_good(filled, key) == good[-1]
    assert not list(backup.backup_folder(filled).glob("*.partial"))


def test_a_backup_damaged_on_the_disk_is_not_trusted(filled: Path) -> None:
    key = keys.load_key(filled)
    older = backup.take(filled, key, now=NOON)
    newer = backup.take(filled, key, now=NOON + dt.timedelta(days=1))
    damage_page(newer, page_count(newer) // 2)
    before = hashlib.sha256(filled.read_bytes()).hexdigest()

    assert not backup.verify(newer, key)
    assert backup.latest_good(filled, key) == older
    with pytest.raises(DatabaseDamaged):
        backup.restore(newer, filled)
    assert hashlib.sha256(filled.read_bytes()).hexdigest() == before


def test_a_whole_database_passes_and_opens(filled: Path) -> None:
    with Store.open(filled) as store, store.read() as session:
        assert len(session.scalars(select(Candidate.id)).all()) == 600
