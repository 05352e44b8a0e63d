"""The "Defer or withdraw…" entry of a register row and its dialog, with the real server: a
facilitator defers a candidate from the row's context menu; the request is saved on the
laptop, reaches the central service with the sync, and the row then says "Deferred from
23 Nov" and takes no mark. A date too far ahead is refused in the dialog, nothing saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from sqlalchemy import select

from app.outbox import pending_count
from app.store.models import Attendance, Event
from desk.session import Session
from protocol.records import ATTENDED_STATUSES
from tests.conftest import TEST_TODAY
from tests.ui.live import signed_in_session
from ui.register_model import Column
from ui.register_status_menu import StatusMenu
from ui.register_view import RegisterView


@pytest.fixture
def siân(live_server: Any, tmp_path: Path) -> Iterator[Session]:
    session = signed_in_session(live_server, tmp_path / "a" / "desk.sqlite3", "facilitator")
    yield session
    session.close()


def _attended_today(session: Session, event_id: str) -> str:
    """A candidate on today's register who attended an earlier event of the group."""
    with session.store.read() as read:
        event = read.get(Event, event_id)
        assert event is not None
        earlier = [e.id for e in read.scalars(select(Event).where(
            Event.group_id == event.group_id)) if e.chosen_date
            and e.chosen_date < TEST_TODAY.isoformat()]
        return sorted(str(m.candidate_id) for m in read.scalars(select(Attendance).where(
            Attendance.event_id.in_(earlier))) if m.status in ATTENDED_STATUSES)[0]


def test_a_deferral_from_the_row_menu_is_saved_sent_and_shown_on_the_row(
        qtbot: Any, runner: Any, siân: Session) -> None:
    event = next(e for e in siân.catalogue.events(TEST_TODAY) if e.is_on(TEST_TODAY))
    person = _attended_today(siân, event.id)
    view = RegisterView(runner, siân.registers)
    menu = StatusMenu(view, runner, siân.training_status, None)
    qtbot.addWidget(view)
    view.show()
    view.show_event(event.id)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)
    index = view.proxy.mapFromSource(view.model.index(view.model.row_of(person), Column.NAME))
    menu.open_menu(view.table.visualRect(index).center())
    assert menu.row_menu is not None
    action = menu.row_menu.actions()[0]
    assert action.text() == "Defer or withdraw…" and action.isEnabled()
    menu.row_menu.close()
    action.trigger()
    dialog = menu.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.reason.count() > 0, timeout=5_000)
    assert dialog.kind.currentData() == "deferred"
    assert dialog.reason.count() == 5  # the national deferral reasons
    dialog.kind.setCurrentIndex(1)
    assert dialog.reason.count() == 21  # the coded withdrawal reasons
    dialog.kind.setCurrentIndex(0)
    dialog.reason.setCurrentIndex(dialog.reason.findData("long-term-sickness"))

    far = dt.date.today() + dt.timedelta(days=60)
    dialog.date.setDate(QDate(far.year, far.month, far.day))
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=5_000)
    assert "days ahead" in dialog.error.text() and pending_count(siân.store) == 0

    dialog.date.setDate(QDate(TEST_TODAY.year, TEST_TODAY.month, TEST_TODAY.day))
    dialog.note.setPlainText("Agreed with the head by phone")
    with qtbot.waitSignal(dialog.requested, timeout=5_000):
        dialog.submit()
    assert pending_count(siân.store) == 1

    siân.sync.sync_once()
    assert pending_count(siân.store) == 0
    view.show_event(event.id)
    qtbot.waitUntil(lambda: view.model.data(view.model.index(
        view.model.row_of(person), Column.STATUS)) == "Deferred from 23 Nov", timeout=10_000)
    assert not view.model.row_at(view.model.row_of(person)).markable
