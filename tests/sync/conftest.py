"""Real clients (a store on disk + SyncService) against the real server on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from app.catalogue import CatalogueService
from app.clock import shared_clock
from app.domain import Identity
from app.registers import RegisterService
from app.store import Store
from sync.service import SyncService
from tests.conftest import TEST_TODAY
from tests.sync.faulty_proxy import FaultyProxy

PASSWORD = "npq-demo"


@dataclass
class Client:
    store: Store
    sync: SyncService
    identity: Identity

    @property
    def registers(self) -> RegisterService:
        return RegisterService(self.store, shared_clock(self.store), self.identity.user_id)

    @property
    def catalogue(self) -> CatalogueService:
        return CatalogueService(self.store)

    def todays_event(self) -> str:
        [event] = [e for e in self.catalogue.events(TEST_TODAY) if e.is_on(TEST_TODAY)][:1]
        return event.id

    def markable(self, event_id: str) -> list[str]:
        return [r.candidate_id for r in self.registers.load(event_id).rows if not r.withdrawn]


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., Client]]:
    stores: list[Store] = []

    def make(url: str, username: str = "facilitator", name: str | None = None) -> Client:
        store = Store.open(tmp_path / "clients" / (name or username) / "desk.sqlite3")
        stores.append(store)
        service = SyncService(store, url)
        identity = service.login(username, PASSWORD)
        return Client(store, service, identity)

    yield make
    for store in stores:
        store.close()


@dataclass
class TwoLaptops:
    """The two facilitators of one group, each on their own synced laptop, with today's
    event and the first person on its register."""

    lead: Client
    co: Client
    event_id: str
    candidate: str


@pytest.fixture
def two_laptops(live_server: Any, make_client: Callable[..., Client]) -> TwoLaptops:
    lead = make_client(live_server.base_url, "facilitator")
    co = make_client(live_server.base_url, "cofacilitator")
    lead.sync.sync_once()
    co.sync.sync_once()
    event_id = lead.todays_event()
    assert co.todays_event() == event_id
    return TwoLaptops(lead, co, event_id, lead.markable(event_id)[0])


@pytest.fixture
def proxy(live_server: Any) -> Iterator[FaultyProxy]:
    faulty = FaultyProxy(live_server.base_url)
    yield faulty
    faulty.close()


def server_record(base_url: str, record_type: str, record_id: str,
                  username: str = "facilitator") -> dict[str, Any]:
    """Read a record on the server through its own API, as ``username``."""
    with requests.Session() as http:
        token = http.post(f"{base_url}/api/v1/auth/token", json={
            "username": username, "password": PASSWORD, "device_id": "test-inspector",
        }, timeout=10).json()["access_token"]
        answer = http.get(f"{base_url}/api/v1/records/{record_type}/{record_id}",
                          headers={"Authorization": f"Bearer {token}"}, timeout=10)
    answer.raise_for_status()
    return answer.json()
