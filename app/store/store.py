"""``Store``: open (create or migrate) the local database and hand out sessions.

One engine per store, a new session per call: safe to use from a worker thread. A write
commits or rolls back whole; nothing half-written is ever visible.

The file is encrypted with SQLCipher under a key from the OS keyring
(``app.store.encryption``); opening never creates a new database over one whose key is
missing. A backup (``app.store.backup``) is taken before any migration runs.
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
from app.errors import StoreRemoved
from app.store import backup
from app.store.encryption import database_key
from app.store.engine import make_engine, writer
from app.store.migrate import current_heads, script_heads, upgrade
from app.text import _

log = logging.getLogger(__name__)


class Store:
    def __init__(self, path: Path, engine: Engine, key: bytes | None = None) -> None:
        self.path = path
        self.engine = engine
        self.key = key  # None: an unencrypted database the user accepted (no keyring)
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=writer(engine), expire_on_commit=False)
        self.removed = False  # set by sign-out: no connection may make the file anew
        # Per-store singletons (the shared clock); see app.clock.
        self.extras: dict[str, Any] = {}
        self.extras_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | None = None, *, allow_unencrypted: bool | None = None
             ) -> Store:
        """Open the database at ``path`` (default: the user's data folder), creating the
        folder, the file and its key if needed and bringing the schema up to date.

        Raises ``StoreLocked`` (database present, key missing or wrong: the file is left
        untouched) or ``InsecureKeyring`` (no secure keyring and ``allow_unencrypted``,
        by default the saved setting, is false)."""
        path = Path(path) if path is not None else paths.database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        if allow_unencrypted is None:
            allow_unencrypted = settings.load(path.parent).allow_unencrypted
        key = database_key(path, allow_unencrypted=allow_unencrypted)
        engine = make_engine(path, key)
        try:
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
        with no_room_is_disk_full(self.path.parent), self._write() as session, \
                session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session in a read transaction (a consistent snapshot); never commits."""
        self._check_present()
        with no_room_is_disk_full(self.path.parent), self._read() as session:
            yield session  # closing releases the connection, which rolls back

    def _check_present(self) -> None:
        # SQLite creates a missing file on connect: after a sign-out, a late read (a sync
        # answer, a page refreshing) would leave a new empty database behind.
        if self.removed:
            raise StoreRemoved(_("This laptop's data was removed when you signed out."))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
