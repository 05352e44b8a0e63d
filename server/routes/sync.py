"""The sync feed: pull (server → client) and push (client → server)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Request

from protocol.wire import (
    DEFAULT_PULL_LIMIT,
    DEFAULT_WAIT_SECONDS,
    MAX_PULL_LIMIT,
    MAX_WAIT_SECONDS,
    PullResponse,
    PushRequest,
    PushResponse,
    WaitResponse,
)
from server.deps import AccessToken, CurrentCaller, Db, State
from server.openapi import problems
from server.scope import scope_for
from server.services import pull as pull_service
from server.services import push as push_service
from server.services import wait as wait_service

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
    if any(result.status == "applied" for result in results):
        state.feed.kick()  # committed: wake whoever waits for it
    return PushResponse(results=results)


@router.get("/wait", responses=problems(401, 410))
async def wait(token: AccessToken, state: State, request: Request,
               cursor: Annotated[str | None, Query(max_length=500)] = None,
               timeout: Annotated[float, Query(ge=0, le=MAX_WAIT_SECONDS)] = DEFAULT_WAIT_SECONDS,
               ) -> WaitResponse:
    """Answer ``moved`` once a pull from ``cursor`` would return a change, ``nothing`` after
    ``timeout`` seconds (0: at once). Holds no worker thread while it waits; the token is
    checked with the feed, in one visit to the database."""
    check = wait_service.checker(state.db, token=token,
                                 instance_id=state.instance_id, cursor=cursor)
    moved = await wait_service.wait(state.feed, check,
                                    timeout=min(timeout, state.settings.max_wait_seconds),
                                    gone=partial(wait_service.gone, request.receive))
    return WaitResponse(status="moved" if moved else "nothing")
