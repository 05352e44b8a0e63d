"""Records entering a caller's scope reach them even though their cursor had passed them."""

from __future__ import annotations

from sqlalchemy import select

from server.embedded import EmbeddedServer
from server.models import Record
from server.services.people import assign, assign_qa
from tests.server import lookups
from tests.server.api import Api


def test_a_newly_assigned_facilitator_receives_the_groups_existing_records(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator")
    before, cursor = client.pull_all()
    mine = lookups.assigned_groups(server.database, "facilitator")
    new_group = lookups.other_partner_group(server.database, "facilitator")
    assert new_group not in mine
    with server.database.write() as session:
        assign(session, user_id=client.user["id"], group_id=new_group, role="facilitator")
        expected = {(r.type, r.id) for r in session.scalars(
            select(Record).where(Record.group_id == new_group, Record.type != "note"))}
    changes, _ = client.pull_all(cursor, limit=50)
    received = {(c["type"], c["id"]) for c in changes}
    assert expected <= received
    kinds = {t for t, _ in expected}
    assert {"group", "event", "candidate", "enrolment", "attendance", "assignment"} <= kinds
    assert ("group", new_group) in received
    partner = next(c for c in changes if c["type"] == "group")["data"]["partner_id"]
    assert ("partner", partner) in received
    assert client.get(f"/records/group/{new_group}").status_code == 200
    assert len(before) > 0


def test_a_qa_lead_receives_the_groups_of_a_facilitator_newly_in_their_care(
        api: Api, server: EmbeddedServer) -> None:
    qa = api.login("qa2")
    _, cursor = qa.pull_all()
    facilitator_id = lookups.user_id(server.database, "facilitator")
    with server.database.write() as session:
        assign_qa(session, facilitator_id=facilitator_id, qa_lead_id=qa.user["id"])
    changes, _ = qa.pull_all(cursor)
    groups = {c["id"] for c in changes if c["type"] == "group"}
    assert lookups.assigned_groups(server.database, "facilitator") <= groups
    assert not any(c["type"] == "candidate" for c in changes)
