"""Pulling with the next page fetched while one is applied: a page still commits only with
its cursor and only after the one before it; a page fetched ahead of a failure is dropped;
no request outlives the pull that made it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.store import Store
from app.store.models import Candidate, SyncState
from protocol.hlc import HybridClock
from sync.errors import SyncError
from sync.exchange import pull_all
from sync.service import SyncCancelled


def _candidate(n: int) -> dict[str, Any]:
    return {"seq": n, "type": "candidate", "id": f"cand-{n}", "deleted": False,
            "data": {"given_name": f"G{n}", "family_name": "F", "school": "S"}}


def _page(first: int, count: int, cursor: str, more: bool) -> dict[str, Any]:
    return {"changes": [_candidate(n) for n in range(first, first + count)],
            "cursor": cursor, "more": more}


class FakeFeed:
    """Pages by cursor; records the order of requests and how many ran at once."""

    def __init__(self, pages: dict[str | None, Any]) -> None:
        self.pages = pages
        self.asked: list[str | None] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()

    def get(self, path: str, *, params: dict[str, Any], token: str) -> Any:
        assert path == "/sync/pull" and token == "t"
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            cursor = params.get("cursor")
            self.asked.append(cursor)
            answer = self.pages[cursor]
            if isinstance(answer, Exception):
                raise answer
            return answer
        finally:
            with self.lock:
                self.in_flight -= 1


def call(request: Callable[[str], Any]) -> Any:
    return request("t")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "desk.sqlite3")
    try:
        yield opened
    finally:
        opened.close()


def _state(store: Store) -> tuple[str | None, int]:
    with store.read() as session:
        state = session.get(SyncState, 1)
        count = session.scalar(select(func.count()).select_from(Candidate)) or 0
        return (state.cursor if state else None), count


def _no_fetcher_left() -> bool:
    return not any(t.name.startswith("pull-fetch") for t in threading.enumerate())


def test_pages_arrive_in_order_one_request_at_a_time(store: Store) -> None:
    feed = FakeFeed({None: _page(0, 3, "c1", True), "c1": _page(3, 3, "c2", True),
                     "c2": _page(6, 2, "c3", False)})
    tally = pull_all(store, call, feed.get, HybridClock("me"), "srv", limit=3)
    assert tally.changes == 8
    assert feed.asked == [None, "c1", "c2"] and feed.most_in_flight == 1
    assert _state(store) == ("c3", 8)
    assert _no_fetcher_left()


def test_a_page_fetched_ahead_of_a_malformed_one_is_dropped(store: Store) -> None:
    bad = _page(3, 3, "c2", True)
    bad["changes"][1]["data"] = {"given_name": "no family name"}
    feed = FakeFeed({None: _page(0, 3, "c1", True), "c1": bad,
                     "c2": _page(6, 3, "c3", False)})
    with pytest.raises(SyncError) as caught:
        pull_all(store, call, feed.get, HybridClock("me"), "srv", limit=3)
    assert caught.value.kind == "protocol"
    assert _state(store) == ("c1", 3)  # the first page and its cursor; nothing after
    assert _no_fetcher_left()


def test_a_failed_request_ahead_keeps_every_page_before_it(store: Store) -> None:
    feed = FakeFeed({None: _page(0, 3, "c1", True), "c1": _page(3, 3, "c2", True),
                     "c2": SyncError("network", server="srv")})
    with pytest.raises(SyncError) as caught:
        pull_all(store, call, feed.get, HybridClock("me"), "srv", limit=3)
    assert caught.value.kind == "network"
    assert _state(store) == ("c2", 6)
    assert _no_fetcher_left()


def test_an_expired_cursor_on_a_page_fetched_ahead_restarts_from_the_start(
        store: Store) -> None:
    with store.write() as session:
        session.add(SyncState(id=1, cursor="old"))
    feed = FakeFeed({"old": _page(0, 2, "c1", True),
                     "c1": SyncError("cursor_expired", server="srv", status=410),
                     None: _page(10, 2, "c9", False)})
    tally = pull_all(store, call, feed.get, HybridClock("me"), "srv", limit=2)
    assert tally.restarted and feed.asked == ["old", "c1", None]
    cursor, _ = _state(store)
    assert cursor == "c9"
    with store.read() as session:  # a pull from the start is authoritative
        assert set(session.scalars(select(Candidate.id))) == {"cand-10", "cand-11"}


def test_cancelling_stops_before_the_next_request(store: Store) -> None:
    feed = FakeFeed({None: _page(0, 3, "c1", True), "c1": _page(3, 3, "c2", True),
                     "c2": _page(6, 3, "c3", False)})
    requests = iter([False, True])

    def cancellable(request: Callable[[str], Any]) -> Any:
        if next(requests, True):
            raise SyncCancelled("sync cancelled")
        return request("t")

    with pytest.raises(SyncCancelled):
        pull_all(store, cancellable, feed.get, HybridClock("me"), "srv", limit=3)
    assert feed.asked == [None]
    assert _state(store) == ("c1", 3)  # what was answered is kept
    assert _no_fetcher_left()
