"""A fault-injecting TCP proxy for HTTP/1.1 on loopback: one request per connection.

Each connection the client opens gets one ``Fault``, chosen by ``FaultProxy.choose`` (a
callable given the request line) or, for sync requests, taken first from
``FaultProxy.plan`` (a queue); else ``Fault.PASS``. What each fault does to the request:

- ``PASS``: forward it, relay the whole answer;
- ``DELAY``: wait ``delay_s``, then as ``PASS``;
- ``DROP_BEFORE``: close the connection before the request reaches the server;
- ``RESET_BEFORE``: the same, with a TCP reset (RST) instead of a clean close;
- ``DROP_AFTER``: forward it, read the server's whole answer (the server has committed),
  then close the client's connection without a byte of it;
- ``RESET_AFTER``: the same, with a TCP reset;
- ``CUT_RESPONSE``: forward it, relay a random prefix of the answer (inside the headers or
  the body), then close;
- ``STATUS_500`` / ``STATUS_503`` / ``STATUS_429``: answer it ourselves (503 and 429 with
  ``Retry-After``) without contacting the server.

``log`` keeps ``(fault, method, path)`` for every request, for the tests' tallies.
"""

from __future__ import annotations

import collections
import enum
import json
import random
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit


class Fault(enum.StrEnum):
    PASS = "pass"
    DELAY = "delay"
    DROP_BEFORE = "drop_before"
    RESET_BEFORE = "reset_before"
    DROP_AFTER = "drop_after"
    RESET_AFTER = "reset_after"
    CUT_RESPONSE = "cut_response"
    STATUS_500 = "status_500"
    STATUS_503 = "status_503"
    STATUS_429 = "status_429"


FAULTS: tuple[Fault, ...] = tuple(f for f in Fault if f is not Fault.PASS)
# Faults after which the server has (possibly) applied the request.
REACHED_SERVER = frozenset({Fault.PASS, Fault.DELAY, Fault.DROP_AFTER, Fault.RESET_AFTER,
                            Fault.CUT_RESPONSE})


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    raw: bytes

    @property
    def is_sync(self) -> bool:
        return self.path.startswith("/api/v1/sync/")


Chooser = Callable[[Request], Fault]


def _status(code: int, reason: str, retry_after: int | None = None) -> bytes:
    body = json.dumps({"type": "about:blank", "title": reason, "status": code,
                       "detail": "injected by the fault proxy", "code": "injected"}).encode()
    head = [f"HTTP/1.1 {code} {reason}", "Content-Type: application/problem+json",
            f"Content-Length: {len(body)}", "Connection: close"]
    if retry_after is not None:
        head.append(f"Retry-After: {retry_after}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


_ANSWERS: dict[Fault, bytes] = {
    Fault.STATUS_500: _status(500, "Internal Server Error"),
    Fault.STATUS_503: _status(503, "Service Unavailable", retry_after=1),
    Fault.STATUS_429: _status(429, "Too Many Requests", retry_after=2),
}


def read_request(conn: socket.socket) -> bytes:
    """One whole HTTP request from a client connection (b"" if it closed before one)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _close_upstream(request: bytes) -> bytes:
    """Ask the server to close after answering, so its answer ends at end-of-stream."""
    head, _, body = request.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n")
             if not line.lower().startswith((b"connection:", b"keep-alive:"))]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


def forward(upstream: tuple[str, int], request: bytes) -> bytes:
    """Send the request to the server and return its whole answer (the server closes)."""
    with socket.create_connection(upstream, timeout=30) as connection:
        connection.sendall(_close_upstream(request))
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _reset(conn: socket.socket) -> None:
    """Close with an RST: SO_LINGER on, timeout 0."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


class FaultProxy:
    def __init__(self, upstream: str, choose: Chooser | None = None, *,
                 delay_s: float = 0.05, seed: int = 0) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.choose = choose
        self.plan: collections.deque[Fault] = collections.deque()
        self.delay_s = delay_s
        self.rng = random.Random(seed)
        self.log: list[tuple[Fault, str, str]] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    # ---- choosing --------------------------------------------------------------------

    def _fault_for(self, request: Request) -> Fault:
        with self._lock:
            if self.plan and request.is_sync:
                fault = self.plan.popleft()
            elif self.choose is not None:
                fault = self.choose(request)
            else:
                fault = Fault.PASS
            self.log.append((fault, request.method, request.path))
            return fault

    def tally(self) -> collections.Counter[Fault]:
        with self._lock:
            return collections.Counter(f for f, _, _ in self.log)

    # ---- one connection --------------------------------------------------------------

    def _handle(self, conn: socket.socket) -> None:
        raw = read_request(conn)
        if not raw:
            return
        method, _, rest = raw.partition(b" ")
        path = rest.split(b" ", 1)[0].split(b"?", 1)[0].decode("latin-1")
        fault = self._fault_for(Request(method.decode("latin-1"), path, raw))
        if fault is Fault.DROP_BEFORE:
            conn.shutdown(socket.SHUT_RDWR)
            return
        if fault is Fault.RESET_BEFORE:
            _reset(conn)
            return
        if fault in _ANSWERS:
            conn.sendall(_ANSWERS[fault])
            return
        if fault is Fault.DELAY:
            time.sleep(self.delay_s)
        answer = forward(self.upstream, raw)
        if fault is Fault.DROP_AFTER:
            conn.shutdown(socket.SHUT_RDWR)
        elif fault is Fault.RESET_AFTER:
            _reset(conn)
        elif fault is Fault.CUT_RESPONSE:
            with self._lock:
                cut = self.rng.randrange(1, max(2, len(answer)))
            conn.sendall(answer[:cut])
            conn.shutdown(socket.SHUT_RDWR)
        else:
            conn.sendall(answer)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def random_faults(rng: random.Random, rate: float,
                  faults: tuple[Fault, ...] = FAULTS) -> Chooser:
    """A chooser faulting each sync request with probability ``rate`` (others pass)."""

    def choose(request: Request) -> Fault:
        if not request.is_sync or rng.random() >= rate:
            return Fault.PASS
        return rng.choice(faults)

    return choose
