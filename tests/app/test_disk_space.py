"""A full disk is said as such, from every layer (issue 12, point 7), without a real full
disk: SQLite's own SQLITE_FULL (a page limit makes it), ENOSPC from ``/dev/full``, and the
log handler writing into ``/dev/full``. ``tests/app/test_full_disk.py`` fills a real one."""

from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from app import disk_space
from app.disk_space import disk_full, is_no_room, no_room_is_disk_full
from app.errors import DiskFull, LocalProblem
from app.logging_setup import RoomAwareFileHandler
from app.store import Store
from app.store.models import Candidate

NBSP = "\N{NO-BREAK SPACE}"
needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(),
                                    reason="no /dev/full here (Linux gives ENOSPC from it)")


def _sqlite_full(connection: sqlite3.Connection) -> sqlite3.OperationalError:
    """A real SQLITE_FULL: the page limit stops the file growing, as a full disk would."""
    connection.execute("CREATE TABLE t (x TEXT)")
    page_count = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {page_count}")
    with pytest.raises(sqlite3.OperationalError) as raised:
        connection.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))
    return raised.value


def test_sqlites_database_or_disk_is_full_is_no_room(tmp_path: Path) -> None:
    error = _sqlite_full(sqlite3.connect(tmp_path / "a.sqlite3"))
    assert error.sqlite_errorcode == disk_space.SQLITE_FULL
    assert is_no_room(error)
    with pytest.raises(DiskFull) as raised, no_room_is_disk_full(tmp_path):
        raise error
    assert raised.value.__cause__ is error
    assert isinstance(raised.value, LocalProblem)
    assert str(tmp_path) in raised.value.message and "free" in raised.value.message


def test_a_sqlalchemy_error_wrapping_sqlite_full_is_no_room() -> None:
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (x TEXT)"))
        pages = connection.execute(text("PRAGMA page_count")).scalar()
        connection.execute(text(f"PRAGMA max_page_count = {pages}"))
        with pytest.raises(OperationalError) as raised:
            connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": "x" * 100_000})
    assert is_no_room(raised.value)


def test_a_write_the_store_has_no_room_for_raises_disk_full_and_keeps_what_was_saved(
        tmp_path: Path) -> None:
    with Store.open(tmp_path / "desk.sqlite3") as store:
        with store.write() as session:
            session.add(Candidate(id="c1", given_name="Ada", family_name="Before",
                                  school="S"))
        with pytest.raises(DiskFull) as raised, store.write() as session:
            pages = session.execute(text("PRAGMA page_count")).scalar()
            session.execute(text(f"PRAGMA max_page_count = {pages}"))
            session.add(Candidate(id="c2", given_name="Bo", family_name="x" * 200_000,
                                  school="S"))
            session.flush()
        assert str(store.path.parent) in raised.value.message
        with store.read() as session:
            assert [c.family_name for c in session.query(Candidate)] == ["Before"]


@needs_dev_full
def test_enospc_from_a_file_write_is_disk_full(tmp_path: Path) -> None:
    with pytest.raises(DiskFull) as raised, no_room_is_disk_full(tmp_path), \
            open("/dev/full", "wb") as full:
        full.write(b"x" * 10)
        full.flush()
    cause = raised.value.__cause__
    assert isinstance(cause, OSError) and cause.errno == errno.ENOSPC


def test_a_quota_is_no_room_as_well() -> None:
    assert is_no_room(OSError(errno.EDQUOT, "Disk quota exceeded"))


@pytest.mark.parametrize("error", [
    PermissionError(errno.EACCES, "Permission denied"),
    FileNotFoundError(errno.ENOENT, "No such file"),
    sqlite3.OperationalError("no such table: t"),
    ValueError("database or disk is fine"),
])
def test_other_errors_pass_through_unchanged(error: Exception, tmp_path: Path) -> None:
    assert not is_no_room(error, tmp_path)
    with pytest.raises(type(error)) as raised, no_room_is_disk_full(tmp_path):
        raise error
    assert raised.value is error


def test_an_io_error_is_no_room_only_when_the_disk_is_almost_full(tmp_path: Path) -> None:
    """SQLite says "disk I/O error" when it cannot grow its -shm on a full disk; with room
    left, the same error is something else and stays as it is."""
    error = sqlite3.OperationalError("disk I/O error")
    assert disk_space.free_bytes(tmp_path) > disk_space.LOW_ROOM
    assert not is_no_room(error, tmp_path)
    assert not is_no_room(error)  # no folder to measure: not assumed


def test_the_message_says_which_disk_how_much_is_left_and_needed_and_what_to_do(
        tmp_path: Path) -> None:
    message = disk_full(tmp_path / "data", needed=20 * 1024 * 1024).message
    free = disk_space.human_size(disk_space.free_bytes(tmp_path))
    assert f"The disk holding {tmp_path / 'data'} is full: {free} free, about 20{NBSP}MB " \
        "needed." in message
    assert "Free some space" in message and "Nothing saved before has been lost" in message


@pytest.mark.parametrize(("size", "shown"), [
    (0, "0 bytes"), (1023, "1023 bytes"), (40 * 1024, "40 KB"), (1536, "1.5 KB"),
    (16 * 1024 * 1024, "16 MB"), (3 * 1024**3 // 2, "1.5 GB"), (5 * 1024**4, "5120 GB"),
])
def test_sizes_read_as_a_person_reads_them(size: int, shown: str) -> None:
    assert disk_space.human_size(size) == shown.replace(" ", NBSP)  # kept on one line


@needs_dev_full
def test_the_log_goes_quiet_on_a_full_disk_and_comes_back_when_there_is_room(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A full disk neither raises from a log call nor prints a traceback per line: one line
    on stderr, the lines meanwhile dropped, and writing resumes by itself."""
    handler = RoomAwareFileHandler(tmp_path / "npq-desk.log", maxBytes=10_000, backupCount=2,
                                   encoding="utf-8")
    logger = logging.getLogger("tests.disk_space.quiet_log")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.warning("before the disk filled")
        handler.stream.close()
        handler.stream = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115
        for n in range(50):
            logger.warning("line %d while full", n)
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "the log is paused" in err
        assert "Traceback" not in err and "Logging error" not in err

        handler._paused_until = 0.0  # the pause is over (PAUSE_S later)
        logger.warning("after room was freed")
        handler.flush()
        written = (tmp_path / "npq-desk.log").read_text(encoding="utf-8")
        assert "before the disk filled" in written and "after room was freed" in written
        assert "while full" not in written
        assert capsys.readouterr().err == ""
    finally:
        logger.removeHandler(handler)
        handler.close()
