"""A small HTTP client for the server tests, speaking the protocol as the app does."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from protocol.wire import API_PREFIX

PASSWORD = "npq-demo"
TIMEOUT = 15


class Api:
    def __init__(self, base_url: str, token: str | None = None,
                 session: requests.Session | None = None) -> None:
        self.base_url = base_url
        self.token = token
        self.http = session or requests.Session()
        self.user: dict[str, Any] = {}
        self.refresh_token = ""

    def close(self) -> None:
        self.http.close()

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"X-Client-Version": "0.1.0"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers | (extra or {})

    def get(self, path: str, headers: dict[str, str] | None = None,
            **params: Any) -> requests.Response:
        return self.http.get(self.base_url + API_PREFIX + path, params=params or None,
                             headers=self._headers(headers), timeout=TIMEOUT)

    def post(self, path: str, json: Any = None, headers: dict[str, str] | None = None,
             data: bytes | None = None) -> requests.Response:
        return self.http.post(self.base_url + API_PREFIX + path, json=json, data=data,
                              headers=self._headers(headers), timeout=TIMEOUT)

    def login(self, username: str, password: str = PASSWORD,
              device_id: str | None = None) -> Api:
        """A new client signed in as ``username`` (this one is left as it was)."""
        device = device_id or f"dev{uuid.uuid4().hex[:12]}"
        answer = self.post("/auth/token", json={"username": username, "password": password,
                                                "device_id": device, "device_name": "test"})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        client = Api(self.base_url, body["access_token"])
        client.user, client.refresh_token = body["user"], body["refresh_token"]
        client.device_id = device  # type: ignore[attr-defined]
        return client

    def pull_page(self, cursor: str | None = None, limit: int = 1000) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        answer = self.get("/sync/pull", **params)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def pull_all(self, cursor: str | None = None,
                 limit: int = 1000) -> tuple[list[dict[str, Any]], str]:
        changes: list[dict[str, Any]] = []
        while True:
            page = self.pull_page(cursor, limit)
            changes.extend(page["changes"])
            cursor = page["cursor"]
            if not page["more"]:
                return changes, str(cursor)

    def push(self, *mutations: dict[str, Any], device_id: str | None = None) -> list[dict]:
        answer = self.post("/sync/push", json={
            "device_id": device_id or getattr(self, "device_id", "testdevice"),
            "mutations": list(mutations)})
        assert answer.status_code == 200, answer.text
        return list(answer.json()["results"])


def mutation(type_: str, id_: str, data: dict[str, Any], hlc: str,
             op: str = "upsert") -> dict[str, Any]:
    return {"mutation_id": str(uuid.uuid4()), "type": type_, "id": id_, "op": op,
            "data": data, "hlc": hlc}
