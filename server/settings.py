"""Typed settings of the reference central service, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "npq-partner-desk-server"
DEFAULT_DB_FILE = "npq-server.sqlite3"


def default_data_dir() -> Path:
    """The server's data folder (platform conventions), overridable by ``NPQ_SERVER_HOME``."""
    override = os.environ.get("NPQ_SERVER_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


@dataclass(frozen=True)
class ServerSettings:
    """Everything the service can be configured with; all durations in seconds."""

    database_url: str
    data_dir: Path
    access_token_ttl: int = 15 * 60
    refresh_token_ttl: int = 30 * 24 * 3600
    login_max_failures: int = 5
    login_failure_window: int = 15 * 60
    max_body_bytes: int = 1024 * 1024
    min_client_version: str | None = None
    future_stamp_tolerance_ms: int = 5 * 60 * 1000
    # Threads serving requests (the routes are synchronous). Few: the work is CPU-bound in
    # one process (Python's GIL), and each extra thread slows the one holding the write lock;
    # requests beyond this wait their turn cheaply in the event loop.
    worker_threads: int = 8
    # ``GET /sync/wait``: the longest a wait stays open, whatever the client asks (tests
    # and the schema fuzzing shorten it), and how often this process reads the change
    # counter while anyone waits (``server.feed_watch``: other processes' and hosts' writes).
    max_wait_seconds: float = 55.0
    feed_poll_seconds: float = 1.0

    @classmethod
    def from_env(cls, *, database_url: str | None = None,
                 data_dir: Path | str | None = None) -> ServerSettings:
        """Settings from ``NPQ_*`` environment variables; explicit arguments win."""
        folder = Path(data_dir) if data_dir is not None else default_data_dir()
        url = database_url or os.environ.get("NPQ_DATABASE_URL") or sqlite_url(folder)
        return cls(
            database_url=url,
            data_dir=folder,
            access_token_ttl=_env_int("NPQ_ACCESS_TOKEN_TTL", 15 * 60),
            refresh_token_ttl=_env_int("NPQ_REFRESH_TOKEN_TTL", 30 * 24 * 3600),
            login_max_failures=_env_int("NPQ_LOGIN_MAX_FAILURES", 5),
            login_failure_window=_env_int("NPQ_LOGIN_FAILURE_WINDOW", 15 * 60),
            max_body_bytes=_env_int("NPQ_MAX_BODY_BYTES", 1024 * 1024),
            min_client_version=os.environ.get("NPQ_MIN_CLIENT_VERSION") or None,
            worker_threads=max(1, _env_int("NPQ_WORKER_THREADS", 8)),
            max_wait_seconds=float(max(0, _env_int("NPQ_MAX_WAIT_SECONDS", 55))),
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{(folder / DEFAULT_DB_FILE).as_posix()}"
