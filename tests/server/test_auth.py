"""Signing in, token rotation, logout and the meta endpoint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from server.embedded import EmbeddedServer
from server.models import Token
from server.security import token_hash
from tests.server.api import Api


@pytest.fixture
def no_grace(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    """A server where a rotated refresh token never works again (no grace for lost answers)."""
    monkeypatch.setenv("NPQ_REFRESH_REUSE_GRACE", "0")
    with EmbeddedServer(database_url=database_url, data_dir=tmp_path / "no-grace") as server:
        assert server.settings.refresh_reuse_grace == 0
        client = Api(server.base_url or "")
        yield client
        client.close()


def _refresh(api: Api, refresh_token: str) -> tuple[int, dict]:
    answer = api.post("/auth/refresh", json={"refresh_token": refresh_token})
    return answer.status_code, answer.json()


def test_meta_reports_protocol_versions_and_server_time(api: Api) -> None:
    answer = api.get("/sync/meta")
    assert answer.status_code == 200
    body = answer.json()
    assert body["protocol_min"] == 1 and body["protocol_max"] >= 1
    when = dt.datetime.fromisoformat(body["server_time"].replace("Z", "+00:00"))
    assert abs((when - dt.datetime.now(dt.UTC)).total_seconds()) < 60


def test_login_returns_a_token_pair_and_the_user(api: Api) -> None:
    client = api.login("facilitator")
    assert client.user["name"] == "Siân Hughes"
    assert client.user["roles"] == ["facilitator"]
    assert client.token and client.refresh_token and client.token != client.refresh_token
    assert client.get("/sync/pull", limit=1).status_code == 200


def test_wrong_password_is_a_401_problem_with_a_clear_title(api: Api) -> None:
    answer = api.post("/auth/token", json={"username": "facilitator", "password": "nope",
                                           "device_id": "d1"})
    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert body["title"] == "Wrong username or password"
    assert body["code"] == "unauthorized" and body["status"] == 401


def test_repeated_failures_for_one_username_are_rate_limited_with_retry_after(api: Api) -> None:
    for _ in range(5):
        answer = api.post("/auth/token", json={"username": "partner", "password": "bad",
                                               "device_id": "d1"})
        assert answer.status_code == 401
    answer = api.post("/auth/token", json={"username": "partner", "password": "npq-demo",
                                           "device_id": "d1"})
    assert answer.status_code == 429
    assert int(answer.headers["Retry-After"]) > 0
    assert answer.json()["code"] == "rate_limited"
    # another username is not affected
    assert api.login("qa").user["roles"] == ["qa_lead"]


def test_refresh_rotates_and_the_old_refresh_token_stops_working(no_grace: Api) -> None:
    client = no_grace.login("facilitator")
    first = no_grace.post("/auth/refresh", json={"refresh_token": client.refresh_token})
    assert first.status_code == 200
    pair = first.json()
    assert pair["refresh_token"] != client.refresh_token
    again = no_grace.post("/auth/refresh", json={"refresh_token": client.refresh_token})
    assert again.status_code == 401
    assert again.json()["code"] == "unauthorized"


def test_reusing_a_rotated_refresh_token_outside_the_grace_revokes_the_whole_login(
        no_grace: Api) -> None:
    client = no_grace.login("facilitator")
    status, pair = _refresh(no_grace, client.refresh_token)
    assert status == 200
    assert _refresh(no_grace, client.refresh_token)[0] == 401
    assert _refresh(no_grace, pair["refresh_token"])[0] == 401
    assert Api(no_grace.base_url, pair["access_token"]).get("/sync/pull").status_code == 401


def test_a_lost_refresh_answer_is_recovered_once_within_the_grace(api: Api) -> None:
    client = api.login("facilitator")
    status, lost = _refresh(api, client.refresh_token)  # the answer never reaches the client
    assert status == 200
    status, pair = _refresh(api, client.refresh_token)  # so it tries again with the old one
    assert status == 200, pair
    assert pair["user"]["id"] == client.user["id"]
    assert {pair["access_token"], pair["refresh_token"]}.isdisjoint(
        {lost["access_token"], lost["refresh_token"], client.refresh_token})
    assert Api(api.base_url, pair["access_token"]).get("/sync/meta").status_code == 200
    assert Api(api.base_url, pair["access_token"]).get("/sync/pull").status_code == 200
    # the lost pair never reached anyone who should have it: revoked
    assert Api(api.base_url, lost["access_token"]).get("/sync/pull").status_code == 401
    assert _refresh(api, lost["refresh_token"])[0] == 401
    # once only: a third time is reuse, and the login is revoked
    assert _refresh(api, client.refresh_token)[0] == 401
    assert _refresh(api, pair["refresh_token"])[0] == 401
    assert Api(api.base_url, pair["access_token"]).get("/sync/pull").status_code == 401


def test_the_grace_does_not_cover_a_token_whose_successor_was_used(api: Api) -> None:
    """The client did get the new pair (it refreshed with it): the old token is reuse."""
    client = api.login("facilitator")
    _, second = _refresh(api, client.refresh_token)
    status, third = _refresh(api, second["refresh_token"])
    assert status == 200
    assert _refresh(api, client.refresh_token)[0] == 401
    assert _refresh(api, third["refresh_token"])[0] == 401


def test_the_grace_ends_after_the_configured_seconds(api: Api, server: EmbeddedServer) -> None:
    assert server.settings.refresh_reuse_grace == 60
    client = api.login("facilitator")
    _, lost = _refresh(api, client.refresh_token)
    with server.database.write() as session:
        session.execute(update(Token).where(
            Token.token_hash == token_hash(client.refresh_token)).values(
            used_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=61)))
    assert _refresh(api, client.refresh_token)[0] == 401
    assert _refresh(api, lost["refresh_token"])[0] == 401  # the login is revoked


def test_logout_revokes_access_and_refresh_tokens(api: Api) -> None:
    client = api.login("cofacilitator")
    answer = client.post("/auth/logout", json={"refresh_token": client.refresh_token})
    assert answer.status_code == 204
    assert client.get("/sync/pull").status_code == 401
    assert api.post("/auth/refresh", json={"refresh_token": client.refresh_token}
                    ).status_code == 401


def test_requests_without_a_token_get_a_401_problem(api: Api) -> None:
    answer = api.get("/sync/pull")
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthorized"
    assert Api(api.base_url, "made-up").get("/sync/pull").status_code == 401
