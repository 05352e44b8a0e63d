"""``npq-desk print …`` when the database cannot be opened (issue 7): its key is missing from
the keyring or does not fit, or there is no secure keyring. A script gets the app's own
message on stderr and exit 4 (a problem on this laptop), never a traceback, and the database
is left byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from app import paths
from app.store import Store, keys
from desk.print_command import main
from sync.memory_keyring import MemoryKeyring
from tests.printing.builders import seed_groups

ROOT = Path(__file__).resolve().parents[2]


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (database, WAL, settings), by name."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, str]:
    """An app home whose encrypted database holds one group, and one of its event ids."""
    home = tmp_path / "home"
    with Store.open(home / "data" / paths.DATABASE_FILENAME) as store:
        groups = seed_groups(store, [12], events=1)
    return home, groups[0].event_ids[0]


def database(home: Path) -> Path:
    return home / "data" / paths.DATABASE_FILENAME


@pytest.mark.parametrize("how", ["key removed", "wrong key"])
def test_a_locked_database_is_a_message_and_exit_4_and_stays_as_it_was(
        home: tuple[Path, str], tmp_path: Path, memory_keyring: MemoryKeyring,
        capsys: pytest.CaptureFixture[str], how: str) -> None:
    folder, event_id = home
    path = database(folder)
    assert keys.load_key(path) is not None and not keys.is_plaintext(path)
    if how == "key removed":
        keys.delete_key(path)
        assert keys.load_key(path) is None
    else:
        keyring.set_password(keys.SERVICE, keys.key_user(path), "ab" * keys.KEY_BYTES)
    before = folder_bytes(path.parent)

    out = tmp_path / "register.pdf"
    assert main(["register", event_id, "--out", str(out), "--home", str(folder)]) == 4

    err = capsys.readouterr().err
    assert "database" in err and str(path.parent) in err
    expected = keys.locked_error(path, wrong_key=how == "wrong key").message
    assert err.strip() == expected
    assert "Traceback" not in err
    assert not out.exists()
    assert folder_bytes(path.parent) == before  # nothing rewritten, nothing new beside it


def test_no_secure_keyring_is_a_message_and_exit_4(
        home: tuple[Path, str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = home
    before = folder_bytes(database(folder).parent)
    keyring.set_keyring(fail.Keyring())  # the autouse fixture puts its own back afterwards

    assert main(["--home", str(folder), "group", "any", "--out-dir",
                 str(tmp_path / "out")]) == 4

    err = capsys.readouterr().err
    assert err.strip() == keys.InsecureKeyring().message
    assert "no secure password store" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    assert folder_bytes(database(folder).parent) == before


def test_through_python_m_with_no_secure_keyring(home: tuple[Path, str],
                                                 tmp_path: Path) -> None:
    """As a script calls it, in a process of its own: keyring's ``fail`` backend (what a
    laptop with no password store running gets) is chosen by keyring's own variable."""
    folder, event_id = home
    before = folder_bytes(database(folder).parent)
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = subprocess.run(
        [sys.executable, "-m", "desk", "print", "register", event_id, "--out",
         str(tmp_path / "x.pdf"), "--home", str(folder)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=env, check=False)
    assert result.returncode == 4, result.stderr
    assert result.stderr.strip() == keys.InsecureKeyring().message
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (tmp_path / "x.pdf").exists()
    assert folder_bytes(database(folder).parent) == before
