"""File > Export calendar… and ``npq-desk calendar --out``: the signed-in user's events as
an .ics file another calendar program can read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtWidgets import QFileDialog, QMainWindow

from app import paths
from app.store import Store
from desk.session import sign_in
from sync.service import SyncService
from ui.calendar_export_action import export_calendar
from ui.main import main

PASSWORD = "npq-demo"
FILTER_ANY = "iCalendar files (*.ics)"


def _uids(path: Path) -> set[str]:
    return {str(c["uid"]) for c in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def test_the_menu_action_saves_the_calendar_where_the_user_says(
        qtbot: Any, runner: Any, live_server: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(tmp_path / "desk.sqlite3")
    session = sign_in(store, live_server.base_url, "facilitator", PASSWORD)
    session.sync.sync_once()
    window = QMainWindow()
    qtbot.addWidget(window)
    target = tmp_path / "my events"  # no extension: .ics is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(target), FILTER_ANY)))
    try:
        op = export_calendar(window, runner, session)
        assert op is not None
        saved = target.with_name("my events.ics")
        qtbot.waitUntil(lambda: "Calendar saved to" in window.statusBar().currentMessage(),
                        timeout=10_000)
        uids = _uids(saved)
        assert any(u.startswith("event-") for u in uids)
        assert any(u.startswith("briefing-") for u in uids)
    finally:
        runner.wait_for_done()
        store.close()



def test_cancelling_the_file_dialog_exports_nothing(qtbot: Any, runner: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: ("", "")))
    assert export_calendar(None, runner, object()) is None  # type: ignore[arg-type]


def test_npq_desk_calendar_writes_the_file_without_a_window(live_server: Any,
                                                             tmp_path: Path) -> None:
    store = Store.open(paths.database_path())
    try:
        SyncService(store, live_server.base_url).login("partner", PASSWORD)
        SyncService(store, live_server.base_url).sync_once()
    finally:
        store.close()
    out = tmp_path / "partner.ics"

    assert main(["calendar", "--out", str(out)]) == 0

    uids = _uids(out)
    assert uids and all(u.startswith("event-") for u in uids)  # no briefings for a lead


def test_npq_desk_calendar_needs_a_signed_in_laptop(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    assert main(["calendar", "--out", str(tmp_path / "x.ics")]) == 2
    assert "Not signed in" in capsys.readouterr().err
    assert not (tmp_path / "x.ics").exists()
