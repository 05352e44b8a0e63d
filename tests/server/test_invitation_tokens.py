"""Evaluation invitation tokens are kept hashed: the database holds no token a candidate
could answer with, and the link in the invitation still works."""

from __future__ import annotations

import uuid

from sqlalchemy import inspect, select, text

from server.embedded import EmbeddedServer
from server.models import EvaluationResponse, Invitation
from server.security import token_hash
from tests.server.api import Api, mutation
from tests.server.test_push import mark, stamp, today_event


def _everything_stored(server: EmbeddedServer) -> str:
    """Every row of every table of the server's database, as text."""
    with server.database.engine.connect() as connection:
        return "\n".join(str(row) for table in inspect(connection).get_table_names()
                         for row in connection.execute(text(f'SELECT * FROM "{table}"')))


def _submit_today(api: Api, server: EmbeddedServer) -> tuple[str, list[str]]:
    """Everyone on today's register present and the register submitted: returns the event
    and the tokens of the invitations as the candidates received them."""
    client = api.login("facilitator", device_id="laptopA")
    event = today_event(server)
    marks = [mark(event.event_id, c, "present", stamp("laptopA", n))
             for n, c in enumerate(event.candidate_ids)]
    submission = mutation("register_submission", str(uuid.uuid4()), {
        "event_id": event.event_id, "submitted_by": "x",
        "submitted_at": "2026-11-23T16:05:00Z"}, stamp("laptopA", 100))
    assert {r["status"] for r in client.push(*marks, submission)} == {"applied"}
    return event.event_id, server.postbox.tokens(event.event_id)


def test_the_database_holds_only_hashes_of_the_invitation_tokens(
        api: Api, server: EmbeddedServer) -> None:
    event_id, tokens = _submit_today(api, server)
    assert len(tokens) == len(today_event(server).candidate_ids) > 0
    with server.database.read() as session:
        held = set(session.scalars(select(Invitation.token_hash).where(
            Invitation.event_id == event_id)))
    assert held == {token_hash(t) for t in tokens}
    stored = _everything_stored(server)
    assert not [t for t in tokens if t in stored]


def test_the_link_answers_and_a_wrong_token_or_the_stored_hash_is_not_found(
        api: Api, server: EmbeddedServer) -> None:
    _, tokens = _submit_today(api, server)
    first = tokens[0]
    flipped = first[:-1] + ("A" if first[-1] != "A" else "B")
    for wrong in (flipped, token_hash(first), "x" * 64, str(uuid.uuid4())):
        answer = api.post(f"/evaluations/{wrong}", json={"ratings": {"overall": 4}})
        assert answer.status_code == 404 and answer.json()["code"] == "not_found", wrong
    assert api.post(f"/evaluations/{first}", json={"ratings": {"overall": 4},
                                                   "comment": "Good"}).status_code == 201
    assert api.post(f"/evaluations/{first}", json={"ratings": {"overall": 5}}
                    ).json()["code"] == "already_answered"
    with server.database.read() as session:
        [response] = session.scalars(select(EvaluationResponse).where(
            EvaluationResponse.invitation_token_hash == token_hash(first))).all()
    assert response.ratings == {"overall": 4}
    assert first not in _everything_stored(server)
