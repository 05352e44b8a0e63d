"""The FastAPI application of the reference central service."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, Depends, FastAPI

from protocol.wire import API_PREFIX, PROTOCOL_VERSION
from server import errors, migrate, openapi
from server.db import Database
from server.deps import AppState, check_client_version
from server.feed_watch import FeedWatch
from server.limits import BodyLimitMiddleware
from server.routes import auth, evaluations, meta, records, reports, sync
from server.services.evaluations import Postbox
from server.settings import ServerSettings

log = logging.getLogger(__name__)


def create_app(settings: ServerSettings, database: Database | None = None,
               postbox: Postbox | None = None) -> FastAPI:
    """Build the app over a migrated database (migrating it when not given one);
    evaluation invitations go to ``postbox`` (none: they are not sent)."""
    if database is None:
        database = Database(settings.database_url)
        migrate.upgrade(database)
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        yield

    app = FastAPI(lifespan=lifespan, title="NPQ Partner Desk central service",
                  version=f"protocol {PROTOCOL_VERSION}",
                  description="Reference implementation of the NPQ Partner Desk sync protocol.",
                  openapi_url="/openapi.json", docs_url="/docs", redoc_url=None)
    feed = FeedWatch(database, poll_seconds=settings.feed_poll_seconds)
    app.state.npq = AppState(settings=settings, db=database, feed=feed,
                             instance_id=migrate.instance_id(database), postbox=postbox)
    api = APIRouter(prefix=API_PREFIX, dependencies=[Depends(check_client_version)],
                    responses=openapi.COMMON)
    for module in (meta, auth, sync, records, reports, evaluations):
        api.include_router(module.router)
    app.include_router(api)
    errors.install(app)
    openapi.install(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    return app
