"""A real store file filled with groups, events and candidates (through the path pulled data
takes), a facilitator's register service on it, and screenshots when NPQ_SHOT_DIR is set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from app import paths
from app.clock import shared_clock
from app.registers import RegisterService
from app.store import Store
from tests.printing.builders import FACILITATORS, SeededGroup, seed_groups
from ui.style import stylesheet

FACILITATOR_ID = next(iter(FACILITATORS))


@pytest.fixture
def store(isolated_home: Path) -> Iterator[Store]:
    """The app's own database file (``npq-desk print`` finds it too)."""
    store = Store.open(paths.database_path())
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def groups(store: Store) -> list[SeededGroup]:
    """Two groups of an intake: 30 candidates with 3 events, 12 candidates with 3 events."""
    return seed_groups(store, [30, 12], events=3)


@pytest.fixture
def registers(store: Store) -> RegisterService:
    return RegisterService(store, shared_clock(store), FACILITATOR_ID)


def shoot(qtbot: object, widget: QWidget, name: str) -> None:
    """Save a picture of ``widget`` to $NPQ_SHOT_DIR/name.png (when set), in the app's
    style, after the PDF view has drawn its pages."""
    folder = os.environ.get("NPQ_SHOT_DIR")
    if not folder:
        return
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous = app.styleSheet()
    app.setStyleSheet(stylesheet())
    try:
        qtbot.wait(700)  # type: ignore[attr-defined]
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))
    finally:
        app.setStyleSheet(previous)
