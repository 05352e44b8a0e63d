"""Undo whether or not the mark reached the central service: two laptops, the real server.
A first mark taken back after it synced is "to mark" again on the other laptop too."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain import MarkStatus, PriorMark, UndoStep
from desk.session import Session
from protocol.records import attendance_id
from tests.conftest import TEST_TODAY
from tests.sync.conftest import server_record
from tests.ui.live import signed_in_session
from tests.ui.register_store import press_alone
from ui.register_model import Column
from ui.register_view import RegisterView

CTRL = Qt.KeyboardModifier.ControlModifier


@dataclass
class Door:
    lead: Session
    co: Session
    event_id: str
    person: str  # the first markable person on the register


@pytest.fixture
def door(live_server, tmp_path: Path) -> Iterator[Door]:
    lead = signed_in_session(live_server, tmp_path / "lead" / "desk.sqlite3", "facilitator")
    co = signed_in_session(live_server, tmp_path / "co" / "desk.sqlite3", "cofacilitator")
    try:
        event = next(e for e in lead.catalogue.events(TEST_TODAY) if e.is_on(TEST_TODAY))
        person = next(r for r in lead.registers.load(event.id).rows if r.markable)
        yield Door(lead, co, event.id, person.candidate_id)
    finally:
        lead.close()
        co.close()


def _view(qtbot, runner, session: Session, event_id: str) -> RegisterView:
    view = RegisterView(runner, session.registers)
    qtbot.addWidget(view)
    view.show()
    view.show_event(event_id)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)
    return view


def _status(view: RegisterView, candidate_id: str) -> object:
    return view.model.data(view.model.index(view.model.row_of(candidate_id), Column.STATUS))


def _sync_both(door: Door) -> None:
    for _ in range(2):
        door.lead.sync.sync_once()
        door.co.sync.sync_once()


def test_undo_of_a_synced_first_mark_gives_to_mark_on_a_second_laptop_after_sync(
        qtbot, runner, live_server, door: Door):
    lead_view = _view(qtbot, runner, door.lead, door.event_id)
    co_view = _view(qtbot, runner, door.co, door.event_id)
    to_mark = lead_view.model.counts().unmarked
    lead_view._select_source_row(lead_view.model.row_of(door.person))
    lead_view.table.setFocus()
    press_alone(qtbot, lead_view, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: _status(lead_view, door.person) == "Present")
    runner.wait_for_done()
    _sync_both(door)
    co_view.refresh()
    qtbot.waitUntil(lambda: _status(co_view, door.person) == "Present", timeout=10_000)

    # Long after the mark synced (it used to answer "cannot be taken back" here).
    assert lead_view.actions.undo_button.isEnabled()
    lead_view.activateWindow()  # the lead's laptop: its window has the keyboard
    qtbot.waitUntil(lead_view.isActiveWindow)
    qtbot.keyClick(lead_view.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: _status(lead_view, door.person) == "—", timeout=10_000)
    runner.wait_for_done()
    assert not lead_view.actions.undo_button.isEnabled()
    _sync_both(door)
    co_view.refresh()
    qtbot.waitUntil(lambda: _status(co_view, door.person) == "—", timeout=10_000)
    assert co_view.model.counts().unmarked == to_mark
    assert f"{to_mark} to mark" in co_view.counts_detail.text()
    assert not co_view.conflicts_button.isVisible()

    record = server_record(live_server.base_url, "attendance",
                           attendance_id(door.event_id, door.person))
    assert record["data"]["status"] == "unmarked" and not record["deleted"]
    assert [o["status"] for o in record["data"]["observations"]] == ["present", "unmarked"]
    for view in (lead_view, co_view):
        view.close()
    runner.wait_for_done()


def test_a_colleagues_mark_hidden_by_an_undo_shows_as_a_difference_and_can_be_kept(
        qtbot, runner, door: Door):
    """Both laptops marked someone present; one then takes its mark back. The register
    shows "to mark" (the latest), and the other laptop's Present as a difference to settle;
    a mark taken back before another laptop's later mark is no difference at all."""
    lead, co = door.lead.registers, door.co.registers
    lead.mark(door.event_id, door.person, MarkStatus.PRESENT)
    co.mark(door.event_id, door.person, MarkStatus.PRESENT)
    _sync_both(door)
    time.sleep(0.01)
    lead.undo(UndoStep(door.event_id, "Present", marks=(PriorMark(door.person, None),)))
    _sync_both(door)
    for registers in (lead, co):
        row = next(r for r in registers.load(door.event_id).rows
                   if r.candidate_id == door.person)
        assert row.status is None and row.in_conflict
        assert {o.status for o in row.conflict} == {MarkStatus.UNMARKED, MarkStatus.PRESENT}
        kept = next(o for o in row.conflict if o.status is MarkStatus.PRESENT)
    co_view = _view(qtbot, runner, door.co, door.event_id)
    qtbot.waitUntil(co_view.conflicts_button.isVisible, timeout=10_000)
    co_view.next_conflict()
    assert any("Not marked" in b.accessibleName() for b in co_view.conflict_panel.keep_buttons)
    co_view.settle(door.person, kept.hlc)
    qtbot.waitUntil(lambda: _status(co_view, door.person) == "Present", timeout=10_000)
    runner.wait_for_done()
    _sync_both(door)
    row = next(r for r in lead.load(door.event_id).rows if r.candidate_id == door.person)
    assert row.status is MarkStatus.PRESENT and not row.in_conflict

    time.sleep(0.01)  # taken back, then marked late on the other laptop: no difference
    lead.undo(UndoStep(door.event_id, "Present", marks=(PriorMark(door.person, None),)))
    _sync_both(door)
    time.sleep(0.01)
    co.mark(door.event_id, door.person, MarkStatus.LATE, arrival_time="09:40")
    _sync_both(door)
    for registers in (lead, co):
        row = next(r for r in registers.load(door.event_id).rows
                   if r.candidate_id == door.person)
        assert row.status is MarkStatus.LATE and not row.in_conflict
    co_view.close()
    runner.wait_for_done()
