"""Offline at the venue: marking never waits for the network, and nothing is lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.live import open_main_window, signed_in_session
from tests.ui.register_store import press_alone


@pytest.fixture
def window(qtbot, runner, live_server, tmp_path):
    session = signed_in_session(live_server, tmp_path / "data" / "desk.sqlite3")
    with open_main_window(qtbot, runner, session) as win:
        yield win
    session.close()


def test_marks_made_offline_wait_on_this_laptop_and_are_sent_when_the_server_is_back(
        qtbot, window, live_server):
    view, bar = window.register_view, window.status_bar
    marked_before = view.model.counts().total - view.model.counts().unmarked
    live_server.stop()

    for _ in range(3):  # at a person's pace: "PPP" typed at once would be a search
        press_alone(qtbot, view, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: view.model.counts().total - view.model.counts().unmarked
                    >= marked_before + 1, timeout=5_000)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: bar.connection.text().startswith("Offline"), timeout=15_000)
    assert bar.connection.text() == "Offline — your marks are saved on this laptop"
    qtbot.waitUntil(lambda: bar.pending.text().endswith("waiting to send"), timeout=5_000)
    assert view.isEnabled() and window.sync.is_syncing() is False

    live_server.start()
    qtbot.waitUntil(lambda: not window.sync.is_syncing(), timeout=15_000)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: bar.pending.text() == "All changes sent", timeout=15_000)
    assert bar.connection.text() == "Online"
