"""Applying a push: each mutation applied once, rejected ones never holding up the rest.

A push is checked first and written second, so that the write transaction (which holds the
change-sequence lock, and on SQLite the database's write lock) does only short, batched work:

1. Without any lock, in a read transaction: the mutations are validated, the caller's scope
   is computed, and the events and candidates they name are loaded in one query each.
2. In the write transaction, after taking the counter lock: if an assignment, group, event or
   candidate changed since step 1 read the counter (one probe of the ``seq`` index), step 1's
   lookups are redone under the lock, so every scope check holds as of the lock. Then the
   sender's applied mutation ids, the records of every writable type holding a pushed id
   and the events' register submissions are loaded in one query each, every mutation is
   applied, and all writes are sent at once, one executemany Core statement per table
   (``Context.flush``: no ORM unit of work); evaluation invitations are sent once per
   submitted event the push changed.
3. Once committed, follow-up work: the invitations are delivered, and the groups of the
   registers submitted are given their progress and declarations again
   (``server.services.declarations.after_submissions``, a transaction of its own).

Each mutation is checked in three steps, by its type's writer (``server.services.registry``,
which also validated its payload): ``admit`` (may the caller write at the place the payload
names?), then the one rule on the record its id names (``check_claim``: is that record
theirs to write?), then the type's own rules (``apply``).

The whole of step 2 is one transaction, so a temporary failure (the database going away)
rolls everything back and answers 5xx. A rejection is raised before its mutation writes
anything (``server.services.writes``), so it leaves nothing behind and needs no savepoint.
Applied mutation ids are remembered per sender: a mutation the caller sent before answers
``duplicate`` with the first result's sequence number; another user's mutation id is no
replay (nor a hint that their write exists), just a new mutation of the caller's.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from protocol.records import CLIENT_WRITABLE_TYPES
from protocol.wire import Mutation, MutationError, MutationResult
from server import sequence
from server.db import Database
from server.models import AppliedMutation, Record
from server.scope import Principal, Scope, write_scope_for
from server.services import declarations
from server.services.evaluations import Postbox, SentInvitation
from server.services.registry import Pushed, writer_for
from server.services.writes import Context, Rejected, Row, load_rows

log = logging.getLogger(__name__)

MAX_ID_LENGTH = 64
MAX_STAMP_LENGTH = 200
# What a push's checks read before the lock: a change to any of these types in between
# sends the push back to read them again under the lock (a QA assignment changes which
# facilitators' forms a QA lead may write).
CHECKED_TYPES = frozenset({"assignment", "group", "event", "candidate", "qa_assignment"})
# For each writable type, the others: an id one of them holds is not free for it.
_OTHER_TYPES = {t: sorted(CLIENT_WRITABLE_TYPES - {t}) for t in CLIENT_WRITABLE_TYPES}
NOT_YOURS = "No such record, or it is not yours to change."
# A pushed mutation, and what it is after validation: its payload with its type's writer, or
# the reason it is rejected before anything is looked up.
Parsed = tuple[Mutation, Pushed[Any, Any] | Rejected]


def _plain(text: str, limit: int) -> bool:
    return 0 < len(text) <= limit and text.isprintable()


def _parse(m: Mutation) -> Pushed[Any, Any]:
    """The mutation with its data as its type's payload model, or ``Rejected`` (no database
    needed)."""
    if not (_plain(m.id, MAX_ID_LENGTH) and _plain(m.mutation_id, MAX_ID_LENGTH)
            and _plain(m.hlc, MAX_STAMP_LENGTH)):
        raise Rejected("invalid", f"ids must be 1-{MAX_ID_LENGTH} printable characters and "
                                  f"the stamp at most {MAX_STAMP_LENGTH}")
    writer = writer_for(m.type)
    if writer is None:
        raise Rejected("read_only_type", f"Records of type {m.type!r} are kept by the "
                                         "central service and cannot be pushed.")
    return writer.read(m)


@dataclass
class _Checks:
    """What the checks of a push read: the caller's scope and the records they name, as of
    sequence number ``as_of`` (everything up to it was committed when they were read)."""

    scope: Scope
    as_of: int
    known: dict[tuple[str, str], Row | None] = field(default_factory=dict)


def _placement_of(session: Session, type_: str,
                  ids: set[str]) -> dict[tuple[str, str], Row | None]:
    """Where these records sit (group, event, deleted): all a check needs, without loading
    and decoding the records' data."""
    return load_rows(session, type_, ids, placement_only=True)


def _named(parsed: list[Parsed]) -> tuple[set[str], set[str]]:
    """The events and candidates the valid payloads name (what their checks look up)."""
    events: set[str] = set()
    candidates: set[str] = set()
    for _, pushed in parsed:
        if isinstance(pushed, Pushed):
            if isinstance(event_id := getattr(pushed.data, "event_id", None), str):
                events.add(event_id)
            if isinstance(candidate_id := getattr(pushed.data, "candidate_id", None), str):
                candidates.add(candidate_id)
    return events, candidates


def _read_checks(session: Session, caller: Principal, parsed: list[Parsed]) -> _Checks:
    as_of = sequence.current(session)  # first: whatever the lookups miss comes after it
    checks = _Checks(scope=write_scope_for(session, caller), as_of=as_of)
    events, candidates = _named(parsed)
    checks.known |= _placement_of(session, "event", events)
    checks.known |= _placement_of(session, "candidate", candidates)
    return checks


def push(database: Database, caller: Principal, *, device_id: str, mutations: list[Mutation],
         future_tolerance_ms: int, now_ms: int | None = None,
         postbox: Postbox | None = None) -> list[MutationResult]:
    """Apply a push; the evaluation invitations it made go to ``postbox`` once committed
    (without one they are made and never delivered: the service has no mail transport)."""
    parsed: list[Parsed] = []
    for m in mutations:
        try:
            parsed.append((m, _parse(m)))
        except Rejected as rejection:
            parsed.append((m, rejection))
    with database.read() as session:
        checks = _read_checks(session, caller, parsed)
    with database.write() as session:
        sequence.lock(session)
        if sequence.changed_since(session, checks.as_of, CHECKED_TYPES):
            checks = _read_checks(session, caller, parsed)
        results, letters = _apply(session, checks, parsed, device_id=device_id,
                                  future_tolerance_ms=future_tolerance_ms, now_ms=now_ms)
    if letters and postbox is not None:
        postbox.deliver(letters)
    submitted = [str(m.data.get("event_id")) for m, r in zip(mutations, results, strict=True)
                 if m.type == "register_submission" and r.status == "applied"]
    if submitted:  # follow-up work, once committed: the group's progress and declarations
        declarations.after_submissions(database, submitted)
    applied = sum(r.status == "applied" for r in results)
    log.info("push from user %s device %s: %d mutations, %d applied", caller.id,
             device_id, len(mutations), applied)
    return results


def _apply(session: Session, checks: _Checks, parsed: list[Parsed], *, device_id: str,
           future_tolerance_ms: int, now_ms: int | None,
           ) -> tuple[list[MutationResult], list[SentInvitation]]:
    """Under the counter lock: apply the mutations, in order, in this transaction; returns
    their results and the invitations they made."""
    scope = checks.scope
    ctx = Context(session=session, scope=scope, device_id=device_id,
                  now_ms=now_ms if now_ms is not None else time.time_ns() // 1_000_000,
                  future_tolerance_ms=future_tolerance_ms, known=dict(checks.known))
    _prefetch(ctx, parsed)
    prior: dict[str, int | None] = dict(session.execute(
        select(AppliedMutation.mutation_id, AppliedMutation.seq).where(
            AppliedMutation.user_id == scope.user_id,
            AppliedMutation.mutation_id.in_(sorted({m.mutation_id for m, _ in parsed}))),
    ).all())
    to_write = {m.mutation_id for m, pushed in parsed
                if isinstance(pushed, Pushed) and m.mutation_id not in prior}
    ctx.seqs = sequence.Reservation(session, len(to_write))
    results: list[MutationResult] = []
    for m, pushed in parsed:
        if m.mutation_id in prior:
            results.append(MutationResult(mutation_id=m.mutation_id, status="duplicate",
                                          seq=prior[m.mutation_id]))
            continue
        try:
            if isinstance(pushed, Rejected):
                raise pushed
            place = pushed.admit(ctx)
            check_claim(ctx, pushed)
            seq = pushed.apply(ctx, place)
        except Rejected as rejection:
            results.append(MutationResult(
                mutation_id=m.mutation_id, status="rejected",
                error=MutationError(code=rejection.code, message=rejection.message)))
            continue
        ctx.applied.append({"mutation_id": m.mutation_id, "user_id": scope.user_id,
                            "record_type": m.type, "record_id": m.id, "seq": seq})
        prior[m.mutation_id] = seq
        results.append(MutationResult(mutation_id=m.mutation_id, status="applied", seq=seq))
    ctx.finish()
    ctx.flush()
    return results, ctx.letters


def check_claim(ctx: Context, pushed: Pushed[Any, Any]) -> None:
    """The one rule on the record a mutation's id names, for every writable type, checked
    once the caller may write at the place the payload names (``Writer.admit``).

    The id must be free, or name a record the caller may write: one of the same type
    (an id held by a record of another writable type is not free, tombstones included),
    living where the payload says (the same event; for a QA form the same facilitator),
    and, for types only their author may change (notes, QA forms), their own. Anything
    else is ``not_found`` and changes nothing, saying no more than for an event out of
    scope; a record of another author that the caller can see (a shared note, a submitted
    form) is ``not_author``. A tombstone keeps its place and author, so it is judged alike.
    The records are those ``_prefetch`` loaded: no query of its own."""
    m, writer = pushed.mutation, pushed.writer
    for other in _OTHER_TYPES[m.type]:
        if ctx.record(other, m.id) is not None:
            raise Rejected("not_found", NOT_YOURS)
    held = ctx.record(m.type, m.id)
    if held is None:
        return
    if getattr(held, writer.home.column) != pushed.home_of_payload():
        raise Rejected("not_found", NOT_YOURS)
    if writer.authored and held.owner_id != ctx.scope.user_id:
        if held.private:
            raise Rejected("not_found", NOT_YOURS)
        raise Rejected("not_author", "Only its author may change this record.")


def _prefetch(ctx: Context, parsed: list[Parsed]) -> None:
    """Load, in one query, every record of a writable type holding an id the mutations
    write (``check_claim`` and the writers read them), and whether their events' registers
    are submitted (read under the lock: these decide what is written)."""
    ids = {m.id for m, pushed in parsed if isinstance(pushed, Pushed)}
    ctx.known |= load_rows(ctx.session, CLIENT_WRITABLE_TYPES, ids)
    events = {key[1] for key, record in ctx.known.items()
              if key[0] == "event" and record is not None}
    ctx.submitted = dict.fromkeys(events, False)
    if events:
        for event_id in ctx.session.scalars(select(Record.event_id).where(
                Record.type == "register_submission", Record.event_id.in_(sorted(events)),
                Record.deleted == false())):
            ctx.submitted[str(event_id)] = True
