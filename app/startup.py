"""Opening this laptop's database the way every entry point does (the window, the headless
commands, ``python -m desk``): with its start-up chores. No Qt."""

from __future__ import annotations

import logging
from pathlib import Path

from app import daily_backup, paths
from app.errors import DiskFull, LocalProblem
from app.retention import purge_expired
from app.store import Store, keys
from protocol.text import N_, _

log = logging.getLogger(__name__)

# Marked only (N_): raised through _().
_NOT_A_FILE = N_("The app's database should be a file at {path}, but something else is "
                 "there (a folder?). Move it out of the way, or start the app with another "
                 "data folder (--home). Nothing was changed.")


def check_database_path(path: Path) -> None:
    """Raise ``LocalProblem`` when the database cannot be kept at ``path`` because
    something other than a file is in the way (a folder, a device)."""
    if path.exists() and not path.is_file():
        raise LocalProblem(_(_NOT_A_FILE).format(path=path))


def open_store(path: Path | None = None) -> Store:
    """The local database (``app.paths.database_path()`` unless given), encrypted with its
    key from the keyring (raises ``StoreLocked`` or ``InsecureKeyring``, see
    ``app.store.keys``, or ``DatabaseDamaged`` when it fails its check;
    ``app.store.recovery`` then offers the restore). The start-up chores follow: a daily
    backup of a database that already existed (only of a database that passes its check;
    skipped with a warning when the disk has no room for it), and the retention purge (put
    off when the disk is full). A full disk stops neither; ``DiskFull`` only when there is
    no room to open the database at all."""
    path = Path(path) if path is not None else paths.database_path()
    check_database_path(path)
    existed = keys.has_content(path)
    store = Store.open(path)
    try:
        if existed:  # a full disk skips it with a warning (app.daily_backup.skipped)
            daily_backup.take_or_skip(store)
        try:
            purge_expired(store)
        except DiskFull:  # put off to the next sync or start, never stopping this one
            log.warning("retention purge put off: not enough room on the disk")
    except BaseException:
        store.close()
        raise
    return store
