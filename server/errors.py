"""Problem-details errors (RFC 9457 with a stable ``code``) and the handlers that emit them.

Every error the service answers, including validation errors, unknown routes and crashes,
is a ``protocol.wire.Problem`` body; no stack trace ever reaches a response.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from protocol.wire import MAX_MUTATIONS_PER_PUSH, Problem

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"

_STATUS_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Bad request"),
    401: ("unauthorized", "Not signed in"),
    403: ("forbidden", "Not allowed"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    413: ("too_large", "Request too large"),
    415: ("unsupported_media_type", "Unsupported media type"),
    422: ("invalid", "Invalid request"),
    429: ("rate_limited", "Too many requests"),
    500: ("internal_error", "Internal server error"),
    503: ("unavailable", "Service temporarily unavailable"),
}


class ProblemError(Exception):
    """Raise from anywhere in a request to answer with a problem document."""

    def __init__(self, status: int, code: str, title: str, detail: str = "",
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(f"{status} {code}: {title}")
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def not_found(detail: str = "No such resource, or it is not visible to you.") -> ProblemError:
    return ProblemError(404, "not_found", "Not found", detail)


def problem_response(status: int, code: str, title: str, detail: str = "",
                     headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail, code=code, **extra)
    return JSONResponse(jsonable_encoder(body.model_dump()), status_code=status,
                        headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.status, exc.code, exc.title, exc.detail, exc.headers,
                            **exc.extra)


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, title = _STATUS_CODES.get(exc.status_code, ("error", "Error"))
    detail = exc.detail if isinstance(exc.detail, str) else ""
    if detail.lower() == title.lower() or detail.lower() in ("not found", "method not allowed"):
        detail = f"{request.method} {request.url.path} is not a route of this service." \
            if exc.status_code in (404, 405) else ""
    return problem_response(exc.status_code, code, title, detail, dict(exc.headers or {}))


async def _on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    if any(tuple(e.get("loc", ())) == ("body", "mutations") and e.get("type") == "too_long"
           for e in exc.errors()):
        return problem_response(413, "too_many_mutations", "Too many mutations in one push",
                                f"Send at most {MAX_MUTATIONS_PER_PUSH} mutations per push.")
    errors = [{"field": _field_path(err.get("loc", ())), "message": str(err.get("msg", ""))}
              for err in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:10])
    return problem_response(422, "invalid", "The request is not valid", detail, errors=errors)


async def _on_database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable: %s", type(exc).__name__)
    return problem_response(503, "unavailable", "Service temporarily unavailable",
                            "The database is busy or unreachable; try again shortly.",
                            {"Retry-After": "5"})


async def _on_crash(_request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error: %s", type(exc).__name__, exc_info=exc)
    return problem_response(500, "internal_error", "Internal server error",
                            "Something went wrong on the server; nothing was half-applied.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(OperationalError, _on_database_unavailable)
    app.add_exception_handler(Exception, _on_crash)
