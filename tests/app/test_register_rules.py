"""The register's rules behind issue 13: every change to a submitted register is an
amendment with a reason (undo and walk-ins included); "not marked" is a mark that counts
nowhere; a person's day keeps its arrival and its departure."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.catalogue import CatalogueService
from app.clock import shared_clock
from app.conflicts import find_conflicts
from app.domain import MarkStatus, PriorMark, UndoStep
from app.errors import RegisterSubmittedError, ValidationError
from app.outbox import Outcome, pending_batch, settle
from app.registers import RegisterService
from app.store import Store
from app.store.models import Attendance, OutboxEntry, WalkIn
from protocol.records import attendance_id
from tests.app.conflict_helpers import name_people, pulled_mark
from tests.app.conftest import TODAY, Roster


@pytest.fixture
def day(store: Store) -> RegisterService:
    return RegisterService(store, shared_clock(store), "11111111-1111-4111-8111-111111111111",
                           today=lambda: TODAY)


def _row(day: RegisterService, event_id: str, candidate_id: str):
    return next(r for r in day.load(event_id).rows if r.candidate_id == candidate_id)


def _outbox(store: Store) -> list[tuple[str, str, dict]]:
    with store.read() as session:
        return [(e.type, e.op, dict(e.data)) for e in
                session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]


# --- amendments ---------------------------------------------------------------------------

def test_undo_on_a_submitted_register_needs_a_reason_and_without_one_changes_nothing(
        store: Store, roster: Roster, day: RegisterService) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Adams"]
    walk_in = day.add_walk_in(event_id, "Ffion Jones", email="ffion@elm.sch.uk")
    day.mark(event_id, cid, MarkStatus.PRESENT)
    day.submit(event_id)
    before = _outbox(store)
    for step in (UndoStep(event_id, "walk-in", walk_in_id=walk_in),
                 UndoStep(event_id, "Present", marks=(PriorMark(cid, None),))):
        for reason in (None, "", "   "):
            with pytest.raises(RegisterSubmittedError, match="reason"):
                day.undo(step, amendment_reason=reason)
    assert _outbox(store) == before
    assert [w.name for w in day.load(event_id).walk_ins] == ["Ffion Jones"]
    assert _row(day, event_id, cid).status is MarkStatus.PRESENT

    day.undo(UndoStep(event_id, "walk-in", walk_in_id=walk_in),
             amendment_reason="Written twice")
    day.undo(UndoStep(event_id, "Present", marks=(PriorMark(cid, None),)),
             amendment_reason="Marked the wrong row")
    removed, unmarked = _outbox(store)[-2:]
    assert removed[:2] == ("walk_in", "delete")
    assert removed[2]["amendment_reason"] == "Written twice"
    assert (unmarked[2]["status"], unmarked[2]["amendment_reason"]) == (
        "unmarked", "Marked the wrong row")
    with store.read() as session:
        assert session.get(WalkIn, walk_in) is None


def test_a_walk_in_on_a_submitted_register_needs_a_reason_that_the_rules_accept(
        store: Store, roster: Roster, day: RegisterService) -> None:
    event_id = roster.event_ids["today"]
    day.submit(event_id)
    with pytest.raises(RegisterSubmittedError):
        day.add_walk_in(event_id, "Ffion Jones")
    with pytest.raises(ValidationError, match="reason"):
        day.add_walk_in(event_id, "Ffion Jones", amendment_reason="Late \u202egnihtemos")
    assert day.load(event_id).walk_ins == ()
    day.add_walk_in(event_id, "Ffion Jones", amendment_reason="Came after lunch")
    kind, _op, data = _outbox(store)[-1]
    assert (kind, data["name"], data["amendment_reason"]) == (
        "walk_in", "Ffion Jones", "Came after lunch")


# --- "not marked" -------------------------------------------------------------------------

def test_a_mark_taken_back_counts_nowhere_and_the_rest_present_includes_the_person(
        store: Store, roster: Roster, day: RegisterService) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Adams"]
    total = day.load(event_id).counts().total
    day.mark(event_id, cid, MarkStatus.PRESENT)
    settle(store, [Outcome(i.mutation_id, "applied") for i in pending_batch(store, 10, 10**6)])
    day.undo(UndoStep(event_id, "Present", marks=(PriorMark(cid, None),)))
    with store.read() as session:  # the record stays (attendance is never deleted)
        assert session.get(Attendance, attendance_id(event_id, cid)).status == "unmarked"
    register = day.load(event_id)
    assert register.counts().unmarked == total and register.counts().attended == 0
    summary = next(e for e in CatalogueService(store).events(TODAY) if e.id == event_id)
    assert summary.marked == 0
    rows, _step = day.mark_rest_present(event_id)
    assert cid in {r.candidate_id for r in rows} and len(rows) == total
    assert register.event.marked == 0


def test_a_mark_taken_back_here_after_another_laptops_later_mark_is_no_disagreement(
        store: Store, roster: Roster, day: RegisterService) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Adams"]
    name_people(store, shared_clock(store).device_id)
    day.mark(event_id, cid, MarkStatus.PRESENT)
    day.undo(UndoStep(event_id, "Present", marks=(PriorMark(cid, None),)))
    settle(store, [Outcome(i.mutation_id, "applied") for i in pending_batch(store, 10, 10**6)])
    pulled_mark(store, event_id, cid, "late", arrival="09:40", offset_ms=60_000)
    row = _row(day, event_id, cid)
    assert row.status is MarkStatus.LATE and not row.in_conflict


def test_a_mark_taken_back_that_hides_another_laptops_mark_is_a_disagreement(
        store: Store, roster: Roster, day: RegisterService) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Adams"]
    name_people(store, shared_clock(store).device_id)
    pulled_mark(store, event_id, cid, "present", offset_ms=-60_000)
    day.undo(UndoStep(event_id, "Present", marks=(PriorMark(cid, None),)))
    row = _row(day, event_id, cid)
    assert row.status is None and row.in_conflict
    assert [(o.status, o.describe()) for o in row.conflict] == [
        (MarkStatus.PRESENT, "Present"), (MarkStatus.UNMARKED, "Not marked")]
    kept = next(o for o in row.conflict if o.status is MarkStatus.PRESENT)
    settled = day.settle(event_id, cid, kept.hlc)
    assert settled.status is MarkStatus.PRESENT and not settled.in_conflict
    with store.read() as session:
        record_id = attendance_id(event_id, cid)
        current = session.get(Attendance, record_id).hlc
        assert find_conflicts(session, {record_id: current}, "elsewhere") == {}


# --- a person's day: an arrival and a departure --------------------------------------------

@pytest.mark.parametrize(("first", "then", "kept"), [
    # Late at 09:25, then left early at 14:30: both kept.
    ((MarkStatus.LATE, "09:25", None), (MarkStatus.LEFT_EARLY, None, "14:30"),
     ("09:25", "14:30")),
    # Left early at 14:30, then (corrected) late at 09:25: both kept.
    ((MarkStatus.LEFT_EARLY, None, "14:30"), (MarkStatus.LATE, "09:25", None),
     ("09:25", "14:30")),
    # A departure before the new arrival cannot be the same day: dropped.
    ((MarkStatus.LEFT_EARLY, None, "10:00"), (MarkStatus.LATE, "11:00", None),
     ("11:00", None)),
    ((MarkStatus.LATE, "14:00", None), (MarkStatus.LEFT_EARLY, None, "13:00"),
     (None, "13:00")),
    # Present means the whole day; absent means no day at all.
    ((MarkStatus.LATE, "09:25", None), (MarkStatus.PRESENT, None, None), (None, None)),
    ((MarkStatus.LEFT_EARLY, None, "14:30"), (MarkStatus.ABSENT, None, None), (None, None)),
    # Absent, then left early: nothing to keep.
    ((MarkStatus.ABSENT, None, None), (MarkStatus.LEFT_EARLY, None, "14:30"),
     (None, "14:30")),
])
def test_a_persons_day_keeps_its_arrival_and_its_departure(
        roster: Roster, day: RegisterService,
        first: tuple[MarkStatus, str | None, str | None],
        then: tuple[MarkStatus, str | None, str | None],
        kept: tuple[str | None, str | None]) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Adams"]
    day.mark(event_id, cid, *first)
    row = day.mark(event_id, cid, *then)
    assert (row.arrival_time, row.departure_time) == kept
    again = _row(day, event_id, cid)
    assert (again.status, again.arrival_time, again.departure_time) == (then[0], *kept)


def test_a_settlement_repeats_the_kept_mark_exactly(
        store: Store, roster: Roster, day: RegisterService) -> None:
    """Keeping "left early at 14:30" does not pick up this laptop's 09:25 arrival."""
    event_id, cid = roster.event_ids["today"], roster.candidates["Adams"]
    name_people(store, shared_clock(store).device_id)
    pulled_mark(store, event_id, cid, "left_early", departure="14:30", offset_ms=-60_000)
    day.mark(event_id, cid, MarkStatus.LATE, "09:25")
    row = _row(day, event_id, cid)
    other = next(o for o in row.conflict if o.status is MarkStatus.LEFT_EARLY)
    settled = day.settle(event_id, cid, other.hlc)
    assert (settled.status, settled.arrival_time) == (MarkStatus.LEFT_EARLY, None)
