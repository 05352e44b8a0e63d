"""File > Sign out from the real main window: with everything sent, the laptop's database,
its backups and its key are removed and the window asks to start again; with a mark not yet
sent, nothing is removed and the person is told why."""

from __future__ import annotations

from pathlib import Path

import keyring
from PySide6.QtWidgets import QMessageBox

from app.domain import MarkStatus
from app.store import keys
from tests.ui.live import open_main_window, signed_in_session


def _confirm(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: win.sign_out.box is not None and win.sign_out.box.isVisible())
    win.sign_out.confirm.click()


def _key(path: Path) -> str | None:
    return keyring.get_password(keys.SERVICE, keys.key_user(path))


def test_signing_out_with_everything_sent_removes_the_data_and_the_key(
        qtbot, runner, live_server, tmp_path) -> None:
    path = tmp_path / "desk.sqlite3"
    session = signed_in_session(live_server, path)
    assert path.exists() and _key(path)
    with open_main_window(qtbot, runner, session) as win:
        signed_out = qtbot.waitSignal(win.signed_out, timeout=15_000)
        win.ask_to_sign_out()
        _confirm(qtbot, win)
        signed_out.wait()
    assert not path.exists() and _key(path) is None
    assert not list(tmp_path.glob("desk.sqlite3*"))


def test_a_mark_not_yet_sent_blocks_signing_out_and_nothing_is_removed(
        qtbot, runner, live_server, tmp_path) -> None:
    path = tmp_path / "desk.sqlite3"
    session = signed_in_session(live_server, path)
    try:
        with open_main_window(qtbot, runner, session) as win:
            register = win.register_view.model.register
            assert register is not None
            live_server.stop()  # the mark stays unsent
            session.registers.mark(register.event.id, register.rows[0].candidate_id,
                                   MarkStatus.PRESENT)
            win.ask_to_sign_out()
            _confirm(qtbot, win)
            qtbot.waitUntil(lambda: win.sign_out.box is not None
                            and win.sign_out.box.icon() == QMessageBox.Icon.Warning,
                            timeout=15_000)
            assert "not" in win.sign_out.box.text().lower()
            assert "1 change" in win.sign_out.box.text()
            win.sign_out.box.close()
        assert path.exists() and _key(path)
    finally:
        session.close()
        live_server.start()
