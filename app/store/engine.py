"""The SQLite engine: WAL journal, durable commits, and SQLAlchemy in charge of BEGIN.

Python 3.11's ``sqlite3`` runs in "legacy transaction control": it skips BEGIN before
SELECT and DDL, so reads are not repeatable and migrations are not transactional. As
SQLAlchemy's SQLite documentation ("Enabling Non-Legacy SQLite Transactional Modes")
describes for every Python version, we switch the driver's own BEGIN off
(``isolation_level = None``) and emit BEGIN ourselves from the engine's ``begin`` event.
Writers take the write lock up front (``BEGIN IMMEDIATE``), so two writers never
deadlock by upgrading a read lock; readers use a plain deferred ``BEGIN``.

``synchronous=FULL``: in WAL mode, NORMAL may lose the last transactions on power loss
(they are durable only once checkpointed), and a mark the UI has shown as saved must
survive the battery dying a second later. FULL syncs the WAL on every commit; the
benchmark (``benchmarks/bench_mark_commit.py``) shows a mark still commits in a few ms.

Encryption: with a key, connections come from SQLCipher (``sqlcipher3``) and the key is
applied, and checked, inside the connection factory, before SQLAlchemy or anything else
runs a statement (``app.store.keys``). Temporary tables and sort files stay in memory
(``temp_store = MEMORY``), so nothing of a query spills into an unencrypted temp file.
Without a key (only when the user accepted an unencrypted database, ``app.settings``) the
standard library's ``sqlite3`` opens the file as before.

``secure_delete=ON`` on every connection: a deleted row's bytes are overwritten with zeros
in its page (and a freed page is zeroed), so a purged group's names do not linger in free
space until reused (SQLCipher turns it on by default; set here for plaintext too, and so it
is said). Its cost on a mark commit is in ``docs/benchmarks.md``.

Damage: SQLite's "database disk image is malformed" / "file is not a database" are turned
into ``app.errors.DatabaseDamaged`` for every statement (``app.store.integrity``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext

from app.store import integrity, keys

BEGIN_OPTION = "npq_begin"
BUSY_TIMEOUT_MS = 10_000


def make_engine(path: Path, key: bytes | None = None) -> Engine:
    """An engine on the database at ``path``, encrypted with ``key`` (None: plaintext)."""
    connect_args: dict[str, Any] = {"check_same_thread": False,
                                    "timeout": BUSY_TIMEOUT_MS / 1000}
    if key is None:
        engine = create_engine(f"sqlite:///{path}", connect_args=connect_args,
                               pool_pre_ping=False)
    else:
        engine = create_engine(
            f"sqlite:///{path}", module=sqlcipher, pool_pre_ping=False,
            creator=lambda: keys.connect(path, key, **connect_args))
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "handle_error", _on_error)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine (same pool), but whose transactions start with BEGIN IMMEDIATE."""
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Disable the driver's implicit BEGIN; _on_begin emits ours.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _on_error(context: ExceptionContext) -> None:
    """SQLite's "malformed" / "not a database" become ``DatabaseDamaged`` (with its message
    for the user) for every statement, read or write, wherever it runs."""
    if integrity.is_damage(context.original_exception):
        raise integrity.damaged_error() from context.original_exception


def _on_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")
