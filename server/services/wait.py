"""A wait: answer ``moved`` once a pull from the caller's cursor would return something,
``nothing`` at the time-out.

Each check runs in a worker thread with a database session, briefly: the access token is
authenticated again (a token revoked while its wait was open ends it with 401), the
caller's scope is computed, and one or two probes ask whether their pull has anything
(``server.services.pull.has_changes``). Between checks the request holds only its
``Waiter`` (``server.feed_watch``) and waits on the event loop; the watcher wakes it when
a change may concern it. A wait also ends when the access token expires (the next one is
then 401), when the client goes away, and when the service stops.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import partial
from typing import Any

import anyio.to_thread
from sqlalchemy import select
from starlette.types import Receive

from server import sequence
from server.db import Database
from server.feed_watch import FeedWatch, scope_keys
from server.models import Token, utcnow
from server.scope import scope_for
from server.security import token_hash
from server.services import auth
from server.services.pull import decode_cursor, has_changes


@dataclass(frozen=True)
class Look:
    moved: bool
    as_of: int  # the newest change the check saw
    keys: frozenset[str]  # of the caller's scope
    token_seconds: float  # the access token's remaining life


def look(database: Database, *, token: str, instance_id: str, cursor: str | None) -> Look:
    """One check of the caller's feed (raises the 401 and 410 problems pull raises)."""
    with database.read() as session:
        user = auth.authenticate(session, token)
        expires = session.scalar(select(Token.expires_at).where(
            Token.token_hash == token_hash(token), Token.kind == "access"))
        scope = scope_for(session, user)
        newest = sequence.current(session)
        after = decode_cursor(cursor, instance_id, newest)
        # nothing at all changed since the cursor (a laptop just synced): no need to ask
        moved = after < newest and has_changes(session, scope, after=after, newest=newest)
    left = (expires - utcnow()).total_seconds() if expires is not None else 0.0
    return Look(moved=moved, as_of=newest, keys=scope_keys(scope), token_seconds=left)


async def wait(watch: FeedWatch, check: Callable[[], Look], *, timeout: float,
               gone: Callable[[], Coroutine[Any, Any, object]]) -> bool:
    """Whether the caller's feed moved within ``timeout`` seconds. ``check`` looks at the
    feed (in a worker thread); ``gone`` returns when the client has gone away."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    waiter = watch.add()
    left = loop.create_task(gone())
    left.add_done_callback(lambda _task: waiter.woken.set())
    try:
        while not (watch.closed or left.done()):
            waiter.woken.clear()
            seen = await anyio.to_thread.run_sync(check)
            if seen.moved:
                return True
            deadline = min(deadline, loop.time() + seen.token_seconds)
            if not watch.arm(waiter, seen.as_of, seen.keys):
                continue  # something may have moved while it looked: look again
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            try:
                await asyncio.wait_for(waiter.woken.wait(), remaining)
            except TimeoutError:
                return False
        return False
    finally:
        left.cancel()
        watch.remove(waiter)


async def gone(receive: Receive) -> None:
    """Return once the client has closed the connection (a GET's empty body is read on
    the way; a body refused by the size limit counts as gone too)."""
    with contextlib.suppress(Exception):
        while (await receive())["type"] != "http.disconnect":
            pass


def checker(database: Database, *, token: str, instance_id: str,
            cursor: str | None) -> Callable[[], Look]:
    return partial(look, database, token=token, instance_id=instance_id, cursor=cursor)
