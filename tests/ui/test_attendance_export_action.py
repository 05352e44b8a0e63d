"""Export attendance… on the events panel's Groups tab: a facilitator chooses a group,
saves where the dialog says, and the workbook holds that group's register, read back with
openpyxl; cancelling writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from tests.conftest import TEST_TODAY
from tests.ui.live import open_main_window, signed_in_session
from ui.attendance_export_action import export_attendance


def test_a_facilitator_exports_the_chosen_group_from_the_groups_tab(
        qtbot: Any, runner: Any, live_server: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    session = signed_in_session(live_server, tmp_path / "desk.sqlite3")
    target = tmp_path / "group attendance"  # no suffix: .xlsx is added
    asked: list[str] = []

    def save_as(_parent: object, _title: str, suggested: str, _filter: str
                ) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    try:
        with open_main_window(qtbot, runner, session) as window:
            panel = window.events_panel
            assert not panel.export_attendance.isVisible()  # on the Events tab
            panel.tabs.setCurrentWidget(panel.groups)
            assert panel.export_attendance.isVisible()
            item = panel.groups.topLevelItem(0)
            panel.groups.setCurrentItem(item)
            code = panel.chosen_group()
            assert code and panel.export_attendance.isEnabled()
            panel.export_attendance.click()
            qtbot.waitUntil(lambda: "saved to" in window.statusBar().currentMessage(),
                            timeout=15_000)
            assert asked and Path(asked[0]).name.startswith(f"{code}_attendance_")
            book = load_workbook(target.with_name("group attendance.xlsx"))
            sheet = book["Attendance"]
            names = [row[0].value for row in sheet.iter_rows(min_row=2) if row[0].value]
            first = next(e for e in session.catalogue.events(TEST_TODAY)
                         if e.group_code == code and e.number == 1)
            for row in session.registers.load(first.id).rows:
                assert any(name.startswith(f"{row.family_name}, {row.given_name}")
                           for name in names)
    finally:
        session.store.close()


def test_cancelling_the_save_dialog_writes_nothing(qtbot: Any, runner: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: ("", "")))
    assert export_attendance(None, runner, object(), "G") is None  # type: ignore[arg-type]
