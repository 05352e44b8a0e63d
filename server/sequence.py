"""The change sequence: one counter row, advanced inside the writing transaction.

``UPDATE counters SET value = value + n RETURNING value`` takes the row's write lock until the
transaction ends, so writers that take numbers commit in the order they took them: a change
committed later never gets a lower number than one a puller may already have passed (a
database sequence or a timestamp would not give this). Call ``lock()`` first thing in a
write transaction to keep every writer's lock order the same (no deadlocks on PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.models import Counter

SEQ = "seq"


def lock(session: Session) -> None:
    """Take the counter row's lock now (PostgreSQL: ``FOR UPDATE``; SQLite: already held)."""
    if session.get_bind().dialect.name != "sqlite":
        session.execute(select(Counter.value).where(Counter.name == SEQ).with_for_update())


def allocate(session: Session, count: int = 1) -> range:
    """Reserve ``count`` consecutive sequence numbers for this transaction."""
    if count < 1:
        return range(0)
    top = session.execute(
        update(Counter).where(Counter.name == SEQ).values(value=Counter.value + count)
        .returning(Counter.value)
    ).scalar_one()
    return range(top - count + 1, top + 1)


def next_seq(session: Session) -> int:
    return allocate(session, 1)[0]


def current(session: Session) -> int:
    """The highest number handed out and visible in this session's snapshot."""
    return session.execute(select(Counter.value).where(Counter.name == SEQ)).scalar_one()
