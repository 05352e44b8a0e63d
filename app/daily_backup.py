"""The daily backup never stops a start, a mark or a sync (issue 12).

``take_or_skip(store)`` takes the day's backup (``app.store.backup.take_daily``) when it is
due and the disk has room for it: the database, its WAL and ``BACKUP_MARGIN`` beside it
(``app.disk_space``). When it has not, or the room runs out mid-way (the partial file is
removed), the backup is skipped: the warning is logged, kept with the store for the window
(``skipped(store)``, shown in its backup banner) and returned, for a headless command to
print on stderr. The next start, or the window's "Back up now", tries again.
"""

from __future__ import annotations

import datetime as dt
import logging

from app.disk_space import free_bytes, human_size, room_for_backup
from app.errors import DiskFull
from app.store import Store, backup
from protocol.text import N_, _

log = logging.getLogger(__name__)

SKIPPED = "daily_backup_skipped"  # Store.extras key: the warning while it stands

# Marked only (N_): shown through _().
_SKIPPED = N_("Today's backup was skipped: there is not enough room on the disk. Your work "
              "is saved and still syncs. The disk holding {folder} has {free} free; the "
              "backup needs about {needed}. Free some space on that disk (empty the "
              "wastebasket, or move large files to another disk); the next start takes the "
              "backup.")


def take_or_skip(store: Store, now: dt.datetime | None = None) -> str | None:
    """The daily backup if due; None when taken (or not due), else the warning."""
    try:
        backup.take_daily(store.path, store.key, now)
    except DiskFull:
        log.warning("daily backup skipped: not enough room on the disk")
        folder = store.path.parent
        warning = _(_SKIPPED).format(
            folder=folder, free=human_size(free_bytes(folder)),
            needed=human_size(room_for_backup(store.path)))
        store.extras[SKIPPED] = warning
        return warning
    store.extras.pop(SKIPPED, None)
    return None


def skipped(store: Store) -> str | None:
    """The warning of the last daily backup skipped on ``store``, while no backup since."""
    warning = store.extras.get(SKIPPED)
    return warning if isinstance(warning, str) else None
