"""``npq-desk print …`` prints without a window, through app.printing's command line."""

from __future__ import annotations

from pathlib import Path

from tests.printing.conftest import pages_text
from ui.main import main, parse_args, print_arguments


def test_npq_desk_print_register_writes_the_pdf(store, groups, tmp_path: Path, capsys):
    out = tmp_path / "register.pdf"
    assert main(["print", "register", groups[1].event_ids[0], "--out", str(out)]) == 0
    assert "Setting direction" in pages_text(out)[0]
    assert f"Wrote {out}" in capsys.readouterr().out


def test_npq_desk_print_group_with_home_before_the_command(store, groups, isolated_home,
                                                           tmp_path: Path):
    out = tmp_path / "group"
    argv = ["--home", str(isolated_home), "print", "group", groups[1].code, "--out-dir",
            str(out)]
    assert main(argv) == 0
    assert len(list(out.glob("*.pdf"))) == len(groups[1].event_ids)


def test_an_unknown_event_fails_with_a_clear_message(store, groups, tmp_path: Path, capsys):
    assert main(["print", "register", "no-such-event", "--out", str(tmp_path / "x.pdf")]) == 64
    assert "No event 'no-such-event' in the local database" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_sync_and_the_window_still_parse_as_before() -> None:
    assert print_arguments(["sync"]) is None
    assert print_arguments(["--demo", "--role", "partner"]) is None
    assert parse_args(["sync"]).command == "sync"
    assert print_arguments(["print", "intake", "Autumn 2026", "--out-dir", "x"]) == (
        [], ["intake", "Autumn 2026", "--out-dir", "x"])
    assert print_arguments(["--demo", "--role", "qa", "print", "group", "G"]) == (
        ["--demo", "--role", "qa"], ["group", "G"])
    assert print_arguments(["--home", "print", "print", "group", "G"]) == (
        ["--home", "print"], ["group", "G"])
