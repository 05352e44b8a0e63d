"""Pushing changes: exactly once, rejections that hold nothing up, the attendance rules."""

from __future__ import annotations

import time
import uuid

from sqlalchemy import select

from protocol.hlc import Stamp
from protocol.records import attendance_id
from server.embedded import EmbeddedServer
from server.models import AttendanceHistory, Invitation, Record, User
from tests.server import lookups
from tests.server.api import Api, mutation
from tests.server.conftest import TODAY


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def stamp(device: str, offset_ms: int = 0, counter: int = 0) -> str:
    return str(Stamp(now_ms() + offset_ms, counter, device))


def mark(event_id: str, candidate_id: str, status: str, hlc: str, marked_by: str = "x",
         **extra: object) -> dict:
    data = {"event_id": event_id, "candidate_id": candidate_id, "status": status,
            "marked_by": marked_by} | extra
    return mutation("attendance", attendance_id(event_id, candidate_id), data, hlc)


def today_event(server: EmbeddedServer) -> lookups.EventFacts:
    return lookups.event_on(server.database,
                            lookups.assigned_groups(server.database, "facilitator"), TODAY)


def history(server: EmbeddedServer, record_id: str) -> list[AttendanceHistory]:
    with server.database.read() as session:
        return list(session.scalars(select(AttendanceHistory).where(
            AttendanceHistory.attendance_id == record_id).order_by(AttendanceHistory.id)))


def test_a_mutation_pushed_twice_is_applied_once_then_reported_duplicate(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    event = today_event(server)
    m = mark(event.event_id, event.candidate_ids[0], "present", stamp("laptopA"))
    first = client.push(m)
    assert first[0]["status"] == "applied" and first[0]["seq"] > 0
    second = client.push(m)
    assert second[0] == {"mutation_id": m["mutation_id"], "status": "duplicate",
                         "seq": first[0]["seq"], "error": None}
    assert len(history(server, m["id"])) == 1
    record = client.get(f"/records/attendance/{m['id']}").json()
    assert record["data"]["status"] == "present"
    assert record["data"]["marked_by"] == client.user["id"]
    assert record["data"]["device_id"] == "laptopA"


def test_a_mutation_id_is_remembered_for_its_sender_only(
        api: Api, server: EmbeddedServer) -> None:
    """Another user's mutation id is no replay: answering ``duplicate`` with their sequence
    number would confirm that their write exists. It is a new mutation of the sender's."""
    siân = api.login("facilitator", device_id="laptopA")
    colleague = api.login("cofacilitator", device_id="laptopB")
    partner = api.login("partner", device_id="laptopC")
    event = today_event(server)
    hers = mark(event.event_id, event.candidate_ids[0], "present", stamp("laptopA"))
    [applied] = siân.push(hers)
    assert applied["status"] == "applied"
    # a colleague's own mark under Siân's mutation id: applied on its merits, its own number
    theirs = mark(event.event_id, event.candidate_ids[1], "absent", stamp("laptopB")) | {
        "mutation_id": hers["mutation_id"]}
    [taken] = colleague.push(theirs)
    assert taken["status"] == "applied" and taken["seq"] > applied["seq"]
    assert colleague.get(f"/records/attendance/{theirs['id']}").json()["data"]["status"] \
        == "absent"
    # Siân's very mutation replayed by the partner lead: judged as theirs (they may not mark)
    [replayed] = partner.push(hers)
    assert replayed["status"] == "rejected" and replayed["seq"] is None
    assert replayed["error"]["code"] == "forbidden_role"
    # each sender's own replay is still a duplicate, with their own sequence number
    assert siân.push(hers) == [{"mutation_id": hers["mutation_id"], "status": "duplicate",
                                "seq": applied["seq"], "error": None}]
    assert colleague.push(theirs)[0] == {"mutation_id": hers["mutation_id"],
                                         "status": "duplicate", "seq": taken["seq"],
                                         "error": None}
    assert [h.marked_by for h in history(server, hers["id"])] == [siân.user["id"]]


def test_a_rejected_mutation_does_not_hold_up_the_ones_after_it(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    event = today_event(server)
    good1 = mark(event.event_id, event.candidate_ids[0], "present", stamp("laptopA"))
    read_only = mutation("group", event.group_id, {"code": "X"}, stamp("laptopA", 1))
    invalid = mark(event.event_id, event.candidate_ids[1], "asleep", stamp("laptopA", 2))
    good2 = mark(event.event_id, event.candidate_ids[2], "late", stamp("laptopA", 3),
                 arrival_time="09:20")
    results = client.push(good1, read_only, invalid, good2)
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected", "applied"]
    assert results[1]["error"]["code"] == "read_only_type"
    assert results[2]["error"]["code"] == "invalid"
    assert "status" in results[2]["error"]["message"]
    assert results[3]["seq"] > results[0]["seq"]
    assert client.get(f"/records/attendance/{invalid['id']}").status_code == 404


def test_marking_an_event_out_of_scope_is_rejected_not_found(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator")
    other_group = lookups.other_partner_group(server.database, "facilitator")
    other = lookups.event_on(server.database, {other_group}, TODAY, before=True)
    results = client.push(mark(other.event_id, other.candidate_ids[0], "present",
                               stamp("laptopA"), amendment_reason="x"))
    assert results[0]["status"] == "rejected"
    assert results[0]["error"]["code"] == "not_found"
    note = mutation("note", str(uuid.uuid4()), {
        "event_id": other.event_id, "body": "hello", "author_id": "x",
        "updated_at": "2026-11-23T10:00:00Z"}, stamp("laptopA"))
    assert client.push(note)[0]["error"]["code"] == "not_found"


def test_an_attendance_mark_with_the_wrong_id_is_rejected_bad_id(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator")
    event = today_event(server)
    m = mark(event.event_id, event.candidate_ids[0], "present", stamp("laptopA"))
    m["id"] = str(uuid.uuid4())
    results = client.push(m)
    assert results[0]["status"] == "rejected"
    assert results[0]["error"]["code"] == "bad_id"


def test_a_partner_lead_may_not_mark_attendance(api: Api, server: EmbeddedServer) -> None:
    client = api.login("partner")
    event = today_event(server)
    results = client.push(mark(event.event_id, event.candidate_ids[0], "present",
                               stamp("office1")))
    assert results[0]["error"]["code"] == "forbidden_role"


def test_changing_a_submitted_register_needs_an_amendment_reason(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    past = lookups.event_on(server.database,
                            lookups.assigned_groups(server.database, "facilitator"),
                            TODAY, before=True)
    candidate = past.candidate_ids[0]
    plain = mark(past.event_id, candidate, "apologies", stamp("laptopA"))
    results = client.push(plain)
    assert results[0]["status"] == "rejected"
    assert results[0]["error"]["code"] == "register_submitted"
    blank = mark(past.event_id, candidate, "apologies", stamp("laptopA", 1),
                 amendment_reason="   ")
    assert client.push(blank)[0]["error"]["code"] == "register_submitted"
    amended = mark(past.event_id, candidate, "apologies", stamp("laptopA", 2),
                   amendment_reason="Emailed apologies the day before; marked absent in error")
    assert client.push(amended)[0]["status"] == "applied"
    record = client.get(f"/records/attendance/{amended['id']}").json()
    assert record["data"]["status"] == "apologies"


def test_the_later_observation_wins_by_hlc_and_both_are_kept_in_history(
        api: Api, server: EmbeddedServer) -> None:
    siân = api.login("facilitator", device_id="laptopA")
    colleague = api.login("cofacilitator", device_id="laptopB")
    event = today_event(server)
    candidate = event.candidate_ids[3]
    earlier = mark(event.event_id, candidate, "absent", stamp("laptopA", -60_000))
    later = mark(event.event_id, candidate, "late", stamp("laptopB"), arrival_time="09:25")
    assert colleague.push(later)[0]["status"] == "applied"
    assert siân.push(earlier)[0]["status"] == "applied"
    record = siân.get(f"/records/attendance/{later['id']}").json()
    assert record["data"]["status"] == "late"
    assert record["data"]["device_id"] == "laptopB"
    assert record["data"]["marked_by"] == colleague.user["id"]
    assert record["data"]["hlc"] == later["hlc"]
    rows = history(server, later["id"])
    assert [(r.status, r.won) for r in rows] == [("late", True), ("absent", False)]
    observed = [(o["status"], o["device_id"]) for o in record["data"]["observations"]]
    assert observed == [("absent", "laptopA"), ("late", "laptopB")]
    served = siân.get(f"/records/attendance/{later['id']}/history").json()
    assert [(h["status"], h["won"]) for h in served] == [("absent", False), ("late", True)]
    other_group = lookups.other_partner_group(server.database, "facilitator")
    stranger = api.login(_facilitator_of(server, other_group))
    assert stranger.get(f"/records/attendance/{later['id']}/history").status_code == 404


def _facilitator_of(server: EmbeddedServer, group_id: str) -> str:
    with server.database.read() as session:
        assignment = session.scalars(select(Record).where(
            Record.type == "assignment", Record.group_id == group_id)).first()
        assert assignment is not None
        return str(session.scalar(select(User.username).where(User.id == assignment.ref_id)))


def test_a_stamp_far_in_the_future_is_clamped_to_server_time(
        api: Api, server: EmbeddedServer) -> None:
    fast = api.login("facilitator", device_id="fastclock")
    honest = api.login("cofacilitator", device_id="goodclock")
    event = today_event(server)
    candidate = event.candidate_ids[4]
    future = mark(event.event_id, candidate, "absent", stamp("fastclock", 3_600_000))
    before = now_ms()
    assert fast.push(future)[0]["status"] == "applied"
    record = fast.get(f"/records/attendance/{future['id']}").json()
    clamped = Stamp.parse(record["data"]["hlc"])
    assert before - 1000 <= clamped.wall_ms <= now_ms()
    time.sleep(0.01)
    correction = mark(event.event_id, candidate, "present", stamp("goodclock", 5))
    assert honest.push(correction)[0]["status"] == "applied"
    record = fast.get(f"/records/attendance/{future['id']}").json()
    assert record["data"]["status"] == "present"


def test_submitting_a_register_sends_invitations_and_responses_update_the_report(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    event = today_event(server)
    statuses = ["present", "late", "absent", "apologies", "left_early"]
    marks = [mark(event.event_id, c, statuses[i % 5], stamp("laptopA", i))
             for i, c in enumerate(event.candidate_ids)]
    assert {r["status"] for r in client.push(*marks)} == {"applied"}
    attended = sum(statuses[i % 5] in ("present", "late", "left_early")
                   for i in range(len(event.candidate_ids)))
    submission = mutation("register_submission", str(uuid.uuid4()), {
        "event_id": event.event_id, "submitted_by": "x",
        "submitted_at": "2026-11-23T16:05:00Z"}, stamp("laptopA", 100))
    assert client.push(submission)[0]["status"] == "applied"
    stored = client.get(f"/records/register_submission/{submission['id']}").json()
    assert stored["data"]["invitations_sent"] == attended
    report = client.get(f"/reports/events/{event.event_id}/evaluation").json()
    assert report["invitations"] == attended and report["responses"] == 0
    token = server.postbox.tokens(event.event_id)[0]
    answer = api.post(f"/evaluations/{token}", json={"ratings": {"overall": 5, "venue": 4},
                                                     "comment": "Brilliant day"})
    assert answer.status_code == 201
    assert api.post(f"/evaluations/{token}", json={"ratings": {"overall": 5}}
                    ).json()["code"] == "already_answered"
    report = client.get(f"/reports/events/{event.event_id}/evaluation").json()
    # One response: counted, but its comment stays on the server until there are three.
    assert report["responses"] == 1 and report["comments"] == [] and report["hidden"]
    summary = client.get(f"/records/evaluation_summary/{event.event_id}").json()
    assert summary["data"]["responses"] == 1
    again = mutation("register_submission", str(uuid.uuid4()), dict(
        submission["data"]), stamp("laptopA", 200))
    assert client.push(again)[0]["error"]["code"] == "register_submitted"


def test_walk_ins_and_notes_are_stored_as_pushed(api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    colleague = api.login("cofacilitator")
    event = today_event(server)
    walk_in = mutation("walk_in", str(uuid.uuid4()), {
        "event_id": event.event_id, "name": "Zoë Ó Briain", "school": "Larkrise Academy",
        "email": "z.obriain@larkrise.sch.uk", "recorded_by": "x"}, stamp("laptopA"))
    private = mutation("note", str(uuid.uuid4()), {
        "event_id": event.event_id, "body": "Room too warm", "visibility": "private",
        "author_id": "x", "updated_at": "2026-11-23T10:00:00Z"}, stamp("laptopA", 1))
    results = client.push(walk_in, private)
    assert [r["status"] for r in results] == ["applied", "applied"]
    stored = colleague.get(f"/records/walk_in/{walk_in['id']}").json()
    assert stored["data"]["name"] == "Zoë Ó Briain"
    assert colleague.get(f"/records/note/{private['id']}").status_code == 404
    steal = dict(private, mutation_id=str(uuid.uuid4()))
    assert colleague.push(steal)[0]["error"]["code"] == "not_found"


def test_over_long_ids_and_stamps_are_rejected_not_a_server_error(api: Api,
                                                                  server: EmbeddedServer) -> None:
    client = api.login("facilitator")
    event = today_event(server)
    note = {"event_id": event.event_id, "body": "b", "author_id": "x",
            "updated_at": "2026-11-23T10:00:00Z"}
    long_id = mutation("note", "n" * 100, note, stamp("laptopA"))
    long_stamp = mutation("note", str(uuid.uuid4()), note, stamp("d" * 300))
    fine = mutation("note", str(uuid.uuid4()), note, stamp("laptopA", 1))
    results = client.push(long_id, long_stamp, fine)
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied"]
    assert {r["error"]["code"] for r in results[:2]} == {"invalid"}


def test_writes_within_one_push_see_each_other(api: Api, server: EmbeddedServer) -> None:
    """A push writes in bulk; what a later mutation of the same push reads (a submission
    inviting the marks before it, a second write to a record the push created) is as if
    each mutation had been written on its own."""
    client = api.login("facilitator", device_id="laptopA")
    event = today_event(server)
    first, second = event.candidate_ids[0], event.candidate_ids[1]
    walk_in_data = {"event_id": event.event_id, "name": "Ada Walk", "school": "Hill School",
                    "email": "ada@hill.sch.uk", "recorded_by": "x"}
    walk_in_id = str(uuid.uuid4())
    submission = mutation("register_submission", str(uuid.uuid4()), {
        "event_id": event.event_id, "submitted_by": "x",
        "submitted_at": "2026-11-23T16:05:00Z"}, stamp("laptopA", 2))
    results = client.push(
        mark(event.event_id, first, "present", stamp("laptopA", 0)),
        mutation("walk_in", walk_in_id, walk_in_data, stamp("laptopA", 1)),
        submission,
        mark(event.event_id, first, "late", stamp("laptopA", 3), arrival_time="09:30",
             amendment_reason="came back"),
        mutation("walk_in", walk_in_id, dict(walk_in_data, amendment_reason="written twice"),
                 stamp("laptopA", 4), op="delete"),
        mark(event.event_id, second, "present", stamp("laptopA", 5),
             amendment_reason="was there"))
    assert [r["status"] for r in results] == ["applied"] * 6
    seqs = [r["seq"] for r in results]
    assert seqs == sorted(seqs) and len(set(seqs)) == 6
    stored = client.get(f"/records/register_submission/{submission['id']}").json()
    assert stored["data"]["invitations_sent"] == 1
    record = client.get(f"/records/attendance/{attendance_id(event.event_id, first)}").json()
    assert record["data"]["status"] == "late"
    assert [o["status"] for o in record["data"]["observations"]] == ["present", "late"]
    assert [(r.status, r.won) for r in history(server, record["id"])] == [
        ("present", True), ("late", True)]
    with server.database.read() as session:
        walk_in = session.get(Record, ("walk_in", walk_in_id))
        assert walk_in is not None and walk_in.deleted and walk_in.seq == seqs[4]
        assert session.get(Record, ("attendance", record["id"])).seq == seqs[3]
        invited = set(session.scalars(select(Invitation.candidate_id).where(
            Invitation.event_id == event.event_id)))
    assert invited == {first, second}
