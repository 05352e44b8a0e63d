"""The pull feed: the caller's in-scope records with ``seq`` above the cursor, in order.

The cursor is opaque to clients: ``base64url("v1:<database instance id>:<seq>")``. A cursor
that does not decode, names another database, or points past the newest change is unknown:
410 ``cursor_expired``, and the client re-pulls from the start.

The counter is read before the records, and only records with ``seq <= counter`` are
returned: on PostgreSQL each statement has its own snapshot, and every number up to the
counter read first belongs to a committed change (numbers are taken in commit order).

Records that left the caller's scope (``scope_exits``) are merged in as ``deleted`` changes,
by the same sequence, for any cursor but the start.
"""

from __future__ import annotations

import base64
import binascii

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from protocol.wire import Change, PullResponse
from server import sequence
from server.errors import ProblemError
from server.models import Record, ScopeExit
from server.scope import Scope

CURSOR_VERSION = "v1"


def encode_cursor(instance_id: str, seq: int) -> str:
    raw = f"{CURSOR_VERSION}:{instance_id}:{seq}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _expired(detail: str) -> ProblemError:
    return ProblemError(410, "cursor_expired", "Sync position expired",
                        f"{detail} Pull again from the start.")


def decode_cursor(cursor: str | None, instance_id: str, newest: int) -> int:
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        version, instance, seq_text = (
            base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii").split(":"))
        seq = int(seq_text)
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise _expired("The cursor is not one this server issued.") from exc
    if version != CURSOR_VERSION or instance != instance_id or not 0 <= seq <= newest:
        raise _expired("The cursor is unknown to this server.")
    return seq


def _change(record: Record) -> Change:
    return Change(seq=record.seq, type=record.type, id=record.id,  # type: ignore[arg-type]
                  deleted=record.deleted, data=None if record.deleted else record.data)


def _exit(row: ScopeExit) -> Change:
    return Change(seq=row.seq, type=row.type, id=row.record_id,  # type: ignore[arg-type]
                  deleted=True, data=None)


def _records(scope: Scope, after: int, newest: int) -> Select[Record]:
    return select(Record).where(Record.seq > after, Record.seq <= newest, scope.visible())


def _exits(scope: Scope, after: int, newest: int) -> Select[ScopeExit]:
    return select(ScopeExit).where(ScopeExit.user_id == scope.user_id, ScopeExit.seq > after,
                                   ScopeExit.seq <= newest)


def has_changes(session: Session, scope: Scope, *, after: int, newest: int) -> bool:
    """Whether ``pull`` from ``after`` would return a change (up to ``newest``): what a
    wait answers, in one or two probes that stop at the first row."""
    first = _records(scope, after, newest).with_only_columns(Record.seq).limit(1)
    if session.scalar(first) is not None:
        return True
    return after > 0 and session.scalar(
        _exits(scope, after, newest).with_only_columns(ScopeExit.seq).limit(1)) is not None


def pull(session: Session, scope: Scope, *, instance_id: str, cursor: str | None,
         limit: int) -> PullResponse:
    newest = sequence.current(session)
    after = decode_cursor(cursor, instance_id, newest)
    changes = [_change(r) for r in session.scalars(
        _records(scope, after, newest).order_by(Record.seq).limit(limit + 1))]
    if after > 0:  # a client pulling from the start holds nothing that left its scope
        changes += [_exit(r) for r in session.scalars(
            _exits(scope, after, newest).order_by(ScopeExit.seq).limit(limit + 1))]
        changes.sort(key=lambda change: change.seq)
    more = len(changes) > limit
    page = changes[:limit]
    position = page[-1].seq if more else newest
    return PullResponse(changes=page, cursor=encode_cursor(instance_id, position), more=more)
