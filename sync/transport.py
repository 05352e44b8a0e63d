"""HTTP for the sync client: one ``requests.Session``, a timeout on every call, TLS
verified, and every failure turned into a ``SyncError`` with a human message.

An answer that an NPQ central service would never give is ``protocol`` with the message that
the address does not answer like one: a complete answer that is not JSON (a web page, a
Wi-Fi sign-in page, a redirect to one), an error without a problem document, a 404 or 405
(every route the client calls exists on the service), or a TLS handshake met by plain HTTP.
``auth`` is kept for a 401 or 403 problem document from the service itself; 5xx is
``server`` and 429 ``rate_limited`` whatever their body (a proxy in front of the service
may answer those).

Tokens and request bodies are never logged.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager

from protocol.text import _
from protocol.wire import API_PREFIX, Problem
from sync.errors import NOT_AN_NPQ_SERVICE, SyncError, SyncErrorKind

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
CLIENT_VERSION_HEADER = "X-Client-Version"


def client_version() -> str:
    try:
        from importlib.metadata import version

        return version("npq-partner-desk")
    except Exception:  # not installed (running from a checkout)
        return "0.1.0"


class Transport:
    def __init__(self, base_url: str,
                 timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT), *,
                 interruptible: bool = False) -> None:
        """``interruptible``: a request may be given a ``stop`` event and ended from
        another thread (``interrupt()``); for the long wait for changes, which has a
        session of its own."""
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self._interruptible: _Interruptible | None = None
        if interruptible:
            self._interruptible = _Interruptible()
            for scheme in ("http://", "https://"):
                self.session.mount(scheme, self._interruptible)
        self.session.verify = True
        self.session.headers.update({
            CLIENT_VERSION_HEADER: client_version(),
            "Accept": "application/json",
            "User-Agent": f"npq-partner-desk/{client_version()}",
        })

    def get(self, path: str, *, token: str | None = None, params: dict[str, Any] | None = None,
            timeout: tuple[float, float] | None = None,
            stop: threading.Event | None = None) -> Any:
        """``stop`` (an interruptible transport's): once it is set, ``interrupt()`` ends
        the request at once, as a dropped connection (``SyncError`` ``network``)."""
        if stop is None or self._interruptible is None:
            return self.request("GET", path, token=token, params=params, timeout=timeout)
        with self._interruptible.stopping_on(stop):
            return self.request("GET", path, token=token, params=params, timeout=timeout)

    def interrupt(self) -> None:
        """End the request in flight whose ``stop`` is set (from any thread)."""
        if self._interruptible is not None:
            self._interruptible.interrupt()

    def post(self, path: str, body: Any, *, token: str | None = None,
             timeout: tuple[float, float] | None = None) -> Any:
        return self.request("POST", path, token=token, json=body, timeout=timeout)

    def request(self, method: str, path: str, *, token: str | None = None,
                json: Any = None, params: dict[str, Any] | None = None,
                timeout: tuple[float, float] | None = None) -> Any:
        """Send one request; the parsed JSON answer, or a ``SyncError``."""
        url = f"{self.base_url}{API_PREFIX}{path}"
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            response = self.session.request(method, url, json=json, params=params,
                                            headers=headers, timeout=timeout or self.timeout)
        except requests.exceptions.SSLError as exc:
            if _plain_http_answered(exc):
                log.warning("TLS handshake answered by plain HTTP")
                raise SyncError("protocol", _(NOT_AN_NPQ_SERVICE).format(server=self.base_url),
                                server=self.base_url) from exc
            log.warning("TLS failure talking to the server: %s", type(exc).__name__)
            raise SyncError("network", _("The server's security certificate could not be "
                                         "verified, so nothing was sent. Your work is saved "
                                         "on this laptop."), server=self.base_url) from exc
        except requests.exceptions.RequestException as exc:
            log.info("%s %s: network failure (%s)", method, path, type(exc).__name__)
            raise SyncError("network", server=self.base_url) from exc
        if response.status_code >= 400:
            raise self._error(response)
        return self._json(response)

    def close(self) -> None:
        self.session.close()

    def _json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            if _cut_short(response):
                log.info("answer cut short on the way (status %s)", response.status_code)
                raise SyncError("network", server=self.base_url) from exc
            log.warning("answer that is not JSON (status %s, %s, %s redirect(s))",
                        response.status_code, response.headers.get("Content-Type", "?"),
                        len(response.history))
            raise self.not_an_npq_service(response.status_code) from exc

    def not_an_npq_service(self, status: int | None = None) -> SyncError:
        """The error for an answer no NPQ central service would give."""
        return SyncError("protocol", _(NOT_AN_NPQ_SERVICE).format(server=self.base_url),
                         server=self.base_url, status=status)

    def _error(self, response: requests.Response) -> SyncError:
        status = response.status_code
        problem = _problem(response)
        code = problem.code if problem else None
        log.info("server answered %s (%s)", status, code or "no problem details")
        retry_after = _retry_after(response) if status in (429, 503) else None
        if status >= 500 or status == 429:
            busy: SyncErrorKind = "server" if status >= 500 else "rate_limited"
            return SyncError(busy, server=self.base_url, status=status, code=code,
                             retry_after=retry_after)
        if problem is None or status in (404, 405):
            return self.not_an_npq_service(status)
        kinds: dict[int, SyncErrorKind] = {401: "auth", 403: "auth", 410: "cursor_expired",
                                           426: "too_old"}
        kind = kinds.get(status, "protocol")
        message = None
        if kind in ("auth", "too_old") and problem.detail and status != 401:
            message = problem.detail
        return SyncError(kind, message, server=self.base_url, status=status, code=code,
                         retry_after=retry_after)


class _Interruptible(HTTPAdapter):
    """An adapter that knows the socket of the request it has in flight, so that another
    thread can shut it down: a read blocked in it then ends at once (on every platform,
    which a timeout or closing the session do not give). Its connections register their
    socket while they wait for the answer, so a connection reused from the pool counts
    too; a stop set before then shuts the socket as soon as it is registered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stop: threading.Event | None = None
        self._socket: socket.socket | None = None
        super().__init__()

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self._watch(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        self._watch(manager)
        return manager

    def _watch(self, manager: PoolManager) -> None:
        manager.pool_classes_by_scheme = {
            "http": _watched_pool(HTTPConnectionPool, HTTPConnection, self),
            "https": _watched_pool(HTTPSConnectionPool, HTTPSConnection, self)}

    @contextmanager
    def stopping_on(self, stop: threading.Event) -> Iterator[None]:
        with self._lock:
            self._stop = stop
        try:
            yield
        finally:
            with self._lock:
                self._stop = None

    @contextmanager
    def reading(self, sock: socket.socket | None) -> Iterator[None]:
        with self._lock:
            self._socket = sock
            if sock is not None and self._stop is not None and self._stop.is_set():
                _shut(sock)
        try:
            yield
        finally:
            with self._lock:
                self._socket = None

    def interrupt(self) -> None:
        with self._lock:
            if self._socket is not None and self._stop is not None and self._stop.is_set():
                _shut(self._socket)


def _watched_pool(pool: type[HTTPConnectionPool], connection: type[HTTPConnection],
                  adapter: _Interruptible) -> type[HTTPConnectionPool]:
    """``pool`` whose connections tell ``adapter`` their socket while they read an answer."""

    def getresponse(self: HTTPConnection, *args: Any, **kwargs: Any) -> Any:
        with adapter.reading(self.sock):
            return connection.getresponse(self, *args, **kwargs)

    watched = type(f"Interruptible{connection.__name__}", (connection,),
                   {"getresponse": getresponse})
    return type(f"Interruptible{pool.__name__}", (pool,), {"ConnectionCls": watched})


def _shut(sock: socket.socket) -> None:
    """Shut a socket down in both directions (a TLS socket as the plain socket it is), so
    that a read blocked in another thread returns."""
    with contextlib.suppress(OSError):  # already closed
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _cut_short(response: requests.Response) -> bool:
    """Whether the answer ended before its end: headers cut off (so no length and no
    chunking was announced) or a body shorter than its announced length. Such an answer
    was lost on the way, like a dropped connection; a complete answer that is not JSON
    (a captive portal's page) is not."""
    headers = response.headers
    if "chunked" in headers.get("Transfer-Encoding", "").lower():
        return False
    length = headers.get("Content-Length")
    if length is None or not length.strip().isdigit():
        return True
    return len(response.content) < int(length)


def _plain_http_answered(exc: requests.exceptions.SSLError) -> bool:
    """Whether the TLS handshake failed because plain HTTP answered it (an https:// address
    of a service that speaks http://), as opposed to a certificate that did not verify."""
    cause: BaseException | None = exc
    for _depth in range(8):  # requests -> urllib3 -> ssl, a few wrappers deep
        if cause is None or isinstance(cause, ssl.SSLCertVerificationError):
            return False
        if isinstance(cause, ssl.SSLError):
            return cause.reason in _PLAIN_HTTP_REASONS
        reason = getattr(cause, "reason", None)
        cause = cause.__cause__ or cause.__context__ or (
            reason if isinstance(reason, BaseException) else None)
    return False


# OpenSSL's reasons for a handshake met by something that is not TLS.
_PLAIN_HTTP_REASONS = frozenset({"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE",
                                 "PACKET_LENGTH_TOO_LONG", "UNKNOWN_PROTOCOL"})


def _problem(response: requests.Response) -> Problem | None:
    try:
        return Problem.model_validate(response.json())
    except Exception:
        return None


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
