"""Sync under faults: lost answers, duplicates, garbage, server errors, expired cursors."""

from __future__ import annotations

import http.server
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from app.domain import MarkStatus
from app.outbox import pending_count
from app.store.models import SyncState
from protocol.hlc import HybridClock
from protocol.records import attendance_id
from sync.credentials import TokenKeeper
from sync.errors import SyncError
from sync.exchange import pull_all
from sync.service import SyncService
from sync.transport import Transport
from tests.sync.conftest import PASSWORD, Client, TwoLaptops, server_record
from tests.sync.faulty_proxy import FaultyProxy


def test_the_same_push_sent_twice_is_applied_once(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    client = make_client(live_server.base_url)
    client.sync.sync_once()
    event_id = client.todays_event()
    candidate = client.markable(event_id)[0]
    record_id = attendance_id(event_id, candidate)
    clock = HybridClock("inspector-device")
    stamp = str(clock.now())
    body = {"device_id": "inspector-device", "mutations": [{
        "mutation_id": str(uuid.uuid4()), "type": "attendance", "id": record_id,
        "op": "upsert", "hlc": stamp, "data": {
            "event_id": event_id, "candidate_id": candidate, "status": "present",
            "marked_by": client.identity.user_id, "device_id": "inspector-device",
            "hlc": stamp}}]}
    with requests.Session() as http:
        token = http.post(f"{live_server.base_url}/api/v1/auth/token", json={
            "username": "facilitator", "password": PASSWORD, "device_id": "inspector-device",
        }, timeout=10).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        first = http.post(f"{live_server.base_url}/api/v1/sync/push", json=body,
                          headers=headers, timeout=10).json()
        seq_after_first = server_record(live_server.base_url, "attendance", record_id)["seq"]
        second = http.post(f"{live_server.base_url}/api/v1/sync/push", json=body,
                           headers=headers, timeout=10).json()
    assert first["results"][0]["status"] == "applied"
    assert second["results"][0]["status"] == "duplicate"
    assert server_record(live_server.base_url, "attendance", record_id)["seq"] == seq_after_first


def test_a_lost_push_answer_is_retried_and_each_mark_applied_exactly_once(
        live_server: Any, proxy: FaultyProxy, make_client: Callable[..., Client]) -> None:
    client = make_client(proxy.url)
    client.sync.sync_once()
    event_id = client.todays_event()
    candidates = client.markable(event_id)[:3]
    for candidate in candidates:
        client.registers.mark(event_id, candidate, MarkStatus.PRESENT)

    proxy.mode = "drop_push_response"
    with pytest.raises(SyncError) as caught:
        client.sync.sync_once()
    assert caught.value.kind == "network"
    assert proxy.pushes_dropped == 1
    assert pending_count(client.store) == 3  # the server has them; we do not know that yet

    proxy.mode = "relay"
    report = client.sync.sync_once()
    assert (report.pushed, report.duplicates) == (0, 3)
    assert pending_count(client.store) == 0
    for candidate in candidates:
        record = server_record(live_server.base_url, "attendance",
                               attendance_id(event_id, candidate))
        assert record["data"]["status"] == "present"
        assert record["data"]["device_id"] == client.identity.device_id


@pytest.mark.parametrize(("mode", "kind", "words"), [
    ("garbage", "protocol", "does not answer like an NPQ central service"),
    ("error_500", "server", "had a problem"),
])
def test_a_server_answering_garbage_or_500_is_a_clear_error_and_loses_nothing(
        live_server: Any, proxy: FaultyProxy, make_client: Callable[..., Client],
        mode: str, kind: str, words: str) -> None:
    client = make_client(proxy.url)
    client.sync.sync_once()
    event_id = client.todays_event()
    client.registers.mark(event_id, client.markable(event_id)[0], MarkStatus.APOLOGIES)
    proxy.mode = mode
    with pytest.raises(SyncError) as caught:
        client.sync.sync_once()
    assert caught.value.kind == kind
    assert words in caught.value.message and "saved on this laptop" in caught.value.message
    assert pending_count(client.store) == 1
    proxy.mode = "relay"
    assert client.sync.sync_once().pushed == 1


class _HtmlHandler(http.server.BaseHTTPRequestHandler):
    def _html(self) -> None:
        body = b"<!doctype html><title>Sign in to the Wi-Fi</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _html

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def html_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HtmlHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_signing_in_to_a_web_page_instead_of_the_server_is_a_protocol_error(
        html_server: str, make_client: Callable[..., Client]) -> None:
    with pytest.raises(SyncError) as caught:
        make_client(html_server)
    assert caught.value.kind == "protocol"
    assert html_server in caught.value.message


def test_an_expired_cursor_pulls_again_from_the_start_keeping_local_work(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    client = make_client(live_server.base_url)
    client.sync.sync_once()
    groups_before = client.catalogue.groups()
    event_id = client.todays_event()
    candidate = client.markable(event_id)[0]
    client.registers.mark(event_id, candidate, MarkStatus.PRESENT)
    client.sync.sync_once()
    client.registers.mark(event_id, candidate, MarkStatus.LEFT_EARLY, arrival_time="09:00",
                          departure_time="14:30")
    with client.store.write() as session:
        state = session.get(SyncState, 1)
        assert state is not None
        state.cursor = "not-a-cursor-this-server-issued"

    # Pull alone (as a sync does after pushing): the unsent mark must survive the restart.
    keeper = TokenKeeper(Transport(live_server.base_url), live_server.base_url, "facilitator")
    tally = pull_all(client.store, keeper.call, keeper.transport.get, client.sync.clock,
                     live_server.base_url)
    assert tally.restarted and tally.changes > 0
    assert pending_count(client.store) == 1
    assert client.catalogue.groups() == groups_before
    [row] = [r for r in client.registers.load(event_id).rows if r.candidate_id == candidate]
    assert row.status is MarkStatus.LEFT_EARLY
    assert client.sync.sync_once().pushed == 1


def test_a_pulled_change_does_not_overwrite_a_pending_local_mark(
        live_server: Any, two_laptops: TwoLaptops) -> None:
    lead, co = two_laptops.lead, two_laptops.co
    event_id, candidate = two_laptops.event_id, two_laptops.candidate
    lead.registers.mark(event_id, candidate, MarkStatus.PRESENT)  # not sent yet
    time.sleep(0.01)  # a later wall clock: the co-facilitator's mark is the later one
    co.registers.mark(event_id, candidate, MarkStatus.ABSENT)
    co.sync.sync_once()

    keeper = TokenKeeper(Transport(live_server.base_url), live_server.base_url, "facilitator")
    pull_all(lead.store, keeper.call, keeper.transport.get, lead.sync.clock,
             live_server.base_url)
    [row] = [r for r in lead.registers.load(event_id).rows if r.candidate_id == candidate]
    assert row.status is MarkStatus.PRESENT  # the unsent local mark stays
    assert len(lead.registers.history(event_id, candidate)) == 2
    lead.sync.sync_once()  # once sent, the later stamp (the co-facilitator's) is current
    [row] = [r for r in lead.registers.load(event_id).rows if r.candidate_id == candidate]
    assert row.status is MarkStatus.ABSENT


def test_an_expired_sign_in_is_renewed_once_then_asks_to_sign_in_again(
        live_server: Any, make_client: Callable[..., Client], memory_keyring: Any) -> None:
    client = make_client(live_server.base_url)
    # A new service on the same store: no access token in memory, only the keyring's.
    resumed = SyncService(client.store, live_server.base_url)
    assert resumed.resume() is not None
    assert resumed.sync_once().pulled > 0
    for key in list(memory_keyring.secrets):
        memory_keyring.secrets[key] = "revoked-or-stolen"
    stale = SyncService(client.store, live_server.base_url)
    stale.resume()
    with pytest.raises(SyncError) as caught:
        stale.sync_once()
    assert caught.value.kind == "auth" and "sign in again" in caught.value.message


def test_a_big_outbox_goes_in_batches_of_at_most_500(
        live_server: Any, proxy: FaultyProxy, make_client: Callable[..., Client]) -> None:
    client = make_client(proxy.url)
    client.sync.sync_once()
    event_id = client.todays_event()
    people = client.markable(event_id)
    statuses = [MarkStatus.PRESENT, MarkStatus.ABSENT, MarkStatus.APOLOGIES]
    for n in range(520):
        client.registers.mark(event_id, people[n % len(people)], statuses[n % 3])
    pushes_before = proxy.pushes_seen
    report = client.sync.sync_once()
    assert (report.pushed, proxy.pushes_seen - pushes_before) == (520, 2)
    assert pending_count(client.store) == 0
