"""Who is waiting for the feed to move, and waking them: one watcher per process.

A laptop keeps one ``GET /sync/wait`` open (``server.services.wait``). A waiting request
holds no worker thread and no database connection: it awaits an ``asyncio.Event`` of its
``Waiter`` here. The watcher learns that the feed moved in two ways:

- this process's writers (a push, an evaluation answer) call ``kick()`` once committed,
  from their worker thread: the watcher looks at once;
- while anyone waits, it reads the change counter every ``poll_seconds`` (1 s): one
  primary-key row, for the writes of other processes and hosts. No LISTEN/NOTIFY: a
  NOTIFY makes every committing writer take one cluster-wide lock, and the push path is
  meant to lose its own global lock (docs/protocol.md, "Waiting for changes").

When the counter moved from ``a`` to ``b``, one query reads where the changes in ``(a, b]``
live, as keys (``change_keys``): ``g:<group>``, ``u:<user>``, ``p:<partner>``,
``l:<partner>`` (what only its partner leads read: applications, profile requests),
``f:<facilitator a QA form is about>``, ``*`` for reference data. Each waiter holds the keys
of its caller's scope (``scope_keys``) and is woken when one of them changed after what it
last checked. The keys only decide who looks again: a woken waiter asks the database
whether its caller's own pull would return anything before it answers ``moved``, so a
wait never tells anyone about a change they could not pull.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import anyio.to_thread
from sqlalchemy import select

from protocol.records import FORM_TYPES
from server import sequence
from server.db import Database
from server.models import Record, ScopeExit
from server.scope import (
    GLOBAL_TYPES,
    GROUP_CONTENT_TYPES,
    MERGE_TYPES,
    PARTNER_LEAD_TYPES,
    QA_TYPES,
    Scope,
)

log = logging.getLogger(__name__)

ALL = "*"  # reference data: in every scope
# More changes than this between two looks wake every waiter (one cheap check each)
# instead of reading where each one lives.
MAX_CHANGES_READ = 2000


def scope_keys(scope: Scope) -> frozenset[str]:
    """The keys of everything ``scope`` may read (a superset: see ``change_keys``)."""
    return frozenset({ALL, f"u:{scope.user_id}"}
                     | {f"g:{group}" for group in scope.content_groups}
                     | {f"q:{group}" for group in scope.qa_groups}
                     | {f"n:{group}" for group in scope.facilitator_groups}
                     | {f"u:{user}" for user in scope.user_ids | scope.qa_facilitators}
                     | {f"p:{partner}" for partner in scope.partner_ids}
                     | {f"l:{partner}" for partner in scope.led_partners}
                     | {f"f:{subject}" for subject in scope.form_subjects})


def change_keys(type_: str, id_: str, group_id: str | None, ref_id: str | None,
                owner_id: str | None) -> set[str]:
    """Whose scope a change of this record may touch, by ``server.scope``'s rules: the
    scopes that may read it (``g:`` a group's contents, ``q:`` what a QA lead sees of it,
    ``n:`` its notes), and those it may bring it into (an assignment names the assigned
    user, a group its partner, a QA assignment its QA lead and facilitator)."""
    if type_ in GLOBAL_TYPES:
        return {ALL}
    if type_ == "partner":
        return {f"p:{id_}"}
    if type_ == "user":
        return {f"u:{id_}"}
    if type_ in PARTNER_LEAD_TYPES:
        return {f"l:{ref_id}"}
    if type_ in FORM_TYPES:
        return {f"f:{ref_id}"}
    if type_ == "qa_assignment":
        return {f"f:{owner_id}", f"f:{ref_id}", f"u:{ref_id}"}
    if group_id is None or (type_ not in GROUP_CONTENT_TYPES and type_ != "note"):
        return {ALL}  # placed nowhere known: everyone looks
    if type_ == "note":
        return {f"n:{group_id}"}
    keys = {f"g:{group_id}"}
    if type_ in QA_TYPES:
        keys.add(f"q:{group_id}")
    if type_ == "group" and ref_id:
        keys.add(f"p:{ref_id}")
    if type_ == "assignment" and ref_id:
        keys.add(f"u:{ref_id}")
    if type_ in MERGE_TYPES and ref_id:  # a merge's receiving group reads it too
        keys.add(f"g:{ref_id}")
    return keys


def read_moves(database: Database, after: int | None) -> tuple[int, frozenset[str]]:
    """The newest sequence number, and the keys of the changes since ``after`` (none when
    ``after`` is None: the first look only sets where the watcher starts)."""
    with database.read() as session:
        newest = sequence.current(session)
        if after is None or newest <= after:
            return newest, frozenset()
        records = session.execute(
            select(Record.type, Record.id, Record.group_id, Record.ref_id, Record.owner_id)
            .where(Record.seq > after, Record.seq <= newest).limit(MAX_CHANGES_READ + 1)).all()
        exits = session.scalars(
            select(ScopeExit.user_id).where(ScopeExit.seq > after, ScopeExit.seq <= newest)
            .limit(MAX_CHANGES_READ + 1)).all()
    if len(records) + len(exits) > MAX_CHANGES_READ:
        return newest, frozenset({ALL})
    keys: set[str] = {f"u:{user}" for user in exits}
    for row in records:
        keys |= change_keys(*row)
    return newest, frozenset(keys)


@dataclass(eq=False)
class Waiter:
    """One waiting request. ``keys`` None: not checked yet, so any change wakes it."""

    as_of: int = 0  # every change up to here was checked against the caller's feed
    keys: frozenset[str] | None = None
    woken: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class WatchStats:
    """Counters for the benchmark and the logs."""

    looks: int = 0
    moves: int = 0
    wakes: int = 0


class FeedWatch:
    """The waiters of one process and the watcher that wakes them. ``add``, ``arm`` and
    ``remove`` run on the event loop; ``kick`` and ``close`` from any thread."""

    def __init__(self, database: Database, *, poll_seconds: float = 1.0) -> None:
        self._database = database
        self._poll_seconds = poll_seconds
        self._waiters: set[Waiter] = set()
        self._by_key: defaultdict[str, set[Waiter]] = defaultdict(set)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._poked: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self.seen: int | None = None  # the changes up to here have woken their waiters
        self.closed = False
        self.stats = WatchStats()

    # --- waiters (on the event loop) ---------------------------------------------------------
    def add(self) -> Waiter:
        """A new waiter, woken by any change until it is armed with its keys."""
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
            self._poked = asyncio.Event()
        waiter = Waiter()
        self._waiters.add(waiter)
        if self.closed:
            waiter.woken.set()
        elif self._task is None:
            self._task = self._loop.create_task(self._watch())
        return waiter

    def arm(self, waiter: Waiter, as_of: int, keys: frozenset[str]) -> bool:
        """Wake ``waiter`` for a change to ``keys`` after ``as_of`` (what its check saw).
        False when it was woken while it was being checked: check again."""
        if keys != waiter.keys:
            self._unindex(waiter)
            waiter.keys = keys
            for key in keys:
                self._by_key[key].add(waiter)
        waiter.as_of = as_of
        return not waiter.woken.is_set()

    def remove(self, waiter: Waiter) -> None:
        self._unindex(waiter)
        self._waiters.discard(waiter)

    def waiting(self) -> int:
        return len(self._waiters)

    def _unindex(self, waiter: Waiter) -> None:
        for key in waiter.keys or ():
            holders = self._by_key.get(key)
            if holders is not None:
                holders.discard(waiter)
                if not holders:
                    del self._by_key[key]

    # --- from any thread ---------------------------------------------------------------------
    def kick(self) -> None:
        """The feed moved in this process (called after commit): look now."""
        loop, poked = self._loop, self._poked
        if loop is not None and poked is not None and not loop.is_closed():
            loop.call_soon_threadsafe(poked.set)

    def close(self) -> None:
        """The service is stopping: every wait answers ``nothing`` now."""
        loop = self._loop
        if loop is None or loop.is_closed():
            self.closed = True
            return
        loop.call_soon_threadsafe(self._close)

    def _close(self) -> None:
        self.closed = True
        for waiter in self._waiters:
            waiter.woken.set()
        if self._poked is not None:
            self._poked.set()

    # --- the watcher -------------------------------------------------------------------------
    async def _watch(self) -> None:
        assert self._poked is not None
        try:
            while self._waiters and not self.closed:
                self._poked.clear()
                await self._look()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._poked.wait(), self._poll_seconds)
        finally:
            self._task = None
            self.seen = None  # nobody watched meanwhile: the next look starts afresh

    async def _look(self) -> None:
        before = self.seen
        try:
            newest, keys = await anyio.to_thread.run_sync(read_moves, self._database, before)
        except Exception as exc:  # the database away for a moment: waits run to time-out
            log.warning("feed watch: could not read the change counter (%s)",
                        type(exc).__name__)
            return
        self.stats.looks += 1
        if before is None:
            self._wake(self._waiters, newest)
        elif newest > before:
            self.stats.moves += 1
            unarmed = (w for w in self._waiters if w.keys is None)
            self._wake(unarmed, newest)
            self._wake(self._keyed(keys), newest)
        self.seen = newest if before is None else max(before, newest)

    def _keyed(self, keys: frozenset[str]) -> set[Waiter]:
        if ALL in keys:
            return set(self._waiters)
        found: set[Waiter] = set()
        for key in keys:
            found |= self._by_key.get(key, set())
        return found

    def _wake(self, waiters: Iterable[Waiter], newest: int) -> None:
        for waiter in waiters:
            if waiter.keys is None or waiter.as_of < newest:
                if not waiter.woken.is_set():
                    self.stats.wakes += 1
                waiter.woken.set()
