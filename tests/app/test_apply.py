"""Pulled changes: what they may overwrite, how marks merge, what a tombstone purges."""

from __future__ import annotations

import pytest
from pydantic import ValidationError as PayloadError
from sqlalchemy import select

from app.catalogue import CatalogueService
from app.clock import shared_clock
from app.domain import MarkStatus
from app.outbox import Outcome, needs_attention, pending_count, settle
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.store.models import (
    AttendanceHistory,
    Candidate,
    Enrolment,
    Event,
    OutboxEntry,
    RosterSnapshot,
    SyncState,
)
from protocol.hlc import HybridClock, Stamp
from protocol.records import attendance_id
from tests.app.conftest import ME, TODAY, Roster

OTHER = "22222222-2222-4222-8222-222222222222"


def remote_mark(event_id: str, candidate_id: str, status: str, clock: HybridClock,
                ) -> PulledChange:
    stamp = str(clock.now())
    return PulledChange("attendance", attendance_id(event_id, candidate_id), False, {
        "event_id": event_id, "candidate_id": candidate_id, "status": status,
        "marked_by": OTHER, "device_id": clock.device_id, "hlc": stamp})


def far_future_clock(device: str = "other-laptop") -> HybridClock:
    return HybridClock(device, wall_ms=lambda: 4_000_000_000_000)


def test_a_pulled_mark_does_not_overwrite_an_unsent_local_mark(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, candidate_id, MarkStatus.PRESENT)
    pulled = remote_mark(event_id, candidate_id, "absent", far_future_clock())
    result = apply_page(store, [pulled], "c2", shared_clock(store))
    assert result.kept_local == 1
    [row] = [r for r in registers.load(event_id).rows if r.candidate_id == candidate_id]
    assert row.status is MarkStatus.PRESENT
    assert len(registers.history(event_id, candidate_id)) == 2  # both observations kept


def test_once_sent_the_later_stamp_becomes_current(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, candidate_id, MarkStatus.PRESENT)
    apply_page(store, [remote_mark(event_id, candidate_id, "absent", far_future_clock())],
               "c2", shared_clock(store))
    with store.read() as session:
        [entry] = session.scalars(select(OutboxEntry)).all()
    settle(store, [Outcome(entry.mutation_id, "applied")])
    [row] = [r for r in registers.load(event_id).rows if r.candidate_id == candidate_id]
    assert row.status is MarkStatus.ABSENT


def test_the_clock_moves_past_pulled_stamps(store: Store, roster: Roster,
                                            registers: RegisterService) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Nowak"]
    remote = far_future_clock()
    apply_page(store, [remote_mark(event_id, candidate_id, "absent", remote)], "c2",
               shared_clock(store))
    registers.mark(event_id, candidate_id, MarkStatus.PRESENT)  # made after seeing it
    settle(store, [Outcome(m.mutation_id, "applied") for m in _outbox(store)])
    [row] = [r for r in registers.load(event_id).rows if r.candidate_id == candidate_id]
    assert row.status is MarkStatus.PRESENT


def test_the_same_pulled_mark_twice_is_one_history_row(store: Store, roster: Roster) -> None:
    change = remote_mark(roster.event_ids["today"], roster.candidates["Nowak"], "present",
                         far_future_clock())
    apply_page(store, [change], "c2", shared_clock(store))
    apply_page(store, [change], "c3", shared_clock(store))
    with store.read() as session:
        assert len(session.scalars(select(AttendanceHistory)).all()) == 1
        assert session.get(SyncState, 1).cursor == "c3"  # type: ignore[union-attr]


def observation(status: str, stamp: Stamp, marked_by: str = OTHER) -> dict[str, object]:
    """One entry of a pulled record's ``observations``, shaped as the server lists it."""
    return {"status": status, "arrival_time": None, "departure_time": None, "note": "",
            "marked_by": marked_by, "device_id": stamp.device_id, "hlc": str(stamp),
            "amendment_reason": None}


def server_record(event_id: str, candidate_id: str, current: dict[str, object],
                  observations: list[dict[str, object]]) -> PulledChange:
    return PulledChange("attendance", attendance_id(event_id, candidate_id), False,
                        {"event_id": event_id, "candidate_id": candidate_id, **current,
                         "observations": observations})


def test_every_listed_observation_joins_the_history_and_the_latest_stays_current(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Adams"]
    early = Stamp(3_000_000_000_000, 0, "laptop-a")
    late = Stamp(3_000_000_000_500, 2, "laptop-b")
    seen = [observation("present", early), observation("absent", late)]
    # The winner's record, re-stamped when the losing mark arrived: listed twice here.
    apply_page(store, [server_record(event_id, candidate_id, seen[1], seen)], "c2",
               shared_clock(store))
    apply_page(store, [server_record(event_id, candidate_id, seen[1], seen)], "c3",
               shared_clock(store))
    history = registers.history(event_id, candidate_id)
    assert [(h["status"], h["device_id"], h["source"]) for h in history] == [
        ("present", "laptop-a", "pulled"), ("absent", "laptop-b", "pulled")]
    [row] = [r for r in registers.load(event_id).rows if r.candidate_id == candidate_id]
    assert row.status is MarkStatus.ABSENT
    assert shared_clock(store).now() > late  # the clock moved past every stamp seen


def test_an_older_observation_pulled_later_does_not_replace_the_current_mark(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Adams"]
    early = observation("present", Stamp(3_000_000_000_000, 0, "laptop-a"))
    later = observation("late", Stamp(3_000_000_009_000, 0, "laptop-b"))
    apply_page(store, [server_record(event_id, candidate_id, later, [later])], "c2",
               shared_clock(store))
    apply_page(store, [server_record(event_id, candidate_id, later, [early, later])], "c3",
               shared_clock(store))
    [row] = [r for r in registers.load(event_id).rows if r.candidate_id == candidate_id]
    assert row.status is MarkStatus.LATE
    assert len(registers.history(event_id, candidate_id)) == 2


def test_a_mark_whose_stamp_the_server_clamped_is_one_history_row_with_the_servers_stamp(
        store: Store, roster: Roster) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Hughes"]
    server_now = 3_000_000_000_000
    fast = HybridClock(shared_clock(store).device_id, wall_ms=lambda: server_now + 3_600_000)
    registers = RegisterService(store, fast, ME)
    registers.mark(event_id, candidate_id, MarkStatus.PRESENT)
    settle(store, [Outcome(m.mutation_id, "applied") for m in _outbox(store)])
    [mine] = registers.history(event_id, candidate_id)
    made = Stamp.parse(str(mine["hlc"]))
    clamped = made.clamped(server_now)  # what the server recorded and lists
    other = Stamp(server_now + 1000, 0, "laptop-b")  # later than the clamped stamp only
    seen = [observation("present", clamped, ME), observation("absent", other)]
    apply_page(store, [server_record(event_id, candidate_id, seen[1], seen)], "c2",
               shared_clock(store))
    history = registers.history(event_id, candidate_id)
    assert [(h["status"], h["hlc"], h["source"]) for h in history] == [
        ("present", str(clamped), "local"), ("absent", str(other), "pulled")]
    [row] = [r for r in registers.load(event_id).rows if r.candidate_id == candidate_id]
    assert row.status is MarkStatus.ABSENT  # ordered as on the server and the other laptop


def test_a_clamped_copy_of_someone_elses_mark_is_not_taken_for_ours(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, candidate_id, MarkStatus.PRESENT)
    settle(store, [Outcome(m.mutation_id, "applied") for m in _outbox(store)])
    [mine] = registers.history(event_id, candidate_id)
    made = Stamp.parse(str(mine["hlc"]))
    different = observation("absent", Stamp(made.wall_ms - 1, made.counter, made.device_id), ME)
    apply_page(store, [server_record(event_id, candidate_id, different, [different])], "c2",
               shared_clock(store))
    assert len(registers.history(event_id, candidate_id)) == 2


def test_a_malformed_page_keeps_nothing_not_even_the_cursor(store: Store, roster: Roster) -> None:
    good = PulledChange("candidate", "new-one", False, {
        "given_name": "New", "family_name": "Person", "school": "X"})
    bad = PulledChange("event", "bad-one", False, {"title": "no group"})
    with pytest.raises(PayloadError):
        apply_page(store, [good, bad], "c9", shared_clock(store))
    with store.read() as session:
        assert session.get(Candidate, "new-one") is None
        assert session.get(SyncState, 1).cursor == "cursor-1"  # type: ignore[union-attr]


def test_a_group_tombstone_purges_its_personal_data(store: Store, roster: Roster,
                                                    registers: RegisterService) -> None:
    registers.mark(roster.event_ids["today"], roster.candidates["Hughes"], MarkStatus.PRESENT)
    settle(store, [Outcome(m.mutation_id, "applied") for m in _outbox(store)])
    with store.read() as session:
        assert session.scalars(select(RosterSnapshot)).all() != []  # names kept per register
    result = apply_page(store, [PulledChange("group", roster.group_id, True, None)], "c2",
                        shared_clock(store))
    assert result.purged == 1
    assert CatalogueService(store).groups() == []
    assert CatalogueService(store).events(TODAY) == []
    with store.read() as session:
        for table in (Candidate, Enrolment, Event, AttendanceHistory, RosterSnapshot):
            assert session.scalars(select(table)).all() == []


def test_a_group_with_unsent_changes_is_purged_only_after_they_are_sent(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    registers.mark(roster.event_ids["today"], roster.candidates["Hughes"], MarkStatus.PRESENT)
    result = apply_page(store, [PulledChange("group", roster.group_id, True, None)], "c2",
                        shared_clock(store))
    assert result.purged == 0
    assert len(CatalogueService(store).groups()) == 1
    settle(store, [Outcome(m.mutation_id, "applied") for m in _outbox(store)])
    assert CatalogueService(store).groups() == []


def test_a_rejected_change_waits_for_the_user_with_the_servers_reason(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id, candidate_id = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, candidate_id, MarkStatus.PRESENT)
    registers.mark(event_id, candidate_id, MarkStatus.ABSENT)
    first, second = _outbox(store)
    settle(store, [Outcome(first.mutation_id, "applied"),
                   Outcome(second.mutation_id, "rejected", "register_submitted",
                           "The register was submitted.")])
    [item] = needs_attention(store)
    assert (item.error_code, item.error_message) == ("register_submitted",
                                                     "The register was submitted.")
    assert pending_count(store) == 0
    [row] = [r for r in registers.load(event_id).rows if r.candidate_id == candidate_id]
    assert (row.status, row.sync_state.value) == (MarkStatus.ABSENT, "needs_attention")


def _outbox(store: Store) -> list[OutboxEntry]:
    with store.read() as session:
        return list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))
