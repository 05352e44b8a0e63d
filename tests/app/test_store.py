"""The store on disk: schema from migrations, durable settings, whole transactions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from app.domain import MarkStatus
from app.identity import device_id
from app.registers import RegisterService
from app.store import Store, keys
from app.store.migrate import script_heads
from app.store.models import Attendance, AttendanceHistory, Base, OutboxEntry
from tests.app.conftest import ME, Roster


def test_migrations_create_the_whole_schema_in_an_empty_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "desk.sqlite3"
    with Store.open(path) as store:
        tables = set(inspect(store.engine).get_table_names())
        with store.read() as session:
            version = session.scalar(text("SELECT version_num FROM alembic_version"))
    assert set(Base.metadata.tables) <= tables
    assert version in script_heads()


def test_the_database_uses_wal_full_sync_and_foreign_keys(store: Store) -> None:
    with store.read() as session:
        assert session.scalar(text("PRAGMA journal_mode")) == "wal"
        assert session.scalar(text("PRAGMA synchronous")) == 2  # FULL
        assert session.scalar(text("PRAGMA foreign_keys")) == 1


def test_an_existing_database_opens_again_without_losing_data(
        store: Store, store_path: Path, roster: Roster, registers: RegisterService) -> None:
    event_id = roster.event_ids["today"]
    registers.mark(event_id, roster.candidates["Hughes"], MarkStatus.PRESENT)
    device = device_id(store)
    store.close()

    with Store.open(store_path) as reopened:
        again = RegisterService(reopened, registers.clock, ME).load(event_id)
        assert device_id(reopened) == device
    marked = {r.candidate_id: r.status for r in again.rows if r.status}
    assert marked == {roster.candidates["Hughes"]: MarkStatus.PRESENT}


def test_a_committed_mark_is_on_disk_for_any_other_reader(
        store_path: Path, roster: Roster, registers: RegisterService) -> None:
    registers.mark(roster.event_ids["today"], roster.candidates["Nowak"], MarkStatus.ABSENT)
    # A connection of its own (another process, in effect, with the key) sees the committed mark.
    with keys.connected(store_path) as raw:
        rows = raw.execute("SELECT status FROM attendance").fetchall()
        outbox = raw.execute("SELECT type FROM outbox").fetchall()
    assert rows == [("absent",)]
    assert outbox == [("attendance",)]


def test_a_write_that_raises_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as session:
        session.add(Attendance(id="a", event_id="e", candidate_id="c", status="present",
                               marked_by="u"))
        session.flush()
        raise RuntimeError("boom")
    with store.read() as session:
        assert session.scalars(select(Attendance)).all() == []
        assert session.scalars(select(AttendanceHistory)).all() == []
        assert session.scalars(select(OutboxEntry)).all() == []


def test_marks_from_several_threads_all_commit(store: Store, roster: Roster,
                                               registers: RegisterService) -> None:
    from concurrent.futures import ThreadPoolExecutor

    event_id = roster.event_ids["today"]
    people = [roster.candidates[k] for k in ("Hughes", "Nowak", "Adams", "Nguyễn")]

    def mark(n: int) -> None:
        registers.mark(event_id, people[n % len(people)], MarkStatus.PRESENT)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(mark, range(40)))
    with store.read() as session:
        assert len(session.scalars(select(OutboxEntry)).all()) == 40
        assert len(session.scalars(select(AttendanceHistory)).all()) == 40
        assert len(session.scalars(select(Attendance)).all()) == 4
