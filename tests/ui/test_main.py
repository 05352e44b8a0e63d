"""The npq-desk command line: arguments, one headless sync, the log file."""

from __future__ import annotations

import pytest

from app import paths
from app.store import Store
from desk.session import sign_in
from ui.main import main, parse_args


def test_demo_and_role_are_understood():
    args = parse_args(["--demo", "--role", "partner"])
    assert args.demo and args.role == "partner" and args.command is None
    assert parse_args(["sync"]).command == "sync"


def test_sync_without_signing_in_explains_what_to_do(capsys):
    assert main(["sync"]) == 2
    assert "sign in" in capsys.readouterr().err
    assert (paths.log_dir() / "npq-desk.log").exists()


def test_one_headless_sync_uses_the_saved_sign_in(live_server, capsys, tmp_path):
    home = tmp_path / "elsewhere"
    store = Store.open(home / "data" / paths.DATABASE_FILENAME)
    try:
        sign_in(store, live_server.base_url, "facilitator", "npq-demo")
    finally:
        store.close()
    assert main(["--home", str(home), "sync"]) == 0
    assert capsys.readouterr().out.startswith(f"Synced with {live_server.base_url}: ")
    log_text = (home / "logs" / "npq-desk.log").read_text(encoding="utf-8")
    assert "Siân" not in log_text and "npq-demo" not in log_text


@pytest.mark.parametrize("command", [["sync"], ["calendar", "--out", "events.ics"]])
def test_a_locked_database_is_a_message_not_a_traceback(command, capsys, memory_keyring,
                                                        tmp_path):
    from desk.session import open_store

    open_store().close()
    memory_keyring.secrets.clear()  # the key is gone from the keyring
    before = paths.database_path().read_bytes()
    assert main([*command[:1], *[str(tmp_path / a) if a.endswith(".ics") else a
                                 for a in command[1:]]]) == 4  # exit_codes.LOCAL
    err = capsys.readouterr().err
    assert "locked and its key is not in the keyring" in err and "Traceback" not in err
    assert paths.database_path().read_bytes() == before
    assert not (tmp_path / "events.ics").exists()
