"""``GET /sync/meta``: protocol versions and the server's clock (no sign-in needed)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from protocol.wire import PROTOCOL_VERSION, SyncMeta

router = APIRouter(tags=["sync"])


def iso_now() -> str:
    now = dt.datetime.now(dt.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


@router.get("/sync/meta")
def meta() -> SyncMeta:
    return SyncMeta(protocol_min=PROTOCOL_VERSION, protocol_max=PROTOCOL_VERSION,
                    server_time=iso_now())
