"""Commit order: a puller pulling while several writers push never skips a record."""

from __future__ import annotations

import threading
import time
import uuid

from protocol.hlc import HybridClock
from server.embedded import EmbeddedServer
from tests.server import lookups
from tests.server.api import Api, mutation
from tests.server.conftest import TODAY

WRITERS = 4
PUSHES_PER_WRITER = 12
NOTES_PER_PUSH = 3


def test_a_puller_never_skips_a_record_while_writers_push_concurrently(
        api: Api, server: EmbeddedServer) -> None:
    event = lookups.event_on(server.database,
                             lookups.assigned_groups(server.database, "facilitator"), TODAY)
    reader = api.login("facilitator")
    _, cursor = reader.pull_all()
    writers = [api.login("facilitator" if i % 2 else "cofacilitator") for i in range(WRITERS)]
    written: list[str] = []
    lock = threading.Lock()
    failures: list[BaseException] = []

    def write(client: Api, index: int) -> None:
        clock = HybridClock(f"writer{index}")
        try:
            for _ in range(PUSHES_PER_WRITER):
                notes = [mutation("note", str(uuid.uuid4()), {
                    "event_id": event.event_id, "body": f"note from writer {index}",
                    "visibility": "shared", "author_id": "x",
                    "updated_at": "2026-11-23T10:00:00Z"}, str(clock.now()))
                    for _ in range(NOTES_PER_PUSH)]
                results = client.push(*notes, device_id=f"writer{index}")
                assert {r["status"] for r in results} == {"applied"}, results
                with lock:
                    written.extend(n["id"] for n in notes)
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(c, i)) for i, c in enumerate(writers)]
    for thread in threads:
        thread.start()
    seen: list[tuple[int, str]] = []
    last_seq = 0
    while any(t.is_alive() for t in threads):
        changes, cursor = reader.pull_all(cursor, limit=5)
        for change in changes:
            assert change["seq"] > last_seq, "a change appeared below a passed cursor"
            last_seq = change["seq"]
            seen.append((change["seq"], change["id"]))
        time.sleep(0.002)
    for thread in threads:
        thread.join()
    assert not failures, failures
    changes, cursor = reader.pull_all(cursor)
    for change in changes:
        assert change["seq"] > last_seq
        seen.append((change["seq"], change["id"]))
    seen_ids = {record_id for _, record_id in seen}
    assert len(written) == WRITERS * PUSHES_PER_WRITER * NOTES_PER_PUSH
    assert set(written) <= seen_ids
    fresh = {c["id"] for c in reader.pull_all()[0] if c["type"] == "note"}
    assert set(written) <= fresh
