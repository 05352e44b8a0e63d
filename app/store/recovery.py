"""Putting a damaged database right: the latest good backup back, the rest fetched again
from the central service, and every unsent change that can still be read kept.

``examine(database)`` reads only and says what a recovery would do (for the offer the app
shows at start); ``recover(database)`` does it, with the app's store closed:

1. read what can be read from the damaged file (``app.store.salvage``): the unsent changes
   row by row, who was signed in, the device id;
2. build the recovered database beside it (``<name>.restoring``): a copy of the latest
   backup that passes its check (``app.store.backup.latest_good``), brought to the current
   schema; or, with no good backup, or one of another user (someone else signed in since),
   a new empty database that keeps the identity, so the next sync fetches everything;
3. in one transaction there: each salvaged change is applied to the records it changes
   (so the register shows the marks made since the backup) and queued again with its own
   mutation id (so the server answers "duplicate" to one it already had: sent exactly
   once). When every unsent change was read, the outbox becomes exactly those; when some
   could not be, the backup's own unsent changes stay too (a sent one comes back
   "duplicate");
4. check it and put it in place of the damaged file (``app.store.backup.put_in_place``:
   a crash before that leaves the damaged file, and the offer comes again; a crash during
   it is finished by the next open).

The sync cursor is the backup's, so the next sync pulls everything that changed since the
backup (a full pull with no backup). What could not be read is counted and reported by
type, never dropped silently; the damaged file itself is not kept (it holds personal data
that no purge could reach).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from app.clock import shared_clock
from app.marks import append_history, recompute_current
from app.store import backup, keys, salvage
from app.store.apply import PulledChange, apply_page
from app.store.engine import make_engine
from app.store.migrate import current_heads, script_heads, upgrade
from app.store.models import IdentityRow, LocalMeta, OutboxEntry, SyncState
from app.store.store import Store

log = logging.getLogger(__name__)

DEVICE_KEY = "device_id"


@dataclass(frozen=True)
class Damage:
    """What ``recover`` would do, for the offer shown to the user."""

    backup_taken_at: dt.datetime | None  # None: no good backup, everything is fetched again
    unsent: int  # unsent changes that can be read, and will be kept
    unreadable: int  # unsent changes that cannot be read
    missed_some: bool  # and a stretch of the outbox whose changes cannot even be counted


@dataclass(frozen=True)
class Recovered:
    backup_taken_at: dt.datetime | None
    kept: int
    unreadable: dict[str, int]  # type (or "unknown") -> how many could not be read
    missed_some: bool


def database_key(database: Path) -> bytes | None:
    """The key of ``database`` from the keyring (None: an unencrypted database)."""
    return keys.load_key(database) if keys.keyring_is_secure() else None


def examine(database: Path) -> Damage:
    """What a recovery of ``database`` would do; reads only."""
    key = database_key(database)
    found = salvage.read(database, key)
    chosen = _usable_backup(database, key, found)
    return Damage(backup.taken_at(chosen) if chosen else None, len(found.changes),
                  len(found.unreadable), found.missed_some)


def recover(database: Path) -> Recovered:
    """Restore ``database`` (closed) from its latest good backup, keeping the readable
    unsent changes of the damaged file; see the module docstring."""
    key = database_key(database)
    found = salvage.read(database, key)
    chosen = _usable_backup(database, key, found)
    staging = database.with_name(database.name + backup.STAGED)
    backup.remove_database_files(staging)
    try:
        if chosen is not None:
            backup.restore(chosen, staging, key)
        _rebuild(staging, key, found)
        backup.put_in_place(staging, database, key)
    finally:
        backup.remove_database_files(staging)
    unreadable = Counter(kind or "unknown" for kind in found.unreadable)
    log.warning("damaged database restored from %s; %d unsent change(s) kept, %d unreadable",
                "a backup" if chosen else "nothing (all fetched again)", len(found.changes),
                sum(unreadable.values()))
    return Recovered(backup.taken_at(chosen) if chosen else None, len(found.changes),
                     dict(unreadable), found.missed_some)


def _usable_backup(database: Path, key: bytes | None, found: salvage.Salvage
                   ) -> Path | None:
    """The latest good backup, unless it belongs to someone other than the user whose
    unsent changes these are."""
    chosen = backup.latest_good(database, key)
    if chosen is None or found.identity is None:
        return chosen
    with contextlib.closing(keys.connect(chosen, key)) as connection:
        row = connection.execute("SELECT user_id FROM identity WHERE id = 1").fetchone()
    if row is not None and row[0] != found.identity["user_id"]:
        log.warning("the latest good backup is of another user: not restored")
        return None
    return chosen


def _rebuild(staging: Path, key: bytes | None, found: salvage.Salvage) -> None:
    """Bring ``staging`` (a backup's copy, or nothing yet) to the current schema, then put
    back the identity and the salvaged changes in one transaction."""
    engine = make_engine(staging, key)
    try:
        if current_heads(engine) != script_heads():
            upgrade(engine)
        store = Store(staging, engine, key)
        with store.write() as session:
            if session.get(IdentityRow, 1) is None and found.identity is not None:
                values = dict(found.identity)
                values["roles"] = json.loads(values["roles"] or "[]")
                session.add(IdentityRow(id=1, **values))
            if found.device_id and session.get(LocalMeta, DEVICE_KEY) is None:
                session.add(LocalMeta(key=DEVICE_KEY, value=found.device_id))
            if found.complete:
                session.execute(delete(OutboxEntry))
            else:
                session.execute(delete(OutboxEntry).where(OutboxEntry.mutation_id.in_(
                    [change["mutation_id"] for change in found.changes])))
        _replay(store, found.changes)
        with store.write() as session:
            for change in found.changes:
                session.add(OutboxEntry(**{k: v for k, v in change.items() if k != "seq"}))
    finally:
        engine.dispose()


def _replay(store: Store, changes: list[dict[str, Any]]) -> None:
    """Apply the salvaged changes to the records they change, before they are queued (a
    record with a queued change is not overwritten by ``apply_page``). One that cannot be
    applied (its event gone since the backup, say) is still queued: the server decides."""
    with store.read() as session:
        cursor = session.scalar(select(SyncState.cursor))
    clock = shared_clock(store)
    for change in changes:
        try:
            if change["type"] == "attendance":
                with store.write() as session:
                    append_history(session, change["record_id"], change["data"],
                                   source="local")
                    recompute_current(session, change["record_id"])
            else:
                apply_page(store, [PulledChange(change["type"], change["record_id"],
                                                change["op"] == "delete", change["data"])],
                           cursor or "", clock)
        except Exception as exc:  # a change the records here refuse: the server decides
            log.warning("unsent change %s not applied locally (%s); queued all the same",
                        change["seq"], type(exc).__name__)
    if cursor is None:  # apply_page saved "", which is not a cursor: back to none
        with store.write() as session:
            state = session.get(SyncState, 1)
            if state is not None:
                state.cursor = None
