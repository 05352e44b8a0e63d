"""A nearly full disk under the app's home (issue 12, point 7), for real: a small tmpfs is
mounted as ``NPQ_DESK_HOME``, the app signs in and syncs against the real server (whose
data lives elsewhere), then a filler file takes the room. Start, marks, sync, print, the
lock file and the backup each say the disk is full, name the data folder and the room left,
lose nothing, and the daily backup is skipped with a warning instead of stopping anything.

Skipped, with the reason, where a tmpfs cannot be mounted (not root, not Linux).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import func, select

from app import daily_backup, disk_space, exit_codes, paths, settings
from app.domain import MarkStatus
from app.errors import DiskFull
from app.store import Store, backup
from app.store.models import OutboxEntry
from desk.session import Session, open_store, resume, sign_in
from server.models import AttendanceHistory
from sync.memory_keyring import MemoryKeyring
from tests.conftest import TEST_TODAY
from tests.full_disk import files_under, fill, free, make_room, small_disk
from tests.ui.live import PASSWORD, open_main_window
from ui.calendar_export_action import write_calendar
from ui.launcher import Launcher
from ui.runner import Runner
from ui.single_instance import LOCK_FILENAME, SingleInstance

ROOT = Path(__file__).resolve().parents[2]
ROOM_TO_START = 64 * 1024  # SQLite needs 32 KB for its -shm to open the database at all
MARKS = (MarkStatus.PRESENT, MarkStatus.ABSENT)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, live_server: object
         ) -> Iterator[Path]:
    """The app's home on a small disk of its own, signed in and synced once (then closed,
    as an app that was quit)."""
    with small_disk(tmp_path / "disk") as disk:
        home = disk / "home"
        monkeypatch.setenv(paths.HOME_ENV, str(home))
        store = open_store()
        try:
            session = sign_in(store, live_server.base_url,  # type: ignore[attr-defined]
                              "facilitator", PASSWORD)
            session.sync.sync_once()
        finally:
            store.close()
        yield home


def _disk(home: Path) -> Path:
    return home.parent


def _data(home: Path) -> Path:
    return home / "data"


def _opened(home: Path) -> tuple[Store, Session]:
    store = open_store()
    session = resume(store)
    assert session is not None
    return store, session


def _todays_event(session: Session) -> tuple[str, list[str]]:
    events = session.catalogue.events(TEST_TODAY)
    register = session.registers.load(events[0].id)
    return events[0].id, [row.candidate_id for row in register.rows]


def _marks(session: Session, event_id: str) -> dict[str, str | None]:
    register = session.registers.load(event_id)
    return {row.candidate_id: row.status for row in register.rows}


def _says_the_disk_is_full(message: str, home: Path) -> None:
    assert f"The disk holding {_data(home)} is full" in message, message
    _names_the_disk(message, home)


def _names_the_disk(message: str, home: Path) -> None:
    """Which disk (by the data folder on it), the room left, and what to free."""
    assert f"The disk holding {_data(home)} " in message, message
    assert " free" in message and "Free some space on that disk" in message
    assert "Something went wrong" not in message and "already open" not in message


def _says_the_backup_was_skipped(warning: str | None, home: Path) -> None:
    assert warning is not None
    assert warning.startswith("Today's backup was skipped: there is not enough room")
    assert "Your work is saved and still syncs" in warning and "needs about" in warning
    _names_the_disk(warning, home)


def test_a_start_on_a_nearly_full_disk_skips_the_backup_with_a_warning_and_opens(
        home: Path) -> None:
    before = files_under(_data(home))
    fill(_disk(home), ROOM_TO_START)

    store, session = _opened(home)
    try:
        _says_the_backup_was_skipped(daily_backup.skipped(store), home)
        assert backup.backups(store.path) == []
        assert not any(name.startswith("backups/") for name in files_under(_data(home)))
        _event, candidates = _todays_event(session)
        assert candidates  # the data is all there
    finally:
        store.close()
    assert files_under(_data(home)) - before <= {"backups"}  # nothing new left behind


def test_a_start_with_no_room_at_all_says_the_disk_is_full_and_changes_nothing(
        home: Path, qtbot: object, runner: Runner) -> None:
    """Below 32 KB SQLite cannot even open the database (no room for its -shm): the start
    says the disk is full (it said "the key does not match") and leaves the database as it
    was (SQLite may leave its empty -wal and -shm); the window's start says the same."""
    before = {name: (_data(home) / name).read_bytes() for name in files_under(_data(home))}
    fill(_disk(home), 0)

    with pytest.raises(DiskFull) as raised:
        open_store()
    _says_the_disk_is_full(raised.value.message, home)

    launcher = Launcher(runner, QSettings(str(_disk(home).parent / "window.ini"),
                                          QSettings.Format.IniFormat))
    launcher.start()
    qtbot.waitUntil(lambda: launcher.error_box is not None)  # type: ignore[attr-defined]
    box = launcher.error_box
    assert box is not None and box.isVisible() and launcher.window is None
    _says_the_disk_is_full(box.text(), home)
    box.finished.disconnect()  # closing it quits the app: not the test's application
    box.close()
    launcher.close()
    after = {name: (_data(home) / name).read_bytes() for name in files_under(_data(home))}
    assert {name: after[name] for name in before} == before  # the database as it was
    assert set(after) - set(before) <= {"desk.sqlite3-wal", "desk.sqlite3-shm"}  # SQLite's


def test_settings_and_a_calendar_on_a_full_disk_say_so_and_leave_no_partial_file(
        home: Path, tmp_path: Path) -> None:
    store, session = _opened(home)
    try:
        filler = fill(_disk(home), 0)
        with pytest.raises(DiskFull) as raised:
            settings.save(settings.load().with_changes(sync_interval_minutes=7))
        _says_the_disk_is_full(raised.value.message, home)
        assert settings.load().sync_interval_minutes != 7
        calendar = _disk(home) / "events.ics"
        with pytest.raises(DiskFull):
            write_calendar(store, session.identity.user_id, calendar)
        make_room(filler)
        assert not calendar.exists()
        assert {n for n in files_under(_disk(home)) if ".tmp" in n or ".npq-desk-" in n} == set()
    finally:
        store.close()


def test_a_backup_that_runs_out_of_room_mid_way_leaves_no_partial_file(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The room check passes (as if another program filled the disk just after it) and
    the copy meets the full disk: the partial file goes, the start goes on."""
    database = paths.database_path()
    monkeypatch.setattr(disk_space, "BACKUP_MARGIN", -database.stat().st_size // 2)
    fill(_disk(home), 160 * 1024)
    assert free(_disk(home)) < database.stat().st_size

    store, _session = _opened(home)
    try:
        _says_the_backup_was_skipped(daily_backup.skipped(store), home)
        leftovers = [n for n in files_under(_data(home)) if n.startswith("backups/")]
        assert leftovers == []
    finally:
        store.close()


def test_marks_on_a_full_disk_are_saved_or_refused_naming_the_disk_and_nothing_is_lost(
        home: Path, live_server: object) -> None:
    """Mark until the disk refuses: every mark is either saved or refused with the disk's
    name, and what was saved stays; once room is freed, they reach the server once."""
    filler = fill(_disk(home), ROOM_TO_START)
    store, session = _opened(home)
    try:
        event_id, candidates = _todays_event(session)
        saved = _marks(session, event_id)
        refused: DiskFull | None = None
        for turn in range(200):
            candidate = candidates[turn % len(candidates)]
            status = MARKS[(turn // len(candidates)) % len(MARKS)]
            try:
                session.registers.mark(event_id, candidate, status)
            except DiskFull as exc:
                refused = exc
                break
            saved[candidate] = status
        assert refused is not None, "the disk never filled up"
        _says_the_disk_is_full(refused.message, home)
        assert _marks(session, event_id) == saved  # the refused mark left nothing behind

        make_room(filler)
        _sent_exactly_once(session, store, live_server)
        assert _marks(session, event_id) == saved
    finally:
        store.close()


def test_a_sync_on_a_full_disk_says_so_keeps_every_pending_mark_and_sends_them_once_later(
        home: Path, live_server: object) -> None:
    store, session = _opened(home)
    try:
        event_id, candidates = _todays_event(session)
        for candidate in candidates[:5]:
            session.registers.mark(event_id, candidate, MarkStatus.PRESENT)
        saved, pending = _marks(session, event_id), _pending(store)
        assert len(pending) == 5
        filler = fill(_disk(home), 0)

        with pytest.raises(DiskFull) as failed:
            session.sync.sync_once()
        _says_the_disk_is_full(failed.value.message, home)
        assert _pending(store) == pending and _marks(session, event_id) == saved
        assert _times_on_server(live_server, pending) == {}

        make_room(filler)
        _sent_exactly_once(session, store, live_server)
        assert _marks(session, event_id) == saved
    finally:
        store.close()


def _sent_exactly_once(session: Session, store: Store, server: object) -> None:
    """Sync: every pending change reaches the server once, and a second sync sends none."""
    pending = _pending(store)
    report = session.sync.sync_once()
    assert report.pushed + report.duplicates == len(pending) and report.rejected == 0
    assert _pending(store) == set()
    assert _times_on_server(server, pending) == dict.fromkeys(pending, 1)
    again = session.sync.sync_once()
    assert (again.pushed, again.duplicates) == (0, 0)


def _pending(store: Store) -> set[str]:
    with store.read() as session:
        return set(session.scalars(select(OutboxEntry.mutation_id)))


def _times_on_server(server: object, mutation_ids: set[str]) -> dict[str, int]:
    with server.database.read() as session:  # type: ignore[attr-defined]
        rows = session.execute(
            select(AttendanceHistory.mutation_id, func.count())
            .where(AttendanceHistory.mutation_id.in_(mutation_ids))
            .group_by(AttendanceHistory.mutation_id)).all()
    return {mutation_id: count for mutation_id, count in rows}


def test_the_lock_file_on_a_full_disk_says_the_disk_is_full_not_already_open(
        home: Path, qapp: object) -> None:
    filler = fill(_disk(home), 0)
    instance = SingleInstance(_data(home))
    with pytest.raises(DiskFull) as raised:
        instance.acquire()
    _says_the_disk_is_full(raised.value.message, home)
    assert not (_data(home) / LOCK_FILENAME).exists()

    make_room(filler)
    assert instance.acquire() is True
    instance.release()


def _run_app(home: Path, keyring: MemoryKeyring, *args: str) -> subprocess.CompletedProcess[str]:
    """``npq-desk --home HOME ARGS…`` in a process of its own, with this test's keyring."""
    code = ("import sys, keyring; from sync.memory_keyring import MemoryKeyring; "
            "backend = MemoryKeyring(); "
            f"backend.secrets.update({keyring.secrets!r}); keyring.set_keyring(backend); "
            "from ui.main import main; sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop(paths.HOME_ENV, None)
    return subprocess.run([sys.executable, "-c", code, "--home", str(home), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
                          check=False)


@pytest.mark.parametrize("room", ["none left", "room to open the database"])
def test_print_on_a_full_disk_is_a_message_and_a_failing_exit_and_leaves_no_pdf(
        home: Path, memory_keyring: MemoryKeyring, room: str) -> None:
    store, session = _opened(home)
    try:
        event_id, _ = _todays_event(session)
    finally:
        store.close()
    out = _disk(home) / "printed"
    out.mkdir()
    fill(_disk(home), 0 if room == "none left" else ROOM_TO_START)

    result = _run_app(home, memory_keyring, "print", "register", event_id, "--out",
                      str(out / "register.pdf"))

    assert result.returncode == exit_codes.LOCAL, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert "The disk holding" in result.stderr and "is full" in result.stderr
    assert "Free some space" in result.stderr
    assert list(out.iterdir()) == []  # no PDF, whole or partial


def test_a_headless_sync_says_the_backup_was_skipped_on_stderr_without_a_traceback(
        home: Path, memory_keyring: MemoryKeyring) -> None:
    fill(_disk(home), ROOM_TO_START)

    result = _run_app(home, memory_keyring, "sync")

    assert "Today's backup was skipped: there is not enough room" in result.stderr
    _names_the_disk(result.stderr, home)
    assert "Traceback" not in result.stderr and "Logging error" not in result.stderr
    if result.returncode == exit_codes.OK:  # the sync itself found room for what it wrote
        assert result.stdout.startswith("Synced with ")
    else:  # or it ran out: said as a full disk, never as anything else
        assert result.returncode == exit_codes.LOCAL, result.stderr
        assert "is full" in result.stderr


def test_the_window_shows_the_skipped_backup_and_back_up_now_takes_it_once_there_is_room(
        home: Path, qtbot: object, runner: Runner) -> None:
    filler = fill(_disk(home), ROOM_TO_START)
    store, session = _opened(home)
    try:
        with open_main_window(qtbot, runner, session) as win:
            banner = win.backup_banner
            assert banner.isVisible()
            assert banner.text.text() == daily_backup.skipped(store)
            _says_the_backup_was_skipped(banner.text.text(), home)
            assert banner.geometry().width() > 0 and banner.text.isVisible()

            qtbot.mouseClick(banner.retry, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
            qtbot.waitUntil(lambda: banner.retry.isEnabled())  # type: ignore[attr-defined]
            assert banner.isVisible()  # still no room: still said

            make_room(filler)
            qtbot.mouseClick(banner.retry, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
            qtbot.waitUntil(lambda: not banner.isVisible())  # type: ignore[attr-defined]
            assert len(backup.backups(store.path)) == 1
            assert "Backup taken" in win.status_bar.currentMessage()
    finally:
        store.close()
