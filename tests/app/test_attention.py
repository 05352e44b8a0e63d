"""Rejected changes are described in plain words, with what to do, and never dropped."""

from __future__ import annotations

from app.attention import ADVICE, attention_items
from app.domain import MarkStatus, RecordSyncState
from app.outbox import Outcome, discard, pending_batch, pending_count, retry, settle
from app.registers import RegisterService
from app.store import Store
from tests.app.conftest import Roster


def reject_all(store: Store, code: str, message: str) -> None:
    settle(store, [Outcome(i.mutation_id, "rejected", code, message)
                   for i in pending_batch(store, 100, 10**6)])


def test_a_rejected_mark_says_what_it_was_why_and_what_to_do(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Adams"]
    registers.mark(event_id, cid, MarkStatus.LATE, arrival_time="09:20")
    reject_all(store, "register_submitted", "This register has been submitted.")
    [item] = attention_items(store)
    assert item.what == "Mark for Zoë Adams: Late at 09:20 — Event 1: today"
    assert item.reason == "This register has been submitted."
    assert item.advice == ADVICE["register_submitted"]
    row = next(r for r in registers.load(event_id).rows if r.candidate_id == cid)
    assert row.sync_state is RecordSyncState.NEEDS_ATTENTION


def test_trying_again_sends_it_next_time_and_discarding_undoes_it(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id = roster.event_ids["today"]
    registers.mark(event_id, roster.candidates["Hughes"], MarkStatus.PRESENT)
    registers.mark(event_id, roster.candidates["Nowak"], MarkStatus.ABSENT)
    reject_all(store, "not_found", "No such candidate in this group.")
    first, second = attention_items(store)
    retry(store, first.mutation_id)
    assert pending_count(store) == 1 and len(attention_items(store)) == 1
    discard(store, second.mutation_id)
    assert attention_items(store) == []
    rows = {r.candidate_id: r for r in registers.load(event_id).rows}
    assert rows[roster.candidates["Nowak"]].status is None  # the discarded mark is undone
    assert rows[roster.candidates["Hughes"]].status is MarkStatus.PRESENT
