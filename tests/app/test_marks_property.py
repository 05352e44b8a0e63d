"""Property: whatever two laptops do, in whatever order, the latest stamp wins everywhere
and every mark is kept in the history."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.clock import shared_clock
from app.domain import MarkStatus
from app.outbox import Outcome, settle
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from protocol.hlc import HybridClock
from protocol.records import attendance_id
from tests.app.conftest import TODAY, Roster, roster_changes
from tests.app.test_apply import _outbox

STATUSES = [MarkStatus.PRESENT, MarkStatus.ABSENT, MarkStatus.APOLOGIES]
walls = st.integers(min_value=1_700_000_000_000, max_value=1_700_000_000_050)
steps = st.lists(st.one_of(
    st.tuples(st.just("local"), st.sampled_from(STATUSES), walls),
    st.tuples(st.just("remote"), st.sampled_from(STATUSES), walls),
    st.tuples(st.just("deliver"), st.integers(0, 20), st.just(0)),
    st.tuples(st.just("send"), st.just(MarkStatus.PRESENT), st.just(0)),
), max_size=12)


class Wall:
    def __init__(self) -> None:
        self.ms = 0

    def __call__(self) -> int:
        return self.ms


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_the_mark_with_the_greatest_stamp_ends_current_and_all_are_in_history(
        steps: list[tuple[str, MarkStatus, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "d.db") as store:
        roster = Roster(group_id=str(uuid.uuid4()))
        apply_page(store, roster_changes(roster, {"today": TODAY}), "c0", shared_clock(store))
        event_id, candidate_id = roster.event_ids["today"], roster.candidates["Hughes"]
        record_id = attendance_id(event_id, candidate_id)
        local_wall, remote_wall = Wall(), Wall()
        local = HybridClock("laptop-a", wall_ms=local_wall)
        remote = HybridClock("laptop-b", wall_ms=remote_wall)
        registers = RegisterService(store, local, "user-a")
        undelivered: list[PulledChange] = []
        all_marks: dict[str, str] = {}  # stamp -> status

        for kind, status, value in steps:
            if kind == "local":
                local_wall.ms = value
                registers.mark(event_id, candidate_id, status)
                stamp = _outbox(store)[-1].hlc
                all_marks[stamp] = status.value
            elif kind == "remote":
                remote_wall.ms = value
                stamp = str(remote.now())
                all_marks[stamp] = status.value
                undelivered.append(PulledChange("attendance", record_id, False, {
                    "event_id": event_id, "candidate_id": candidate_id,
                    "status": status.value, "marked_by": "user-b", "device_id": "laptop-b",
                    "hlc": stamp}))
            elif kind == "deliver" and undelivered:
                change = undelivered.pop(value % len(undelivered))
                apply_page(store, [change], "c", local)
            elif kind == "send":
                settle(store, [Outcome(m.mutation_id, "applied") for m in _outbox(store)])

        settle(store, [Outcome(m.mutation_id, "applied") for m in _outbox(store)])
        apply_page(store, undelivered, "c-end", local)

        history = registers.history(event_id, candidate_id)
        assert sorted(h["hlc"] for h in history) == sorted(all_marks)
        [row] = [r for r in registers.load(event_id).rows if r.candidate_id == candidate_id]
        if all_marks:
            assert row.status is not None
            assert row.status.value == all_marks[max(all_marks)]
        else:
            assert row.status is None
