"""Signing in, token rotation, logout and the meta endpoint."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.server.api import Api


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


def test_refresh_rotates_to_a_new_pair(api: Api) -> None:
    client = api.login("facilitator")
    status, pair = _refresh(api, client.refresh_token)
    assert status == 200
    assert pair["refresh_token"] != client.refresh_token
    assert pair["access_token"] != client.token
    assert Api(api.base_url, pair["access_token"]).get("/sync/pull").status_code == 200


def test_logout_revokes_access_and_refresh_tokens(api: Api) -> None:
    client = api.login("cofacilitator")
    answer = client.post("/auth/logout", json={"refresh_token": client.refresh_token})
    assert answer.status_code == 204
    assert client.get("/sync/pull").status_code == 401
    assert api.post("/auth/refresh", json={"refresh_token": client.refresh_token}
                    ).status_code == 401


def test_logout_with_another_users_refresh_token_signs_out_only_the_caller(api: Api) -> None:
    a, b = api.login("facilitator"), api.login("partner")
    answer = a.post("/auth/logout", json={"refresh_token": b.refresh_token})
    assert answer.status_code == 204
    assert a.get("/sync/pull").status_code == 401  # A's own sign-in is revoked
    assert _refresh(api, a.refresh_token)[0] == 401
    status, pair = _refresh(api, b.refresh_token)  # B's is untouched
    assert status == 200, pair
    assert Api(api.base_url, pair["access_token"]).get("/sync/pull").status_code == 200


@pytest.mark.parametrize("named", ["own other laptop", "made up", "an access token"])
def test_logout_ignores_any_token_that_is_not_the_callers_and_answers_the_same(
        api: Api, named: str) -> None:
    """The same 204 whatever the body names, so a caller learns nothing about a token."""
    caller, other = api.login("facilitator"), api.login("facilitator")
    token = {"own other laptop": other.refresh_token, "made up": "x" * 43,
             "an access token": other.token or ""}[named]
    answer = caller.post("/auth/logout", json={"refresh_token": token})
    assert answer.status_code == 204 and answer.content == b""
    assert caller.get("/sync/pull").status_code == 401
    assert other.get("/sync/pull").status_code == 200
    assert _refresh(api, other.refresh_token)[0] == 200


def test_requests_without_a_token_get_a_401_problem(api: Api) -> None:
    answer = api.get("/sync/pull")
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthorized"
    assert Api(api.base_url, "made-up").get("/sync/pull").status_code == 401
