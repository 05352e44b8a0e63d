"""Another web server on loopback (the standard library's), for a wrong server address:
every request gets one chosen answer (a web page, a redirect to one, a 404 page, plain text,
someone else's JSON), whatever its path or method."""

from __future__ import annotations

import http.server
import threading
from dataclasses import dataclass, field
from typing import Any

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    status: int = 200
    content_type: str = HTML
    body: bytes = b"<!doctype html><title>Welcome</title><h1>Our school website</h1>"
    headers: dict[str, str] = field(default_factory=dict)


ANSWERS: dict[str, Answer] = {
    "an HTML page": Answer(),
    "an HTML 404 page": Answer(404, body=b"<!doctype html><h1>404 Not Found</h1>"),
    "a redirect to an HTML page": Answer(302, headers={"Location": "/welcome"}),
    "plain text": Answer(200, "text/plain", b"OK"),
    "someone else's JSON": Answer(200, "application/json", b'{"status": "ok"}'),
    "a 401 web page (basic auth)": Answer(401, body=b"<h1>Authorisation required</h1>",
                                          headers={"WWW-Authenticate": 'Basic realm="x"'}),
}


class OtherWebServer:
    """``with OtherWebServer(answer) as url:`` a server answering ``answer`` to everything
    (a redirect's target, ``/welcome``, gets an HTML page)."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests: list[tuple[str, str]] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                owner.requests.append((self.command, self.path))
                answer = Answer() if self.path == "/welcome" else owner.answer
                self.send_response(answer.status)
                for name, value in {**answer.headers, "Content-Type": answer.content_type,
                                    "Content-Length": str(len(answer.body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(answer.body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self._answer()

            do_GET = _answer

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        return self.url

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

