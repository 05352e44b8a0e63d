"""File > Settings…: checked before saving, saved in settings.json, the sync interval
applied at once, a new server address means signing in again; the window's size,
splitter and tab come back after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QKeySequence

from app import settings
from tests.conftest import TEST_TODAY
from tests.ui.live import open_main_window, signed_in_session
from ui.main_window import MainWindow
from ui.settings_dialog import SettingsDialog

SERVER = "https://npq.example.org"


@pytest.fixture
def dialog(qtbot, tmp_path: Path) -> SettingsDialog:
    d = SettingsDialog(settings.Settings(), SERVER, tmp_path)
    qtbot.addWidget(d)
    d.show()
    return d


def test_defaults_are_90_days_every_3_minutes_and_encryption_required(dialog) -> None:
    assert dialog.retention.value() == 90
    assert dialog.interval.value() == 3
    assert not dialog.unencrypted.isChecked()
    assert dialog.server.text() == SERVER
    assert not dialog.unencrypted_warning.isVisible()
    assert not dialog.server_note.isVisible()


def test_a_malformed_server_address_is_explained_and_nothing_is_saved(
        qtbot, dialog, tmp_path: Path) -> None:
    dialog.server.setText("npq.example.org/sync now")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.message.isVisible()
    assert "must start with https://" in dialog.message.text()
    assert not settings.settings_path(tmp_path).exists()
    dialog.server.setText("")
    dialog.accept()
    assert "Enter the server address" in dialog.message.text()


def test_saving_writes_settings_json_and_says_what_changed(qtbot, dialog, tmp_path) -> None:
    dialog.interval.setValue(10)
    dialog.retention.setValue(120)
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.accept()
    chosen, server_changed = saved.args
    assert server_changed is False
    assert settings.load(tmp_path) == chosen
    assert (chosen.sync_interval_minutes, chosen.retention_days) == (10, 120)
    assert chosen.allow_unencrypted is False


def test_keeping_data_unencrypted_shows_a_warning(dialog) -> None:
    dialog.unencrypted.setChecked(True)
    assert dialog.unencrypted_warning.isVisible()
    assert "readable by anyone" in dialog.unencrypted_warning.text()


def test_a_new_server_address_says_it_means_signing_in_again(qtbot, dialog) -> None:
    dialog.server.setText("https://other.example.org/")
    assert dialog.server_note.isVisible()
    assert "sign in again" in dialog.server_note.text()
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.accept()
    assert saved.args[1] is True


def test_out_of_range_values_in_the_file_are_refused_in_words() -> None:
    problems = settings.problems(settings.Settings(sync_interval_minutes=0,
                                                   retention_days=5000))
    assert any("Sync every 1 to 240 minutes" in p for p in problems)
    assert any("7 to 3650 days" in p for p in problems)


def test_old_settings_files_load_with_the_new_defaults(tmp_path: Path) -> None:
    settings.settings_path(tmp_path).write_text('{"allow_unencrypted": true}', "utf-8")
    loaded = settings.load(tmp_path)
    assert loaded.allow_unencrypted is True
    assert (loaded.sync_interval_minutes, loaded.retention_days, loaded.server_url) == (
        3, 90, "")


@pytest.fixture
def session(live_server, tmp_path):
    s = signed_in_session(live_server, tmp_path / "data" / "desk.sqlite3")
    yield s
    s.close()


def test_the_settings_shortcut_opens_the_dialog_and_the_interval_applies_live(
        qtbot, runner, session) -> None:
    with open_main_window(qtbot, runner, session) as window:
        keys = [k.toString() for k in window.settings_action.shortcuts()]
        assert "Ctrl+," in keys
        assert window.sync.period_ms() == 3 * 60_000
        dialog = window.show_settings()
        dialog.interval.setValue(15)
        dialog.accept()
        assert window.sync.period_ms() == 15 * 60_000
        assert settings.load(session.store.path.parent).sync_interval_minutes == 15


def test_standard_shortcuts_for_quit_and_sync(qtbot, runner, session) -> None:
    with open_main_window(qtbot, runner, session) as window:
        actions = {a.text(): a for menu in window.menuBar().actions()
                   for a in menu.menu().actions() if a.text()}
        quit_keys = actions["&Quit"].shortcuts()
        assert set(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)) <= set(quit_keys)
        assert QKeySequence("F5") in actions["&Sync now"].shortcuts()


def test_size_splitter_and_tab_come_back_after_a_restart(
        qtbot, runner, session, tmp_path) -> None:
    stored = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    first = MainWindow(session, runner, today=lambda: TEST_TODAY, settings=stored)
    qtbot.addWidget(first)
    first.show()
    first.start()
    # Inside the 800 px offscreen screen, so the restored size is not clamped to it.
    first.resize(760, 700)
    qtbot.waitUntil(lambda: first.splitter.width() == 760)
    first.splitter.setSizes([300, first.splitter.width() - 300])  # default: 344 here
    qtbot.wait(50)
    size, sizes = first.size(), first.splitter.sizes()
    assert sizes[0] == 300  # within what the register side needs at 760 px
    first.tabs.setCurrentIndex(first.tabs.count() - 1)
    tab = first.tabs.tabText(first.tabs.currentIndex())
    first.close_now()
    runner.wait_for_done()

    again = MainWindow(session, runner, today=lambda: TEST_TODAY,
                       settings=QSettings(str(tmp_path / "window.ini"),
                                          QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    again.start()
    try:
        assert again.size() == size == QSize(760, 700)
        assert again.splitter.sizes() == sizes
        assert again.tabs.tabText(again.tabs.currentIndex()) == tab
    finally:
        again.close_now()
        runner.wait_for_done()
        again.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
