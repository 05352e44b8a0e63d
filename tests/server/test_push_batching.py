"""A push is checked before the write lock and applied in one batch under it: what that must
not change (scope as of the lock, no gaps from rejections, several marks of one record)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select

from protocol.hlc import HybridClock
from protocol.records import attendance_id
from protocol.wire import Mutation
from server import sequence
from server.embedded import EmbeddedServer
from server.models import AttendanceHistory, Invitation, User
from server.services import people
from server.services import push as push_service
from tests.server import lookups
from tests.server.conftest import TODAY


def _caller(server: EmbeddedServer, username: str) -> User:
    with server.database.read() as session:
        user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    return user


def _mark(event_id: str, candidate_id: str, status: str, clock: HybridClock,
          **extra: Any) -> Mutation:
    return Mutation(mutation_id=str(uuid.uuid4()), type="attendance",
                    id=attendance_id(event_id, candidate_id), op="upsert",
                    hlc=str(clock.now()), data={"event_id": event_id,
                                                "candidate_id": candidate_id,
                                                "status": status, "marked_by": "x"} | extra)


def _push(server: EmbeddedServer, user: User, *mutations: Mutation) -> list[Any]:
    return push_service.push(server.database, user, device_id="laptopA",
                             mutations=list(mutations), future_tolerance_ms=300_000)


def _counter(server: EmbeddedServer) -> int:
    with server.database.read() as session:
        return sequence.current(session)


def test_a_facilitator_removed_while_their_push_is_checked_is_refused_under_the_lock(
        server: EmbeddedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    user = _caller(server, "facilitator")
    event = lookups.event_on(server.database,
                             lookups.assigned_groups(server.database, "facilitator"), TODAY)
    read_checks = push_service._read_checks
    calls: list[int] = []

    def checks_then_removal(*args: Any) -> Any:
        checks = read_checks(*args)
        calls.append(1)
        if len(calls) == 1:  # between the checks and the lock, the user leaves the group
            with server.database.write() as session:
                sequence.lock(session)
                people.unassign(session, user_id=user.id, group_id=event.group_id)
        return checks

    monkeypatch.setattr(push_service, "_read_checks", checks_then_removal)
    results = _push(server, user, _mark(event.event_id, event.candidate_ids[0], "present",
                                        HybridClock("laptopA")))
    assert len(calls) == 2, "the checks were not read again under the lock"
    assert results[0].status == "rejected" and results[0].error is not None
    assert results[0].error.code == "not_found"


def test_rejected_mutations_leave_no_gap_and_one_record_may_change_twice_in_a_push(
        server: EmbeddedServer) -> None:
    user = _caller(server, "facilitator")
    event = lookups.event_on(server.database,
                             lookups.assigned_groups(server.database, "facilitator"), TODAY)
    other = lookups.other_partner_group(server.database, "facilitator")
    stranger = lookups.event_on(server.database, {other}, TODAY, before=True)
    clock = HybridClock("laptopA")
    candidate = event.candidate_ids[0]
    before = _counter(server)
    results = _push(server, user,
                    _mark(event.event_id, candidate, "present", clock),
                    _mark(stranger.event_id, stranger.candidate_ids[0], "present", clock),
                    _mark(event.event_id, candidate, "late", clock))
    assert [r.status for r in results] == ["applied", "rejected", "applied"]
    assert results[0].seq is not None and results[2].seq is not None
    assert before < results[0].seq < results[2].seq
    assert _counter(server) == results[2].seq, "a rejected mutation left a gap"
    with server.database.read() as session:
        history = list(session.scalars(select(AttendanceHistory.status).where(
            AttendanceHistory.attendance_id == attendance_id(event.event_id, candidate))
            .order_by(AttendanceHistory.id)))
    assert history == ["present", "late"]
    only_rejected = _push(server, user, _mark(stranger.event_id, stranger.candidate_ids[0],
                                              "present", clock))
    assert only_rejected[0].status == "rejected"
    assert _counter(server) == results[2].seq


def test_a_mark_on_a_submitted_register_invites_the_candidate_once(
        server: EmbeddedServer) -> None:
    user = _caller(server, "facilitator")
    event = lookups.event_on(server.database,
                             lookups.assigned_groups(server.database, "facilitator"), TODAY)
    clock = HybridClock("laptopA")
    first, second = event.candidate_ids[:2]
    _push(server, user, _mark(event.event_id, first, "absent", clock),
          _mark(event.event_id, second, "absent", clock))
    submission = Mutation(mutation_id=str(uuid.uuid4()), type="register_submission",
                          id=str(uuid.uuid4()), op="upsert", hlc=str(clock.now()),
                          data={"event_id": event.event_id, "submitted_by": "x",
                                "submitted_at": "2026-11-23T16:00:00Z"})
    assert _push(server, user, submission)[0].status == "applied"

    def invited() -> set[str]:
        with server.database.read() as session:
            return set(session.scalars(select(Invitation.candidate_id).where(
                Invitation.event_id == event.event_id)))

    assert not {first, second} & invited()
    results = _push(server, user,
                    _mark(event.event_id, first, "present", clock, amendment_reason="late"),
                    _mark(event.event_id, second, "absent", clock, amendment_reason="typo"),
                    _mark(event.event_id, first, "late", clock, amendment_reason="late"))
    assert [r.status for r in results] == ["applied"] * 3
    assert first in invited() and second not in invited()
    again = _push(server, user, _mark(event.event_id, first, "present", clock,
                                      amendment_reason="again"))
    assert again[0].status == "applied"
    with server.database.read() as session:
        rows = list(session.scalars(select(Invitation).where(
            Invitation.event_id == event.event_id, Invitation.candidate_id == first)))
    assert len(rows) == 1
