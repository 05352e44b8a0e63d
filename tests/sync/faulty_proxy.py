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

from tests.faults.proxy import forward, read_request


def _html_response() -> bytes:
    body = b"<html><body><h1>Welcome to the venue Wi-Fi</h1></body></html>"
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def _error_500() -> bytes:
    body = b"Internal Server Error"
    return (b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
            b"Connection: close\r\nContent-Length: " + str(len(body)).encode()
            + b"\r\n\r\n" + body)


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
        request = read_request(conn)
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
        answer = forward(self.upstream, request)
        if is_push and self.mode == "drop_push_response":
            self.pushes_dropped += 1
            conn.shutdown(socket.SHUT_RDWR)  # the server applied it; the client never hears
            return
        conn.sendall(answer)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
