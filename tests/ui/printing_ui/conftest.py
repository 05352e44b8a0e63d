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


def shoot(qtbot: object, widget: QWidget, name: str, settle_ms: int = 700) -> None:
    """Save a picture of ``widget`` to $NPQ_SHOT_DIR/name.png (when set), after
    ``settle_ms`` (the PDF view draws its pages on a thread of its own)."""
    folder = os.environ.get("NPQ_SHOT_DIR")
    if not folder:
        return
    if settle_ms:
        qtbot.wait(settle_ms)  # type: ignore[attr-defined]
    Path(folder).mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(Path(folder) / f"{name}.png"))


@pytest.fixture(autouse=True)
def app_style(qapp: QApplication) -> Iterator[None]:
    """The app's style sheet while screenshots are taken (as ``npq-desk`` sets it)."""
    if not os.environ.get("NPQ_SHOT_DIR"):
        yield
        return
    previous = qapp.styleSheet()
    qapp.setStyleSheet(stylesheet())
    try:
        yield
    finally:
        qapp.setStyleSheet(previous)
