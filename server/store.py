"""Writing and reading records in the generic ``records`` table.

Every write gives the record the next change-sequence number (``server.sequence``), so the
record's ``seq`` is always its latest change and the pull feed is ``seq > cursor``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from server import sequence
from server.models import Record, utcnow
from server.scope import MERGE_TYPES


@dataclass(frozen=True)
class Placement:
    """Where a record sits for scoping: its group, event, owner and one reference id."""

    group_id: str | None = None
    event_id: str | None = None
    owner_id: str | None = None
    ref_id: str | None = None
    private: bool = False


def get(session: Session, type_: str, id_: str) -> Record | None:
    return session.get(Record, (type_, id_))


def live(session: Session, type_: str, id_: str) -> Record | None:
    """The record unless it is missing or deleted."""
    record = get(session, type_, id_)
    return record if record is not None and not record.deleted else None


_UNKNOWN: Any = object()


def put(session: Session, type_: str, id_: str, data: dict[str, Any] | None,
        placement: Placement, *, deleted: bool = False, current: Record | None = _UNKNOWN,
        flush: bool = True, seq: int | None = None) -> Record:
    """Create or replace a record (or tombstone it) with a new sequence number.

    ``current``: the record as already loaded in this transaction (None: known not to
    exist), saving a lookup. ``flush=False`` leaves the write to the session's next flush
    (a push flushes all its writes at once). ``seq``: a number reserved for this write."""
    seq = seq if seq is not None else sequence.next_seq(session)
    record = get(session, type_, id_) if current is _UNKNOWN else current
    if record is None:
        record = Record(type=type_, id=id_, seq=seq)
        session.add(record)
    record.data = None if deleted else data
    record.deleted = deleted
    record.group_id = placement.group_id
    record.event_id = placement.event_id
    record.owner_id = placement.owner_id
    record.ref_id = placement.ref_id
    record.private = placement.private
    record.updated_at = utcnow()
    record.seq = seq
    if flush:
        session.flush()
    return record


def restamp(session: Session, keys: Iterable[tuple[str, str]]) -> int:
    """Give each (type, id) a fresh sequence number, oldest first, so that it reappears in
    the pull feed of a caller whose cursor had passed it (scope entry). Returns the count."""
    wanted = set(keys)
    if not wanted:
        return 0
    rows = session.execute(
        select(Record.type, Record.id, Record.seq).where(
            Record.id.in_({id_ for _, id_ in wanted})).order_by(Record.seq)
    ).all()
    rows = [row for row in rows if (row.type, row.id) in wanted]
    numbers = sequence.allocate(session, len(rows))
    for row, seq in zip(rows, numbers, strict=True):
        session.execute(update(Record).where(Record.type == row.type, Record.id == row.id)
                        .values(seq=seq))
    return len(rows)


def group_keys(session: Session, group_ids: Iterable[str]) -> list[tuple[str, str]]:
    """Every record placed in one of these groups (the group record itself included), and
    those its people read from elsewhere (a merge's decision, placed in the merged group)."""
    groups = sorted(set(group_ids))
    if not groups:
        return []
    return [(r.type, r.id) for r in session.execute(
        select(Record.type, Record.id).where(or_(
            Record.group_id.in_(groups),
            and_(Record.type.in_(MERGE_TYPES), Record.ref_id.in_(groups))))).all()]
