"""Taking a register: what is shown, what can be marked, and what a mark writes."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from app.domain import MarkStatus, RecordSyncState
from app.errors import (
    NotFoundError,
    NotMarkableError,
    RegisterSubmittedError,
    ValidationError,
)
from app.outbox import pending_count
from app.registers import RegisterService
from app.store import Store
from app.store.models import Attendance, AttendanceHistory, OutboxEntry
from protocol.records import attendance_id
from tests.app.conftest import Roster


def test_rows_are_sorted_by_family_name_then_given_name(
        roster: Roster, registers: RegisterService) -> None:
    register = registers.load(roster.event_ids["today"])
    names = [(r.family_name, r.given_name) for r in register.rows]
    assert names == [("adams", "Amy"), ("Adams", "Zoë"), ("Hughes", "Siân"), ("Nguyễn", "Thi"),
                     ("Nowak", "Łukasz"), ("Person", "Withdrawn")]
    assert register.counts().total == 5  # the withdrawn candidate is shown, not counted


def test_a_mark_commits_the_mark_its_history_and_its_outbox_entry(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Hughes"]
    row = registers.mark(event_id, candidate_id, MarkStatus.LATE, arrival_time="09:20",
                         note="train delayed")
    assert (row.status, row.arrival_time, row.sync_state) == (
        MarkStatus.LATE, "09:20", RecordSyncState.SAVED)
    with store.read() as session:
        mark = session.get(Attendance, attendance_id(event_id, candidate_id))
        history = session.scalars(select(AttendanceHistory)).all()
        outbox = session.scalars(select(OutboxEntry)).all()
    assert mark is not None and mark.status == "late" and mark.hlc
    assert [h.hlc for h in history] == [mark.hlc]
    assert [(o.type, o.record_id, o.hlc, o.data["status"]) for o in outbox] == [
        ("attendance", mark.id, mark.hlc, "late")]
    assert outbox[0].data["marked_by"] == registers.user_id
    assert outbox[0].data["device_id"] == registers.clock.device_id
    loaded = registers.load(event_id)
    assert loaded.counts().attended == 1
    assert loaded.event.marked == 1


def test_the_counts_say_how_many_are_here_and_who_of_them_came_late(
        roster: Roster, registers: RegisterService) -> None:
    event_id = roster.event_ids["today"]
    registers.mark(event_id, roster.candidates["Hughes"], MarkStatus.PRESENT)
    registers.mark(event_id, roster.candidates["Adams"], MarkStatus.LATE, arrival_time="09:20")
    registers.mark(event_id, roster.candidates["Nowak"], MarkStatus.ABSENT)
    counts = registers.load(event_id).counts()
    assert counts.summary() == "2 of 5 here (1 present, 1 late)"
    assert (counts.attended, counts.unmarked) == (2, 2)


def test_each_new_mark_gets_a_later_stamp(roster: Roster, registers: RegisterService,
                                          store: Store) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Nowak"]
    for status in (MarkStatus.PRESENT, MarkStatus.ABSENT, MarkStatus.APOLOGIES):
        registers.mark(event_id, candidate_id, status)
    with store.read() as session:
        stamps = [o.hlc for o in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
        current = session.get(Attendance, attendance_id(event_id, candidate_id))
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    assert current is not None and current.status == "apologies"
    assert pending_count(store) == 3


def test_a_failure_between_the_mark_and_its_outbox_entry_leaves_nothing_half_written(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    def explode(*_args: object) -> None:
        raise RuntimeError("disk trouble while writing the outbox entry")

    event.listen(OutboxEntry, "before_insert", explode)
    try:
        with pytest.raises(RuntimeError):
            registers.mark(roster.event_ids["today"], roster.candidates["Hughes"],
                           MarkStatus.PRESENT)
    finally:
        event.remove(OutboxEntry, "before_insert", explode)
    with store.read() as session:
        assert session.scalars(select(Attendance)).all() == []
        assert session.scalars(select(AttendanceHistory)).all() == []
        assert session.scalars(select(OutboxEntry)).all() == []


@pytest.mark.parametrize(("status", "arrival", "departure", "message"), [
    (MarkStatus.LATE, None, None, "needs the time they arrived"),
    (MarkStatus.LEFT_EARLY, None, None, "needs the time they left"),
    (MarkStatus.LATE, "9:20", None, "HH:MM"),
    (MarkStatus.LATE, "25:00", None, "HH:MM"),
    (MarkStatus.LATE, "05:59", None, "between 06:00 and 20:00"),
    (MarkStatus.LEFT_EARLY, None, "20:01", "between 06:00 and 20:00"),
    (MarkStatus.LEFT_EARLY, "10:00", "09:00", "after the arrival time"),
    ("asleep", None, None, "not a register mark"),
])
def test_invalid_marks_are_refused_with_a_clear_message(
        roster: Roster, registers: RegisterService, store: Store, status: MarkStatus,
        arrival: str | None, departure: str | None, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        registers.mark(roster.event_ids["today"], roster.candidates["Hughes"], status,
                       arrival_time=arrival, departure_time=departure)
    assert pending_count(store) == 0


def test_times_mean_nothing_for_someone_absent(roster: Roster,
                                               registers: RegisterService) -> None:
    row = registers.mark(roster.event_ids["today"], roster.candidates["Hughes"],
                         MarkStatus.ABSENT, arrival_time="09:00")
    assert row.arrival_time is None


def test_a_withdrawn_candidate_is_shown_but_cannot_be_marked(
        roster: Roster, registers: RegisterService) -> None:
    rows = {r.candidate_id: r for r in registers.load(roster.event_ids["today"]).rows}
    assert rows[roster.withdrawn_id].withdrawn
    with pytest.raises(NotMarkableError, match="withdrawn"):
        registers.mark(roster.event_ids["today"], roster.withdrawn_id, MarkStatus.PRESENT)


def test_only_people_on_the_roster_can_be_marked(roster: Roster,
                                                 registers: RegisterService) -> None:
    with pytest.raises(NotMarkableError, match="walk-in"):
        registers.mark(roster.event_ids["today"], "not-a-candidate", MarkStatus.PRESENT)
    with pytest.raises(NotFoundError):
        registers.mark("no-such-event", roster.candidates["Hughes"], MarkStatus.PRESENT)


def test_a_submitted_register_changes_only_with_an_amendment_reason(
        roster: Roster, registers: RegisterService, store: Store) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, candidate_id, MarkStatus.PRESENT)
    summary = registers.submit(event_id)
    assert summary.submitted
    with pytest.raises(RegisterSubmittedError, match="reason"):
        registers.mark(event_id, candidate_id, MarkStatus.ABSENT)
    row = registers.mark(event_id, candidate_id, MarkStatus.ABSENT,
                         amendment_reason="Marked present by mistake")
    assert row.status is MarkStatus.ABSENT
    assert pending_count(store) == 3  # mark, submission, amendment


def test_a_walk_in_is_recorded_for_the_central_team(roster: Roster, registers: RegisterService,
                                                    store: Store) -> None:
    registers.add_walk_in(roster.event_ids["today"], "Ffion Jones", school="Ysgol Gymraeg")
    with pytest.raises(ValidationError):
        registers.add_walk_in(roster.event_ids["today"], "   ")
    assert pending_count(store) == 1
