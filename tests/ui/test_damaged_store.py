"""At start, a damaged database is said so plainly, with the offer to put back the last
good copy; choosing it opens the window on the restored data, the unsent mark kept."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.domain import MarkStatus
from app.outbox import pending_count
from app.store import backup, keys
from tests.app.sqlcipher_pages import damage_page
from tests.conftest import TEST_TODAY
from tests.ui.conftest import find_child
from tests.ui.live import signed_in_session

TAKEN = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def damaged(live_server: object, tmp_path: Path) -> Path:
    """A signed-in laptop with yesterday's good backup, one mark not sent yet, and then a
    damaged page in its database."""
    path = tmp_path / "data" / "desk.sqlite3"
    session = signed_in_session(live_server, path)
    backup.take(path, session.store.key, now=TAKEN)
    [event] = [e for e in session.catalogue.events(TEST_TODAY) if e.is_on(TEST_TODAY)][:1]
    person = session.registers.load(event.id).rows[0].candidate_id
    session.registers.mark(event.id, person, MarkStatus.LATE, arrival_time="09:35")
    session.close()
    with keys.connected(path) as raw:
        root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'candidate'"
                           ).fetchone()[0]
    damage_page(path, int(root))
    return path


def test_the_offer_is_shown_and_restoring_opens_the_window_on_the_restored_data(
        qtbot, launchers, damaged: Path) -> None:
    start = launchers(damaged)
    start.start()
    qtbot.waitUntil(lambda: start.damaged is not None and start.damaged.isVisible())
    offer = start.damaged
    assert offer.text() == "The data on this laptop is damaged"
    details = offer.informativeText()
    assert "can no longer be read" in details
    assert "last good copy, from Sunday 22 November 2026 at" in details
    assert "The 1 change you had not sent yet will be kept" in details
    assert "will be lost" not in details

    qtbot.mouseClick(find_child(offer, QPushButton, "restoreButton"),
                     Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: start.window is not None, timeout=15_000)
    window = start.window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(window.events_panel.event_ids()), timeout=15_000)
    note = find_child(window, QMessageBox, "recoveredNote")
    assert "has been put back" in note.text() and "was kept" in note.text()
    note.close()
    qtbot.waitUntil(lambda: pending_count(window.session.store) == 0, timeout=15_000)
    assert backup.verify(backup.backups(damaged)[-1], window.session.store.key)


def test_closing_the_offer_quits_and_leaves_the_file_as_it_was(
        qtbot, launchers, damaged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = hashlib.sha256(damaged.read_bytes()).hexdigest()
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    start = launchers(damaged)
    start.start()
    qtbot.waitUntil(lambda: start.damaged is not None and start.damaged.isVisible())

    qtbot.mouseClick(find_child(start.damaged, QPushButton, "closeButton"),
                     Qt.MouseButton.LeftButton)

    assert quits == [True]
    assert start.window is None and start.store is None
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("command", [["sync"], ["print", "register", "any-event",
                                                 "--out", "register.pdf"]])
def test_a_headless_command_on_a_damaged_database_says_so_and_exits_local(
        command: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from app import paths
    from app.exit_codes import LOCAL
    from app.store import Store
    from tests.app.test_damaged_store import fill, page_count
    from ui.main import main

    path = paths.database_path()
    with Store.open(path) as store:
        fill(store)
    damage_page(path, page_count(path) // 2)

    assert main(command) == LOCAL
    assert "database on this laptop is damaged" in capsys.readouterr().err
