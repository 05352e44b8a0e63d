"""Signing in, token rotation, logout and the meta endpoint."""

from __future__ import annotations

import datetime as dt

from tests.server.api import Api


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


def test_refresh_rotates_and_the_old_refresh_token_stops_working(api: Api) -> None:
    client = api.login("facilitator")
    first = api.post("/auth/refresh", json={"refresh_token": client.refresh_token})
    assert first.status_code == 200
    pair = first.json()
    assert pair["refresh_token"] != client.refresh_token
    again = api.post("/auth/refresh", json={"refresh_token": client.refresh_token})
    assert again.status_code == 401
    assert again.json()["code"] == "unauthorized"


def test_reusing_a_rotated_refresh_token_revokes_the_whole_login(api: Api) -> None:
    client = api.login("facilitator")
    pair = api.post("/auth/refresh", json={"refresh_token": client.refresh_token}).json()
    assert api.post("/auth/refresh", json={"refresh_token": client.refresh_token}
                    ).status_code == 401
    assert api.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}
                    ).status_code == 401
    assert Api(api.base_url, pair["access_token"]).get("/sync/pull").status_code == 401


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
