"""The one exit-code table (``app.exit_codes``), row by row, through the real commands in
processes of their own (issue 12): ``npq-desk sync``, ``python -m desk`` (which used to
disagree), ``npq-desk calendar`` and ``npq-desk print``, and every headless command
(``desk.cli.COMMANDS``) both as ``npq-desk --demo COMMAND`` and as ``python -m desk
COMMAND``, each on a laptop home whose sign-in and database key sit in a file keyring the
child process reads. Every failure is one
message on stderr, never a traceback; the headless commands never import Qt."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlalchemy import update

from app import exit_codes, paths
from app.store import Store, keys
from desk.cli import COMMANDS
from server.models import Token
from sync.credentials import SERVICE, keyring_key
from sync.service import SyncService
from tests.faults.file_keyring import KEYRING_FILE_ENV, FileKeyring
from tests.sync.faulty_proxy import FaultyProxy

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "npq-demo"
DESK = Path(sys.executable).with_name("npq-desk")
SYNCS = (("npq-desk", "sync"), ("python", "-m", "desk"))
NO_QT = "import sys; sys.modules['PySide6'] = None; "  # any import of Qt then fails


@dataclass
class Laptop:
    """A laptop's home folder and its file keyring, shared with the child processes."""

    home: Path

    @property
    def keyring_file(self) -> Path:
        return self.home / "keyring.json"

    @property
    def database(self) -> Path:
        return self.home / "data" / paths.DATABASE_FILENAME

    def run(self, *command: str, no_qt: bool = False,
            backend: str = "tests.faults.file_keyring.EnvFileKeyring"
            ) -> subprocess.CompletedProcess[str]:
        """``("npq-desk", ARGS…)`` or ``("python", ARGS…)`` in a process of its own, with
        this laptop's home and keyring (or another keyring ``backend``)."""
        program, *args = command
        if no_qt:
            entry = ("from ui.main import main; sys.exit(main(sys.argv[1:]))"
                     if program == "npq-desk" else
                     "import runpy; sys.argv[0] = 'desk'; runpy.run_module("
                     "'desk', run_name='__main__')")
            argv = [sys.executable, "-c", NO_QT + entry, *(args if program == "npq-desk"
                                                             else args[2:])]
        elif program == "npq-desk":
            argv = [str(DESK), *args] if DESK.exists() else [
                sys.executable, "-m", "ui.main", *args]
        else:
            argv = [sys.executable, *args]
        env = {**os.environ, paths.HOME_ENV: str(self.home),
               KEYRING_FILE_ENV: str(self.keyring_file), "PYTHON_KEYRING_BACKEND": backend,
               "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
        return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120, check=False)

    def saved_sign_in(self, url: str) -> dict[str, Any]:
        secrets = json.loads(self.keyring_file.read_text())
        return dict(json.loads(secrets[f"{SERVICE}|{keyring_key(url, 'facilitator')}"]))


@pytest.fixture
def laptop(tmp_path: Path) -> Laptop:
    """A laptop home whose keyring is a file (this process and its children share it)."""
    made = Laptop(tmp_path / "laptop")
    made.home.mkdir()
    keyring.set_keyring(FileKeyring(made.keyring_file))  # memory_keyring puts its own back
    return made


def sign_in(laptop: Laptop, url: str) -> None:
    with Store.open(laptop.database) as store:
        service = SyncService(store, url)
        service.login("facilitator", PASSWORD)
        service.sync_once()  # (retention counts from the tests' today in this process)


def assert_exit(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    said = result.stdout + result.stderr
    assert result.returncode == code, said
    assert "Traceback" not in said, said
    for word in words:
        assert word in said, said


@pytest.fixture
def signed_in(laptop: Laptop, live_server: Any) -> Iterator[Laptop]:
    sign_in(laptop, live_server.base_url)
    yield laptop


# ---- 0: done ----------------------------------------------------------------------------

def test_every_command_signed_in_exits_0_without_qt_and_reuses_the_access_token(
        signed_in: Laptop, live_server: Any, tmp_path: Path) -> None:
    """Qt made unimportable in the child (``no_qt``): the headless commands never need it."""
    out = tmp_path / "printed"
    assert_exit(signed_in.run("npq-desk", "print", "intake", "Autumn 2026", "--out-dir",
                              str(out), "--combine", no_qt=True), 0, "Wrote 1 file(s)")
    before = signed_in.saved_sign_in(live_server.base_url)
    assert_exit(signed_in.run("npq-desk", "sync"), 0, f"Synced with {live_server.base_url}")
    assert_exit(signed_in.run("python", "-m", "desk", no_qt=True), 0,
                f"Synced with {live_server.base_url}")
    # Two headless syncs in a row, the access token still valid: nothing rotated.
    assert signed_in.saved_sign_in(live_server.base_url) == before
    assert_exit(signed_in.run("npq-desk", "calendar", "--out", str(tmp_path / "e.ics"),
                              no_qt=True), 0, "Calendar written")
    assert_exit(signed_in.run("npq-desk", "export", "attendance", "--group",
                              demo_group("Autumn 2026"), "--out", str(tmp_path / "a.xlsx"),
                              no_qt=True), 0, "Attendance of")
    assert_exit(signed_in.run("npq-desk", "export", "progress", "--group",
                              demo_group("Autumn 2026"), "--out", str(tmp_path / "p.pdf"),
                              no_qt=True), 0, "Progress summary of")
    assert (tmp_path / "a.xlsx").read_bytes().startswith(b"PK")
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "e.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


# ---- 1: try again later -----------------------------------------------------------------

@pytest.mark.parametrize("command", SYNCS, ids=" ".join)
def test_the_server_down_exits_1(signed_in: Laptop, live_server: Any,
                                 command: tuple[str, ...]) -> None:
    live_server.stop()
    assert_exit(signed_in.run(*command), exit_codes.RETRY, "Can't reach the server")


# ---- 2: sign in -------------------------------------------------------------------------

def test_signed_out_exits_2(laptop: Laptop, tmp_path: Path) -> None:
    assert_exit(laptop.run("npq-desk", "print", "group", "any", "--out-dir", str(tmp_path)),
                exit_codes.SIGN_IN, "No local database")  # nobody has signed in here yet
    Store.open(laptop.database).close()  # a database, but nobody signed in
    for command in (*SYNCS, ("npq-desk", "calendar", "--out", str(tmp_path / "e.ics"))):
        assert_exit(laptop.run(*command), exit_codes.SIGN_IN, "sign in")


@pytest.mark.parametrize("command", SYNCS, ids=" ".join)
def test_the_server_refusing_the_saved_sign_in_exits_2(
        signed_in: Laptop, live_server: Any, command: tuple[str, ...]) -> None:
    with live_server.database.write() as session:  # the whole sign-in revoked on the server
        session.execute(update(Token).values(revoked_at=dt.datetime.now(dt.UTC)))
    assert_exit(signed_in.run(*command), exit_codes.SIGN_IN, "sign in again")
    assert_exit(signed_in.run(*command), exit_codes.SIGN_IN)  # and stays so


# ---- 3: wrong address -------------------------------------------------------------------

@pytest.mark.parametrize("command", SYNCS, ids=" ".join)
def test_an_address_that_does_not_answer_like_an_npq_service_exits_3(
        laptop: Laptop, live_server: Any, command: tuple[str, ...]) -> None:
    proxy = FaultyProxy(live_server.base_url)
    try:
        sign_in(laptop, proxy.url)
        proxy.mode = "garbage"  # the address now answers with a web page
        assert_exit(laptop.run(*command), exit_codes.PROTOCOL,
                    "does not answer like an NPQ central service", proxy.url)
    finally:
        proxy.close()


# ---- 4: a problem on this laptop --------------------------------------------------------

def every_command(tmp_path: Path) -> list[tuple[str, ...]]:
    return [*SYNCS, ("npq-desk", "calendar", "--out", str(tmp_path / "e.ics")),
            ("npq-desk", "print", "intake", "Autumn 2026", "--out-dir", str(tmp_path / "p")),
            ("npq-desk", "export", "attendance", "--group", demo_group("Autumn 2026"),
             "--out", str(tmp_path / "a.xlsx")),
            ("python", "-m", "desk", "export", "progress", "--group",
             demo_group("Autumn 2026"), "--out", str(tmp_path / "p.pdf"))]


def test_a_locked_database_exits_4_and_is_left_as_it_was(signed_in: Laptop,
                                                         tmp_path: Path) -> None:
    keys.delete_key(signed_in.database)
    before = signed_in.database.read_bytes()
    for command in every_command(tmp_path):
        assert_exit(signed_in.run(*command), exit_codes.LOCAL, "locked")
    assert signed_in.database.read_bytes() == before
    assert not (tmp_path / "e.ics").exists() and not (tmp_path / "p").exists()
    assert not (tmp_path / "a.xlsx").exists() and not (tmp_path / "p.pdf").exists()


def test_a_folder_where_the_database_should_be_exits_4(laptop: Laptop,
                                                       tmp_path: Path) -> None:
    laptop.database.mkdir(parents=True)
    for command in every_command(tmp_path):
        assert_exit(laptop.run(*command), exit_codes.LOCAL, str(laptop.database), "folder")
    assert laptop.database.is_dir() and not any(laptop.database.iterdir())


def test_a_calendar_that_cannot_be_written_exits_4(signed_in: Laptop, tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("in the way")
    assert_exit(signed_in.run("npq-desk", "calendar", "--out", str(blocker / "e.ics")),
                exit_codes.LOCAL, "Could not write the calendar")
    assert_exit(signed_in.run("npq-desk", "export", "progress", "--group",
                              demo_group("Autumn 2026"), "--out", str(blocker / "p.pdf")),
                exit_codes.LOCAL, "Could not write the progress summary")


@pytest.mark.parametrize("command", SYNCS, ids=" ".join)
def test_a_home_folder_that_is_a_file_exits_4(tmp_path: Path, command: tuple[str, ...]) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder")
    assert_exit(Laptop(home).run(*command), exit_codes.LOCAL, str(home), "Not a directory")


@pytest.mark.parametrize("command", SYNCS, ids=" ".join)
def test_no_secure_keyring_exits_4(laptop: Laptop, command: tuple[str, ...]) -> None:
    result = laptop.run(*command, backend="keyring.backends.fail.Keyring")
    assert_exit(result, exit_codes.LOCAL, "no secure password store")


# ---- 64: a wrong command line -----------------------------------------------------------

@pytest.mark.parametrize("command", [
    ("npq-desk", "--no-such-option"),
    ("npq-desk", "sync", "now"),
    ("npq-desk", "calendar"),
    ("npq-desk", "print", "register"),
    ("npq-desk", "print", "group", "G", "--out-dir", "x", "--walk-ins", "many"),
    ("python", "-m", "desk", "--no-such-option"),
    ("npq-desk", "print", "register", "E"),
    ("npq-desk", "export", "attendance", "--group", "G", "--out", "a.pdf"),
    ("python", "-m", "desk", "export", "progress", "--group", "G", "--out", "a.xlsx"),
    ("npq-desk", "export", "progress", "--group", "G", "--out", "a.csv"),
    ("npq-desk", "export", "progress", "--out", "p.pdf"),
], ids=" ".join)
def test_a_wrong_command_line_exits_64(laptop: Laptop, command: tuple[str, ...]) -> None:
    result = laptop.run(*command)
    assert_exit(result, exit_codes.USAGE, "usage:")
    assert not laptop.database.exists()


def test_an_id_that_names_nothing_here_exits_64(signed_in: Laptop, tmp_path: Path) -> None:
    assert_exit(signed_in.run("npq-desk", "print", "register", "no-such-event", "--out",
                              str(tmp_path / "r.pdf")), exit_codes.USAGE, "No event")
    for words in (  # an unknown group, said the same way by all three
            ("print", "group", "NPQSL-NOWHERE", "--out-dir", str(tmp_path / "p")),
            ("export", "attendance", "--group", "NPQSL-NOWHERE", "--out",
             str(tmp_path / "a.xlsx")),
            ("export", "progress", "--group", "NPQSL-NOWHERE", "--out",
             str(tmp_path / "p.pdf"))):
        assert_exit(signed_in.run("npq-desk", *words), exit_codes.USAGE,
                    "No group 'NPQSL-NOWHERE' on this laptop. Sync, or check the id.")
    assert not (tmp_path / "a.xlsx").exists() and not (tmp_path / "p.pdf").exists()


# ---- every command on a demo laptop -----------------------------------------------------

def test_every_headless_command_runs_on_a_demo_laptop(laptop: Laptop, tmp_path: Path) -> None:
    today = dt.date.today()  # the demo is seeded around the machine's today
    autumn = f"Autumn {today.year if today.month >= 8 else today.year - 1}"  # as server.seed
    assert_exit(laptop.run("npq-desk", "--demo", "sync"), 0, "Synced with http://127.0.0.1")
    assert_exit(laptop.run("npq-desk", "--demo", "--role", "partner", "calendar", "--out",
                           str(tmp_path / "e.ics")), 0, "Calendar written")
    assert_exit(laptop.run("npq-desk", "--demo", "--role", "cofacilitator", "print",
                           "intake", autumn, "--out-dir", str(tmp_path / "p"), "--combine"),
                0, "Wrote 1 file(s)")
    assert_exit(laptop.run("npq-desk", "--demo", "--role", "partner", "export", "attendance",
                           "--group", demo_group(autumn), "--out", str(tmp_path / "a.csv")),
                0, f"Attendance of {demo_group(autumn)} written to", "18 candidates")
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert_exit(laptop.run("npq-desk", "--demo", "--role", "partner", "export", "progress",
                           "--group", demo_group(autumn), "--out", str(tmp_path / "p.pdf")),
                0, f"Progress summary of {demo_group(autumn)} written to")
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    assert not laptop.database.exists() and not laptop.keyring_file.exists()  # untouched


# ---- every command, every way in ------------------------------------------------------

def demo_autumn() -> str:
    today = dt.date.today()  # the demo is seeded around the machine's today
    return f"Autumn {today.year if today.month >= 8 else today.year - 1}"  # as server.seed


def demo_group(intake: str) -> str:
    """The demo group (Siân's, the demo partner's second) of the Autumn intake ``intake``,
    as ``server.seed.groups`` codes it."""
    return f"NPQSL-AUT{intake[-2:]}-HALIFAX-2"


def example(command: str, out: Path, intake: str = "Autumn 2026") -> tuple[str, ...]:
    """One run of each headless command (``desk.cli.COMMANDS``), printing ``intake`` (or
    exporting its demo group): a command added there without an example here fails these
    tests."""
    return {"sync": ("sync",),
            "calendar": ("calendar", "--out", str(out / "e.ics")),
            "export": ("export", "attendance", "--group", demo_group(intake), "--out",
                       str(out / "a.xlsx")),
            "print": ("print", "intake", intake, "--out-dir", str(out / "p"),
                      "--combine")}[command]


WRONG = {"sync": ("sync", "now"), "calendar": ("calendar",), "print": ("print", "register"),
         "export": ("export", "attendance", "--out", "a.xlsx")}


def both_ways(laptop: Laptop, words: tuple[str, ...]
              ) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """``npq-desk WORDS…`` and ``python -m desk WORDS…``."""
    return laptop.run("npq-desk", *words), laptop.run("python", "-m", "desk", *words)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_headless_command_runs_as_npq_desk_demo(laptop: Laptop, tmp_path: Path,
                                                      command: str) -> None:
    assert_exit(laptop.run("npq-desk", "--demo", *example(command, tmp_path, demo_autumn())),
                exit_codes.OK)
    assert not laptop.database.exists() and not laptop.keyring_file.exists()  # untouched


@pytest.mark.parametrize("command", COMMANDS)
def test_every_headless_command_runs_as_python_m_desk_with_the_same_codes(
        laptop: Laptop, live_server: Any, tmp_path: Path, command: str) -> None:
    """The same command line through both entry points: the same exit code and the same
    message, signed out (2), signed in (0), locked (4) and mistyped (64)."""
    words = example(command, tmp_path)
    for result in both_ways(laptop, words):  # nobody signed in on this laptop
        assert_exit(result, exit_codes.SIGN_IN)
    sign_in(laptop, live_server.base_url)
    for result in both_ways(laptop, words):
        assert_exit(result, exit_codes.OK)
    keys.delete_key(laptop.database)
    window, desk = both_ways(laptop, words)
    assert_exit(window, exit_codes.LOCAL, "locked")
    assert_exit(desk, exit_codes.LOCAL, "locked")
    assert window.stderr == desk.stderr
    for result in both_ways(laptop, WRONG[command]):
        assert_exit(result, exit_codes.USAGE, "usage:")


def test_python_m_desk_has_every_command_and_no_demo(laptop: Laptop) -> None:
    """``python -m desk --help`` names every command; the demo needs the window's entry
    point (only ui may start the embedded server), so ``--demo`` there is a wrong command
    line."""
    shown = laptop.run("python", "-m", "desk", "--help")
    assert_exit(shown, exit_codes.OK)
    for command in COMMANDS:
        assert command in shown.stdout
    assert_exit(laptop.run("python", "-m", "desk", "--demo", "sync"), exit_codes.USAGE,
                "usage:")
    assert not laptop.database.exists()
