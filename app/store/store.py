"""``Store``: open (create or migrate) the local database and hand out sessions.

One engine per store, a new session per call: safe to use from a worker thread. A write
commits or rolls back whole; nothing half-written is ever visible.
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

from app import paths
from app.store.engine import make_engine, writer
from app.store.migrate import upgrade

log = logging.getLogger(__name__)


class Store:
    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=writer(engine), expire_on_commit=False)
        # Per-store singletons (the shared clock); see app.clock.
        self.extras: dict[str, Any] = {}
        self.extras_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        """Open the database at ``path`` (default: the user's data folder), creating the
        folder and the file if needed and bringing the schema up to date."""
        path = Path(path) if path is not None else paths.database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(path)
        try:
            upgrade(engine)
        except Exception:
            engine.dispose()
            raise
        log.info("store opened")
        return cls(path, engine)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in a write transaction: committed when the block ends, rolled back
        whole if it raises."""
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session in a read transaction (a consistent snapshot); never commits."""
        with self._read() as session:
            yield session  # closing releases the connection, which rolls back

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
