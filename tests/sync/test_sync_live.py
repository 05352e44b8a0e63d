"""Signing in and syncing against the real server over loopback."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from app.domain import MarkStatus, RecordSyncState
from app.outbox import pending_count
from app.registers import RegisterService
from app.store import Store
from protocol.hlc import HybridClock
from protocol.records import attendance_id
from sync.errors import SyncError
from sync.service import SyncService
from tests.conftest import TEST_TODAY
from tests.sync.conftest import Client, TwoLaptops, server_record


def test_first_sync_brings_the_facilitators_groups_and_no_others(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    client = make_client(live_server.base_url)
    report = client.sync.sync_once()
    assert report.pulled > 0 and report.pushed == 0
    groups = client.catalogue.groups()
    assert groups, "the facilitator's groups arrive with the first sync"
    assert all(client.identity.name in g.facilitator_names for g in groups)
    partner = make_client(live_server.base_url, "partner")
    partner.sync.sync_once()
    assert {g.id for g in groups} < {g.id for g in partner.catalogue.groups()}
    today = [e for e in client.catalogue.events(TEST_TODAY) if e.is_on(TEST_TODAY)]
    assert today and today[0].roster_size > 0 and today[0].marked == 0
    status = client.sync.status()
    assert status.server_reachable and status.last_success and status.pending_changes == 0
    assert report.clock_skew_seconds is not None and abs(report.clock_skew_seconds) < 60


def test_a_wrong_password_is_a_clear_auth_error_and_loses_nothing(
        live_server: Any, make_client: Callable[..., Client], memory_keyring: Any) -> None:
    client = make_client(live_server.base_url)
    client.sync.sync_once()
    event_id = client.todays_event()
    client.registers.mark(event_id, client.markable(event_id)[0], MarkStatus.PRESENT)
    with pytest.raises(SyncError) as caught:
        SyncService(client.store, live_server.base_url).login("facilitator", "wrong")
    assert caught.value.kind == "auth"
    assert "username or password was not accepted" in caught.value.message
    assert pending_count(client.store) == 1
    assert client.sync.resume() is not None  # the saved sign-in is untouched
    assert all("npq-demo" not in secret for secret in memory_keyring.secrets.values())


def test_marks_made_while_the_server_is_down_are_sent_exactly_once_when_it_is_back(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    client = make_client(live_server.base_url)
    client.sync.sync_once()
    event_id = client.todays_event()
    first, second = client.markable(event_id)[:2]
    live_server.stop()

    client.registers.mark(event_id, first, MarkStatus.PRESENT)
    client.registers.mark(event_id, second, MarkStatus.LATE, arrival_time="09:25")
    with pytest.raises(SyncError) as caught:
        client.sync.sync_once()
    assert caught.value.kind == "network"
    assert "Can't reach the server" in caught.value.message
    assert "saved on this laptop" in caught.value.message
    status = client.sync.status()
    assert (status.pending_changes, status.server_reachable) == (2, False)
    assert status.last_error == caught.value.message

    live_server.start()
    report = client.sync.sync_once()
    assert (report.pushed, report.duplicates, report.rejected) == (2, 0, 0)
    assert client.sync.sync_once().pushed == 0  # nothing is sent twice
    on_server = server_record(live_server.base_url, "attendance",
                              attendance_id(event_id, second))
    assert on_server["data"]["status"] == "late"
    assert on_server["data"]["arrival_time"] == "09:25"
    rows = {r.candidate_id: r for r in client.registers.load(event_id).rows}
    assert rows[first].sync_state is RecordSyncState.CONFIRMED
    assert client.sync.status().server_reachable is True


def test_two_facilitators_marking_offline_converge_on_the_later_mark(
        live_server: Any, two_laptops: TwoLaptops) -> None:
    lead, co = two_laptops.lead, two_laptops.co
    event_id, candidate = two_laptops.event_id, two_laptops.candidate
    assert lead.identity.device_id != co.identity.device_id

    live_server.stop()
    lead.registers.mark(event_id, candidate, MarkStatus.PRESENT)
    time.sleep(0.01)  # a later wall clock: the co-facilitator's mark is the later one
    co.registers.mark(event_id, candidate, MarkStatus.ABSENT)  # the later observation
    live_server.start()
    for _ in range(2):
        lead.sync.sync_once()
        co.sync.sync_once()

    for client in (lead, co):
        [row] = [r for r in client.registers.load(event_id).rows if r.candidate_id == candidate]
        assert row.status is MarkStatus.ABSENT, client.identity.username
    # The laptop whose mark lost holds both marks, and who made them.
    history = lead.registers.history(event_id, candidate)
    assert [(h["status"], h["device_id"]) for h in history] == [
        ("present", lead.identity.device_id), ("absent", co.identity.device_id)]
    assert server_record(live_server.base_url, "attendance",
                         attendance_id(event_id, candidate))["data"]["status"] == "absent"


def test_the_laptop_whose_mark_won_also_sees_the_losing_mark(
        live_server: Any, two_laptops: TwoLaptops) -> None:
    lead, co = two_laptops.lead, two_laptops.co
    event_id, candidate = two_laptops.event_id, two_laptops.candidate
    lead.registers.mark(event_id, candidate, MarkStatus.PRESENT)
    time.sleep(0.01)
    co.registers.mark(event_id, candidate, MarkStatus.ABSENT)
    for _ in range(2):
        co.sync.sync_once()
        lead.sync.sync_once()
    seen = sorted((h["status"], h["device_id"]) for h in co.registers.history(event_id, candidate))
    assert seen == [("absent", co.identity.device_id), ("present", lead.identity.device_id)]


def test_a_laptop_with_a_fast_clock_keeps_one_copy_of_its_clamped_mark_and_converges(
        live_server: Any, two_laptops: TwoLaptops) -> None:
    lead, co = two_laptops.lead, two_laptops.co
    event_id, candidate = two_laptops.event_id, two_laptops.candidate
    hour_fast = HybridClock(lead.identity.device_id,
                            wall_ms=lambda: time.time_ns() // 1_000_000 + 3_600_000)
    RegisterService(lead.store, hour_fast, lead.identity.user_id).mark(
        event_id, candidate, MarkStatus.PRESENT)
    lead.sync.sync_once()  # the server clamps the stamp to its own time
    time.sleep(0.01)
    co.sync.sync_once()
    co.registers.mark(event_id, candidate, MarkStatus.ABSENT)  # later by the server's clock
    co.sync.sync_once()
    lead.sync.sync_once()

    history = lead.registers.history(event_id, candidate)
    assert [(h["status"], h["device_id"]) for h in history] == [
        ("present", lead.identity.device_id), ("absent", co.identity.device_id)]
    for client in (lead, co):
        [row] = [r for r in client.registers.load(event_id).rows if r.candidate_id == candidate]
        assert row.status is MarkStatus.ABSENT, client.identity.username


def test_status_needs_no_network_and_logout_forgets_the_sign_in(
        live_server: Any, make_client: Callable[..., Client], memory_keyring: Any) -> None:
    client = make_client(live_server.base_url)
    client.sync.sync_once()
    live_server.stop()
    assert client.sync.status().pending_changes == 0
    assert client.sync.check_server() is False
    live_server.start()
    assert client.sync.check_server() is True
    client.sync.logout()
    # The refresh token is gone; the database's own key stays (sign-out removes it).
    assert [user for _, user in memory_keyring.secrets if not user.startswith("db-key:")] == []
    fresh = SyncService(client.store, live_server.base_url)
    assert fresh.resume() is None
    with pytest.raises(SyncError) as caught:
        fresh.sync_once()
    assert caught.value.kind == "auth"


def test_a_headless_sync_uses_the_stored_identity(
        live_server: Any, make_client: Callable[..., Client], isolated_home: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    from app import paths
    from desk.__main__ import main

    store = Store.open(paths.database_path())
    try:
        SyncService(store, live_server.base_url).login("facilitator", "npq-demo")
    finally:
        store.close()
    assert main(["--home", str(isolated_home)]) == 0
    assert "Synced with" in capsys.readouterr().out
    live_server.stop()
    assert main(["--home", str(isolated_home)]) == 1
    assert "Can't reach the server" in capsys.readouterr().err


def test_repeated_wrong_passwords_are_rate_limited_with_a_wait_in_the_message(
        live_server: Any, tmp_path: Any) -> None:
    with Store.open(tmp_path / "rl" / "desk.sqlite3") as store:
        service = SyncService(store, live_server.base_url)
        kinds = []
        for _ in range(8):
            try:
                service.login("partner", "not-the-password")
            except SyncError as exc:
                kinds.append(exc.kind)
                last = exc
    assert kinds[0] == "auth" and kinds[-1] == "rate_limited"
    assert "try again in" in last.message
