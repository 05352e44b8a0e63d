"""Sign-out: remove this laptop's personal data and keys, never unsynced work.

``sign_out(session)`` first counts the outbox (changes not yet sent, and changes the
server refused that wait for the user). If any remain it refuses and says so: the UI warns
and blocks (sync first, or deal with what needs attention). Otherwise it revokes the
sign-in (the refresh token leaves the keyring and, best effort, the server), closes the
store, deletes the database, its ``-wal``/``-shm`` and every backup, and then the database
key from the keyring. Files go before the key: a crash in between leaves a key without a
database (harmless: the next start creates a new database with it), never a database
nobody can open.

Call it through the runner's write queue (writes are serialised there), so no mark slips
in between the check and the deletion; after ``signed_out`` the session and its store are
closed and must not be used: show the sign-in dialog with a newly opened store.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import func, select

from app.outbox import NEEDS_ATTENTION
from app.store import Store, keys
from app.store.backup import backup_folder
from app.store.models import OutboxEntry
from protocol.text import N_, _

log = logging.getLogger(__name__)

SIGNED_OUT = N_(  # marked only: sign_out returns it through _()
    "Signed out. The personal data and keys on this laptop have been removed.")


class _Revocable(Protocol):
    def logout(self) -> None: ...


class SignOutSession(Protocol):
    """What sign-out needs of ``desk.session.Session``."""

    store: Store
    sync: _Revocable


@dataclass(frozen=True)
class SignOutResult:
    signed_out: bool
    message: str  # for the person signing out
    unsent: int = 0  # changes not sent yet (pending or needing attention)


def unsent_changes(store: Store) -> tuple[int, int]:
    """(changes waiting to be sent, changes the server refused that need attention)."""
    with store.read() as session:
        rows = session.execute(select(OutboxEntry.state, func.count())
                               .group_by(OutboxEntry.state)).all()
    counts = {state: count for state, count in rows}
    attention = counts.pop(NEEDS_ATTENTION, 0)
    return sum(counts.values()), attention


def refusal(pending: int, attention: int) -> str:
    parts = []
    if pending:
        parts.append(_("1 change not sent yet") if pending == 1
                     else _("{n} changes not sent yet").format(n=pending))
    if attention:
        parts.append(_("1 change the server could not accept") if attention == 1
                     else _("{n} changes the server could not accept").format(n=attention))
    return _("You cannot sign out yet: this laptop has {changes}. Signing out removes "
             "everything on this laptop, so they would be lost. Sync first (and deal with "
             "anything marked as needing attention), then sign out.").format(
        changes=_(" and ").join(parts))


def sign_out(session: SignOutSession) -> SignOutResult:
    """Remove the personal data, the database key and the sign-in, unless unsynced work
    would be lost (then nothing changes and the result says why)."""
    pending, attention = unsent_changes(session.store)
    if pending or attention:
        log.info("sign-out refused: %d unsent, %d need attention", pending, attention)
        return SignOutResult(False, refusal(pending, attention), pending + attention)
    session.sync.logout()
    remove_local_data(session.store)
    log.info("signed out: local data and keys removed")
    return SignOutResult(True, _(SIGNED_OUT))


def remove_local_data(store: Store) -> None:
    """Close ``store`` and delete its database, sidecars and backups, then its key."""
    path = store.path
    store.removed = True  # before the files go: a late read must not make a new one
    store.close()
    for file in database_files(path):
        with contextlib.suppress(FileNotFoundError):
            file.unlink()
    shutil.rmtree(backup_folder(path), ignore_errors=True)
    keys.delete_key(path)


def database_files(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix)
                    for suffix in ("-wal", "-shm", "-journal"))]
