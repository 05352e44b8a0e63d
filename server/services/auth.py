"""Sign-in, token rotation, logout and bearer-token checks.

Tokens are random strings; only their SHA-256 hashes are stored. Each sign-in starts a token
family; refreshing marks the presented refresh token used and issues a new pair in the same
family (each token remembers the refresh token it came from, ``parent_id``). The used refresh
tokens of a family form one chain, from the sign-in's to the last one used (its *end*).

Rotation rule, so that lost answers never sign anyone out while a stolen token is caught:

- the end of the chain may be presented again any number of times (within its own expiry):
  the answer to its last use was lost, as far as the service can tell, because nobody has
  used what it was rotated into. Each time, the unused pairs it was rotated into are revoked
  and a new pair is issued;
- a refresh token issued from the end (the newest, or one superseded by a re-presentation of
  the end: two processes of one laptop refreshing at once) is accepted; it becomes the end
  and every other pair issued from the old end is revoked;
- anything older (a token whose successor has been used) is reuse: the whole family is
  revoked (it may have been stolen), and the answer is 401.

So a client that keeps retrying with the newest token it was given, or the one before, stays
signed in however many answers are lost, and once a successor has actually been used the
older tokens are worth nothing. Two refreshes of one family take turns on a lock of the
family's first refresh token (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's write lock).

Logout revokes the caller's own family (the one of the access token it sends), never another.
Repeated failed sign-ins for one username are refused with 429 for the rest of the failure
window, without checking the password.

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
    presented = session.scalar(select(Token).where(
        Token.token_hash == token_hash(refresh_token), Token.kind == "refresh"))
    now = utcnow()
    if presented is None or presented.expires_at <= now:
        raise _unauthorized("Session expired", "Sign in again.")
    _lock_family(session, presented.family_id)
    session.refresh(presented)  # as left by a refresh of this family that held the lock
    end = _chain_end(session, presented.family_id)
    if (end or presented).revoked_at is not None:  # signed out, or revoked as stolen
        raise _unauthorized("Session expired", "Sign in again.")
    anchor = end.id if end is not None else None
    if presented.id != anchor and presented.parent_id != anchor:
        _revoke_family(session, presented.family_id)
        log.warning("refresh token presented after its successor was used; family of user "
                    "%s revoked", presented.user_id)
        return _unauthorized("Session expired", "This refresh token was already used.")
    user = session.get(User, presented.user_id)
    if user is None or not user.active:
        raise _unauthorized("Session expired", "Sign in again.")
    _supersede(session, presented, now)
    return _issue(session, settings, user, presented.family_id, presented.device_id,
                  presented.id)


def _lock_family(session: Session, family_id: str) -> None:
    """Take the family's turn: its first refresh token, locked for update (PostgreSQL), so
    that two refreshes of one sign-in, with the same token or two, run one after the other.
    On SQLite every write transaction already holds the database's write lock."""
    session.execute(select(Token.id).where(
        Token.family_id == family_id, Token.kind == "refresh",
        Token.parent_id.is_(None)).with_for_update())


def _chain_end(session: Session, family_id: str) -> Token | None:
    """The family's most recent refresh token that was used (None before the first
    refresh): the end of the chain of refresh tokens the client has actually held."""
    return session.scalar(select(Token).where(
        Token.family_id == family_id, Token.kind == "refresh", Token.used_at.is_not(None),
    ).order_by(Token.id.desc()).limit(1).execution_options(populate_existing=True))


def _supersede(session: Session, presented: Token, now: dt.datetime) -> None:
    """``presented`` is accepted: the pairs it was already rotated into (their answers were
    lost) are revoked; if it was itself superseded by a re-presentation of its parent (two
    processes of one laptop refreshing at once), it takes back its place and the pair that
    superseded it is revoked instead. It ends the chain from now on."""
    session.execute(update(Token).where(
        Token.parent_id == presented.id, Token.revoked_at.is_(None)).values(revoked_at=now))
    if presented.revoked_at is not None:
        session.execute(update(Token).where(
            Token.family_id == presented.family_id, Token.parent_id == presented.parent_id,
            Token.id != presented.id, Token.revoked_at.is_(None)).values(revoked_at=now))
        presented.revoked_at = None
    if presented.used_at is None:
        presented.used_at = now


def _revoke_family(session: Session, family_id: str) -> None:
    session.execute(update(Token).where(Token.family_id == family_id,
                                        Token.revoked_at.is_(None)).values(revoked_at=utcnow()))


def logout(session: Session, *, access_token: str, refresh_token: str | None) -> None:
    """Revoke the caller's own sign-in: the family of ``access_token``. A ``refresh_token``
    from another family (another user's, or another laptop's) is ignored, and the answer
    is the same either way, so it confirms nothing about that token."""
    own = session.scalar(select(Token).where(
        Token.token_hash == token_hash(access_token), Token.kind == "access"))
    if own is None:
        return
    if refresh_token is not None:
        named = session.scalar(select(Token.family_id).where(
            Token.token_hash == token_hash(refresh_token)))
        if named is not None and named != own.family_id:
            log.warning("logout by user %s named a token of another sign-in; ignored",
                        own.user_id)
    _lock_family(session, own.family_id)  # after any refresh of it under way, never across
    _revoke_family(session, own.family_id)
    log.info("user %s signed out on device %s", own.user_id, own.device_id)


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
