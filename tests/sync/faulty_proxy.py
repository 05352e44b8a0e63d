"""A loopback HTTP proxy that can misbehave on purpose, one request per connection.

Modes:
- ``relay``: forward the request to the server and the answer back;
- ``drop_push_response``: forward a push to the server, let it apply it, then close the
  client's connection without relaying the answer (the answer is "lost" on the way back);
  other requests are relayed;
- ``garbage``: answer every request with an HTML page (a captive portal, a misconfigured
  proxy), without contacting the server;
- ``error_500``: answer every request with a bare 500.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from urllib.parse import urlsplit


def _html_response() -> bytes:
    body = b"<html><body><h1>Welcome to the venue Wi-Fi</h1></body></html>"
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def _error_500() -> bytes:
    body = b"Internal Server Error"
    return (b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
            b"Connection: close\r\nContent-Length: " + str(len(body)).encode()
            + b"\r\n\r\n" + body)


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
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
    """Ask the server to close after answering, so the answer ends at end-of-stream."""
    head, _, body = request.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n")
             if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


class FaultyProxy:
    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.mode = "relay"
        self.pushes_seen = 0
        self.pushes_dropped = 0
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _handle(self, conn: socket.socket) -> None:
        request = _read_request(conn)
        if not request:
            return
        if self.mode == "garbage":
            conn.sendall(_html_response())
            return
        if self.mode == "error_500":
            conn.sendall(_error_500())
            return
        is_push = request.split(b" ", 2)[1].startswith(b"/api/v1/sync/push")
        self.pushes_seen += is_push
        answer = self._forward(request)
        if is_push and self.mode == "drop_push_response":
            self.pushes_dropped += 1
            conn.shutdown(socket.SHUT_RDWR)  # the server applied it; the client never hears
            return
        conn.sendall(answer)

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(self.upstream, timeout=30) as upstream:
            upstream.sendall(_close_upstream(request))
            chunks = []
            while chunk := upstream.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
