"""The transactional outbox: what this laptop still has to tell the server.

Every local change adds its entry in the same transaction as the change itself
(``enqueue``). Sync only reads entries; it deletes one only when the server answers
``applied`` or ``duplicate``. A ``rejected`` entry waits in "needs attention" until the
user retries or discards it; it is never dropped silently.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from app.errors import NotFoundError
from app.marks import has_unsent, recompute_current, utc_now_iso
from app.store import Store
from app.store.bulk import chunks, recompute_marks, table_of
from app.store.models import AttendanceHistory, Base, OutboxEntry
from app.store.purge import run_deferred_purges
from app.store.record_types import FORM_TABLES, TABLES
from protocol.records import CLIENT_WRITABLE_TYPES
from protocol.text import _

PENDING = "pending"
NEEDS_ATTENTION = "needs_attention"
# Where a client-writable type keeps its local change in a table of its own: a discarded
# change leaves it (an attendance mark leaves the history instead).
_LOCAL_TABLES: dict[str, type[Base]] = {
    type_: table for type_, table in (TABLES | FORM_TABLES).items()
    if type_ in CLIENT_WRITABLE_TYPES}


@dataclass(frozen=True)
class OutboxItem:
    mutation_id: str
    type: str
    record_id: str
    op: str
    data: dict[str, Any]
    hlc: str
    created_at: str
    state: str
    error_code: str | None
    error_message: str | None  # the server's reason, for the user
    attempts: int
    seq: int = 0  # position in the outbox (sending order)

    def wire(self) -> dict[str, Any]:
        """The mutation as sent in a push."""
        return {"mutation_id": self.mutation_id, "type": self.type, "id": self.record_id,
                "op": self.op, "data": self.data, "hlc": self.hlc}


def enqueue(session: Session, *, type_: str, record_id: str, data: dict[str, Any],
            hlc: str, op: str = "upsert") -> OutboxEntry:
    """Add an entry inside the caller's transaction (the one that writes the change)."""
    entry = OutboxEntry(mutation_id=str(uuid.uuid4()), type=type_, record_id=record_id,
                        op=op, data=data, hlc=hlc, created_at=utc_now_iso(), state=PENDING,
                        attempts=0)
    session.add(entry)
    session.flush()
    return entry


def enqueue_latest(session: Session, *, type_: str, record_id: str, data: dict[str, Any],
                   hlc: str, op: str = "upsert") -> OutboxEntry:
    """Like ``enqueue``, for records saved as they are typed (QA forms): when the record's
    latest entry is still pending, it takes the new state instead of a new entry being
    added, so a form typed for an hour is one entry, not thousands.

    The replaced entry gets a NEW mutation id: a push already carrying the older state is
    answered for the old id, which ``settle`` no longer finds, so the newer state stays
    pending and is sent by the next push (and the server, which has applied the older
    one, applies this one too: another mutation id is not a duplicate). Its place in the
    outbox (``seq``) is kept, so it is still sent before anything saved after it (a
    conversation linked to this visit, say)."""
    latest = session.scalar(
        select(OutboxEntry).where(OutboxEntry.type == type_, OutboxEntry.record_id == record_id)
        .order_by(OutboxEntry.seq.desc()).limit(1))
    if latest is None or latest.state != PENDING:
        return enqueue(session, type_=type_, record_id=record_id, data=data, hlc=hlc, op=op)
    latest.mutation_id = str(uuid.uuid4())
    latest.data, latest.hlc, latest.op = data, hlc, op
    latest.attempts = 0
    session.flush()
    return latest


def pending_count(store: Store) -> int:
    with store.read() as session:
        return session.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == PENDING)
        ) or 0


def needs_attention(store: Store) -> list[OutboxItem]:
    """Entries the server rejected, oldest first, with the server's reason."""
    with store.read() as session:
        rows = session.scalars(
            select(OutboxEntry).where(OutboxEntry.state == NEEDS_ATTENTION)
            .order_by(OutboxEntry.seq)
        )
        return [_item(r) for r in rows]


def retry(store: Store, mutation_id: str) -> None:
    """Send a rejected entry again at the next sync (after the cause was fixed)."""
    with store.write() as session:
        entry = _entry(session, mutation_id)
        entry.state, entry.error_code, entry.error_message = PENDING, None, None


def discard(store: Store, mutation_id: str) -> None:
    """Drop a rejected entry: only ever on the user's explicit request. The local change
    it carried is undone (a discarded mark leaves the history; the latest remaining
    observation becomes current again)."""
    with store.write() as session:
        entry = _entry(session, mutation_id)
        session.delete(entry)
        session.flush()
        if entry.type == "attendance":
            session.execute(delete(AttendanceHistory).where(
                AttendanceHistory.attendance_id == entry.record_id,
                AttendanceHistory.hlc == entry.hlc,
                AttendanceHistory.source == "local",
            ))
            if not has_unsent(session, "attendance", entry.record_id):
                recompute_current(session, entry.record_id)
        elif entry.type in _LOCAL_TABLES and not has_unsent(session, entry.type,
                                                            entry.record_id):
            table = _LOCAL_TABLES[entry.type]
            session.execute(delete(table).where(
                getattr(table, "id") == entry.record_id))  # noqa: B009 (any model's id)
        run_deferred_purges(session)  # a group that left scope may now be purged


def pending_batch(store: Store, max_count: int, max_bytes: int,
                  after_seq: int | None = None) -> list[OutboxItem]:
    """The oldest pending entries that fit in one push (at least one, if any), only those
    after ``after_seq`` if given (the batch after one still being answered). Read as
    plain rows (no ORM objects): building a batch of 500 costs a few milliseconds."""
    items: list[OutboxItem] = []
    size = 0
    table = table_of(OutboxEntry)
    dumps = json.JSONEncoder(separators=(",", ":")).encode
    with store.read() as session:
        query = select(*(table.c[c] for c in _ITEM_COLUMNS)).where(table.c.state == PENDING)
        if after_seq is not None:
            query = query.where(table.c.seq > after_seq)
        rows = session.connection().execute(query.order_by(table.c.seq).limit(max_count))
        for row in rows:
            item = OutboxItem(row[0], row[1], row[2], row[3], dict(row[4] or {}), row[5],
                              row[6], row[7], row[8], row[9], row[10], row[11])
            cost = len(dumps(item.wire()).encode()) + 1
            if items and size + cost > max_bytes:
                break
            items.append(item)
            size += cost
    return items


_ITEM_COLUMNS = ("mutation_id", "type", "record_id", "op", "data", "hlc", "created_at",
                 "state", "error_code", "error_message", "attempts", "seq")


def _entry(session: Session, mutation_id: str) -> OutboxEntry:
    entry = session.scalar(select(OutboxEntry).where(OutboxEntry.mutation_id == mutation_id))
    if entry is None:
        raise NotFoundError(_("That change is no longer waiting to be sent."))
    return entry


def _item(row: OutboxEntry) -> OutboxItem:
    return OutboxItem(
        mutation_id=row.mutation_id, type=row.type, record_id=row.record_id, op=row.op,
        data=dict(row.data), hlc=row.hlc, created_at=row.created_at, state=row.state,
        error_code=row.error_code, error_message=row.error_message, attempts=row.attempts,
        seq=row.seq,
    )


@dataclass(frozen=True)
class Outcome:
    """The server's answer to one pushed mutation."""

    mutation_id: str
    status: str  # applied | duplicate | rejected
    error_code: str | None = None
    error_message: str | None = None


def settle(store: Store, outcomes: list[Outcome]) -> None:
    """Record a push's results in one transaction: applied and duplicate entries go; a
    rejected one waits for the user. A mark whose last unsent entry went becomes current
    only if it is still the latest observation (another device may have marked later).

    Set-based: one look-up for the batch's entries, one delete for the confirmed ones, one
    update for the rejected ones, and the current marks recomputed in bulk, only for
    attendance records no other entry still waits for. The first result for a mutation id
    counts; a result for an entry no longer here is ignored."""
    first: dict[str, Outcome] = {}
    for outcome in outcomes:
        first.setdefault(outcome.mutation_id, outcome)
    if not first:
        return
    table = table_of(OutboxEntry)
    with store.write() as session:
        connection = session.connection()
        found: dict[str, tuple[str, str]] = {}
        for chunk in chunks(list(first)):
            for mutation_id, type_, record_id in connection.execute(
                    select(table.c.mutation_id, table.c.type, table.c.record_id)
                    .where(table.c.mutation_id.in_(chunk))):
                found[mutation_id] = (type_, record_id)
        confirmed = [m for m in found if first[m].status in ("applied", "duplicate")]
        rejected = [{
            "m_id": m, "code": first[m].error_code or "rejected",
            "message": first[m].error_message or "The server refused this change.",
        } for m in found if first[m].status not in ("applied", "duplicate")]
        for chunk in chunks(confirmed):
            connection.execute(delete(table).where(table.c.mutation_id.in_(chunk)))
        if rejected:
            connection.execute(
                update(table).where(table.c.mutation_id == bindparam("m_id"))
                .values(state=NEEDS_ATTENTION, error_code=bindparam("code"),
                        error_message=bindparam("message"), attempts=table.c.attempts + 1),
                rejected)
        touched = {found[m][1] for m in confirmed if found[m][0] == "attendance"}
        if touched:
            still_unsent: set[str] = set()
            for chunk in chunks(sorted(touched)):
                still_unsent.update(connection.execute(
                    select(table.c.record_id).distinct()
                    .where(table.c.type == "attendance", table.c.record_id.in_(chunk)))
                    .scalars())
            recompute_marks(session, sorted(touched - still_unsent))
        run_deferred_purges(session)


def mark_attempted(store: Store, mutation_ids: list[str]) -> None:
    """Count a send attempt whose answer never came (network failure, 5xx)."""
    with store.write() as session:
        for entry in session.scalars(
                select(OutboxEntry).where(OutboxEntry.mutation_id.in_(mutation_ids))):
            entry.attempts += 1
