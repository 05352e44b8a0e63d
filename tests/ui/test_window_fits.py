"""The main window fits a 1366×768 laptop screen with the register being taken, and the
event list keeps its 'marked' counts current as marks are made."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.live import open_main_window, signed_in_session
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, runner, live_server, tmp_path):
    session = signed_in_session(live_server, tmp_path / "data" / "desk.sqlite3")
    with open_main_window(qtbot, runner, session) as win:
        yield win
    session.close()


def _today_card(window: MainWindow) -> str:
    events = window.events_panel.events
    texts = [events.item(i).text() for i in range(events.count())]
    return next(t for t in texts if "Mon 23 Nov 2026" in t)


def test_the_window_fits_1366_by_768_with_an_undo_waiting(qtbot, window):
    view = window.register_view
    qtbot.keyClick(view.table, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: view.actions.undo_button.isEnabled(), timeout=5_000)
    qtbot.wait(100)  # let the posted layout requests run
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366, hint
    assert hint.height() <= 768, hint


def test_marking_updates_the_marked_count_in_the_event_list(qtbot, window):
    assert "0 of 18 marked" in _today_card(window)
    for _ in range(2):
        qtbot.keyClick(window.register_view.table, Qt.Key.Key_P)
    # well inside the 4 s before the debounced sync, which refreshes everything anyway
    qtbot.waitUntil(lambda: "2 of 18 marked" in _today_card(window), timeout=2_000)
