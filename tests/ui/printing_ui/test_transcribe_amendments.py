"""Transcribing onto a submitted register: the reason is asked in place, once for the
transcription, and what was typed waits for it; walk-ins keep their email."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.clock import shared_clock
from app.domain import MarkStatus
from app.registers import RegisterService
from app.store.models import OutboxEntry
from tests.ui.printing_ui.conftest import FACILITATOR_ID, shoot
from ui.printing.transcribe_view import TranscribeView


def _open(qtbot, runner, store, registers, event_id: str) -> TranscribeView:
    view = TranscribeView(runner, store, registers)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.opened, timeout=10_000):
        view.open_event(event_id)
    return view


def _saved(store, event_id: str):
    return RegisterService(store, shared_clock(store), FACILITATOR_ID).load(event_id)


def _late(qtbot, view: TranscribeView, time: str) -> None:
    qtbot.keyClick(view.table, Qt.Key.Key_L)
    view.time_editor._edit.clear()
    qtbot.keyClicks(view.time_editor._edit, time)
    qtbot.keyClick(view.time_editor._edit, Qt.Key.Key_Return)


def test_a_submitted_register_asks_the_reason_in_place_once_and_keeps_what_was_typed(
        qtbot, runner, store, registers, groups):
    event_id = groups[1].event_ids[0]
    registers.submit(event_id)
    view = _open(qtbot, runner, store, registers, event_id)
    first, second, third = (ln.candidate_id for ln in view.model.lines[:3])

    _late(qtbot, view, "0935")  # "L 0935" used to end in an OK box, the edit lost
    editor = view.reason_editor
    assert editor.isVisible() and editor.edit.hasFocus()
    assert view.model.line(0).status is MarkStatus.LATE and view.model.line(0).pending
    assert view.model.data(view.model.index(0, 5)) == "09:35"
    shoot(qtbot, view, "transcribe-amendment-reason", settle_ms=100)
    qtbot.keyClicks(editor.edit, "Typed in from the paper sheet after the day")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.marked() == 1, timeout=10_000)
    assert view.table.hasFocus()

    for key in (Qt.Key.Key_P, Qt.Key.Key_A):  # the next rows: no second question
        qtbot.keyClick(view.table, key)
        assert not editor.isVisible()
    qtbot.waitUntil(lambda: view.model.marked() == 3, timeout=10_000)
    rows = {r.candidate_id: r for r in _saved(store, event_id).rows}
    assert [(rows[c].status, rows[c].arrival_time) for c in (first, second, third)] == [
        (MarkStatus.LATE, "09:35"), (MarkStatus.PRESENT, None), (MarkStatus.ABSENT, None)]
    assert {rows[c].amendment_reason for c in (first, second, third)} == {
        "Typed in from the paper sheet after the day"}


def test_marks_typed_while_the_reason_is_asked_all_wait_for_it(
        qtbot, runner, store, registers, groups):
    event_id = groups[1].event_ids[0]
    registers.submit(event_id)
    view = _open(qtbot, runner, store, registers, event_id)
    view.mark_current(MarkStatus.PRESENT)
    view.mark_current(MarkStatus.APOLOGIES)  # the second row, typed before answering
    assert [ln.pending for ln in view.model.lines[:2]] == [True, True]
    qtbot.keyClicks(view.reason_editor.edit, "Paper sheet")
    qtbot.keyClick(view.reason_editor.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.marked() == 2, timeout=10_000)
    statuses = [ln.status for ln in view.model.lines[:2]]
    assert statuses == [MarkStatus.PRESENT, MarkStatus.APOLOGIES]


def test_refusing_the_reason_saves_nothing_and_says_so(qtbot, runner, store, registers,
                                                       groups):
    event_id = groups[1].event_ids[0]
    registers.submit(event_id)
    view = _open(qtbot, runner, store, registers, event_id)
    qtbot.keyClick(view.table, Qt.Key.Key_P)
    qtbot.keyClick(view.reason_editor.edit, Qt.Key.Key_Escape)
    assert view.model.line(0).status is None and not view.model.line(0).pending
    assert "only with a reason" in view.progress.text()
    assert all(r.status is None for r in _saved(store, event_id).rows)
    assert view.table.hasFocus()


def test_a_register_submitted_while_typing_asks_the_reason_and_keeps_the_mark(
        qtbot, runner, store, registers, groups):
    event_id = groups[1].event_ids[0]
    view = _open(qtbot, runner, store, registers, event_id)
    assert not view.sheet.submitted
    registers.submit(event_id)  # a colleague's submission arrives with a sync
    _late(qtbot, view, "0950")
    qtbot.waitUntil(view.reason_editor.isVisible, timeout=10_000)
    assert view.model.line(0).pending and view.model.line(0).status is MarkStatus.LATE
    qtbot.keyClicks(view.reason_editor.edit, "Paper sheet")
    qtbot.keyClick(view.reason_editor.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.marked() == 1, timeout=10_000)
    row = _saved(store, event_id).rows
    saved = next(r for r in row if r.candidate_id == view.model.line(0).candidate_id)
    assert (saved.status, saved.arrival_time, saved.amendment_reason) == (
        MarkStatus.LATE, "09:50", "Paper sheet")


def test_a_walk_in_is_typed_in_with_the_email_the_paper_asks_for(
        qtbot, runner, store, registers, groups):
    event_id = groups[1].event_ids[1]
    view = _open(qtbot, runner, store, registers, event_id)
    qtbot.keyClicks(view.walk_in_name, "Dafydd ap Gwilym")
    qtbot.keyClicks(view.walk_in_school, "Ysgol y Preseli")
    qtbot.keyClicks(view.walk_in_email, "dafydd@preseli.sch.uk")
    with qtbot.waitSignal(view.walk_in_added, timeout=10_000):
        qtbot.keyClick(view.walk_in_email, Qt.Key.Key_Return)
    register = _saved(store, event_id)
    [walk_in] = register.walk_ins
    assert (walk_in.name, walk_in.school, walk_in.email, walk_in.qualification_code) == (
        "ap Gwilym, Dafydd", "Ysgol y Preseli", "dafydd@preseli.sch.uk",
        register.event.qualification_code)
    assert walk_in.qualification_code


def test_a_walk_in_with_a_wrong_email_is_refused_and_stays_typed(
        qtbot, runner, store, registers, groups, monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.printing.transcribe_view.show_error",
                        lambda _parent, exc: shown.append(exc))
    event_id = groups[1].event_ids[1]
    view = _open(qtbot, runner, store, registers, event_id)
    qtbot.keyClicks(view.walk_in_name, "Dafydd ap Gwilym")
    qtbot.keyClicks(view.walk_in_email, "dafydd at preseli")
    qtbot.keyClick(view.walk_in_email, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "Email" in str(shown[0])
    assert (view.walk_in_name.text(), view.walk_in_email.text()) == (
        "Dafydd ap Gwilym", "dafydd at preseli")
    assert _saved(store, event_id).walk_ins == ()


def test_a_walk_in_on_a_submitted_register_shares_the_transcriptions_reason(
        qtbot, runner, store, registers, groups):
    event_id = groups[1].event_ids[1]
    registers.submit(event_id)
    view = _open(qtbot, runner, store, registers, event_id)
    qtbot.keyClick(view.table, Qt.Key.Key_P)
    qtbot.keyClicks(view.reason_editor.edit, "Paper sheet")
    qtbot.keyClick(view.reason_editor.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(view.walk_in_name, "Ffion Jones")
    qtbot.keyClicks(view.walk_in_email, "ffion@elm.sch.uk")
    with qtbot.waitSignal(view.walk_in_added, timeout=10_000):
        qtbot.keyClick(view.walk_in_email, Qt.Key.Key_Return)
    assert not view.reason_editor.isVisible()
    assert [w.email for w in _saved(store, event_id).walk_ins] == ["ffion@elm.sch.uk"]
    with store.read() as session:
        [sent] = session.scalars(select(OutboxEntry).where(OutboxEntry.type == "walk_in"))
        assert sent.data["amendment_reason"] == "Paper sheet"


def test_a_late_arrival_who_left_early_keeps_both_times_when_typed_in(
        qtbot, runner, store, registers, groups):
    event_id = groups[1].event_ids[2]
    view = _open(qtbot, runner, store, registers, event_id)
    _late(qtbot, view, "0925")
    qtbot.waitUntil(lambda: view.model.marked() == 1, timeout=10_000)
    qtbot.keyClick(view.table, Qt.Key.Key_Up)  # back to the first row: they left early too
    qtbot.keyClick(view.table, Qt.Key.Key_E)
    view.time_editor._edit.clear()
    qtbot.keyClicks(view.time_editor._edit, "1430")
    qtbot.keyClick(view.time_editor._edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.line(0).status is MarkStatus.LEFT_EARLY
                    and not view.model.line(0).pending, timeout=10_000)
    assert view.model.data(view.model.index(0, 5)) == "09:25–14:30"
    saved = next(r for r in _saved(store, event_id).rows
                 if r.candidate_id == view.model.line(0).candidate_id)
    assert (saved.arrival_time, saved.departure_time) == ("09:25", "14:30")
