"""The sync feed: pull (server → client) and push (client → server)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from server.deps import CurrentCaller, Db, State
from server.openapi import problems
from server.scope import scope_for
from server.services import pull as pull_service
from server.services import push as push_service
from sync.wire import DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, PullResponse, PushRequest, PushResponse

router = APIRouter(prefix="/sync", tags=["sync"])


@router.get("/pull", responses=problems(401, 410))
def pull(caller: CurrentCaller, db: Db, state: State,
         cursor: Annotated[str | None, Query(max_length=500)] = None,
         limit: Annotated[int, Query(ge=1)] = DEFAULT_PULL_LIMIT) -> PullResponse:
    with db.read() as session:
        scope = scope_for(session, caller)
        return pull_service.pull(session, scope, instance_id=state.instance_id, cursor=cursor,
                                 limit=min(limit, MAX_PULL_LIMIT))


@router.post("/push", responses=problems(401, 413))
def push(body: PushRequest, caller: CurrentCaller, state: State) -> PushResponse:
    results = push_service.push(state.db, caller, device_id=body.device_id,
                                mutations=body.mutations, postbox=state.postbox,
                                future_tolerance_ms=state.settings.future_stamp_tolerance_ms)
    return PushResponse(results=results)
