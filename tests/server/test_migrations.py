"""Schema migrations keep what a database holds (issue 12: remembered mutations keyed by
their sender, 0005; invitation tokens kept hashed, 0006), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from server.db import Database
from server.embedded import EmbeddedServer
from server.security import token_hash
from server.services.people import create_user
from tests.server.api import Api, mutation
from tests.server.conftest import PostgresDatabases
from tests.server.schema_versions import migrate_to

ANSWERED, OPEN = "tokAnswered0000000000000000000000", "tokOpen000000000000000000000000000"


@pytest.fixture
def empty_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema yet on ``backend``."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres")
    name = databases.create(seeded=False)
    try:
        yield databases.url_for(name)
    finally:
        databases.drop(name)


def _as_of_0004(url: str) -> None:
    """A database of revision 0004 holding two users, a mutation one of them sent, an
    answered invitation and an open one, as that revision kept them (tokens in clear)."""
    database = Database(url)
    try:
        migrate_to(database, "0004")
        with database.write() as session:
            for name in ("ada", "bea"):
                create_user(session, username=name, name=name.title(), roles=["facilitator"],
                            password="npq-demo", user_id=f"user-{name}")
            session.execute(text(
                "INSERT INTO applied_mutations (mutation_id, user_id, record_type, record_id,"
                " seq) VALUES ('m-1', 'user-ada', 'note', 'n-1', 7)"))
            session.execute(text(
                "INSERT INTO invitations (token, event_id, candidate_id, responded_at) VALUES "
                f"('{ANSWERED}', 'e-1', 'c-1', :answered), ('{OPEN}', 'e-1', 'c-2', NULL)"),
                {"answered": dt.datetime(2026, 11, 20, 17, tzinfo=dt.UTC)})
            session.execute(text(
                "INSERT INTO evaluation_responses (invitation_token, event_id, ratings, "
                f"comment) VALUES ('{ANSWERED}', 'e-1', '{{\"overall\": 5}}', '')"))
    finally:
        database.dispose()


def test_a_database_of_revision_0004_keeps_its_replays_and_links_after_the_upgrade(
        empty_url: str, tmp_path: Path) -> None:
    _as_of_0004(empty_url)
    with EmbeddedServer(database_url=empty_url, data_dir=tmp_path / "server") as server:
        with server.database.engine.connect() as connection:
            schema = inspect(connection)
            assert schema.get_pk_constraint("applied_mutations")["constrained_columns"] == [
                "user_id", "mutation_id"]
            invitations = connection.execute(text(
                "SELECT token_hash FROM invitations ORDER BY candidate_id")).scalars().all()
            responses = connection.execute(text(
                "SELECT invitation_token_hash FROM evaluation_responses")).scalars().all()
        assert invitations == [token_hash(ANSWERED), token_hash(OPEN)]
        assert responses == [token_hash(ANSWERED)]
        api = Api(server.base_url or "")
        # the links sent before still work: one answered, one open
        assert api.post(f"/evaluations/{ANSWERED}", json={"ratings": {"overall": 1}}
                        ).json()["code"] == "already_answered"
        assert api.post(f"/evaluations/{OPEN}", json={"ratings": {"overall": 4}}
                        ).status_code == 201
        assert api.post(f"/evaluations/{token_hash(OPEN)}", json={"ratings": {"overall": 4}}
                        ).status_code == 404
        # the remembered mutation is its sender's: a replay by her, a new one by anyone else
        replay = mutation("note", "n-1", {"event_id": "no-such-event", "body": "x",
                                          "author_id": "x", "visibility": "private",
                                          "updated_at": "2026-11-23T10:00:00Z"}, "1-0-old")
        replay["mutation_id"] = "m-1"
        ada, bea = api.login("ada"), api.login("bea")
        assert ada.push(replay)[0] == {"mutation_id": "m-1", "status": "duplicate", "seq": 7,
                                       "error": None}
        theirs = bea.push(replay)[0]
        assert theirs["status"] == "rejected" and theirs["error"]["code"] == "not_found"
        assert bea.push(dict(replay, mutation_id=str(uuid.uuid4())))[0]["status"] == "rejected"
        for client in (api, ada, bea):
            client.close()
