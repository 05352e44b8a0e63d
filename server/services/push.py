"""Applying a push: each mutation applied once, rejected ones never holding up the rest.

The whole request is one transaction (the caller's write session), so a temporary failure
(the database going away) rolls everything back and answers 5xx; each mutation runs in its
own savepoint so a rejection leaves nothing behind. Applied mutation ids are remembered: a
mutation seen before answers ``duplicate`` with the first result's sequence number.
"""

from __future__ import annotations

import logging
import time

from pydantic import ValidationError
from sqlalchemy.orm import Session

from server import sequence
from server.models import AppliedMutation
from server.scope import Scope
from server.services.writes import HANDLERS, Context, Rejected
from sync.records import CLIENT_WRITABLE_TYPES, RECORD_MODELS
from sync.wire import Mutation, MutationError, MutationResult

log = logging.getLogger(__name__)


def _validation_message(exc: ValidationError) -> str:
    parts = [f"{'.'.join(str(p) for p in err['loc']) or 'data'}: {err['msg']}"
             for err in exc.errors()[:5]]
    return "; ".join(parts)


MAX_ID_LENGTH = 64
MAX_STAMP_LENGTH = 200


def _plain(text: str, limit: int) -> bool:
    return 0 < len(text) <= limit and text.isprintable()


def _apply_one(ctx: Context, m: Mutation) -> int:
    if not (_plain(m.id, MAX_ID_LENGTH) and _plain(m.mutation_id, MAX_ID_LENGTH)
            and _plain(m.hlc, MAX_STAMP_LENGTH)):
        raise Rejected("invalid", f"ids must be 1-{MAX_ID_LENGTH} printable characters and "
                                  f"the stamp at most {MAX_STAMP_LENGTH}")
    if m.type not in CLIENT_WRITABLE_TYPES or m.type not in HANDLERS:
        raise Rejected("read_only_type", f"Records of type {m.type!r} are kept by the "
                                         "central service and cannot be pushed.")
    try:
        data = RECORD_MODELS[m.type].model_validate(m.data)
    except ValidationError as exc:
        raise Rejected("invalid", _validation_message(exc)) from exc
    return HANDLERS[m.type](ctx, m, data)


def push(session: Session, scope: Scope, *, device_id: str, mutations: list[Mutation],
         future_tolerance_ms: int, now_ms: int | None = None) -> list[MutationResult]:
    sequence.lock(session)
    ctx = Context(session=session, scope=scope, device_id=device_id,
                  now_ms=now_ms if now_ms is not None else time.time_ns() // 1_000_000,
                  future_tolerance_ms=future_tolerance_ms)
    results: list[MutationResult] = []
    for m in mutations:
        prior = session.get(AppliedMutation, m.mutation_id)
        if prior is not None:
            results.append(MutationResult(mutation_id=m.mutation_id, status="duplicate",
                                          seq=prior.seq))
            continue
        try:
            with session.begin_nested():
                seq = _apply_one(ctx, m)
                session.add(AppliedMutation(mutation_id=m.mutation_id, user_id=scope.user_id,
                                            record_type=m.type, record_id=m.id, seq=seq))
        except Rejected as rejection:
            results.append(MutationResult(
                mutation_id=m.mutation_id, status="rejected",
                error=MutationError(code=rejection.code, message=rejection.message)))
            continue
        results.append(MutationResult(mutation_id=m.mutation_id, status="applied", seq=seq))
    applied = sum(r.status == "applied" for r in results)
    log.info("push from user %s device %s: %d mutations, %d applied", scope.user_id,
             device_id, len(mutations), applied)
    return results
