"""A day at the venue: the fixed roster, not applicable, walk-ins, the rest present, undo,
submission, and the share of the day attended."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from app.clock import shared_clock
from app.domain import (
    MarkStatus,
    PriorMark,
    RecordSyncState,
    UndoStep,
    sessions_attended,
    time_in_room,
)
from app.errors import NotMarkableError, ValidationError
from app.outbox import Outcome, pending_batch, settle
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.store.models import Enrolment, OutboxEntry, WalkIn
from tests.app.conftest import ME, TODAY, Roster


@pytest.fixture
def day(store: Store) -> RegisterService:
    return RegisterService(store, shared_clock(store), ME, today=lambda: TODAY)


def _enrolment(store: Store, candidate_id: str) -> Enrolment:
    with store.read() as session:
        found = session.scalar(select(Enrolment).where(Enrolment.candidate_id == candidate_id))
        assert found is not None
        return found


def _pull(store: Store, *changes: PulledChange) -> None:
    apply_page(store, list(changes), f"cursor-{uuid.uuid4()}", shared_clock(store))


def _move(store: Store, candidate_id: str, group_id: str) -> None:
    """The server moved the candidate: their enrolment now names another group."""
    old = _enrolment(store, candidate_id)
    _pull(store, PulledChange("enrolment", old.id, False, {
        "group_id": group_id, "candidate_id": candidate_id, "status": "active",
        "enrolled_on": "2026-11-01", "register_order": 0}))


def _names(register: object) -> list[str]:
    return [r.family_name for r in register.rows]  # type: ignore[attr-defined]


def test_moving_a_candidate_to_another_group_leaves_an_earlier_submitted_register_unchanged(
        store: Store, roster: Roster, day: RegisterService) -> None:
    past = roster.event_ids["last month"]
    day.mark(past, roster.candidates["Hughes"], MarkStatus.PRESENT)
    day.submit(past)
    before = day.load(past)

    _move(store, roster.candidates["Hughes"], str(uuid.uuid4()))
    after = day.load(past)

    assert _names(after) == _names(before)
    hughes = next(r for r in after.rows if r.family_name == "Hughes")
    assert hughes.status is MarkStatus.PRESENT and hughes.moved
    assert after.counts() == before.counts()


def test_a_candidate_moved_into_the_group_is_not_added_to_a_past_register(
        store: Store, roster: Roster, day: RegisterService) -> None:
    past, today = roster.event_ids["last month"], roster.event_ids["today"]
    day.load(past)  # opened: its roster is fixed
    newcomer = str(uuid.uuid4())
    _pull(store,
          PulledChange("candidate", newcomer, False, {"given_name": "New", "family_name":
                                                      "Comer", "school": "Elm School"}),
          PulledChange("enrolment", str(uuid.uuid4()), False, {
              "group_id": roster.group_id, "candidate_id": newcomer, "status": "active",
              "enrolled_on": "2026-09-01", "register_order": 9}))
    assert "Comer" not in _names(day.load(past))
    assert "Comer" in _names(day.load(today))  # today's register is still being taken


def test_a_withdrawn_candidate_is_shown_as_withdrawn_and_cannot_be_marked(
        roster: Roster, day: RegisterService) -> None:
    event_id = roster.event_ids["today"]
    row = next(r for r in day.load(event_id).rows if r.candidate_id == roster.withdrawn_id)
    assert row.withdrawn and not row.markable
    with pytest.raises(NotMarkableError, match="withdrawn"):
        day.mark(event_id, roster.withdrawn_id, MarkStatus.PRESENT)


def test_a_candidate_enrolled_after_the_event_is_not_applicable_and_cannot_be_marked(
        store: Store, roster: Roster, day: RegisterService) -> None:
    event_id = roster.event_ids["today"]
    late = _enrolment(store, roster.candidates["Nowak"])
    _pull(store, PulledChange("enrolment", late.id, False, {
        "group_id": roster.group_id, "candidate_id": late.candidate_id, "status": "active",
        "enrolled_on": (TODAY + dt.timedelta(days=1)).isoformat(), "register_order": 2}))
    register = day.load(event_id)
    row = next(r for r in register.rows if r.candidate_id == late.candidate_id)
    assert row.status is MarkStatus.NOT_APPLICABLE and row.not_applicable
    assert register.counts().total == 4 and register.counts().not_applicable == 1
    with pytest.raises(NotMarkableError, match="enrolled after"):
        day.mark(event_id, late.candidate_id, MarkStatus.PRESENT)
    rows, _step = day.mark_rest_present(event_id)
    assert late.candidate_id not in {r.candidate_id for r in rows}


def test_mark_the_rest_present_touches_only_the_unmarked_and_undoes_in_one_step(
        store: Store, roster: Roster, day: RegisterService) -> None:
    event_id = roster.event_ids["today"]
    day.mark(event_id, roster.candidates["Hughes"], MarkStatus.ABSENT)
    rows, step = day.mark_rest_present(event_id)
    assert {r.status for r in rows} == {MarkStatus.PRESENT} and len(rows) == 4
    register = day.load(event_id)
    assert register.counts().unmarked == 0
    assert next(r for r in register.rows
                if r.family_name == "Hughes").status is MarkStatus.ABSENT

    day.undo(step)
    register = day.load(event_id)
    assert register.counts().unmarked == 4
    with store.read() as session:
        sent = [(e.data["candidate_id"], e.data["status"]) for e in
                session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
    # Nothing is deleted: each of the four goes back to "not marked" with a mark of its own.
    hughes = roster.candidates["Hughes"]
    assert sent[0] == (hughes, "absent")
    assert sent[1:5] == [(r.candidate_id, "present") for r in rows]
    assert sent[5:] == [(r.candidate_id, "unmarked") for r in rows]


def test_undo_restores_the_previous_mark_with_a_new_synced_mark(
        store: Store, roster: Roster, day: RegisterService) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Adams"]
    day.mark(event_id, cid, MarkStatus.LATE, arrival_time="09:20")
    before = next(r for r in day.load(event_id).rows if r.candidate_id == cid)
    day.mark(event_id, cid, MarkStatus.ABSENT)
    day.undo(UndoStep(event_id, "Absent", marks=(PriorMark.of(before),)))
    row = next(r for r in day.load(event_id).rows if r.candidate_id == cid)
    assert (row.status, row.arrival_time) == (MarkStatus.LATE, "09:20")
    with store.read() as session:
        assert len(session.scalars(select(OutboxEntry)).all()) == 3


def test_a_first_mark_already_sent_is_taken_back_to_not_marked_by_a_synced_mark(
        store: Store, roster: Roster, day: RegisterService) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Adams"]
    day.mark(event_id, cid, MarkStatus.PRESENT)
    settle(store, [Outcome(i.mutation_id, "applied") for i in pending_batch(store, 10, 10**6)])
    day.undo(UndoStep(event_id, "Present", marks=(PriorMark(cid, None),)))
    register = day.load(event_id)
    row = next(r for r in register.rows if r.candidate_id == cid)
    assert row.status is None and row.sync_state is RecordSyncState.SAVED
    assert register.counts().unmarked == register.counts().total
    [entry] = pending_batch(store, 10, 10**6)
    assert (entry.data["status"], entry.op) == ("unmarked", "upsert")
    assert [h["status"] for h in day.history(event_id, cid)] == ["present", "unmarked"]


def test_a_walk_in_is_shown_on_the_register_and_undo_removes_it_through_the_outbox(
        store: Store, roster: Roster, day: RegisterService) -> None:
    event_id = roster.event_ids["today"]
    walk_in = day.add_walk_in(event_id, "Ffion Jones", "Elm Primary", "ffion@elm.sch.uk",
                              "NPQSL")
    register = day.load(event_id)
    assert [(w.name, w.sync_state) for w in register.walk_ins] == [
        ("Ffion Jones", RecordSyncState.SAVED)]
    assert register.counts().walk_ins == 1
    day.undo(UndoStep(event_id, "Walk-in", walk_in_id=walk_in))
    assert day.load(event_id).walk_ins == ()
    with store.read() as session:
        ops = session.execute(select(OutboxEntry.type, OutboxEntry.op)
                              .order_by(OutboxEntry.seq)).all()
        assert session.get(WalkIn, walk_in) is None
    assert [tuple(o) for o in ops] == [("walk_in", "upsert"), ("walk_in", "delete")]


def test_a_walk_in_needs_a_name_and_a_plausible_email(roster: Roster,
                                                      day: RegisterService) -> None:
    with pytest.raises(ValidationError, match="name"):
        day.add_walk_in(roster.event_ids["today"], "  ")
    with pytest.raises(ValidationError, match="email"):
        day.add_walk_in(roster.event_ids["today"], "Jo", email="not an email")


def test_the_register_knows_when_it_was_submitted_and_when_the_server_confirmed_it(
        store: Store, roster: Roster, day: RegisterService) -> None:
    event_id = roster.event_ids["today"]
    day.submit(event_id)
    submission = day.load(event_id).submission
    assert submission is not None and not submission.confirmed
    batch = pending_batch(store, 10, 10**6)
    settle(store, [Outcome(i.mutation_id, "applied") for i in batch])
    _pull(store, PulledChange("register_submission", batch[0].record_id, False,
                              {**batch[0].data, "invitations_sent": 4}))
    submission = day.load(event_id).submission
    assert submission is not None and submission.confirmed
    assert submission.invitations_sent == 4


def test_after_submission_a_change_is_an_amendment_with_its_reason(
        roster: Roster, day: RegisterService) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Adams"]
    day.submit(event_id)
    row = day.mark(event_id, cid, MarkStatus.ABSENT, amendment_reason="Left before lunch")
    assert row.amendment_reason == "Left before lunch"


@pytest.mark.parametrize(("status", "arrival", "departure", "share", "am_pm"), [
    (MarkStatus.PRESENT, None, None, (420, 420), (True, True)),
    (MarkStatus.LATE, "10:00", None, (360, 420), (True, True)),
    (MarkStatus.LATE, "11:00", None, (300, 420), (False, True)),
    (MarkStatus.LEFT_EARLY, None, "14:30", (330, 420), (True, False)),
    (MarkStatus.LEFT_EARLY, None, "14:45", (345, 420), (True, True)),
    (MarkStatus.ABSENT, None, None, None, (False, False)),
])
def test_the_share_of_the_day_and_the_sessions_attended(
        status: MarkStatus, arrival: str | None, departure: str | None,
        share: tuple[int, int] | None, am_pm: tuple[bool, bool]) -> None:
    assert time_in_room(status, arrival, departure) == share
    assert sessions_attended(status, arrival, departure) == am_pm
