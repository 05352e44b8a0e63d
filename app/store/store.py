"""``Store``: open (create or migrate) the local database and hand out sessions.

One engine per store, a new session per call: safe to use from a worker thread. A write
commits or rolls back whole; nothing half-written is ever visible.

The file is encrypted with SQLCipher under a key from the OS keyring
(``app.store.encryption``); opening never creates a new database over one whose key is
missing. A backup (``app.store.backup``) is taken before any migration runs. Every open
checks the file first (``app.store.integrity``): a damaged database raises
``DatabaseDamaged`` before anything is written to it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app import paths, settings
from app.disk_space import no_room_is_disk_full, raise_if_no_room
from app.errors import DatabaseDamaged, StoreRemoved
from app.store import backup, integrity
from app.store.encryption import database_key
from app.store.engine import make_engine, writer
from app.store.migrate import current_heads, script_heads, upgrade
from app.store.purge import PURGED
from protocol.text import _

log = logging.getLogger(__name__)


class Store:
    def __init__(self, path: Path, engine: Engine, key: bytes | None = None) -> None:
        self.path = path
        self.engine = engine
        self.key = key  # None: an unencrypted database the user accepted (no keyring)
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=writer(engine), expire_on_commit=False)
        self.removed = False  # set by sign-out: no connection may make the file anew
        self.damaged = False  # set when a statement met a damaged page: no more work here
        # Per-store singletons (the shared clock); see app.clock.
        self.extras: dict[str, Any] = {}
        self.extras_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | None = None, *, allow_unencrypted: bool | None = None
             ) -> Store:
        """Open the database at ``path`` (default: the user's data folder), creating the
        folder, the file and its key if needed and bringing the schema up to date.

        Raises ``StoreLocked`` (database present, key missing or wrong: the file is left
        untouched), ``InsecureKeyring`` (no secure keyring and ``allow_unencrypted``,
        by default the saved setting, is false) or ``DatabaseDamaged`` (the file failed
        its integrity check, ``app.store.integrity``: nothing is written to it)."""
        path = Path(path) if path is not None else paths.database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        backup.finish_restore(path)  # a restore a crash interrupted, once it was made
        if allow_unencrypted is None:
            allow_unencrypted = settings.load(path.parent).allow_unencrypted
        key = database_key(path, allow_unencrypted=allow_unencrypted)
        engine = make_engine(path, key)
        try:
            check_whole(engine, encrypted=key is not None, structure=False)
            current = current_heads(engine)
            if current != script_heads():  # up to date: alembic is not even imported
                if current:  # an older schema, not a new empty database: back it up
                    backup.take(path, key, "migration")
                upgrade(engine)
        except Exception as exc:
            engine.dispose()
            raise_if_no_room(exc, path.parent)  # a full disk is said as such (DiskFull)
            raise
        log.info("store opened (%s)", "encrypted" if key is not None else "unencrypted")
        return cls(path, engine, key)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in a write transaction: committed when the block ends, rolled back
        whole if it raises (``DiskFull`` when the disk has no room for it)."""
        self._check_present()
        with no_room_is_disk_full(self.path.parent), self._noting_damage(), \
                self._write() as session, session.begin():
            yield session
        if session.info.pop(PURGED, False):
            self.after_purge()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session in a read transaction (a consistent snapshot); never commits."""
        self._check_present()
        with no_room_is_disk_full(self.path.parent), self._noting_damage(), \
                self._read() as session:
            yield session  # closing releases the connection, which rolls back

    def _check_present(self) -> None:
        # SQLite creates a missing file on connect: after a sign-out, a late read (a sync
        # answer, a page refreshing) would leave a new empty database behind.
        if self.removed:
            raise StoreRemoved(_("This laptop's data was removed when you signed out."))
        if self.damaged:
            raise integrity.damaged_error()

    @contextmanager
    def _noting_damage(self) -> Iterator[None]:
        """Once a statement has met a damaged page, nothing more is read or written here
        (SQLCipher also turns the connection read-only): the next start offers a restore."""
        try:
            yield
        except DatabaseDamaged:
            self.damaged = True
            raise

    def after_purge(self) -> None:
        """Personal data was deleted and committed: checkpoint the WAL into the file and
        truncate it (the old page images in it go), then re-take the backups from the
        purged database. A failure here is logged, never raised: the purge itself stands,
        and the next daily backup tries again (``app.store.backup.after_purge``)."""
        try:
            self.checkpoint()
            backup.after_purge(self.path, self.key)
        except Exception as exc:  # damaged, disk full (OSError or SQLITE_FULL), ...
            log.warning("backups not re-taken after a purge (%s): tried again at the next "
                        "daily backup", type(exc).__name__)

    def checkpoint(self) -> bool:
        """Copy the WAL into the database file and truncate it to zero bytes; False when a
        reader kept it from finishing (it is then done by a later checkpoint)."""
        raw = self.engine.raw_connection()
        try:
            busy, *_ = raw.driver_connection.execute(  # type: ignore[union-attr]  # open, so not None
                "PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        if busy:
            log.warning("WAL checkpoint after a purge could not finish: a reader was busy")
        return not busy

    def close(self) -> None:
        self.engine.dispose()


    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def check_whole(engine: Engine, *, encrypted: bool, structure: bool) -> None:
    """Raise ``DatabaseDamaged`` unless the database of ``engine`` passes its integrity
    check (every page's HMAC; the B-trees too with ``structure`` or without encryption)."""
    raw = engine.raw_connection()
    try:
        integrity.check(raw.driver_connection, encrypted=encrypted,  # type: ignore[arg-type]  # the DBAPI connection is sqlite3-like
                        structure=structure, what="the database")
    finally:
        raw.close()
