"""``npq-desk print`` (``desk.print_command``): on the signed-in user's local database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import paths
from app.store import Store
from desk.print_command import main
from tests.printing.builders import seed_groups
from tests.printing.conftest import pages_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, list]:
    """An app home folder whose database holds one group of 12 (two events)."""
    home = tmp_path / "home"
    with Store.open(home / "data" / paths.DATABASE_FILENAME) as store:
        groups = seed_groups(store, [12], events=2)
    return home, groups


def test_register_writes_the_sign_in_sheet_and_the_confidential_sheet(
        home: tuple[Path, list], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, groups = home
    out, secret = tmp_path / "r.pdf", tmp_path / "c.pdf"
    assert main(["register", groups[0].event_ids[0], "--out", str(out),
                 "--confidential", str(secret), "--home", str(folder),
                 "--walk-ins", "3"]) == 0
    assert "Wrote" in capsys.readouterr().out
    assert "Hughes, Siân" in pages_text(out)[0]
    assert "CONFIDENTIAL" in pages_text(secret)[0]


def test_group_and_intake_by_code_and_label(
        home: tuple[Path, list], tmp_path: Path) -> None:
    folder, groups = home
    assert main(["--home", str(folder), "group", groups[0].code,
                 "--out-dir", str(tmp_path / "g")]) == 0
    assert len(list((tmp_path / "g").glob("*.pdf"))) == 2
    assert main(["intake", "Autumn 2026", "--out-dir", str(tmp_path / "i"), "--combine",
                 "--home", str(folder)]) == 0
    assert [p.name for p in (tmp_path / "i").iterdir()] == ["Autumn-2026_registers.pdf"]


def test_combine_with_confidential_writes_the_confidential_sheets_to_a_file_of_their_own(
        home: tuple[Path, list], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, groups = home
    out = tmp_path / "g"
    assert main(["--home", str(folder), "group", groups[0].code, "--out-dir", str(out),
                 "--combine", "--confidential"]) == 0
    registers = out / f"{groups[0].code}_registers.pdf"
    secrets = out / f"{groups[0].code}_registers_CONFIDENTIAL.pdf"
    assert sorted(out.iterdir()) == sorted([registers, secrets])
    assert all("CONFIDENTIAL" not in text.upper() for text in pages_text(registers))
    assert all("CONFIDENTIAL — for facilitators only" in text and "SIGN-IN" not in text
               for text in pages_text(secrets))
    said = capsys.readouterr().out
    assert f"{secrets}\n" in said and "Wrote 2 file(s) for 2 event(s)" in said
    assert "1 of them (..._CONFIDENTIAL.pdf) hold the confidential facilitator sheets" in said
    assert "never to go round the room" in said


def test_a_confidential_sheet_is_never_written_over_its_register(
        home: tuple[Path, list], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, groups = home
    out = tmp_path / "r.pdf"
    assert main(["register", groups[0].event_ids[0], "--out", str(out), "--confidential",
                 str(tmp_path / "." / "r.pdf"), "--home", str(folder)]) == 64
    assert "give --confidential another file than --out" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("rows", ["-1", "21", "six"])
def test_walk_in_rows_out_of_range_are_a_usage_error(
        home: tuple[Path, list], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        rows: str) -> None:
    folder, groups = home
    with pytest.raises(SystemExit) as stopped:
        main(["register", groups[0].event_ids[0], "--out", str(tmp_path / "r.pdf"),
              "--walk-ins", rows, "--home", str(folder)])
    assert stopped.value.code == 64
    assert "give a whole number from 0 to 20" in capsys.readouterr().err


@pytest.mark.parametrize("command", [
    ["register", "no-such-event", "--out", "x.pdf"],
    ["group", "NPQSL-NOWHERE", "--out-dir", "out"],
    ["intake", "no-such-intake", "--out-dir", "out"],
])
def test_an_unknown_id_is_a_clear_message_and_a_failing_exit(
        home: tuple[Path, list], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        command: list[str]) -> None:
    folder, _ = home
    assert main([*command, "--home", str(folder)]) == 64  # exit_codes.USAGE
    message = capsys.readouterr().err
    assert command[1] in message and ("No event" in message or "No group" in message
                                      or "No intake" in message)
    assert "Traceback" not in message
    assert not (tmp_path / "x.pdf").exists()


def test_no_database_yet_says_to_sign_in_first(tmp_path: Path) -> None:
    """Through ``python -m``, as a script would call it."""
    result = subprocess.run(
        [sys.executable, "-m", "desk", "print", "register", "some-event", "--out",
         str(tmp_path / "x.pdf"), "--home", str(tmp_path / "empty")],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "No local database" in result.stderr and "Sign in" in result.stderr
    assert not (tmp_path / "empty").exists()  # nothing created
