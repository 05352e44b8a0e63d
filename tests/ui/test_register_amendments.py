"""Every change to a submitted register asks its reason in place, Undo included; a late
arrival who leaves early keeps both times. On a real store, driven by the keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.domain import MarkStatus
from app.store.models import OutboxEntry, WalkIn
from tests.ui.register_store import TODAY, Venue, press_alone, select_family, venue
from ui.register_model import Column
from ui.register_view import RegisterView

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Venue]:
    opened = venue(tmp_path / "desk.sqlite3", 6)
    yield opened
    opened.store.close()


@pytest.fixture
def view(qtbot, runner, place: Venue) -> RegisterView:
    widget = RegisterView(runner, place.registers(),
                          clock=lambda: dt.datetime.combine(TODAY, dt.time(9, 25)),
                          confirm=lambda _parent, _title, _text: True)
    place.open_on_screen(qtbot, widget, widget, rows=6)
    return widget


_select = select_family


def _cells(view: RegisterView, candidate_id: str, *columns: Column) -> list[object]:
    row = view.model.row_of(candidate_id)
    return [view.model.data(view.model.index(row, c)) for c in columns]


def _outbox(place: Venue) -> list[tuple[str, str, dict]]:
    with place.store.read() as session:
        return [(e.type, e.op, dict(e.data)) for e in
                session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]


def _add_walk_in(qtbot, view: RegisterView, given: str, family: str,
                 email: str = "") -> None:
    press_alone(qtbot, view, Qt.Key.Key_W)
    qtbot.keyClicks(view.walk_in_form.given, given)
    qtbot.keyClicks(view.walk_in_form.family, family)
    qtbot.keyClicks(view.walk_in_form.email, email)
    qtbot.keyClick(view.walk_in_form.given, Qt.Key.Key_Return)


def _submit(qtbot, view: RegisterView) -> None:
    qtbot.keyClick(view.table, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: view.model.register.submission is not None)


def _reason(qtbot, view: RegisterView, text: str) -> None:
    editor = view.reason_editor
    assert editor.isVisible() and editor.edit.hasFocus()
    editor.edit.clear()
    qtbot.keyClicks(editor.edit, text)
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)


def test_undo_after_submitting_asks_a_reason_before_removing_a_walk_in(qtbot, view, place):
    """Ctrl+Z on a submitted register used to delete a walk-in silently, and the delete
    synced. Now the reason is asked in place; Esc leaves the walk-in where it was."""
    _add_walk_in(qtbot, view, "Ffion", "Jones", "ffion@elm.sch.uk")
    qtbot.waitUntil(lambda: len(view.model.register.walk_ins) == 1)
    _submit(qtbot, view)
    before = _outbox(place)

    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)
    assert view.reason_editor.isVisible()
    assert "walk-in Jones, Ffion" in view.reason_editor._prompt.text()
    qtbot.keyClick(view.reason_editor.edit, Qt.Key.Key_Escape)
    qtbot.wait(200)  # nothing is on its way: give a wrong write the time to land
    assert not view.reason_editor.isVisible()
    assert len(view.model.register.walk_ins) == 1 and _outbox(place) == before
    assert view.actions.undo_button.isEnabled()  # still there to undo, with a reason

    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)
    _reason(qtbot, view, "Recorded twice")
    qtbot.waitUntil(lambda: view.model.register.walk_ins == ())
    op = _outbox(place)[-1]
    assert op[:2] == ("walk_in", "delete")
    assert op[2]["amendment_reason"] == "Recorded twice"
    with place.store.read() as session:
        assert session.scalars(select(WalkIn)).all() == []


def test_undo_of_a_mark_after_submitting_carries_the_reason_typed(qtbot, view, place):
    _select(view, "Bello")
    press_alone(qtbot, view, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: view.model.register.rows[1].status is MarkStatus.ABSENT)
    _submit(qtbot, view)
    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)
    assert "Absent for Sam1 Bello" in view.reason_editor._prompt.text()
    _reason(qtbot, view, "Marked the wrong row")
    qtbot.waitUntil(lambda: view.model.register.rows[1].status is None)
    kind, op, data = _outbox(place)[-1]
    assert (kind, op, data["status"]) == ("attendance", "upsert", "unmarked")
    assert data["amendment_reason"] == "Marked the wrong row"
    assert _cells(view, place.ids["Bello"], Column.STATUS) == ["— (amended)"]


def test_a_walk_in_after_submitting_asks_a_reason_and_keeps_what_was_typed(
        qtbot, view, place):
    _submit(qtbot, view)
    _add_walk_in(qtbot, view, "Dafydd", "ap Gwilym", "dafydd@preseli.sch.uk")
    assert view.reason_editor.isVisible()
    qtbot.keyClick(view.reason_editor.edit, Qt.Key.Key_Escape)
    form = view.walk_in_form
    assert form.isVisible() and form.name() == "ap Gwilym, Dafydd"
    assert form.email.text() == "dafydd@preseli.sch.uk" and "reason" in form.error.text()
    assert [t for t, _op, _d in _outbox(place)] == ["register_submission"]

    qtbot.keyClick(form.given, Qt.Key.Key_Return)
    _reason(qtbot, view, "Came after lunch")
    qtbot.waitUntil(lambda: len(view.model.register.walk_ins) == 1)
    kind, _op, data = _outbox(place)[-1]
    assert (kind, data["email"], data["amendment_reason"]) == (
        "walk_in", "dafydd@preseli.sch.uk", "Came after lunch")


def test_late_then_left_early_keeps_both_times_shown_and_counted(qtbot, view, place):
    """Late at 09:25, then E at 14:30: the day runs 09:25-14:30, not "left 14:30"."""
    _select(view, "Abbott")
    press_alone(qtbot, view, Qt.Key.Key_L)
    qtbot.keyClick(view.time_editor._edit, Qt.Key.Key_Return)  # the suggested 09:25
    qtbot.waitUntil(lambda: view.model.register.rows[0].status is MarkStatus.LATE)
    _select(view, "Abbott")
    press_alone(qtbot, view, Qt.Key.Key_E)
    view.time_editor._edit.clear()
    qtbot.keyClicks(view.time_editor._edit, "1430")
    qtbot.keyClick(view.time_editor._edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.register.rows[0].status is MarkStatus.LEFT_EARLY)
    row = view.model.register.rows[0]
    assert (row.arrival_time, row.departure_time) == ("09:25", "14:30")
    # In the room 09:25-14:30 of 09:00-16:00: 305 of 420 minutes; most of the morning
    # (185 of 210 minutes), an hour of the afternoon's 150.
    assert _cells(view, row.candidate_id, Column.ARRIVAL, Column.DAY, Column.AM,
                  Column.PM) == ["09:25–14:30", "73%", "●", "○"]
    again = place.registers().load(place.event_id).rows[0]
    assert (again.arrival_time, again.departure_time) == ("09:25", "14:30")

    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)  # back to late at 09:25 only
    qtbot.waitUntil(lambda: view.model.register.rows[0].status is MarkStatus.LATE)
    assert _cells(view, row.candidate_id, Column.ARRIVAL) == ["09:25"]


def test_a_submission_arriving_from_a_colleague_turns_the_next_change_into_a_question(
        qtbot, view, place):
    """The register on screen does not know yet that a colleague submitted it (their
    submission came with a sync): a mark, then an undo, are refused by the rule and ask
    their reason in place instead of an error box that loses them."""
    _add_walk_in(qtbot, view, "Ffion", "Jones")
    qtbot.waitUntil(lambda: len(view.model.register.walk_ins) == 1)
    place.registers().submit(place.event_id)  # behind the screen's back
    _select(view, "Ellis")
    press_alone(qtbot, view, Qt.Key.Key_P)
    qtbot.waitUntil(view.reason_editor.isVisible)
    _reason(qtbot, view, "Arrived as the register was sent")
    ellis = place.ids["Ellis"]
    qtbot.waitUntil(lambda: next(r for r in view.model.register.rows
                                 if r.candidate_id == ellis).status is MarkStatus.PRESENT)
    kind, _op, data = _outbox(place)[-1]
    assert (kind, data["status"], data["amendment_reason"]) == (
        "attendance", "present", "Arrived as the register was sent")

    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)  # the mark's undo: the reason asked
    qtbot.waitUntil(view.reason_editor.isVisible)
    qtbot.keyClick(view.reason_editor.edit, Qt.Key.Key_Escape)
    assert view.actions.undo_button.isEnabled()
    assert len(view.model.register.walk_ins) == 1
