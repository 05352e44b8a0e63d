"""HTTP for the sync client: one ``requests.Session``, a timeout on every call, TLS
verified, and every failure turned into a ``SyncError`` with a human message.

Tokens and request bodies are never logged.
"""

from __future__ import annotations

import logging
from typing import Any

import requests

from sync.errors import SyncError
from sync.wire import API_PREFIX, Problem

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
                 timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT)) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.verify = True
        self.session.headers.update({
            CLIENT_VERSION_HEADER: client_version(),
            "Accept": "application/json",
            "User-Agent": f"npq-partner-desk/{client_version()}",
        })

    def get(self, path: str, *, token: str | None = None, params: dict[str, Any] | None = None,
            timeout: tuple[float, float] | None = None) -> Any:
        return self.request("GET", path, token=token, params=params, timeout=timeout)

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
            log.warning("TLS failure talking to the server: %s", type(exc).__name__)
            raise SyncError("network", "The server's security certificate could not be "
                            "verified, so nothing was sent. Your work is saved on this "
                            "laptop.", server=self.base_url) from exc
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
            log.warning("answer that is not JSON (status %s, %s)", response.status_code,
                        response.headers.get("Content-Type", "?"))
            raise SyncError("protocol", server=self.base_url,
                            status=response.status_code) from exc

    def _error(self, response: requests.Response) -> SyncError:
        status = response.status_code
        problem = _problem(response)
        code = problem.code if problem else None
        log.info("server answered %s (%s)", status, code or "no problem details")
        kinds = {401: "auth", 403: "auth", 410: "cursor_expired", 426: "too_old",
                 429: "rate_limited"}
        kind = kinds.get(status) or ("server" if status >= 500 else "protocol")
        retry_after = _retry_after(response) if status in (429, 503) else None
        message = None
        if kind in ("auth", "too_old") and problem and problem.detail and status != 401:
            message = problem.detail
        return SyncError(kind, message, server=self.base_url, status=status, code=code,  # type: ignore[arg-type]
                         retry_after=retry_after)


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
