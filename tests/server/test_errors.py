"""Every error is a problem document: limits, validation, unknown routes, old clients."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from server.embedded import EmbeddedServer
from tests.server.api import Api, mutation


def _problem(answer: requests.Response, status: int, code: str) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert {"type", "title", "status", "detail", "code"} <= set(body)
    assert body["status"] == status and body["code"] == code
    assert "Traceback" not in answer.text
    return dict(body)


def test_a_push_body_over_one_mebibyte_is_413(api: Api) -> None:
    client = api.login("facilitator")
    big = mutation("note", "n1", {"body": "x" * 600_000}, "1-0-d")
    body = json.dumps({"device_id": "d", "mutations": [big, dict(big, id="n2")]}).encode()
    assert len(body) > 1024 * 1024
    answer = client.post("/sync/push", data=body, headers={"Content-Type": "application/json"})
    _problem(answer, 413, "too_large")


def test_a_chunked_body_over_the_limit_is_413_too(api: Api) -> None:
    client = api.login("facilitator")

    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"device_id": "d", "mutations": [], "pad": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    answer = client.http.post(client.base_url + "/api/v1/sync/push", data=chunks(),
                              headers=client._headers({"Content-Type": "application/json"}),
                              timeout=15)
    _problem(answer, 413, "too_large")


def test_more_than_500_mutations_is_413(api: Api) -> None:
    client = api.login("facilitator")
    many = [mutation("note", f"n{i}", {}, "1-0-d") for i in range(501)]
    answer = client.post("/sync/push", json={"device_id": "d", "mutations": many})
    _problem(answer, 413, "too_many_mutations")


def test_a_malformed_request_is_422_with_field_paths(api: Api) -> None:
    client = api.login("facilitator")
    answer = client.post("/sync/push", json={"device_id": "d", "mutations": [
        {"mutation_id": "m", "type": "attendance", "id": "a", "data": {}}]})
    body = _problem(answer, 422, "invalid")
    assert "body.mutations.0.hlc" in {e["field"] for e in body["errors"]}
    assert "body.mutations.0.hlc" in body["detail"]
    answer = api.post("/auth/token", json={"username": "", "device_id": "d"})
    fields = {e["field"] for e in _problem(answer, 422, "invalid")["errors"]}
    assert {"body.username", "body.password"} <= fields


def test_an_unknown_route_is_a_404_problem(api: Api) -> None:
    answer = requests.get(api.base_url + "/no/such/thing", timeout=5)
    _problem(answer, 404, "not_found")
    _problem(api.get("/sync/nothing"), 404, "not_found")
    _problem(requests.delete(api.base_url + "/api/v1/sync/meta", timeout=5), 405,
             "method_not_allowed")


def test_openapi_is_served(api: Api) -> None:
    answer = requests.get(api.base_url + "/openapi.json", timeout=5)
    assert answer.status_code == 200
    assert "/api/v1/sync/push" in answer.json()["paths"]


def test_a_client_older_than_the_minimum_version_gets_426(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_template: Path) -> None:
    monkeypatch.setenv("NPQ_MIN_CLIENT_VERSION", "0.2.0")
    target = tmp_path / "server" / "npq-server.sqlite3"
    target.parent.mkdir()
    target.write_bytes(sqlite_template.read_bytes())
    with EmbeddedServer(data_dir=target.parent) as server:
        old = Api(server.base_url or "")
        _problem(old.get("/sync/meta", headers={"X-Client-Version": "0.1.9"}), 426,
                 "client_too_old")
        assert old.get("/sync/meta", headers={"X-Client-Version": "0.2.0"}).status_code == 200
        assert old.get("/sync/meta", headers={"X-Client-Version": "1.0"}).status_code == 200
