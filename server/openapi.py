"""The OpenAPI document tells the truth about errors: each route declares the problem
responses it can give, and every error response is ``application/problem+json`` with the
``Problem`` schema (what ``server.errors`` actually sends)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from protocol.wire import Problem
from server.errors import PROBLEM_MEDIA_TYPE

DESCRIPTIONS = {
    401: "Not signed in: no, an expired or a revoked access token",
    404: "No such resource, or it is not visible to the caller",
    409: "Conflicts with what is already recorded",
    410: "The sync cursor is unknown to this server: pull again from the start",
    413: "The request body or the batch is over the limit",
    422: "The request is not valid (field paths in `errors`)",
    426: "The client is too old for this server",
    429: "Too many failed sign-ins: wait for Retry-After seconds",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: these statuses answer with a problem document."""
    return {status: {"model": Problem, "description": DESCRIPTIONS[status]}
            for status in statuses}


# Every route under /api/v1 checks the request (422) and the client's version (426).
COMMON = problems(422, 426)


def install(app: FastAPI) -> None:
    """Serve problem responses as ``application/problem+json`` in the document."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version,
                                   description=app.description, routes=app.routes)
            for item in document.get("paths", {}).values():
                for operation in item.values():
                    for status, response in operation.get("responses", {}).items():
                        content = response.get("content", {})
                        if int(status) >= 400 and "application/json" in content:
                            content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the schema
