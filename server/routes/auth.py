"""Sign-in, refresh (rotation) and logout."""

from __future__ import annotations

from fastapi import APIRouter, status

from protocol.wire import LogoutRequest, RefreshRequest, TokenRequest, TokenResponse, UserInfo
from server.deps import CurrentCaller, Db, Settings
from server.errors import ProblemError
from server.openapi import problems
from server.services import auth

router = APIRouter(prefix="/auth", tags=["auth"])


def _response(issued: auth.IssuedTokens) -> TokenResponse:
    user = issued.user
    return TokenResponse(access_token=issued.access_token, refresh_token=issued.refresh_token,
                         expires_in=issued.expires_in,
                         user=UserInfo(id=user.id, name=user.name,
                                       roles=list(user.roles)))  # type: ignore[arg-type]  # stored roles are checked on write


@router.post("/token", responses=problems(401, 413, 429))
def token(body: TokenRequest, db: Db, settings: Settings) -> TokenResponse:
    with db.write() as session:
        issued = auth.login(session, settings, username=body.username, password=body.password,
                            device_id=body.device_id)
        response = issued if isinstance(issued, ProblemError) else _response(issued)
    if isinstance(response, ProblemError):
        raise response
    return response


@router.post("/refresh", responses=problems(401, 413))
def refresh(body: RefreshRequest, db: Db, settings: Settings) -> TokenResponse:
    with db.write() as session:
        issued = auth.refresh(session, settings, refresh_token=body.refresh_token)
        response = issued if isinstance(issued, ProblemError) else _response(issued)
    if isinstance(response, ProblemError):
        raise response
    return response


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT,
             responses=problems(401, 413))
def logout(caller: CurrentCaller, db: Db, body: LogoutRequest | None = None) -> None:
    """Revoke the caller's own sign-in (the family of its access token). A refresh token in
    the body is ignored unless it is the caller's own; the answer is 204 either way."""
    with db.write() as session:
        auth.logout(session, access_token=caller.access_token,
                    refresh_token=body.refresh_token if body else None)
