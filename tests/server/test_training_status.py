"""Deferral and withdrawal requests on the central service (issue 15): each refusal with its
code and words, nothing written by a refused request, and an accepted one written as the
candidate's training status that the group's people pull. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from protocol.records import training_status_id
from server.embedded import EmbeddedServer
from server.models import Record
from tests.server import lookups
from tests.server.api import Api, mutation


def _request(group: str, candidate: str, kind: str, reason: str, day: str) -> dict[str, Any]:
    return mutation("training_status_request", str(uuid.uuid4()), {
        "candidate_id": candidate, "group_id": group, "kind": kind, "reason": reason,
        "effective_date": day, "requested_by": "x",
        "requested_at": "2026-11-23T10:00:00Z"}, f"5-0-ts{uuid.uuid4().hex[:6]}")


def _status(server: EmbeddedServer, group: str, candidate: str) -> dict[str, Any] | None:
    with server.database.read() as session:
        row = session.get(Record, ("training_status", training_status_id(group, candidate)))
        return None if row is None else dict(row.data or {})


def test_refusals_say_why_and_write_nothing_and_an_accepted_request_writes_the_status(
        server: EmbeddedServer, api: Api) -> None:
    group, person, first = lookups.attended(server.database, "facilitator")[0]
    day = dt.date.fromisoformat(first)
    siân = api.login("facilitator")

    def refused(*args: str) -> tuple[str, str]:
        result = siân.push(_request(group, person, *args))[0]
        assert result["status"] == "rejected", result
        return result["error"]["code"], result["error"]["message"]

    assert refused("deferred", "change-in-career", first)[0] == "unknown_reason"
    assert refused("withdrawn", "parental-leave", first)[0] == "unknown_reason"
    far = (dt.date.today() + dt.timedelta(days=31)).isoformat()
    assert refused("deferred", "other", far)[0] == "date_not_allowed"
    code, words = refused("withdrawn", "other", (day - dt.timedelta(days=1)).isoformat())
    assert code == "no_engagement" and words.startswith("No engagement recorded")
    assert _status(server, group, person) is None

    asked = _request(group, person, "deferred", "bereavement", first)
    deferred_id = asked["id"]
    assert siân.push(asked)[0]["status"] == "applied"
    held = _status(server, group, person) or {}
    assert {k: held.get(k) for k in ("status", "reason", "effective_date", "request_id")} == {
        "status": "deferred", "reason": "bereavement", "effective_date": first,
        "request_id": deferred_id}
    partner = api.login("partner")  # the partner lead may withdraw a deferred candidate
    assert partner.push(_request(group, person, "withdrawn", "change-in-career",
                                 first))[0]["status"] == "applied"
    assert (_status(server, group, person) or {})["status"] == "withdrawn"
    assert refused("deferred", "other", first)[0] == "already_withdrawn"
    seen = {(c["type"], c["id"]) for c in partner.pull_all()[0]}
    assert ("training_status", training_status_id(group, person)) in seen
    qa = api.login("qa")
    assert ("training_status", training_status_id(group, person)) not in {
        (c["type"], c["id"]) for c in qa.pull_all()[0]}
