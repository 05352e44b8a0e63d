"""Local backups of the database: before every migration and once a day, the last 5 kept.

Made with SQLite's online backup API through a SQLCipher connection holding the database's
own key, so a backup is encrypted exactly like the original (same key, from the keyring)
and is consistent even while the app writes. Backups live in ``<data>/backups/`` as
``<name>-<UTC time>-<reason>.sqlite3``; sign-out deletes them with the database.

Restore (support, with the app closed)::

    from app.store.backup import backups, restore
    restore(backups(database)[0], database)   # the newest; any file in backups/ works

``restore`` copies the backup's pages into the database at ``database`` with the backup
API (a single transaction: a crash leaves either the old or the restored database) and
returns; the next ``Store.open`` opens it with the same key. Work done since the backup is
lost, unless it was synced: the next sync brings the server's side back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from pathlib import Path

from app.atomic_file import fsync_path
from app.disk_space import ensure_room, no_room_is_disk_full, room_for_backup
from app.store import keys

log = logging.getLogger(__name__)

FOLDER = "backups"
KEEP = 5
DAILY = dt.timedelta(hours=24)
PARTIAL = ".partial"


def backup_folder(database: Path) -> Path:
    return database.parent / FOLDER


def backups(database: Path) -> list[Path]:
    """The backups of ``database``, newest first."""
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    found = folder.glob(f"{database.stem}-*{database.suffix}")
    return sorted((p for p in found if p.is_file()), key=lambda p: p.name, reverse=True)


def take(database: Path, key: bytes | None, reason: str = "daily",
         now: dt.datetime | None = None) -> Path:
    """Back ``database`` up now (encrypted with ``key``, like the original); keeps the
    newest ``KEEP``. Returns the backup's path. ``DiskFull`` when the disk has no room for
    it and ``BACKUP_MARGIN`` (``app.disk_space``) beside it; no partial file is left."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    folder = backup_folder(database)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = moment.strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{database.stem}-{stamp}-{reason}{database.suffix}"
    partial = target.with_name(target.name + PARTIAL)
    partial.unlink(missing_ok=True)
    try:  # a disk without room for it: DiskFull, before starting or (room gone) mid-way
        needed = room_for_backup(database)
        with no_room_is_disk_full(database.parent, needed=needed):
            ensure_room(database.parent, needed)
            _copy(database, partial, key)
            fsync_path(partial)
    except BaseException:
        for leftover in (partial, *(Path(f"{partial}{s}") for s in ("-journal", "-wal"))):
            leftover.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    prune(database)
    log.info("database backed up (%s)", reason)
    return target


def take_daily(database: Path, key: bytes | None, now: dt.datetime | None = None
               ) -> Path | None:
    """A backup if the newest is older than 24 hours (or there is none); None otherwise."""
    moment = now or dt.datetime.now(dt.UTC)
    newest = backups(database)
    if newest and moment - _taken_at(newest[0]) < DAILY:
        return None
    return take(database, key, "daily", moment)


def prune(database: Path, keep: int = KEEP) -> None:
    for old in backups(database)[keep:]:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
    for partial in backup_folder(database).glob(f"*{PARTIAL}"):
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def restore(backup: Path, database: Path) -> None:
    """Put the content of ``backup`` back into ``database`` (close the store first).

    The key is the database's own, from the keyring (backups are made with it): a backup
    that does not open with it raises ``StoreLocked`` before anything is changed."""
    key = keys.load_key(database) if keys.keyring_is_secure() else None
    _copy(backup, database, key)
    log.info("database restored from a backup")


def _taken_at(backup: Path) -> dt.datetime:
    stamp = backup.stem.rsplit("-", 2)[-2]
    try:
        return dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return dt.datetime.fromtimestamp(backup.stat().st_mtime, dt.UTC)


def _copy(source_path: Path, target_path: Path, key: bytes | None) -> None:
    """SQLite's online backup from one database to another, both opened with ``key``."""
    source = keys.connect(source_path, key)
    try:
        target = keys.connect(target_path, key)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
