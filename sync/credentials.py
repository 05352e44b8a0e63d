"""The saved sign-in: the refresh token, with the access token and when it expires, in the
OS keyring; never in the database, settings or logs.

Keyring entry: service ``npq-partner-desk``, key ``<server_url>|<username>``, value a JSON
object ``{"refresh_token", "access_token", "access_expires_at"}`` (Unix seconds). An entry
written by an earlier version holds the bare refresh token; it is read as one with no access
token.

An access token is reused while it is valid (by this laptop's clock, less a margin), so a
headless sync run every few minutes does not rotate the refresh token each time; it is
renewed when it has expired or the service refuses it (401). The refresh token held is kept
until a new pair has been saved: a refresh whose answer is lost is tried again with it, which
the service allows however many answers are lost (``server.services.auth``). Only the
service refusing it (a 401 problem document) forgets it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import keyring
from keyring.errors import KeyringError, PasswordDeleteError
from pydantic import ValidationError

from app.errors import LocalProblem
from protocol.text import N_, _
from protocol.wire import RefreshRequest, TokenResponse
from sync.errors import SyncError
from sync.transport import Transport

log = logging.getLogger(__name__)

SERVICE = "npq-partner-desk"
# An access token is renewed this long before it expires (at most a tenth of its life).
ACCESS_MARGIN_S = 60.0
T = TypeVar("T")
_NO_KEYRING = N_("This laptop's password store (keyring) is not available, so the sign-in "
                 "cannot be read or kept. Unlock it (signing in to the computer again "
                 "usually does) and try again. Your work is saved on this laptop.")
_NO_SIGN_IN = N_("Please sign in: this laptop has no saved sign-in for this server. Your work "
                 "is saved on this laptop.")


class KeyringUnavailable(LocalProblem):
    """The OS keyring did not answer (locked, its prompt dismissed, no backend)."""

    def __init__(self) -> None:
        super().__init__(_(_NO_KEYRING))


@dataclass(frozen=True)
class SavedSignIn:
    refresh_token: str
    access_token: str | None = None
    access_expires_at: float = 0.0

    @classmethod
    def from_tokens(cls, tokens: TokenResponse, now: float) -> SavedSignIn:
        margin = min(ACCESS_MARGIN_S, tokens.expires_in / 10)
        return cls(tokens.refresh_token, tokens.access_token,
                   now + tokens.expires_in - margin)

    def access_valid(self, now: float) -> bool:
        return self.access_token is not None and now < self.access_expires_at

    def to_json(self) -> str:
        return json.dumps({"refresh_token": self.refresh_token,
                           "access_token": self.access_token,
                           "access_expires_at": self.access_expires_at})

    @classmethod
    def from_json(cls, value: str) -> SavedSignIn:
        try:
            data = json.loads(value)
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("refresh_token"), str):
            return cls(value)  # a bare refresh token, as earlier versions kept it
        access = data.get("access_token")
        expires = data.get("access_expires_at")
        return cls(data["refresh_token"], access if isinstance(access, str) else None,
                   float(expires) if isinstance(expires, int | float) else 0.0)


def keyring_key(server_url: str, username: str) -> str:
    return f"{server_url.rstrip('/')}|{username}"


def load_sign_in(server_url: str, username: str) -> SavedSignIn | None:
    try:
        value = keyring.get_password(SERVICE, keyring_key(server_url, username))
    except KeyringError as exc:
        raise KeyringUnavailable() from exc
    return SavedSignIn.from_json(value) if value else None


def save_sign_in(server_url: str, username: str, saved: SavedSignIn) -> None:
    try:
        keyring.set_password(SERVICE, keyring_key(server_url, username), saved.to_json())
    except KeyringError as exc:
        raise KeyringUnavailable() from exc


def clear_sign_in(server_url: str, username: str) -> None:
    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(SERVICE, keyring_key(server_url, username))


def parse_tokens(body: object, transport: Transport) -> TokenResponse:
    try:
        return TokenResponse.model_validate(body)
    except ValidationError as exc:
        raise transport.not_an_npq_service() from exc


class TokenKeeper:
    """The access token of one signed-in user: reused while valid, renewed when not."""

    def __init__(self, transport: Transport, server_url: str, username: str, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.transport = transport
        self.server_url = server_url
        self.username = username
        self.clock = clock
        self._saved: SavedSignIn | None = None
        self._lock = threading.Lock()

    def accept(self, tokens: TokenResponse) -> None:
        """Keep a fresh pair: saved in the keyring first, used only once it is saved."""
        saved = SavedSignIn.from_tokens(tokens, self.clock())
        save_sign_in(self.server_url, self.username, saved)
        self._saved = saved

    def refresh(self) -> str:
        """Swap the saved refresh token for a new pair; the new access token."""
        with self._lock:
            return self._refresh()

    def call(self, request: Callable[[str], T]) -> T:
        """Run ``request(access_token)``; on a 401, renew the token once and try again."""
        access = self._valid_access()
        try:
            return request(access)
        except SyncError as exc:
            if exc.status != 401:
                raise
        return request(self._renew(refused=access))

    def valid_access(self) -> str | None:
        """The access token while it is valid, never renewed here: a wait for changes uses
        it, and leaves renewing to the sync (one renewal at a time, on one connection)."""
        with self._lock:
            now = self.clock()
            if self._saved is None or not self._saved.access_valid(now):
                self._saved = self._load()  # another process may have renewed it
            return self._saved.access_token if self._saved.access_valid(now) else None

    def forget(self) -> None:
        self._saved = None

    def _valid_access(self) -> str:
        with self._lock:
            now = self.clock()
            if self._saved is None or not self._saved.access_valid(now):
                self._saved = self._load()  # another process may have renewed it
            if self._saved.access_valid(now):
                assert self._saved.access_token is not None
                return self._saved.access_token
            return self._refresh()

    def _renew(self, refused: str) -> str:
        """A new access token after ``refused`` got a 401, unless another thread or process
        already saved one."""
        with self._lock:
            self._saved = self._load()
            if self._saved.access_token != refused and self._saved.access_valid(self.clock()):
                assert self._saved.access_token is not None
                return self._saved.access_token
            return self._refresh()

    def _load(self) -> SavedSignIn:
        saved = load_sign_in(self.server_url, self.username)
        if saved is None:
            raise SyncError("auth", _(_NO_SIGN_IN))
        return saved

    def _refresh(self) -> str:
        held = self._load()
        try:
            body = self.transport.post(
                "/auth/refresh", RefreshRequest(refresh_token=held.refresh_token).model_dump())
        except SyncError as exc:
            if exc.kind == "auth":  # the service itself refused it: it is worth nothing now
                clear_sign_in(self.server_url, self.username)
                self._saved = None
                raise SyncError("auth", server=self.server_url, status=exc.status,
                                code=exc.code) from exc
            raise  # lost on the way, or not answered: kept, and tried again next time
        tokens = parse_tokens(body, self.transport)
        self.accept(tokens)
        log.info("access token renewed")
        return tokens.access_token
