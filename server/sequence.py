"""The change sequence: one counter row, advanced inside the writing transaction.

``UPDATE counters SET value = value + n RETURNING value`` takes the row's write lock until the
transaction ends, so writers that take numbers commit in the order they took them: a change
committed later never gets a lower number than one a puller may already have passed (a
database sequence or a timestamp would not give this). Call ``lock()`` first thing in a
write transaction to keep every writer's lock order the same (no deadlocks on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from server.models import Counter, Record

SEQ = "seq"
_COUNTERS = cast(Table, Counter.__table__)  # a mapped class's table is a plain Table


def lock(session: Session) -> None:
    """Take the counter row's lock now (PostgreSQL: ``FOR UPDATE``; SQLite: already held)."""
    if session.get_bind().dialect.name != "sqlite":
        session.execute(select(Counter.value).where(Counter.name == SEQ).with_for_update())


def allocate(session: Session, count: int = 1) -> range:
    """Reserve ``count`` consecutive sequence numbers for this transaction."""
    if count < 1:
        return range(0)
    # A Core statement on the session's connection: no ORM bulk-update machinery and no
    # autoflush, so taking a number costs one short statement.
    top = session.connection().execute(
        update(_COUNTERS).where(_COUNTERS.c.name == SEQ)
        .values(value=_COUNTERS.c.value + count).returning(_COUNTERS.c.value)
    ).scalar_one()
    return range(top - count + 1, top + 1)


def next_seq(session: Session) -> int:
    return allocate(session, 1)[0]


class Reservation:
    """Numbers taken at once for the writes a transaction is about to make (one statement
    instead of one per write). ``give_back()`` returns the unused ones, when no number was
    taken after them, so that a rejected write leaves no gap."""

    def __init__(self, session: Session, count: int) -> None:
        self.session = session
        self.numbers = allocate(session, count)
        self.used = 0

    def take(self) -> int:
        if self.used < len(self.numbers):
            self.used += 1
            return self.numbers[self.used - 1]
        return next_seq(self.session)

    def give_back(self) -> None:
        unused = len(self.numbers) - self.used
        if unused > 0:
            top = self.numbers[-1]
            self.session.connection().execute(
                update(_COUNTERS).where(_COUNTERS.c.name == SEQ, _COUNTERS.c.value == top)
                .values(value=top - unused))
            self.numbers = self.numbers[:self.used]


def current(session: Session) -> int:
    """The highest number handed out and visible in this session's snapshot."""
    return session.execute(select(Counter.value).where(Counter.name == SEQ)).scalar_one()


def changed_since(session: Session, after: int, types: Iterable[str],
                  *, look_at: int = 500) -> bool:
    """Whether a record of one of these types changed after sequence number ``after``.

    Reads the types of the (few) changes newer than ``after`` along the ``seq`` index; more
    than ``look_at`` of them counts as changed (the caller then re-reads, never less safe).
    """
    wanted = set(types)
    newer = list(session.scalars(select(Record.type).where(Record.seq > after)
                                 .order_by(Record.seq).limit(look_at + 1)))
    return len(newer) > look_at or any(type_ in wanted for type_ in newer)
