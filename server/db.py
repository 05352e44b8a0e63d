"""Engines and sessions. One ``Database`` per server: a write path and a read path.

On SQLite every write transaction starts with ``BEGIN IMMEDIATE`` (SQLAlchemy's pysqlite
recipe: the driver's own transaction handling is switched off), so writers queue on the
database lock instead of failing to upgrade a read lock; readers use a plain ``BEGIN`` and
see one WAL snapshot. On PostgreSQL both paths share one engine. Statement parameters are
hidden from error messages, so personal data never reaches a log through a database error.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
# Connections per engine: more than the server's worker threads (``worker_threads``), each
# of which holds one at a time, so that no request queues for a connection.
POOL_SIZE = 10
MAX_OVERFLOW = 30


class _NoResultRows(logging.Filter):
    """Drop SQLAlchemy's DEBUG log of result rows (names, emails, special requirements)
    and of column descriptions, so turning SQL logging on never logs personal data;
    statements are kept (their parameters are hidden by ``hide_parameters``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno <= logging.DEBUG and str(record.msg).startswith(
            ("Row ", "Col ")))


logging.getLogger("sqlalchemy.engine.Engine").addFilter(_NoResultRows())


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    pooling: dict[str, Any] = {}
    if parsed.database and parsed.database != ":memory:":
        # Writers queue on the in-process lock (one connection at a time); readers need one
        # each: SQLite connections are cheap, and waiting for one is pure latency.
        pooling = ({"pool_size": 2, "max_overflow": 8} if immediate
                   else {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW})
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                           hide_parameters=True, **pooling)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """The server's connection to its database: ``write()`` and ``read()`` sessions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            self.engine = _sqlite_engine(url, immediate=True)
            self.read_engine = _sqlite_engine(url, immediate=False)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE,
                                        max_overflow=MAX_OVERFLOW, hide_parameters=True)
            self.read_engine = self.engine
        # SQLite: this process's writers take turns on a lock before ``BEGIN IMMEDIATE``, so
        # that they wait asleep, in order, instead of in SQLite's busy handler (which polls
        # with growing sleeps and is unfair: under load some writers waited tens of seconds).
        # Only writers of other processes (the CLI, a second worker) meet the busy handler.
        self._write_turn = threading.RLock() if self.is_sqlite else None
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work commits as a whole at the end, or rolls back on error."""
        if self._write_turn is None:
            with self._writer() as session, session.begin():
                yield session
            return
        with self._write_turn, self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (never committed; closing it ends the transaction). Objects
        loaded through it stay readable after it closes."""
        with self._reader() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
