"""From the File menu of a facilitator's window on a store synced from the real server:
print preview of the open register, and a row typed in from paper reaching the server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.conftest import TEST_TODAY
from tests.ui.live import signed_in_session
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, runner, live_server, tmp_path):
    session = signed_in_session(live_server, tmp_path / "data" / "desk.sqlite3")
    win = MainWindow(session, runner, today=lambda: TEST_TODAY)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.register_view.model.rowCount() > 0, timeout=15_000)
    qtbot.waitUntil(lambda: win.printing.print_action.isEnabled(), timeout=10_000)
    qtbot.waitUntil(lambda: not win.sync.is_syncing(), timeout=15_000)
    yield win
    for dialog in (win.printing.preview, win.printing.transcribe, win.printing.batch):
        if dialog is not None:
            dialog.close()
    win.close_now()
    runner.wait_for_done()
    session.close()


def test_the_file_menu_previews_the_open_register_and_transcribes_into_it(qtbot, window):
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert {"&Print register…", "Save register as P&DF…", "&Transcribe from paper…",
            "Print all registers of this &group…",
            "Print all registers of this &intake…"} <= set(titles)
    window.printing.print_action.trigger()
    preview = window.printing.preview
    assert preview is not None
    qtbot.waitUntil(lambda: preview.document.pageCount() > 0, timeout=20_000)
    assert preview.print_button.isEnabled()

    view = window.register_view
    unmarked = view.model.counts().unmarked
    window.printing.transcribe_action.trigger()
    transcribe = window.printing.transcribe
    assert transcribe is not None
    qtbot.waitUntil(lambda: transcribe.model.rowCount() > 0, timeout=10_000)
    first_unmarked = next(i for i, ln in enumerate(transcribe.model.lines)
                          if ln.status is None)
    transcribe._select(first_unmarked)
    qtbot.keyClick(transcribe.table, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: view.model.counts().unmarked == unmarked - 1, timeout=10_000)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: window.status_bar.pending.text() == "All changes sent",
                    timeout=15_000)
