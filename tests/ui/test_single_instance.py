"""A second ``npq-desk`` on the same data folder hands over to the first (which comes to
the front) and quits without opening the database; a lock left by a crashed instance
does not block the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui.single_instance import SingleInstance

ROOT = Path(__file__).resolve().parents[2]

FIRST = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui.single_instance import SingleInstance

app = QApplication([])
instance = SingleInstance(Path(sys.argv[1]))
if not instance.acquire():
    print("refused", flush=True)
    sys.exit(1)
instance.raise_requested.connect(lambda: (print("raised", flush=True), app.quit()))
print("ready", flush=True)
QTimer.singleShot(60_000, app.quit)
app.exec()
instance.release()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return env


@pytest.fixture
def first(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``tmp_path / "data"``, as a running app would."""
    proc = subprocess.Popen([sys.executable, "-c", FIRST, str(tmp_path / "data")],
                            cwd=ROOT, env=_env(), stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def test_a_second_instance_is_refused_and_raises_the_first(qapp, first, tmp_path) -> None:
    second = SingleInstance(tmp_path / "data")
    assert second.acquire() is False
    assert second.hand_over() is True
    assert first.stdout is not None
    assert first.stdout.readline().strip() == "raised"


def test_npq_desk_started_twice_hands_over_and_never_opens_the_database(
        first, tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ui.main", "--home", str(tmp_path)], cwd=ROOT, env=_env(),
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "already open" in result.stderr
    assert first.stdout is not None
    assert first.stdout.readline().strip() == "raised"
    assert not (tmp_path / "data" / "desk.sqlite3").exists()


def test_a_lock_left_by_a_crashed_instance_does_not_block_the_next(qapp, first,
                                                                    tmp_path) -> None:
    first.send_signal(signal.SIGKILL)  # no clean-up: the lock file and socket stay
    first.wait(timeout=30)
    assert (tmp_path / "data" / "npq-desk.lock").exists()
    again = SingleInstance(tmp_path / "data")
    try:
        assert again.acquire() is True
    finally:
        again.release()


def test_different_data_folders_do_not_block_each_other(qapp, first, tmp_path) -> None:
    other = SingleInstance(tmp_path / "elsewhere")
    try:
        assert other.acquire() is True
    finally:
        other.release()
