"""Local backups of the database: before every migration and once a day, the last 5 kept;
only ever of a database that passed its check, and re-taken after a purge.

Made with SQLite's online backup API through a SQLCipher connection holding the database's
own key, so a backup is encrypted exactly like the original (same key, from the keyring)
and is consistent even while the app writes. Backups live in ``<data>/backups/`` as
``<name>-<UTC time>-<reason>.sqlite3``; sign-out deletes them with the database.

Never a damaged copy over a good one (issue 12): ``take`` checks the database first (every
page's HMAC and the B-trees, ``app.store.integrity``) and raises ``DatabaseDamaged`` without
copying or pruning anything when it fails; the copy is written under a ``.partial`` name,
its pages' HMACs checked in turn, and only then given its real name. So every backup in the
folder was whole when it was made, the newest one is the newest good copy, and pruning
(oldest first, only after a good copy was added) never removes it. ``latest_good`` checks a
backup again before it is trusted for a restore (a file can rot on the disk afterwards).

After a purge (a group left the laptop's scope, or its retention ended; ``after_purge``,
called by ``Store`` once the purge has committed) a new backup is taken of the purged
database and every other one is removed, so the purged names leave the backups too. If
that backup cannot be made (a damaged database: the old backups are then what a restore
needs; or no room), the old ones stay, a marker file says they still hold purged data, and
the next daily backup does this again first.

Restore (support, with the app closed)::

    from app.store.backup import backups, restore
    restore(backups(database)[0], database)   # the newest; any file in backups/ works
    # latest_good(database, key) finds the newest that passes its check now

``restore`` checks the backup, copies it with the backup API into ``<name>.restoring``
beside the database, checks that, renames it ``<name>.restored``, removes the old
database's WAL and shared memory, and renames it over the database (SQLite cannot copy into
a damaged file; ``put_in_place``). A crash before the ``.restored`` rename leaves the old
database as it was; after it, the next ``Store.open`` finishes the job
(``finish_restore``), and opens it with the same key. Work done since the backup is lost,
unless it was synced: the next sync brings the server's side back. In the app,
``app.store.recovery`` does this for a damaged database and keeps the changes not sent
yet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from pathlib import Path

from app.atomic_file import fsync_path
from app.disk_space import ensure_room, no_room_is_disk_full, room_for_backup
from app.errors import DatabaseDamaged
from app.store import integrity, keys

log = logging.getLogger(__name__)

FOLDER = "backups"
KEEP = 5
DAILY = dt.timedelta(hours=24)
PARTIAL = ".partial"
PURGE_PENDING = ".purge-pending"  # the backups still hold data a purge removed
STAGED = ".restoring"  # a restored database being made, beside the database
RESTORED = ".restored"  # a restored database made and checked, about to take its place
SIDECARS = ("-wal", "-shm", "-journal")


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
    newest ``KEEP``. Returns the backup's path. Raises ``DatabaseDamaged`` (nothing copied,
    nothing pruned) when the database fails its check, and ``DiskFull`` when the disk has no
    room for it and ``BACKUP_MARGIN`` (``app.disk_space``) beside it; no partial file is
    left either way."""
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
            _copy(database, partial, key, check_source=True)
            if not verify(partial, key, structure=key is None):  # page for page the source's
                raise integrity.damaged_error()
            fsync_path(partial)
        os.replace(partial, target)
    finally:
        for leftover in (partial, *(Path(f"{partial}{s}") for s in ("-journal", "-wal"))):
            leftover.unlink(missing_ok=True)
    prune(database)
    log.info("database backed up (%s)", reason)
    return target


def take_daily(database: Path, key: bytes | None, now: dt.datetime | None = None
               ) -> Path | None:
    """A backup if the newest is older than 24 hours (or there is none), or if a purge
    could not yet reach the backups; None otherwise."""
    moment = now or dt.datetime.now(dt.UTC)
    if _purge_pending(database):
        return after_purge(database, key, moment)
    newest = backups(database)
    if newest and moment - taken_at(newest[0]) < DAILY:
        return None
    return take(database, key, "daily", moment)


def after_purge(database: Path, key: bytes | None, now: dt.datetime | None = None) -> Path:
    """Personal data was purged from ``database``: back the purged database up and remove
    every other backup (they hold what was purged). The older ones are removed only once
    the new one is made and checked; until then the marker stays and ``take_daily`` tries
    again."""
    marker = backup_folder(database) / PURGE_PENDING
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    made = take(database, key, "purge", now)
    for old in backups(database):
        if old != made:
            with contextlib.suppress(FileNotFoundError):
                old.unlink()
    marker.unlink(missing_ok=True)
    log.info("backups re-taken after a purge")
    return made


def prune(database: Path, keep: int = KEEP) -> None:
    """Remove all but the newest ``keep`` backups (and any unfinished copy). Every backup
    in the folder was checked when made, so the newest one kept is the newest good one."""
    for old in backups(database)[keep:]:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
    for partial in backup_folder(database).glob(f"*{PARTIAL}"):
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def verify(backup: Path, key: bytes | None, *, structure: bool = True) -> bool:
    """True when ``backup`` opens with ``key`` and passes its check: every page's HMAC, and
    the B-trees unless ``structure`` is false (a fresh copy of a database whose B-trees
    were just checked needs only its pages checked)."""
    try:
        connection = keys.connect(backup, key)
    except (keys.StoreLocked, DatabaseDamaged):
        return False
    try:
        return not integrity.problems(connection, encrypted=key is not None,
                                      structure=structure)
    finally:
        connection.close()


def latest_good(database: Path, key: bytes | None) -> Path | None:
    """The newest backup of ``database`` that passes its check now (None when none does)."""
    for candidate in backups(database):
        if verify(candidate, key):
            return candidate
        log.warning("backup %s failed its check: skipped", candidate.name)
    return None


def restore(backup: Path, database: Path, key: bytes | None = None) -> None:
    """Put the content of ``backup`` back into ``database`` (close the store first).

    The key is the database's own, from the keyring unless given (backups are made with
    it): a backup that does not open with it raises ``StoreLocked``, one that fails its
    check ``DatabaseDamaged``, before anything is changed."""
    if key is None and keys.keyring_is_secure():
        key = keys.load_key(database)
    if not verify(backup, key):
        keys.connect(backup, key).close()  # StoreLocked when it is the key
        raise integrity.damaged_error()
    staged = database.with_name(database.name + STAGED)
    remove_database_files(staged)
    try:
        _copy(backup, staged, key, check_source=False)
        put_in_place(staged, database, key)
    finally:
        remove_database_files(staged)
    log.info("database restored from a backup")


def put_in_place(staged: Path, database: Path, key: bytes | None) -> None:
    """Make the complete, closed database ``staged`` the one at ``database``, as a file:
    SQLite cannot copy into a damaged file. Checked first (``DatabaseDamaged``, and nothing
    changes); then renamed to ``<name>.restored``, after which a crash is finished by the
    next ``Store.open`` (``finish_restore``); then the old database's WAL and shared-memory
    files go (they belong to the old file: replayed onto the new one they would damage
    it), and the new file takes the database's name."""
    connection = keys.connect(staged, key, isolation_level=None)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        connection.close()
    if not verify(staged, key):
        raise integrity.damaged_error()
    for suffix in SIDECARS:
        staged.with_name(staged.name + suffix).unlink(missing_ok=True)
    fsync_path(staged)
    os.replace(staged, database.with_name(database.name + RESTORED))
    _fsync_folder(database.parent)
    finish_restore(database)


def finish_restore(database: Path) -> bool:
    """Finish a restore that got as far as ``<name>.restored`` (True when there was one)."""
    ready = database.with_name(database.name + RESTORED)
    if not ready.exists():
        return False
    for suffix in SIDECARS:
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    with contextlib.suppress(FileNotFoundError):  # another process finished it first
        os.replace(ready, database)
    _fsync_folder(database.parent)
    log.info("restored database put in place")
    return True


def remove_database_files(path: Path) -> None:
    """Delete the database file at ``path`` and its sidecars, where they exist."""
    for suffix in ("", *SIDECARS):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder (Windows)
        fsync_path(folder)


def _purge_pending(database: Path) -> bool:
    return (backup_folder(database) / PURGE_PENDING).exists()


def taken_at(backup: Path) -> dt.datetime:
    """When ``backup`` was taken (UTC), from its name."""
    stamp = backup.stem.rsplit("-", 2)[-2]
    try:
        return dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return dt.datetime.fromtimestamp(backup.stat().st_mtime, dt.UTC)


def _copy(source_path: Path, target_path: Path, key: bytes | None, *,
          check_source: bool) -> None:
    """SQLite's online backup from one database to another, both opened with ``key``;
    with ``check_source``, only from a database that passes the full check. The target's
    WAL is checkpointed into its file afterwards (a restored database has no stale pages
    left behind its WAL)."""
    source = keys.connect(source_path, key)
    try:
        if check_source:
            integrity.check(source, encrypted=key is not None, structure=True,
                            what="the database, before its backup,")
        target = keys.connect(target_path, key, isolation_level=None)
        try:
            source.backup(target)
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            target.close()
    finally:
        source.close()
