"""The client's wait for changes (``SyncService.wait_for_changes``) against the real server:
it says when the other laptop's mark is there to pull, ends at once when stopped (also when
the far end never answers), and never renews the sign-in itself."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.domain import MarkStatus
from sync.credentials import load_sign_in, save_sign_in
from sync.errors import SyncError
from sync.service import SyncService
from sync.transport import Transport
from tests.sync.conftest import TwoLaptops


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=4) as executor:
        yield executor


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server that takes connections and requests and never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    done.set()
    listener.close()
    for conn in held:
        conn.close()


def test_a_wait_says_moved_once_the_other_laptops_mark_is_there_to_pull(
        two_laptops: TwoLaptops, pool: ThreadPoolExecutor) -> None:
    lead, co = two_laptops.lead, two_laptops.co
    started = time.monotonic()
    assert co.sync.wait_for_changes(threading.Event(), timeout=1) is False
    assert 0.9 < time.monotonic() - started < 5
    waiting = pool.submit(co.sync.wait_for_changes, threading.Event(), 30)
    time.sleep(0.3)
    lead.registers.mark(two_laptops.event_id, two_laptops.candidate, MarkStatus.PRESENT)
    lead.sync.sync_once()
    pushed = time.monotonic()
    assert waiting.result(timeout=10) is True
    assert time.monotonic() - pushed < 3
    co.sync.sync_once()  # what the app then does: the mark arrives
    row = next(r for r in co.registers.load(two_laptops.event_id).rows
               if r.candidate_id == two_laptops.candidate)
    assert row.status is MarkStatus.PRESENT
    assert co.sync.wait_for_changes(threading.Event(), timeout=0) is False  # pulled


def test_stopping_ends_an_open_wait_at_once(
        two_laptops: TwoLaptops, pool: ThreadPoolExecutor) -> None:
    co = two_laptops.co
    stop = threading.Event()
    waiting = pool.submit(co.sync.wait_for_changes, stop, 40)
    time.sleep(0.5)
    stopped = time.monotonic()
    stop.set()
    co.sync.stop_waiting()
    assert waiting.result(timeout=5) is False
    assert time.monotonic() - stopped < 1
    assert co.sync.wait_for_changes(stop, timeout=40) is False  # stopped before it began
    assert co.sync.wait_for_changes(threading.Event(), timeout=0) is False  # usable again


def test_a_request_to_a_far_end_that_never_answers_ends_when_interrupted(
        silent_server: str, pool: ThreadPoolExecutor) -> None:
    transport = Transport(silent_server, interruptible=True)
    stop = threading.Event()
    waiting = pool.submit(transport.get, "/sync/wait", stop=stop, timeout=(5, 60))
    time.sleep(0.5)
    assert not waiting.done()
    stopped = time.monotonic()
    stop.set()
    transport.interrupt()
    with pytest.raises(SyncError) as raised:
        waiting.result(timeout=5)
    assert raised.value.kind == "network"
    assert time.monotonic() - stopped < 1
    transport.close()


def test_without_a_valid_access_token_the_wait_asks_for_a_sync_and_renews_nothing(
        two_laptops: TwoLaptops) -> None:
    co = two_laptops.co
    server, username = co.identity.server_url, co.identity.username
    saved = load_sign_in(server, username)
    assert saved is not None
    save_sign_in(server, username, dataclasses.replace(saved, access_expires_at=0.0))
    laptop = SyncService(co.store, server)  # the app started again: its sign-in has expired
    assert laptop.resume() is not None
    with pytest.raises(SyncError) as raised:
        laptop.wait_for_changes(threading.Event(), timeout=5)
    assert raised.value.kind == "auth"
    kept = load_sign_in(server, username)
    assert kept is not None and kept.refresh_token == saved.refresh_token  # not renewed
    laptop.sync_once()  # the sync renews it, and the next wait goes ahead
    assert laptop.wait_for_changes(threading.Event(), timeout=0) is False
