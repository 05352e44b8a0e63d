"""Two laptops that disagreed about a mark: the register shows it until someone settles it."""

from __future__ import annotations

import pytest

from app.conflicts import SETTLED_NOTE
from app.domain import MarkStatus, RecordSyncState
from app.errors import NotFoundError
from app.outbox import Outcome, mark_attempted, needs_attention, pending_batch, settle
from app.registers import RegisterService
from app.store import Store
from tests.app.conflict_helpers import CO, CO_DEVICE, name_people, pulled_mark
from tests.app.conftest import Roster


@pytest.fixture
def named(store: Store, registers: RegisterService) -> None:
    name_people(store, registers.clock.device_id)


def row_of(registers: RegisterService, event_id: str, candidate_id: str):
    return next(r for r in registers.load(event_id).rows if r.candidate_id == candidate_id)


def test_marks_from_two_laptops_that_differ_are_shown_with_who_and_when(
        store: Store, roster: Roster, registers: RegisterService, named: None) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, cid, MarkStatus.PRESENT)
    pulled_mark(store, event_id, cid, "absent")
    register = registers.load(event_id)
    row = next(r for r in register.rows if r.candidate_id == cid)
    assert register.conflicts == 1
    mine, theirs = row.conflict
    assert (mine.who, mine.this_laptop, mine.status) == ("Siân Hughes", True, MarkStatus.PRESENT)
    assert (theirs.who, theirs.this_laptop, theirs.status, theirs.device_id) == (
        "Tomos Evans", False, MarkStatus.ABSENT, CO_DEVICE)
    assert mine.when <= theirs.when and theirs.when.tzinfo is not None
    assert row.status is MarkStatus.PRESENT and mine.current  # unsent local mark stays


def test_marks_that_agree_or_come_from_one_laptop_are_no_conflict(
        store: Store, roster: Roster, registers: RegisterService, named: None) -> None:
    event_id = roster.event_ids["today"]
    agree, changed_mind = roster.candidates["Hughes"], roster.candidates["Nowak"]
    registers.mark(event_id, agree, MarkStatus.PRESENT)
    pulled_mark(store, event_id, agree, "present")
    registers.mark(event_id, changed_mind, MarkStatus.PRESENT)
    registers.mark(event_id, changed_mind, MarkStatus.ABSENT)
    assert registers.load(event_id).conflicts == 0


def test_a_different_arrival_time_is_a_disagreement(
        store: Store, roster: Roster, registers: RegisterService, named: None) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Adams"]
    registers.mark(event_id, cid, MarkStatus.LATE, arrival_time="09:20")
    pulled_mark(store, event_id, cid, "late", arrival="09:40")
    row = row_of(registers, event_id, cid)
    assert [o.describe() for o in row.conflict] == ["Late, arrived 09:20", "Late, arrived 09:40"]


def test_keeping_one_mark_settles_it_with_a_new_synced_mark(
        store: Store, roster: Roster, registers: RegisterService, named: None) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, cid, MarkStatus.PRESENT)
    theirs = pulled_mark(store, event_id, cid, "absent")
    settled = registers.settle(event_id, cid, theirs)
    assert settled.status is MarkStatus.ABSENT and not settled.in_conflict
    assert settled.sync_state is RecordSyncState.SAVED
    assert registers.load(event_id).conflicts == 0
    last = pending_batch(store, 10, 1_000_000)[-1]
    assert (last.data["status"], last.data["note"]) == ("absent", SETTLED_NOTE)
    with pytest.raises(NotFoundError, match="already been settled"):
        registers.settle(event_id, cid, theirs)


def test_a_settlement_made_on_the_other_laptop_clears_it_here(
        store: Store, roster: Roster, registers: RegisterService, named: None) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, cid, MarkStatus.PRESENT)
    theirs = pulled_mark(store, event_id, cid, "absent")
    settle(store, [Outcome(i.mutation_id, "applied") for i in pending_batch(store, 10, 10**6)])
    assert row_of(registers, event_id, cid).in_conflict
    earlier = [{"status": "absent", "marked_by": CO, "device_id": CO_DEVICE, "hlc": theirs}]
    pulled_mark(store, event_id, cid, "present", offset_ms=2000, note=SETTLED_NOTE,
                earlier=earlier)
    row = row_of(registers, event_id, cid)
    assert not row.in_conflict and row.status is MarkStatus.PRESENT


def test_a_new_disagreement_after_a_settlement_is_shown_again(
        store: Store, roster: Roster, registers: RegisterService, named: None) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, cid, MarkStatus.PRESENT)
    theirs = pulled_mark(store, event_id, cid, "absent")
    registers.settle(event_id, cid, theirs)
    pulled_mark(store, event_id, cid, "present", offset_ms=60_000)
    assert row_of(registers, event_id, cid).in_conflict


def test_a_mark_sent_without_an_answer_shows_as_sent(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, cid, MarkStatus.PRESENT)
    mark_attempted(store, [i.mutation_id for i in pending_batch(store, 10, 10**6)])
    assert row_of(registers, event_id, cid).sync_state is RecordSyncState.SENT
    registers.mark(event_id, cid, MarkStatus.ABSENT)  # a newer change not sent yet
    assert row_of(registers, event_id, cid).sync_state is RecordSyncState.SAVED
    assert needs_attention(store) == []
