"""Fixtures shared by every test: an in-memory keyring, offscreen Qt, a real server.

The OS keyring is never touched: an in-memory backend is installed for every test.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from sync.memory_keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# A fixed "today" for tests that need one; demo data is seeded relative to it.
TEST_TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def forget_log_handler() -> Iterator[None]:
    """A test that runs a command's ``main`` (which sets up the app's log file in that
    test's home) leaves no handler behind for the next test to write into."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "npq_desk", False)]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture(autouse=True)
def retention_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retention counts from the tests' fixed today, not the calendar's: the demo data is
    seeded around TEST_TODAY, and must not start expiring when the tests run years later."""
    import app.retention

    monkeypatch.setattr(app.retention, "today", lambda: TEST_TODAY)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data and log folders at the test's own folder."""
    home = tmp_path / "desk-home"
    monkeypatch.setenv("NPQ_DESK_HOME", str(home))
    return home


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[object]:
    """The real reference server, seeded with demo data, on a loopback port."""
    from server.embedded import EmbeddedServer

    server = EmbeddedServer(data_dir=tmp_path / "server", seed=True, today=TEST_TODAY)
    server.start()
    try:
        yield server
    finally:
        server.stop()
