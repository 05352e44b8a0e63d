"""Help > About: name, version, what it is, Qt/PySide6/Python, the data folder, licences."""

from __future__ import annotations

import platform
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import qVersion
from pytestqt.qtbot import QtBot

from app import paths
from ui.about_dialog import show_about

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "version"]


def test_about_shows_version_runtime_data_folder_and_licences(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path))
    dialog = show_about(None)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)

    assert dialog.windowTitle() == "About NPQ Partner Desk"
    assert dialog.version_label.text() == f"Version {VERSION}"
    runtime = dialog.runtime_label.text()
    assert f"Qt {qVersion()}" in runtime and f"Python {platform.python_version()}" in runtime
    assert str(tmp_path / "data") in dialog.data_label.text()
    assert str(tmp_path / "logs") in dialog.data_label.text()

    table = dialog.table
    rows = {table.item(row, 0).text(): (table.item(row, 1).text(), table.item(row, 2).text())
            for row in range(table.rowCount())}
    assert rows["DejaVu fonts"][0] == "2.37"
    assert "LGPL-3.0" in rows["PySide6_Essentials"][1]
    assert rows["Python"][0] == platform.python_version()
    assert len(rows) == len(dialog.licences) > 30
    assert "Bitstream Vera" in dialog.fonts_text.toPlainText()

    dialog.reject()
    assert not dialog.isVisible()
