"""A candidate moved to another group stays on the registers they were on: marks for them
there are still accepted (amendments of past registers), and nowhere else in the old group."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from server.embedded import EmbeddedServer
from server.models import Record
from server.services.roster import enrolments, move_candidate
from tests.server import lookups
from tests.server.api import Api
from tests.server.conftest import TODAY
from tests.server.test_push import mark, stamp

REASON = "Arrived after the register was taken; confirmed with the venue"


def _events(server: EmbeddedServer, group_id: str) -> list[Record]:
    with server.database.read() as session:
        events = list(session.scalars(select(Record).where(
            Record.type == "event", Record.group_id == group_id)))
    return sorted(events, key=lambda e: (e.data or {})["number"])


def _move(server: EmbeddedServer, candidate_id: str, to_group: str, on: dt.date) -> None:
    with server.database.write() as session:
        move_candidate(session, candidate_id=candidate_id, to_group_id=to_group, on=on)


def test_a_moved_candidates_past_register_can_be_amended_but_not_the_old_groups_later_ones(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    mine = lookups.assigned_groups(server.database, "facilitator")
    first = lookups.event_on(server.database, mine, TODAY, before=True)  # submitted
    events = _events(server, first.group_id)
    assert events[0].id == first.event_id
    later = events[1]
    elsewhere = lookups.other_partner_group(server.database, "facilitator")
    moved = first.candidate_ids[0]
    before = mark(first.event_id, moved, "late", stamp("laptopA"), arrival_time="09:40",
                  amendment_reason=REASON)
    assert client.push(before)[0]["status"] == "applied"
    _, cursor = client.pull_all()

    _move(server, moved, elsewhere, dt.date(2026, 11, 1))  # between events 1 and 2

    with server.database.read() as session:
        old = enrolments(session, first.group_id, moved)
        assert [(e.data or {})["status"] for e in old] == ["withdrawn"]
        assert (old[0].data or {})["withdrawn_on"] == "2026-11-01"
        assert [(e.data or {})["status"] for e in enrolments(session, elsewhere, moved)] == [
            "active"]
    changes, _ = client.pull_all(cursor)
    assert {(c["type"], c["id"], c["deleted"]) for c in changes} >= {
        ("candidate", moved, True)}

    amended = mark(first.event_id, moved, "present", stamp("laptopA", 1),
                   amendment_reason=REASON)
    unexplained = mark(first.event_id, moved, "absent", stamp("laptopA", 2))
    at_later = mark(later.id, moved, "present", stamp("laptopA", 3))
    results = client.push(amended, unexplained, at_later)
    assert results[0]["status"] == "applied"
    assert results[1]["error"]["code"] == "register_submitted"
    assert results[2]["status"] == "rejected"
    assert results[2]["error"]["code"] == "not_found"
    record = client.get(f"/records/attendance/{amended['id']}").json()
    assert record["data"]["status"] == "present"
    assert record["data"]["amendment_reason"] == REASON


def test_a_candidate_moved_after_an_unmarked_event_may_still_be_marked_on_it(
        api: Api, server: EmbeddedServer) -> None:
    """No mark yet: the enrolment, withdrawn on the day of the move, still covers the event."""
    client = api.login("facilitator", device_id="laptopA")
    mine = lookups.assigned_groups(server.database, "facilitator")
    today = lookups.event_on(server.database, mine, TODAY)
    events = _events(server, today.group_id)
    later = next(e for e in events if (e.data or {})["chosen_date"] > TODAY.isoformat())
    elsewhere = lookups.other_partner_group(server.database, "facilitator")
    moved = today.candidate_ids[1]

    _move(server, moved, elsewhere, TODAY)  # after today's session

    results = client.push(mark(today.event_id, moved, "present", stamp("laptopA")),
                          mark(later.id, moved, "apologies", stamp("laptopA", 1)))
    assert results[0]["status"] == "applied"
    assert results[1]["error"]["code"] == "not_found"


def test_a_candidate_never_in_the_group_is_not_found_on_its_registers(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    mine = lookups.assigned_groups(server.database, "facilitator")
    first = lookups.event_on(server.database, mine, TODAY, before=True)
    today = lookups.event_on(server.database, mine, TODAY)
    elsewhere = lookups.other_partner_group(server.database, "facilitator")
    stranger = lookups.group_candidates(server.database, elsewhere)[0]
    results = client.push(
        mark(first.event_id, stranger, "present", stamp("laptopA"), amendment_reason=REASON),
        mark(today.event_id, stranger, "present", stamp("laptopA", 1)))
    assert [r["error"]["code"] for r in results] == ["not_found", "not_found"]
    # once moved into the group they are in it now: accepted, as for any of its candidates
    # (on a register from before they joined, the client marks them not_applicable)
    newcomer = lookups.group_candidates(server.database, elsewhere)[1]
    _move(server, newcomer, first.group_id, TODAY)
    late = mark(first.event_id, newcomer, "not_applicable", stamp("laptopA", 2),
                amendment_reason=REASON)
    assert client.push(late)[0]["status"] == "applied"
