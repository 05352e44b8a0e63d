"""Sign-in, token rotation, logout and bearer-token checks.

Tokens are random strings; only their SHA-256 hashes are stored. Each sign-in starts a token
family; refreshing marks the presented refresh token used and issues a new pair in the same
family (each token remembers the refresh token it came from, ``parent_id``). Presenting a used
refresh token again fails and revokes the whole family (it may have been stolen), with one
exception, so that a client whose answer to a refresh was lost is not signed out: within
``refresh_reuse_grace`` seconds of its rotation, while the refresh token it was rotated into
is still unused, a used refresh token works once more. The pair it was rotated into (whose
answer never arrived) is revoked and a fresh one issued. Presenting the token a third time,
after the grace, or after its successor was used, is reuse as above. Logout revokes the
family. Repeated failed sign-ins for one username are refused with 429 for the rest of the
failure window, without checking the password.

``login`` and ``refresh`` return a problem instead of raising it when what they wrote (a
failed attempt, a revoked family) must be committed: the caller commits, then raises.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from server.errors import ProblemError
from server.models import LoginFailure, Token, User, utcnow
from server.security import new_token, token_hash, verify_password
from server.settings import ServerSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    user: User


def _unauthorized(title: str, detail: str = "") -> ProblemError:
    return ProblemError(401, "unauthorized", title, detail,
                        headers={"WWW-Authenticate": "Bearer"})


def _issue(session: Session, settings: ServerSettings, user: User, family_id: str,
           device_id: str, parent_id: int | None = None) -> IssuedTokens:
    now = utcnow()
    access, refresh = new_token(), new_token()
    session.add_all([
        Token(token_hash=token_hash(access), kind="access", user_id=user.id,
              family_id=family_id, device_id=device_id, parent_id=parent_id,
              expires_at=now + dt.timedelta(seconds=settings.access_token_ttl)),
        Token(token_hash=token_hash(refresh), kind="refresh", user_id=user.id,
              family_id=family_id, device_id=device_id, parent_id=parent_id,
              expires_at=now + dt.timedelta(seconds=settings.refresh_token_ttl)),
    ])
    return IssuedTokens(access, refresh, settings.access_token_ttl, user)


def _check_rate_limit(session: Session, settings: ServerSettings, username: str) -> None:
    since = utcnow() - dt.timedelta(seconds=settings.login_failure_window)
    count, oldest = session.execute(
        select(func.count(), func.min(LoginFailure.failed_at)).where(
            LoginFailure.username == username, LoginFailure.failed_at > since)).one()
    if count >= settings.login_max_failures and oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=dt.UTC)
        wait = (oldest - since).total_seconds()
        retry_after = str(max(1, math.ceil(wait)))
        raise ProblemError(429, "rate_limited", "Too many failed sign-in attempts",
                           f"Try again in {retry_after} seconds.",
                           headers={"Retry-After": retry_after})


def login(session: Session, settings: ServerSettings, *, username: str, password: str,
          device_id: str) -> IssuedTokens | ProblemError:
    key = username.strip().lower()
    _check_rate_limit(session, settings, key)
    user = session.scalar(select(User).where(func.lower(User.username) == key))
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        session.add(LoginFailure(username=key, failed_at=utcnow()))
        log.info("failed sign-in (user known: %s)", user is not None)
        return _unauthorized("Wrong username or password",
                            "Check the username and password and try again.")
    session.execute(delete(LoginFailure).where(LoginFailure.username == key))
    log.info("user %s signed in on device %s", user.id, device_id)
    return _issue(session, settings, user, uuid.uuid4().hex, device_id)


def refresh(session: Session, settings: ServerSettings, *,
            refresh_token: str) -> IssuedTokens | ProblemError:
    token = session.scalar(select(Token).where(
        Token.token_hash == token_hash(refresh_token), Token.kind == "refresh",
    ).with_for_update())  # PostgreSQL: two refreshes with one token take turns
    now = utcnow()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        raise _unauthorized("Session expired", "Sign in again.")
    lost: list[Token] = []
    if token.used_at is not None:
        lost = _lost_answer(session, settings, token, now)
        if not lost:
            _revoke_family(session, token.family_id)
            log.warning("reused refresh token; family of user %s revoked", token.user_id)
            return _unauthorized("Session expired", "This refresh token was already used.")
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        raise _unauthorized("Session expired", "Sign in again.")
    if lost:
        for issued in lost:
            issued.revoked_at = now
        log.info("refresh token of user %s presented again within the grace; the pair it "
                 "was rotated into is revoked and a new one issued", token.user_id)
    else:
        token.used_at = now
    return _issue(session, settings, user, token.family_id, token.device_id, token.id)


def _lost_answer(session: Session, settings: ServerSettings, token: Token,
                 now: dt.datetime) -> list[Token]:
    """The pair a used refresh token was rotated into, when presenting it again looks like a
    lost answer (within the grace, the first time, the new refresh token not used since);
    otherwise nothing (reuse)."""
    assert token.used_at is not None
    if now - token.used_at >= dt.timedelta(seconds=settings.refresh_reuse_grace):
        return []
    issued = list(session.scalars(select(Token).where(Token.parent_id == token.id)))
    refreshes = [t for t in issued if t.kind == "refresh"]
    fresh = len(refreshes) == 1 and refreshes[0].used_at is None \
        and refreshes[0].revoked_at is None
    return issued if fresh else []


def _revoke_family(session: Session, family_id: str) -> None:
    session.execute(update(Token).where(Token.family_id == family_id,
                                        Token.revoked_at.is_(None)).values(revoked_at=utcnow()))


def logout(session: Session, *, access_token: str, refresh_token: str | None) -> None:
    for raw in filter(None, (access_token, refresh_token)):
        token = session.scalar(select(Token).where(Token.token_hash == token_hash(raw)))
        if token is not None:
            _revoke_family(session, token.family_id)


def authenticate(session: Session, access_token: str) -> User:
    """The user an access token belongs to, or a 401 problem."""
    token = session.scalar(select(Token).where(
        Token.token_hash == token_hash(access_token), Token.kind == "access"))
    if token is None or token.revoked_at is not None or token.expires_at <= utcnow():
        raise _unauthorized("Not signed in", "The access token is missing, expired or revoked.")
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        raise _unauthorized("Not signed in", "This account is not active.")
    return user
