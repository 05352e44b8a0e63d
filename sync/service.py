"""``SyncService``: sign in, and exchange changes with the central service.

One sync at a time (a lock). A sync pushes the outbox, then pulls until the feed is
exhausted. A failed attempt raises ``SyncError`` and leaves the store intact: pushed entries
leave the outbox only once the server has answered ``applied`` or ``duplicate``, and each
pulled page commits whole with its cursor. Retrying with backoff is the caller's business.

Between syncs, ``wait_for_changes`` holds one ``GET /sync/wait`` open on a connection of
its own, and says when the feed has moved past this laptop's cursor (the caller then
syncs); ``stop_waiting`` ends it at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from app.clock import shared_clock
from app.domain import Identity, SyncReport, SyncStatus
from app.identity import device_id, get_identity, set_identity
from app.retention import purge_expired
from app.store import Store
from app.sync_state import (
    forget_synced_data,
    record_sync,
    saved_cursor,
    sync_status,
)
from protocol.hlc import HybridClock
from protocol.text import N_, _
from protocol.wire import (
    DEFAULT_WAIT_SECONDS,
    MAX_PULL_LIMIT,
    PROTOCOL_VERSION,
    LogoutRequest,
    SyncMeta,
    TokenRequest,
    WaitResponse,
)
from sync import exchange
from sync.credentials import TokenKeeper, clear_sign_in, load_sign_in, parse_tokens
from sync.errors import SyncError
from sync.transport import Transport

log = logging.getLogger(__name__)

META_TIMEOUT = (3.0, 5.0)
# A wait's answer may take its whole time-out; a little more before calling it lost.
WAIT_GRACE_S = 15.0
# Marked only (N_): raised through _().
WRONG_PASSWORD = N_("The username or password was not accepted. Check them and try again. "
                    "Anything already saved on this laptop is safe.")
OTHER_USERS_WORK = N_("This laptop still has changes by another user that have not been "
                      "sent. Sign in as that user and sync first, so nothing is lost.")


class SyncService:
    def __init__(self, store: Store, server_url: str, *, transport: Transport | None = None,
                 clock: HybridClock | None = None, pull_limit: int = MAX_PULL_LIMIT) -> None:
        self.store = store
        self.pull_limit = pull_limit
        self.server_url = server_url.rstrip("/")
        self.transport = transport or Transport(self.server_url)
        self._waits = Transport(self.transport.base_url, interruptible=True)
        self.clock = clock or shared_clock(store)
        self.last_clock_skew: float | None = None
        self._lock = threading.Lock()
        self._tokens: TokenKeeper | None = None

    # ---- signing in and out ------------------------------------------------------------

    def login(self, username: str, password: str) -> Identity:
        """Sign in with a password; the tokens go to the keyring. The address is checked
        first (``/sync/meta``), so a password is only sent to something that answers like
        an NPQ central service, and only its 401 means a wrong username or password."""
        try:
            request = TokenRequest(username=username, password=password,
                                   device_id=device_id(self.store),
                                   device_name=socket.gethostname()[:200])
        except ValidationError as exc:  # text no account has (a lone surrogate, 500+ chars)
            raise SyncError("auth", _(WRONG_PASSWORD)) from exc
        self._meta(META_TIMEOUT)
        try:
            body = self.transport.post("/auth/token", request.model_dump())
        except SyncError as exc:
            if exc.kind == "auth" and exc.status == 401:
                raise SyncError("auth", _(WRONG_PASSWORD), status=exc.status,
                                code=exc.code) from exc
            raise
        tokens = parse_tokens(body, self.transport)
        self._forget_previous_user(tokens.user.id)
        keeper = TokenKeeper(self.transport, self.server_url, username)
        keeper.accept(tokens)
        self._tokens = keeper
        set_identity(self.store, Identity(
            user_id=tokens.user.id, name=tokens.user.name, roles=tuple(tokens.user.roles),
            username=username, server_url=self.server_url, device_id=device_id(self.store)))
        log.info("signed in as user %s", tokens.user.id)
        identity = get_identity(self.store)
        assert identity is not None
        return identity

    def resume(self) -> Identity | None:
        """The signed-in identity if this laptop holds a sign-in for it (no network)."""
        identity = get_identity(self.store)
        if identity is None or identity.server_url != self.server_url:
            return None
        if load_sign_in(self.server_url, identity.username) is None:
            return None
        self._tokens = TokenKeeper(self.transport, self.server_url, identity.username)
        return identity

    def logout(self) -> None:
        """Revoke the sign-in on the server (best effort) and forget it here. Unsent work
        stays in the outbox for the next sign-in."""
        identity = get_identity(self.store)
        if identity is None:
            return
        saved = load_sign_in(self.server_url, identity.username)
        if self._tokens is not None and saved is not None:
            body = LogoutRequest(refresh_token=saved.refresh_token).model_dump()
            try:
                self._tokens.call(lambda access: self.transport.post("/auth/logout", body,
                                                                     token=access))
            except SyncError as exc:
                log.info("logout not confirmed by the server (%s)", exc.kind)
        clear_sign_in(self.server_url, identity.username)
        if self._tokens is not None:
            self._tokens.forget()
        self._tokens = None

    # ---- syncing -----------------------------------------------------------------------

    def sync_once(self, cancel: Callable[[], bool] | None = None) -> SyncReport:
        """Push the outbox, then pull until ``more: false``. Raises ``SyncError``, or
        ``SyncCancelled`` when ``cancel()`` turns true (checked before each request, so
        between push batches and pull pages, each of which commits whole)."""
        with self._lock:
            keeper = self._keeper()
            call = keeper.call if cancel is None else _cancellable(keeper.call, cancel)
            self._record(attempt=True)
            try:
                skew = self._meta(META_TIMEOUT)
                device = device_id(self.store)
                pushed = exchange.push_all(self.store, call, self.transport.post,
                                           device, self.server_url)
                pulled = exchange.pull_all(self.store, call, self.transport.get,
                                           self.clock, self.server_url, self.pull_limit)
            except SyncError as exc:
                self._record(error=exc)
                log.info("sync failed: %s", exc.kind)
                raise
            self._record(success=True)
            expired = purge_expired(self.store)  # retention: groups long over leave too
        report = SyncReport(pushed=pushed.applied, duplicates=pushed.duplicates,
                            rejected=pushed.rejected, pulled=pulled.changes,
                            purged=pulled.purged + expired, clock_skew_seconds=skew,
                            pulled_types=frozenset(pulled.types))
        log.info("sync done: %s", report.describe())
        return report

    def wait_for_changes(self, stop: threading.Event,
                         timeout: float = DEFAULT_WAIT_SECONDS) -> bool:
        """Wait (up to ``timeout`` seconds) until a pull from this laptop's cursor would
        bring something: True, sync now; False at the time-out, or once ``stop`` is set
        (``stop_waiting`` then ends the request at once). Raises ``SyncError``: ``auth``
        when there is no valid access token (a sync renews it; a wait never does) or the
        service refuses it, and the other kinds as a sync's requests do."""
        if stop.is_set():
            return False
        access = self._keeper().valid_access()
        if access is None:
            raise SyncError("auth", server=self.server_url)
        params: dict[str, Any] = {"timeout": timeout}
        cursor = saved_cursor(self.store)
        if cursor:
            params["cursor"] = cursor
        try:
            body = self._waits.get("/sync/wait", token=access, params=params, stop=stop,
                                   timeout=(self._waits.timeout[0], timeout + WAIT_GRACE_S))
        except SyncError:
            if stop.is_set():
                return False
            raise
        return bool(exchange.parse(WaitResponse, body, self.server_url).status == "moved")

    def stop_waiting(self) -> None:
        """End the wait in flight, if any, whose ``stop`` is set (from any thread)."""
        self._waits.interrupt()

    def check_server(self) -> bool:
        """Whether the server answers and speaks our protocol (short timeout, no sign-in).
        The clock difference is kept in ``last_clock_skew``, for a warning only."""
        try:
            self._meta(META_TIMEOUT)
        except SyncError as exc:
            self._record(reachable=exc.kind != "network")
            return False
        self._record(reachable=True)
        return True

    def status(self) -> SyncStatus:
        """Where sync stands, from the store alone (no network)."""
        return sync_status(self.store)

    # ---- helpers -----------------------------------------------------------------------

    def _keeper(self) -> TokenKeeper:
        if self._tokens is None and self.resume() is None:
            raise SyncError("auth", _("Please sign in to sync. Your work is saved on this "
                                      "laptop."))
        assert self._tokens is not None
        return self._tokens

    def _meta(self, timeout: tuple[float, float]) -> float:
        sent = time.time()
        body = self.transport.get("/sync/meta", timeout=timeout)
        received = time.time()
        try:
            meta = SyncMeta.model_validate(body)
        except ValidationError as exc:
            raise self.transport.not_an_npq_service() from exc
        if meta.protocol_min > PROTOCOL_VERSION:
            raise SyncError("too_old", server=self.server_url)
        if meta.protocol_max < PROTOCOL_VERSION:
            raise SyncError("protocol", _("The server at the central service is older than "
                                          "this app. Your work is saved on this laptop; tell "
                                          "the central team."), server=self.server_url)
        try:
            server_time = dt.datetime.fromisoformat(meta.server_time.replace("Z", "+00:00"))
        except ValueError as exc:
            raise SyncError("protocol", server=self.server_url) from exc
        skew = server_time.timestamp() - (sent + received) / 2
        self.last_clock_skew = skew
        return skew

    def _forget_previous_user(self, user_id: str) -> None:
        previous = get_identity(self.store)
        if previous is None or (previous.user_id == user_id
                                and previous.server_url == self.server_url):
            return
        if not forget_synced_data(self.store):
            raise SyncError("auth", _(OTHER_USERS_WORK))
        log.info("a different user signed in: local copy of the previous user's data wiped")

    def _record(self, *, attempt: bool = False, success: bool = False,
                error: SyncError | None = None, reachable: bool | None = None) -> None:
        if error is not None:
            record_sync(self.store, attempt=attempt, success=success, error=error.message,
                        reachable=error.kind != "network" if reachable is None else reachable)
        else:
            record_sync(self.store, attempt=attempt, success=success, reachable=reachable)


class SyncCancelled(Exception):
    """The user (or closing the app) stopped a sync; what was already answered is kept."""


def _cancellable(call: Callable[[Callable[[str], Any]], Any], cancel: Callable[[], bool]
                 ) -> Callable[[Callable[[str], Any]], Any]:
    def checked(request: Callable[[str], Any]) -> Any:
        if cancel():
            raise SyncCancelled("sync cancelled")
        return call(request)
    return checked

