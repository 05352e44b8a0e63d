"""A full disk, said as such: "no room" errors from any layer become ``DiskFull``.

A nearly full disk shows up in many shapes: ``OSError`` with ``ENOSPC`` (or ``EDQUOT``, a
quota) from a file write, SQLite's ``SQLITE_FULL`` ("database or disk is full") from a
commit, and ``SQLITE_IOERR`` ("disk I/O error") when SQLite cannot grow its shared-memory
index (``-shm``, 32 KB) on a disk with no room left (SQLite keeps the errno to itself).
``no_room_is_disk_full(folder)`` turns each of them into one ``DiskFull`` whose message
names the folder, says how much room is left (and needed, when known) and what to do.
An I/O error counts as "no room" only when the disk really has less than ``LOW_ROOM``
free; any other error passes through unchanged.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from app.errors import DiskFull
from protocol.text import N_, _

log = logging.getLogger(__name__)

NO_ROOM_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
SQLITE_FULL = 13
SQLITE_IOERR = 10
# Below this, an I/O error from SQLite is the disk being full: the WAL index alone needs
# 32 KB, and a page of the database or its WAL 4 KB.
LOW_ROOM = 1024 * 1024
# Room kept free beside a backup, for the day's marks, the WAL and the logs (6 x 1 MB).
BACKUP_MARGIN = 16 * 1024 * 1024

# Marked only (N_): shown through _().
_FULL = N_("The disk holding {folder} is full ({free} free).")
_FULL_NEEDED = N_("The disk holding {folder} is full: {free} free, about {needed} needed.")
_WHAT_TO_DO = N_("Free some space on that disk (empty the wastebasket, or move large files "
                 "to another disk), then try again. Nothing saved before has been lost.")


def is_no_room(exc: BaseException, folder: Path | None = None) -> bool:
    """Whether ``exc`` (or what it wraps) says the disk has no room: ``ENOSPC``/``EDQUOT``,
    ``SQLITE_FULL``, or an SQLite I/O error while ``folder``'s disk is almost full."""
    for error in _chain(exc):
        if isinstance(error, DiskFull):
            return True
        if isinstance(error, OSError) and error.errno in NO_ROOM_ERRNOS:
            return True
        code = getattr(error, "sqlite_errorcode", None)
        text = str(error)
        if (code is not None and code & 0xFF == SQLITE_FULL) or \
                "database or disk is full" in text:
            return True
        if ((code is not None and code & 0xFF == SQLITE_IOERR) or "disk I/O error" in text) \
                and folder is not None and free_bytes(folder) < LOW_ROOM:
            return True
    return False


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, what it was raised from, and a SQLAlchemy error's driver error (``orig``)."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        error = todo.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        yield error
        orig = getattr(error, "orig", None)
        todo += [error.__cause__, error.__context__,
                 orig if isinstance(orig, BaseException) else None]


def free_bytes(path: Path) -> int:
    """The room left on the disk holding ``path`` (or its nearest existing parent), for
    this user; a very large number when it cannot be measured."""
    place = Path(path)
    while not place.exists() and place.parent != place:
        place = place.parent
    try:
        return shutil.disk_usage(place).free
    except OSError:
        return 2**62


def human_size(size: int) -> str:
    """``size`` bytes as a person reads it: "512 bytes", "40 KB", "3.2 MB", "1.5 GB"."""
    if size < 1024:
        return _("{n} bytes").format(n=size).replace(" ", "\N{NO-BREAK SPACE}")
    units = (_("KB"), _("MB"), _("GB"))
    value, unit = size / 1024, 0
    while value >= 1024 and unit < len(units) - 1:
        value, unit = value / 1024, unit + 1
    number = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return f"{number}\N{NO-BREAK SPACE}{units[unit]}"  # "32 KB" never split over two lines


def disk_full(folder: Path, *, needed: int | None = None) -> DiskFull:
    """The ``DiskFull`` for ``folder``: what is full, the room left (and needed), what to
    do."""
    free = human_size(free_bytes(folder))
    if needed is None:
        first = _(_FULL).format(folder=folder, free=free)
    else:
        first = _(_FULL_NEEDED).format(folder=folder, free=free, needed=human_size(needed))
    return DiskFull(f"{first} {_(_WHAT_TO_DO)}")


@contextmanager
def no_room_is_disk_full(folder: Path, *, needed: int | None = None) -> Iterator[None]:
    """Run the block; a "no room" error from it (see ``is_no_room``) is raised again as
    ``disk_full(folder)``, anything else as it was."""
    try:
        yield
    except Exception as exc:
        raise_if_no_room(exc, folder, needed=needed)
        raise


def raise_if_no_room(exc: BaseException, folder: Path, *, needed: int | None = None
                     ) -> None:
    """Raise ``disk_full(folder)`` from ``exc`` when ``exc`` says there is no room (for an
    ``except`` clause that then re-raises ``exc`` itself)."""
    if isinstance(exc, DiskFull) or not is_no_room(exc, folder):
        return
    log.info("no room left on the disk (%d bytes free)", free_bytes(folder))
    raise disk_full(folder, needed=needed) from exc


def ensure_room(folder: Path, needed: int) -> None:
    """Raise ``disk_full(folder, needed=…)`` unless ``needed`` bytes are free there."""
    if free_bytes(folder) < needed:
        raise disk_full(folder, needed=needed)


def check_writable(folder: Path) -> None:
    """Write and remove a small probe file in ``folder``: ``DiskFull`` when its disk has no
    room, the ``OSError`` when it cannot be written for another reason (permissions)."""
    with no_room_is_disk_full(folder), tempfile.TemporaryFile(dir=folder) as probe:
        probe.write(b"\0" * 512)
        probe.flush()
        os.fsync(probe.fileno())


def room_for_backup(database: Path) -> int:
    """What a backup of ``database`` takes (the file and its WAL) plus ``BACKUP_MARGIN``."""
    size = 0
    for path in (database, database.with_name(database.name + "-wal")):
        with suppress(OSError):
            size += path.stat().st_size
    return size + BACKUP_MARGIN
