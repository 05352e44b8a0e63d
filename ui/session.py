"""The services one signed-in user works with, built once and passed to the panels.

Every function here does I/O: call them through the runner (or before Qt starts).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sync.service import SyncService

from app import daily_backup, paths, settings
from app.catalogue import CatalogueService
from app.clock import shared_clock
from app.domain import Identity
from app.errors import DiskFull
from app.forms.service import FormService
from app.identity import get_identity
from app.notes import NoteService
from app.registers import RegisterService
from app.reports import ReportService
from app.retention import purge_expired
from app.store import Store, keys
from app.store.encryption import database_key

log = logging.getLogger(__name__)


@dataclass
class Session:
    store: Store
    sync: SyncService
    identity: Identity
    registers: RegisterService
    catalogue: CatalogueService
    notes: NoteService
    forms: FormService
    reports: ReportService

    def close(self) -> None:
        self.store.close()


def open_store(path: Path | None = None) -> Store:
    """The local database (``app.paths.database_path()`` unless given), encrypted with its
    key from the keyring (raises ``StoreLocked`` or ``InsecureKeyring``, see
    ``app.store.keys``; ``DiskFull`` when the disk has no room to open it). The start-up
    chores follow, and a full disk stops neither: the daily backup of a database that
    already existed (skipped with a warning, ``app.daily_backup.skipped``), and the
    retention purge (put off to the next sync or start)."""
    existed = keys.has_content(Path(path) if path is not None else paths.database_path())
    store = Store.open(path)
    if existed:
        daily_backup.take_or_skip(store)
    try:
        purge_expired(store)
    except DiskFull:
        log.warning("retention purge put off: not enough room on the disk")
    return store


def prepare_store(path: Path | None = None) -> None:
    """Before any window: make sure the database can be opened (its key is in a secure
    keyring, or the user accepted an unencrypted one); creates the key of a new database
    and encrypts one made before encryption. Raises ``StoreLocked`` or ``InsecureKeyring``
    with the message to show."""
    path = Path(path) if path is not None else paths.database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    database_key(path, allow_unencrypted=settings.load(path.parent).allow_unencrypted)


def accept_unencrypted() -> None:
    """The user's explicit choice to keep personal data unencrypted (no secure keyring)."""
    settings.save(settings.load().with_changes(allow_unencrypted=True))
    log.warning("the user accepted an unencrypted database")


def _session(store: Store, sync: SyncService, identity: Identity) -> Session:
    clock = shared_clock(store)
    registers = RegisterService(store, clock, identity.user_id)
    return Session(store, sync, identity, registers, CatalogueService(store),
                   NoteService(store, clock, identity.user_id),
                   FormService(store, clock, identity.user_id), ReportService(store))


def resume(store: Store) -> Session | None:
    """The session saved on this laptop, if there is one and its token is in the keyring."""
    saved = get_identity(store)
    if saved is None:
        return None
    from sync.service import SyncService

    sync = SyncService(store, saved.server_url)
    identity = sync.resume()
    if identity is None:
        log.info("saved identity has no token in the keyring: sign-in needed")
        return None
    return _session(store, sync, identity)


def sign_in(store: Store, server_url: str, username: str, password: str) -> Session:
    """Sign in against ``server_url`` (raises SyncError with a human message on failure)."""
    from sync.service import SyncService

    sync = SyncService(store, server_url.rstrip("/"))
    identity = sync.login(username, password)
    log.info("signed in as user %s", identity.user_id)
    return _session(store, sync, identity)
