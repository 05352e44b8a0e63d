"""Needs attention: retry and discard, only ever by the user's hand."""

from __future__ import annotations

from app.domain import MarkStatus
from app.outbox import Outcome, discard, needs_attention, pending_count, retry, settle
from app.registers import RegisterService
from app.store import Store
from tests.app.conftest import Roster
from tests.app.test_apply import _outbox


def _reject_all(store: Store) -> None:
    settle(store, [Outcome(m.mutation_id, "rejected", "out_of_scope", "Not yours.")
                   for m in _outbox(store)])


def test_retry_sends_a_rejected_change_again(store: Store, roster: Roster,
                                             registers: RegisterService) -> None:
    registers.mark(roster.event_ids["today"], roster.candidates["Hughes"], MarkStatus.PRESENT)
    _reject_all(store)
    [item] = needs_attention(store)
    retry(store, item.mutation_id)
    assert needs_attention(store) == []
    assert pending_count(store) == 1


def test_discarding_a_rejected_mark_restores_the_previous_one(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, candidate_id, MarkStatus.PRESENT)
    settle(store, [Outcome(m.mutation_id, "applied") for m in _outbox(store)])
    registers.mark(event_id, candidate_id, MarkStatus.ABSENT)
    _reject_all(store)
    [item] = needs_attention(store)
    discard(store, item.mutation_id)
    assert needs_attention(store) == [] and pending_count(store) == 0
    [row] = [r for r in registers.load(event_id).rows if r.candidate_id == candidate_id]
    assert (row.status, row.sync_state.value) == (MarkStatus.PRESENT, "confirmed")
    assert [h["status"] for h in registers.history(event_id, candidate_id)] == ["present"]
