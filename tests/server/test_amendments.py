"""The amendment rule holds for every change to a submitted register, walk-ins included, and
"not marked" (``unmarked``) is a mark of its own that counts as nobody's attendance."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from protocol.records import attendance_id
from server.embedded import EmbeddedServer
from server.models import Invitation, Record
from tests.server.api import Api, mutation
from tests.server.test_push import history, mark, stamp, today_event


def _submission(event_id: str, hlc: str, **extra: object) -> dict[str, Any]:
    return mutation("register_submission", str(uuid.uuid4()), {
        "event_id": event_id, "submitted_by": "x",
        "submitted_at": "2026-11-23T16:05:00Z"} | extra, hlc)


def _walk_in(event_id: str, **extra: object) -> dict[str, Any]:
    return {"event_id": event_id, "name": "Ada Walk", "school": "Hill School",
            "email": "ada@hill.sch.uk", "recorded_by": "x"} | extra


def test_a_walk_in_removed_from_a_submitted_register_without_a_reason_is_refused_and_stays(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    event = today_event(server)
    walk_in_id = str(uuid.uuid4())
    added = mutation("walk_in", walk_in_id, _walk_in(event.event_id), stamp("laptopA", 0))
    assert [r["status"] for r in client.push(
        added, _submission(event.event_id, stamp("laptopA", 1)))] == ["applied"] * 2
    for reason in (None, "", "   "):
        data = _walk_in(event.event_id) | ({} if reason is None else
                                           {"amendment_reason": reason})
        [result] = client.push(mutation("walk_in", walk_in_id, data, stamp("laptopA", 2),
                                        op="delete"))
        assert result["status"] == "rejected"
        assert result["error"]["code"] == "register_submitted"
        assert "amendment reason" in result["error"]["message"]
    with server.database.read() as session:
        kept = session.get(Record, ("walk_in", walk_in_id))
        assert kept is not None and not kept.deleted and kept.data["name"] == "Ada Walk"


def test_a_walk_in_added_to_a_submitted_register_needs_a_reason_too(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    event = today_event(server)
    assert client.push(_submission(event.event_id, stamp("laptopA", 0)))[0]["status"] == "applied"
    bare, reasoned = str(uuid.uuid4()), str(uuid.uuid4())
    results = client.push(
        mutation("walk_in", bare, _walk_in(event.event_id), stamp("laptopA", 1)),
        mutation("walk_in", reasoned, _walk_in(event.event_id, amendment_reason="Came at 10"),
                 stamp("laptopA", 2)))
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert results[0]["error"]["code"] == "register_submitted"
    with server.database.read() as session:
        assert session.get(Record, ("walk_in", bare)) is None
        stored = session.get(Record, ("walk_in", reasoned))
        assert stored is not None and stored.data["amendment_reason"] == "Came at 10"


def test_a_walk_in_removed_with_a_reason_keeps_why_on_its_tombstone_not_who_it_was(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    event = today_event(server)
    walk_in_id = str(uuid.uuid4())
    client.push(mutation("walk_in", walk_in_id, _walk_in(event.event_id), stamp("laptopA", 0)),
                _submission(event.event_id, stamp("laptopA", 1)))
    data = _walk_in(event.event_id, amendment_reason="Written twice")
    [result] = client.push(mutation("walk_in", walk_in_id, data, stamp("laptopA", 2),
                                    op="delete"))
    assert result["status"] == "applied"
    with server.database.read() as session:
        gone = session.get(Record, ("walk_in", walk_in_id))
        assert gone is not None and gone.deleted
        assert gone.data == {"event_id": event.event_id, "removed_by": client.user["id"],
                             "amendment_reason": "Written twice"}
    co = api.login("cofacilitator", device_id="laptopB")
    pulled = [c for c in co.pull_all()[0] if c["id"] == walk_in_id]
    assert pulled == [{"type": "walk_in", "id": walk_in_id, "seq": result["seq"],
                       "deleted": True, "data": None}]


def test_a_walk_in_removed_before_submission_needs_no_reason_and_keeps_nothing(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    event = today_event(server)
    walk_in_id = str(uuid.uuid4())
    results = client.push(
        mutation("walk_in", walk_in_id, _walk_in(event.event_id), stamp("laptopA", 0)),
        mutation("walk_in", walk_in_id, _walk_in(event.event_id), stamp("laptopA", 1),
                 op="delete"))
    assert [r["status"] for r in results] == ["applied"] * 2
    with server.database.read() as session:
        gone = session.get(Record, ("walk_in", walk_in_id))
        assert gone is not None and gone.deleted and gone.data is None


def test_unmarked_is_a_mark_in_the_history_that_counts_as_nobodys_attendance(
        api: Api, server: EmbeddedServer) -> None:
    """A mark taken back is sent as "unmarked": kept in the history, current when it is
    the latest, never attendance (no evaluation invitation), and an amendment after
    submission like any mark. Attendance itself is never deleted."""
    client = api.login("facilitator", device_id="laptopA")
    event = today_event(server)
    stays, taken_back = event.candidate_ids[0], event.candidate_ids[1]
    submitted = _submission(event.event_id, stamp("laptopA", 3))
    results = client.push(
        mark(event.event_id, stays, "present", stamp("laptopA", 0)),
        mark(event.event_id, taken_back, "present", stamp("laptopA", 1)),
        mark(event.event_id, taken_back, "unmarked", stamp("laptopA", 2)), submitted)
    assert [r["status"] for r in results] == ["applied"] * 4
    record_id = attendance_id(event.event_id, taken_back)
    record = client.get(f"/records/attendance/{record_id}").json()
    assert record["data"]["status"] == "unmarked" and not record["deleted"]
    assert [h.status for h in history(server, record_id)] == ["present", "unmarked"]
    submission = client.get(f"/records/register_submission/{submitted['id']}").json()
    assert submission["data"]["invitations_sent"] == 1
    with server.database.read() as session:
        invited = set(session.scalars(select(Invitation.candidate_id).where(
            Invitation.event_id == event.event_id)))
    assert invited == {stays}

    late = client.push(mark(event.event_id, stays, "unmarked", stamp("laptopA", 4)))
    assert late[0]["error"]["code"] == "register_submitted"
    amended = client.push(mark(event.event_id, stays, "unmarked", stamp("laptopA", 5),
                               amendment_reason="Marked the wrong row"))
    assert amended[0]["status"] == "applied"
    deleted = client.push(mark(event.event_id, taken_back, "present", stamp("laptopA", 6),
                               amendment_reason="x") | {"op": "delete"})
    assert deleted[0]["error"]["code"] == "invalid"
    assert "'unmarked'" in deleted[0]["error"]["message"]
