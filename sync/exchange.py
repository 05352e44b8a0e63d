"""The two halves of one sync: push the outbox, then pull until the feed is exhausted."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Self

from pydantic import ValidationError

from app.outbox import OutboxItem, Outcome, pending_batch, settle
from app.store import Store
from app.store.apply import PulledChange, apply_page, reconcile
from app.sync_state import reset_cursor, saved_cursor
from protocol.hlc import HybridClock
from protocol.wire import (
    DEFAULT_PULL_LIMIT,
    MAX_MUTATIONS_PER_PUSH,
    MAX_PUSH_BYTES,
    PullResponse,
    PushRequest,
    PushResponse,
)
from sync.errors import SyncError

log = logging.getLogger(__name__)

ENVELOPE_ALLOWANCE = 4096  # bytes kept free in a push for the envelope
MAX_PAGES = 100_000  # a feed that never ends is a server fault, not a reason to loop forever

Call = Callable[[Callable[[str], Any]], Any]  # TokenKeeper.call


@dataclass
class PushTally:
    applied: int = 0
    duplicates: int = 0
    rejected: int = 0


@dataclass
class PullTally:
    changes: int = 0
    purged: int = 0
    restarted: bool = False
    types: set[str] = field(default_factory=set)  # the record types pulled


def push_all(store: Store, call: Call, transport_post: Callable[..., Any], device_id: str,
             server: str) -> PushTally:
    """Send every pending outbox entry, in order, in batches within the protocol's limits.

    The next batch is sent while this one's results are settled: batches still go one at a
    time and in order (the next only once this one is answered), and an entry still leaves
    the outbox only with its own ``applied`` or ``duplicate``. If settling fails, the batch
    sent ahead is waited for and its answer dropped: its entries are sent again (and
    answered ``duplicate``) by the next sync. A batch answered only in part is settled
    before anything more is read, so its unanswered entries go again in this sync."""
    tally = PushTally()
    limit, room = MAX_MUTATIONS_PER_PUSH, MAX_PUSH_BYTES - ENVELOPE_ALLOWANCE
    with _InFlight() as in_flight:
        batch = pending_batch(store, limit, room)
        if batch:
            in_flight.send(call, _push_request(transport_post, device_id, batch))
        while batch:
            response = parse(PushResponse, in_flight.answer(), server)
            sent = {item.mutation_id for item in batch}
            outcomes = [
                Outcome(r.mutation_id, r.status, r.error.code if r.error else None,
                        r.error.message if r.error else None)
                for r in response.results if r.mutation_id in sent
            ]
            if not outcomes:
                raise SyncError("protocol", server=server)  # no progress: do not loop forever
            whole = {o.mutation_id for o in outcomes} == sent
            following = (pending_batch(store, limit, room, after_seq=batch[-1].seq)
                         if whole else [])
            if following:
                in_flight.send(call, _push_request(transport_post, device_id, following))
            settle(store, outcomes)
            _count(tally, outcomes)
            log.info("pushed %d mutations", len(outcomes))
            if not whole:
                following = pending_batch(store, limit, room)
                if following:
                    in_flight.send(call, _push_request(transport_post, device_id, following))
            batch = following
    return tally


def _push_request(transport_post: Callable[..., Any], device_id: str,
                  batch: list[OutboxItem]) -> Callable[[str], Any]:
    request = {"device_id": device_id, "mutations": [i.wire() for i in batch]}
    PushRequest.model_validate(request)  # the envelope checked whole, in one call
    return lambda token: transport_post("/sync/push", request, token=token)


def _count(tally: PushTally, outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        if outcome.status == "applied":
            tally.applied += 1
        elif outcome.status == "duplicate":
            tally.duplicates += 1
        else:
            tally.rejected += 1
            log.warning("mutation %s rejected: %s", outcome.mutation_id, outcome.error_code)


def pull_all(store: Store, call: Call, transport_get: Callable[..., Any], clock: HybridClock,
             server: str, limit: int = DEFAULT_PULL_LIMIT) -> PullTally:
    """Pull pages until ``more`` is false; each page commits with its cursor. An expired
    cursor restarts from the beginning (once); the outbox is never touched.

    The next page is fetched while this one is applied (one request in flight at a time,
    on a helper thread, in the same order as without it): its cursor is known as soon as
    this page arrives, and a page is still applied, with its cursor, only after the one
    before it has committed. A prefetched page whose predecessor failed is thrown away."""
    tally = PullTally()
    cursor = saved_cursor(store)
    from_start = cursor is None
    seen: set[tuple[str, str]] = set()
    with _Fetcher(call, transport_get) as fetcher:
        fetcher.ask(cursor, limit)
        for _ in range(MAX_PAGES):
            try:
                body = fetcher.answer()
            except SyncError as exc:
                if exc.kind != "cursor_expired" or tally.restarted:
                    raise
                log.info("cursor expired: pulling from the start")
                reset_cursor(store)
                cursor, from_start, tally.restarted, seen = None, True, True, set()
                fetcher.ask(cursor, limit)
                continue
            page = parse(PullResponse, body, server)
            changes = [PulledChange(c.type, c.id, c.deleted, c.data) for c in page.changes]
            if not changes and page.cursor == cursor and not page.more:
                break  # nothing new: no write (a sync with nothing to do stays cheap)
            if page.more and (changes or page.cursor != cursor):
                fetcher.ask(page.cursor, limit)  # the next page, while this one is applied
            try:
                result = apply_page(store, changes, page.cursor, clock)
            except (ValidationError, ValueError) as exc:
                log.warning("pulled page with a malformed record: %s", type(exc).__name__)
                raise SyncError("protocol", server=server) from exc
            tally.changes += len(changes)
            tally.types.update(c.type for c in changes)
            tally.purged += result.purged
            seen |= result.seen
            if not page.more:
                break
            if page.cursor == cursor and not changes:
                raise SyncError("protocol", server=server)  # "more" without moving on
            cursor = page.cursor
        else:
            raise SyncError("protocol", server=server)
    if from_start:
        tally.purged += reconcile(store, seen)
    return tally


class _InFlight:
    """One request at a time on a helper thread, so the next can be on its way while the
    caller works on the last answer. Leaving the block waits for a request still in flight
    (bounded by the transport's timeouts) and drops its answer, so no request outlives the
    sync that made it."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-ahead")
        self._pending: Future[Any] | None = None

    def send(self, call: Call, request: Callable[[str], Any]) -> None:
        assert self._pending is None, "one request in flight at a time"
        self._pending = self._pool.submit(call, request)

    def answer(self) -> Any:
        pending, self._pending = self._pending, None
        assert pending is not None
        return pending.result()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._pending is not None:
            wait([self._pending])  # its answer (or error) is dropped
            self._pending = None
        self._pool.shutdown(wait=True)


class _Fetcher(_InFlight):
    """Pull pages, one request at a time, the next asked for while one is applied."""

    def __init__(self, call: Call, transport_get: Callable[..., Any]) -> None:
        super().__init__()
        self._call, self._get = call, transport_get

    def ask(self, cursor: str | None, limit: int) -> None:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        self.send(self._call,
                  lambda token: self._get("/sync/pull", params=params, token=token))


def parse(model: Any, body: Any, server: str) -> Any:
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        log.warning("answer of the wrong shape for %s", model.__name__)
        raise SyncError("protocol", server=server) from exc
