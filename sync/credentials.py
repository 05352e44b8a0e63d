"""Tokens: the refresh token lives in the OS keyring, the access token only in memory.

Keyring entry: service ``npq-partner-desk``, key ``<server_url>|<username>``. Neither token
is ever written to the database, settings or logs.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

import keyring
from keyring.errors import KeyringError, PasswordDeleteError
from pydantic import ValidationError

from app.text import N_, _
from sync.errors import SyncError
from sync.transport import Transport
from sync.wire import RefreshRequest, TokenResponse

log = logging.getLogger(__name__)

SERVICE = "npq-partner-desk"
T = TypeVar("T")
_NO_KEYRING = N_("This laptop's password store is not available, so you cannot stay signed "
                 "in. Your work is saved on this laptop.")  # raised through _()


def keyring_key(server_url: str, username: str) -> str:
    return f"{server_url.rstrip('/')}|{username}"


def load_refresh_token(server_url: str, username: str) -> str | None:
    try:
        return keyring.get_password(SERVICE, keyring_key(server_url, username))
    except KeyringError as exc:
        raise SyncError("auth", _(_NO_KEYRING)) from exc


def save_refresh_token(server_url: str, username: str, token: str) -> None:
    try:
        keyring.set_password(SERVICE, keyring_key(server_url, username), token)
    except KeyringError as exc:
        raise SyncError("auth", _(_NO_KEYRING)) from exc


def clear_refresh_token(server_url: str, username: str) -> None:
    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(SERVICE, keyring_key(server_url, username))


def parse_tokens(body: object, server: str) -> TokenResponse:
    try:
        return TokenResponse.model_validate(body)
    except ValidationError as exc:
        raise SyncError("protocol", server=server) from exc


class TokenKeeper:
    """Holds the access token for one signed-in user and renews it when it expires."""

    def __init__(self, transport: Transport, server_url: str, username: str) -> None:
        self.transport = transport
        self.server_url = server_url
        self.username = username
        self._access: str | None = None
        self._lock = threading.Lock()

    def accept(self, tokens: TokenResponse) -> None:
        """Keep a fresh pair: the refresh token in the keyring, the access token here."""
        save_refresh_token(self.server_url, self.username, tokens.refresh_token)
        self._access = tokens.access_token

    def refresh(self) -> TokenResponse:
        """Swap the stored refresh token for a new pair (the old one stops working)."""
        with self._lock:
            refresh_token = load_refresh_token(self.server_url, self.username)
            if not refresh_token:
                raise SyncError("auth", _("Please sign in: this laptop has no saved sign-in "
                                          "for this server. Your work is saved on this "
                                          "laptop."))
            try:
                body = self.transport.post(
                    "/auth/refresh", RefreshRequest(refresh_token=refresh_token).model_dump())
            except SyncError as exc:
                if exc.kind == "auth" or exc.status in (400, 404, 422):
                    clear_refresh_token(self.server_url, self.username)
                    self._access = None
                    raise SyncError("auth", server=self.server_url, status=exc.status,
                                    code=exc.code) from exc
                raise
            tokens = parse_tokens(body, self.server_url)
            self.accept(tokens)
            log.info("access token renewed")
            return tokens

    def call(self, request: Callable[[str], T]) -> T:
        """Run ``request(access_token)``; on a 401, renew the token once and try again."""
        if self._access is None:
            self.refresh()
        assert self._access is not None
        try:
            return request(self._access)
        except SyncError as exc:
            if exc.status != 401:
                raise
        self.refresh()
        return request(self._access)

    def forget(self) -> None:
        self._access = None
