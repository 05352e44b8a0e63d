"""Pushing with the next batch sent while one is settled: batches still go in order and one
at a time, an entry leaves the outbox only with its own applied/duplicate, and a failure on
either side loses nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app import outbox
from app.outbox import enqueue, pending_batch, pending_count
from app.store import Store
from sync import exchange
from sync.errors import SyncError
from sync.exchange import push_all


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setattr(exchange, "MAX_MUTATIONS_PER_PUSH", 2)
    opened = Store.open(tmp_path / "desk.sqlite3")
    with opened.write() as session:
        for n in range(5):
            enqueue(session, type_="walk_in", record_id=f"w-{n}", hlc=f"{n:015d}-000000-d",
                    data={"event_id": "e", "name": f"N{n}", "recorded_by": "u"})
    try:
        yield opened
    finally:
        opened.close()


class FakeServer:
    """Answers every mutation ``applied`` (or as ``answer`` says); records what it got."""

    def __init__(self, answer: Callable[[int, list[dict[str, Any]]], Any] | None = None
                 ) -> None:
        self.batches: list[list[str]] = []
        self.answer = answer
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()

    def post(self, path: str, body: dict[str, Any], *, token: str) -> Any:
        assert path == "/sync/push" and token == "t"
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            mutations = body["mutations"]
            self.batches.append([m["id"] for m in mutations])
            if self.answer is not None:
                return self.answer(len(self.batches), mutations)
            return {"results": [{"mutation_id": m["mutation_id"], "status": "applied"}
                                for m in mutations]}
        finally:
            with self.lock:
                self.in_flight -= 1


def call(request: Callable[[str], Any]) -> Any:
    return request("t")


def _left(store: Store) -> list[str]:
    return [i.record_id for i in pending_batch(store, 100, 10**6)]


def test_batches_go_in_order_one_at_a_time(store: Store) -> None:
    server = FakeServer()
    tally = push_all(store, call, server.post, "dev", "srv")
    assert server.batches == [["w-0", "w-1"], ["w-2", "w-3"], ["w-4"]]
    assert server.most_in_flight == 1
    assert (tally.applied, tally.rejected, pending_count(store)) == (5, 0, 0)


def test_a_failed_settle_keeps_both_batches(store: Store,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    server = FakeServer()

    def broken(*_args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(exchange, "settle", broken)
    with pytest.raises(OSError):
        push_all(store, call, server.post, "dev", "srv")
    assert server.batches == [["w-0", "w-1"], ["w-2", "w-3"]]  # the second was sent ahead
    assert _left(store) == ["w-0", "w-1", "w-2", "w-3", "w-4"]  # nothing left the outbox
    monkeypatch.setattr(exchange, "settle", outbox.settle)
    again = FakeServer(lambda _n, ms: {"results": [
        {"mutation_id": m["mutation_id"], "status": "duplicate" if m["id"] < "w-4"
         else "applied"} for m in ms]})
    tally = push_all(store, call, again.post, "dev", "srv")
    assert (tally.duplicates, tally.applied, pending_count(store)) == (4, 1, 0)


def test_a_failed_request_ahead_keeps_its_batch_and_settles_the_one_before(
        store: Store) -> None:
    def answer(n: int, ms: list[dict[str, Any]]) -> Any:
        if n == 2:
            raise SyncError("network", server="srv")
        return {"results": [{"mutation_id": m["mutation_id"], "status": "applied"}
                            for m in ms]}

    with pytest.raises(SyncError):
        push_all(store, call, FakeServer(answer).post, "dev", "srv")
    assert _left(store) == ["w-2", "w-3", "w-4"]


def test_a_batch_answered_in_part_is_sent_again_in_the_same_push(store: Store) -> None:
    def answer(n: int, ms: list[dict[str, Any]]) -> Any:
        answered = ms[:1] if n == 1 else ms
        return {"results": [{"mutation_id": m["mutation_id"], "status": "applied"}
                            for m in answered]}

    server = FakeServer(answer)
    tally = push_all(store, call, server.post, "dev", "srv")
    assert server.batches[:2] == [["w-0", "w-1"], ["w-1", "w-2"]]
    assert (tally.applied, pending_count(store)) == (5, 0)


def test_rejected_entries_wait_and_are_not_sent_again(store: Store) -> None:
    def answer(_n: int, ms: list[dict[str, Any]]) -> Any:
        return {"results": [
            {"mutation_id": m["mutation_id"], "status": "rejected",
             "error": {"code": "out_of_scope", "message": "Not yours."}} if m["id"] == "w-1"
            else {"mutation_id": m["mutation_id"], "status": "applied"} for m in ms]}

    server = FakeServer(answer)
    tally = push_all(store, call, server.post, "dev", "srv")
    assert [r for b in server.batches for r in b] == ["w-0", "w-1", "w-2", "w-3", "w-4"]
    assert (tally.applied, tally.rejected) == (4, 1)
    assert [i.record_id for i in outbox.needs_attention(store)] == ["w-1"]
