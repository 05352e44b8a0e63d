"""Strict Qt fixtures for the UI tests (after napari's strict qtbot)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from desk.session import Session
from tests.ui.live import signed_in_session
from ui.gui_gc import GuiThreadCollector
from ui.launcher import Launcher
from ui.refcount_guard import guard as guard_refcounts
from ui.runner import Runner

# Here ``ui`` is this tests package (ui/__init__.py does not run): guard as the app does.
guard_refcounts()


@pytest.fixture(autouse=True)
def gui_thread_gc(qapp: QApplication) -> Iterator[GuiThreadCollector]:
    """As in the app: reference cycles are collected on the GUI thread, never by a worker
    (a collection there can run a Qt destructor off the GUI thread and crash). Per test,
    so that the rest of a run keeps Python's own collector."""
    collector = GuiThreadCollector(qapp)
    yield collector
    collector.stop()
    collector.deleteLater()


@pytest.fixture(autouse=True)
def no_leaked_widgets(qapp: QApplication) -> Iterator[None]:
    """Fail a test that leaves a top-level widget behind (qtbot.addWidget closes them)."""
    before = {id(w) for w in QApplication.topLevelWidgets()}
    yield
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, 0)  # run deleteLater()
    leaked = [w for w in QApplication.topLevelWidgets()
              if id(w) not in before and w.isVisible()]
    for w in leaked:
        w.close()
    assert not leaked, f"test leaked top-level widgets: {[type(w).__name__ for w in leaked]}"


@pytest.fixture
def errors() -> list[BaseException]:
    """Failures that reached the runner's default handler (no error dialogs in tests)."""
    return []


@pytest.fixture
def runner(qapp: QApplication, errors: list[BaseException]) -> Iterator[Runner]:
    r = Runner(on_error=errors.append)
    yield r
    assert r.wait_for_done(30_000), "background jobs still running at the end of the test"
    QApplication.processEvents()


def find_child(parent: QWidget, kind: type, name: str) -> QWidget:
    child = parent.findChild(kind, name)
    assert child is not None, f"no {kind.__name__} named {name!r}"
    return child


@pytest.fixture
def launchers(runner: Runner, tmp_path: Path) -> Iterator[Callable[[Path], Launcher]]:
    """Make normal-start launchers on a database path; closes what each one opened."""
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    made: list[Launcher] = []

    def make(path: Path) -> Launcher:
        made.append(Launcher(runner, settings, path))
        return made[-1]

    yield make
    for one in made:
        for dialog in (one.damaged, one.login):
            if dialog is not None:
                dialog.close()
        if one.window is not None:
            one.window.close_now()
        one.close()


@pytest.fixture
def partner_session(live_server: object, tmp_path: Path) -> Iterator[Session]:
    """The demo partner lead signed in on a store of their own, after a first sync."""
    session = signed_in_session(live_server, tmp_path / "partner" / "desk.sqlite3", "partner")
    yield session
    session.close()
