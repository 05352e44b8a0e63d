"""Nothing personal reaches a log: names, emails, special requirements, passwords, tokens."""

from __future__ import annotations

import logging
import uuid

import pytest
from sqlalchemy import select

from protocol.records import attendance_id
from server.embedded import EmbeddedServer
from server.models import Record
from tests.server import lookups
from tests.server.api import PASSWORD, Api, mutation
from tests.server.conftest import TODAY


def _secrets(server: EmbeddedServer, group_ids: set[str]) -> set[str]:
    found: set[str] = set()
    with server.database.read() as session:
        for record in session.scalars(select(Record).where(
                Record.type == "candidate", Record.group_id.in_(sorted(group_ids)))):
            data = record.data or {}
            found |= {f"{data['given_name']} {data['family_name']}", data["email"]}
            if data.get("special_requirements"):
                found.add(data["special_requirements"])
    return {s for s in found if s}


def test_no_personal_data_or_credential_reaches_any_log_record(
        api: Api, server: EmbeddedServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")  # an operator may turn SQL on
    mine = lookups.assigned_groups(server.database, "facilitator")
    event = lookups.event_on(server.database, mine, TODAY)
    private = _secrets(server, mine)
    assert any("@" in s for s in private) and len(private) > 20
    sample = sorted(private)
    client = api.login("facilitator")
    tokens = {client.token or "", client.refresh_token}
    for username in ("facilitator", "partner", sample[0]):
        api.post("/auth/token", json={"username": username, "password": "Wrong-" + sample[1],
                                      "device_id": "d"})
    client.pull_all()
    bad = [
        mutation("walk_in", str(uuid.uuid4()), {"event_id": event.event_id, "name": sample[2],
                                               "email": sample[3], "recorded_by": "x",
                                               "status": "asleep"}, "1-0-d"),
        mutation("walk_in", str(uuid.uuid4()), {"event_id": "elsewhere", "name": sample[4],
                                               "email": sample[5], "recorded_by": "x"}, "1-0-d"),
        mutation("note", str(uuid.uuid4()), {"event_id": event.event_id, "body": sample[6],
                                            "author_id": "x", "visibility": "nobody",
                                            "updated_at": "x"}, "1-0-d"),
        mutation("attendance", attendance_id(event.event_id, event.candidate_ids[0]), {
            "event_id": event.event_id, "candidate_id": event.candidate_ids[0],
            "status": "present", "marked_by": "x", "note": sample[7]}, "garbage"),
        mutation("candidate", str(uuid.uuid4()), {"given_name": sample[8]}, "1-0-d"),
    ]
    client.push(*bad)
    client.post("/sync/push", json={"device_id": "d", "mutations": [
        {"type": "walk_in", "data": {"name": sample[9], "email": sample[10]}}]})
    client.post("/sync/push", data=b'{"device_id": "' + sample[11].encode() + b'"',
                headers={"Content-Type": "application/json"})
    client.get(f"/records/candidate/{sample[12]}")
    fresh = api.login("cofacilitator")
    tokens |= {fresh.token or "", fresh.refresh_token}
    api.post("/auth/refresh", json={"refresh_token": fresh.refresh_token})
    api.post("/auth/refresh", json={"refresh_token": fresh.refresh_token})  # reuse
    fresh.post("/auth/logout", json={"refresh_token": fresh.refresh_token})
    forbidden = private | {PASSWORD} | {t for t in tokens if t}
    assert len(caplog.records) > 5
    leaks = []
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "") + str(record.args or "")
        leaks += [f"{record.name}: {s!r}" for s in forbidden if s in text]
    assert not leaks, leaks[:10]
