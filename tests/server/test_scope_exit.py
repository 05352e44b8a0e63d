"""Records leaving a caller's scope reach them as ``deleted`` tombstones, in commit order."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from server.embedded import EmbeddedServer
from server.models import Record
from server.services.people import assign, unassign, unassign_qa
from tests.server import lookups
from tests.server.api import Api, mutation
from tests.server.conftest import TODAY


def _group_keys(server: EmbeddedServer, group_id: str) -> set[tuple[str, str]]:
    with server.database.read() as session:
        return {(r.type, r.id) for r in session.scalars(select(Record).where(
            Record.group_id == group_id, Record.deleted.is_(False)))}


def _note(event_id: str, body: str, device: str) -> dict:
    return mutation("note", str(uuid.uuid4()), {
        "event_id": event_id, "body": body, "visibility": "shared", "author_id": "x",
        "updated_at": "2026-11-23T10:00:00Z"}, f"1-0-{device}")


def test_a_facilitator_removed_from_a_group_gets_a_tombstone_for_all_of_it(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator")
    held, cursor = client.pull_all()
    held_keys = {(c["type"], c["id"]) for c in held}
    mine = lookups.assigned_groups(server.database, "facilitator")
    today = lookups.event_on(server.database, mine, TODAY)
    group = today.group_id
    other_event = next(c["id"] for c in held if c["type"] == "event"
                       and c["data"]["group_id"] != group)
    in_group = _group_keys(server, group) & held_keys
    kinds = {t for t, _ in in_group}
    assert {"group", "event", "candidate", "enrolment", "attendance", "note",
            "assignment", "walk_in", "register_submission", "evaluation_summary"} <= kinds
    colleague = api.login("cofacilitator")
    _, colleague_cursor = colleague.pull_all()
    theirs = _note(today.event_id, "written before the exit", "colleague")
    before = _note(other_event, "before", "mine")
    assert colleague.push(theirs)[0]["status"] == "applied"
    assert client.push(before)[0]["status"] == "applied"

    with server.database.write() as session:
        count = unassign(session, user_id=client.user["id"], group_id=group)
    assert count >= len(in_group)
    assert client.push(_note(other_event, "after", "mine"))[0]["status"] == "applied"
    assert colleague.push(_note(today.event_id, "after", "colleague"))[0]["status"] == "applied"

    changes, _ = client.pull_all(cursor, limit=7)
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    tombstones = {(c["type"], c["id"]) for c in changes if c["deleted"]}
    assert in_group | {("note", theirs["id"])} <= tombstones
    assert all(c["data"] is None for c in changes if c["deleted"])
    assert {c["data"]["body"] for c in changes if c["type"] == "note" and not c["deleted"]} \
        == {"before", "after"}
    # the tombstones sit in commit order between what was written before and after
    order = [("before" if c["type"] == "note" and not c["deleted"]
              and c["data"]["body"] == "before" else
              "after" if c["type"] == "note" and not c["deleted"] else "exit")
             for c in changes if c["deleted"] or c["type"] == "note"]
    assert order[0] == "before" and order[-1] == "after"
    assert set(order[1:-1]) == {"exit"}
    assert client.get(f"/records/group/{group}").status_code == 404
    # a client starting from scratch gets nothing of the group, not even tombstones
    fresh, _ = client.pull_all()
    assert not any(c["deleted"] for c in fresh)
    assert not {(c["type"], c["id"]) for c in fresh} & in_group
    # the colleague keeps the group and learns that the assignment ended
    theirs_now, _ = colleague.pull_all(colleague_cursor)
    ended = [c for c in theirs_now if c["type"] == "assignment" and c["deleted"]]
    assert len(ended) == 1
    group_record = next(c for c in theirs_now if c["type"] == "group" and c["id"] == group)
    assert client.user["id"] not in group_record["data"]["facilitator_ids"]
    assert not any(c["deleted"] and c["type"] in ("candidate", "event") for c in theirs_now)


def test_removed_then_assigned_again_the_group_comes_back_after_its_tombstones(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator")
    _, cursor = client.pull_all()
    group = lookups.event_on(server.database,
                             lookups.assigned_groups(server.database, "facilitator"),
                             TODAY).group_id
    with server.database.write() as session:
        unassign(session, user_id=client.user["id"], group_id=group)
    with server.database.write() as session:
        assign(session, user_id=client.user["id"], group_id=group, role="facilitator")
    changes, _ = client.pull_all(cursor)
    last: dict[tuple[str, str], dict] = {}
    for change in changes:
        last[(change["type"], change["id"])] = change
    assert not last[("group", group)]["deleted"]
    events = [c for k, c in last.items() if k[0] == "event" and c["data"] and
              c["data"]["group_id"] == group]
    assert events and not any(c["deleted"] for c in events)
    assert client.get(f"/records/group/{group}").status_code == 200


def test_a_qa_lead_loses_the_groups_of_facilitators_taken_out_of_their_care(
        api: Api, server: EmbeddedServer) -> None:
    qa = api.login("qa")
    held, cursor = qa.pull_all()
    partner = lookups.user_partner(server.database, "facilitator")
    group = lookups.qa_group(server.database, "qa", partner)
    group_keys = _group_keys(server, group)
    assert ("group", group) in {(c["type"], c["id"]) for c in held}
    with server.database.write() as session:
        count = sum(unassign_qa(session, facilitator_id=f, qa_lead_id=qa.user["id"])
                    for f in lookups.group_facilitators(server.database, group))
    assert count > 0
    changes, _ = qa.pull_all(cursor)
    tombstones = {(c["type"], c["id"]) for c in changes if c["deleted"]}
    visible_before = {(c["type"], c["id"]) for c in held}
    assert group_keys & visible_before <= tombstones
    assert {t for t, _ in group_keys & visible_before} >= {"group", "event", "assignment"}
    assert tombstones <= visible_before  # only what they had; never a candidate
    assert qa.get(f"/records/group/{group}").status_code == 404
    mine = lookups.assigned_groups(server.database, "facilitator")
    assert all(qa.get(f"/records/group/{g}").status_code == 200 for g in mine)
