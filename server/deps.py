"""Dependencies shared by the routes, declared once as ``Annotated`` aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server.db import Database
from server.errors import ProblemError
from server.feed_watch import FeedWatch
from server.services import auth
from server.services.evaluations import Postbox
from server.settings import ServerSettings


@dataclass(frozen=True)
class AppState:
    settings: ServerSettings
    db: Database
    instance_id: str
    feed: FeedWatch  # who waits for the feed to move (``GET /sync/wait``)
    postbox: Postbox | None = None  # where evaluation invitations go (none: not sent)


@dataclass(frozen=True)
class Caller:
    """The signed-in user of this request (plain data, no database session attached)."""

    id: str
    name: str
    roles: list[str]
    partner_id: str | None
    access_token: str


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.npq
    return state


State = Annotated[AppState, Depends(get_state)]
_bearer = HTTPBearer(auto_error=False)


def get_db(state: State) -> Database:
    return state.db


def get_settings(state: State) -> ServerSettings:
    return state.settings


Db = Annotated[Database, Depends(get_db)]
Settings = Annotated[ServerSettings, Depends(get_settings)]


async def get_access_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> str:
    """The bearer token as sent, not yet checked (no database: runs on the event loop)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ProblemError(401, "unauthorized", "Not signed in",
                           "Send an access token as 'Authorization: Bearer <token>'.",
                           headers={"WWW-Authenticate": "Bearer"})
    return credentials.credentials


AccessToken = Annotated[str, Depends(get_access_token)]


def get_caller(db: Db, token: AccessToken) -> Caller:
    with db.read() as session:
        user = auth.authenticate(session, token)
        return Caller(id=user.id, name=user.name, roles=list(user.roles),
                      partner_id=user.partner_id, access_token=token)


CurrentCaller = Annotated[Caller, Depends(get_caller)]


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.strip().split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def check_client_version(
    settings: Settings,
    x_client_version: Annotated[str | None, Header(max_length=50)] = None,
) -> None:
    """Answer 426 to a client older than ``min_client_version`` (when one is configured)."""
    minimum = settings.min_client_version
    if minimum and x_client_version and _version(x_client_version) < _version(minimum):
        raise ProblemError(426, "client_too_old", "Please update NPQ Partner Desk",
                           f"This server needs version {minimum} or later.",
                           headers={"Upgrade": f"npq-partner-desk/{minimum}"})
