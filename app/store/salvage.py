"""Reading what can still be read from a damaged database: its unsent changes (the outbox),
row by row, and who was signed in.

Nothing here writes to the damaged file. A damaged page stops a whole statement, so the
outbox is not read with one SELECT: the ids of its rows are gathered from every structure
that holds them (the table itself, scanned with a skip past a page that fails, and each of
its three indexes, which live on pages of their own), then each row is read alone by its
id. A row that fails, or whose values do not make sense (a plaintext database has no HMAC
to stop a damaged page being read as rows), is counted as unreadable, with its type when
an index still tells it; none is dropped without being counted.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from app.errors import DatabaseDamaged
from app.store import keys
from protocol.hlc import Stamp
from protocol.records import CLIENT_WRITABLE_TYPES

log = logging.getLogger(__name__)

OUTBOX_COLUMNS = ("seq", "mutation_id", "type", "record_id", "op", "data", "hlc",
                  "created_at", "state", "error_code", "error_message", "attempts")
IDENTITY_COLUMNS = ("user_id", "name", "roles", "username", "server_url", "device_id")
_ID_SOURCES = (  # (statement, what it reads through); seq is the table's rowid
    "SELECT seq, type FROM outbox INDEXED BY ix_outbox_record ORDER BY type, record_id",
    "SELECT seq, state FROM outbox INDEXED BY ix_outbox_state ORDER BY state",
    "SELECT seq, mutation_id FROM outbox INDEXED BY sqlite_autoindex_outbox_1 "
    "ORDER BY mutation_id",
)
_MAX_SKIPS = 64


@dataclass
class Salvage:
    """What was read from a damaged database."""

    changes: list[dict[str, Any]] = field(default_factory=list)  # outbox rows, in order
    unreadable: list[str | None] = field(default_factory=list)  # their types, if known
    missed_some: bool = False  # a stretch of the table failed whose rows are not counted
    identity: dict[str, Any] | None = None
    device_id: str | None = None

    @property
    def complete(self) -> bool:
        """Every unsent change was read."""
        return not self.unreadable and not self.missed_some


class _Reader:
    """Statements on the damaged file, each on a sound connection: SQLCipher refuses every
    later read on a connection once a page failed its HMAC, so a failure reconnects."""

    def __init__(self, database: Path, key: bytes | None) -> None:
        self.database, self.key = database, key
        self.connection = keys.connect(database, key)

    def rows(self, statement: str, params: tuple[Any, ...] = ()
             ) -> tuple[list[tuple[Any, ...]], bool]:
        """(the rows read before any damaged page, True when one stopped the statement)."""
        found: list[tuple[Any, ...]] = []
        try:
            cursor = self.connection.execute(statement, params)
            while (row := cursor.fetchone()) is not None:
                found.append(tuple(row))
        except sqlcipher.DatabaseError:
            self.connection.close()
            self.connection = keys.connect(self.database, self.key)
            return found, True
        return found, False

    def one(self, statement: str, columns: tuple[str, ...], params: tuple[Any, ...] = ()
            ) -> dict[str, Any] | None:
        rows, _ = self.rows(statement, params)
        return dict(zip(columns, rows[0], strict=True)) if rows else None

    def close(self) -> None:
        self.connection.close()


def read(database: Path, key: bytes | None) -> Salvage:
    """Everything still readable from ``database`` (never raises for damage)."""
    salvage = Salvage()
    try:
        reader = _Reader(database, key)
    except (DatabaseDamaged, keys.StoreLocked):
        log.error("damaged database: not even its first page opens; nothing salvaged")
        salvage.missed_some = True
        return salvage
    try:
        _read_outbox(reader, salvage)
        salvage.identity = reader.one(f"SELECT {', '.join(IDENTITY_COLUMNS)} FROM identity "
                                      "WHERE id = 1", IDENTITY_COLUMNS)
        meta = reader.one("SELECT value FROM local_meta WHERE key = 'device_id'", ("value",))
        salvage.device_id = meta["value"] if meta else None
    finally:
        reader.close()
    log.info("salvaged from the damaged database: %d unsent change(s) read, %d unreadable%s",
             len(salvage.changes), len(salvage.unreadable),
             ", and a stretch not counted" if salvage.missed_some else "")
    return salvage


def _read_outbox(reader: _Reader, salvage: Salvage) -> None:
    types: dict[int, str | None] = {}
    some_index_whole = False  # one index read to its end lists every row
    for statement in _ID_SOURCES:
        rows, failed = reader.rows(statement)
        some_index_whole = some_index_whole or not failed
        for seq, value in rows:
            kind = value if "ix_outbox_record" in statement else None
            if types.get(seq) is None:
                types[seq] = kind
    scanned, skipped = _scan_ids(reader, max(types, default=0))
    salvage.missed_some = skipped and not some_index_whole
    for seq in scanned:
        types.setdefault(seq, None)
    for seq in sorted(types):
        row = _row(reader, seq)
        if row is None:
            salvage.unreadable.append(types[seq])
            log.warning("unsent change %d (%s) could not be read", seq, types[seq] or "?")
        else:
            salvage.changes.append(row)


def _scan_ids(reader: _Reader, highest_known: int) -> tuple[list[int], bool]:
    """The table's own ids, in order. Past a page that fails, the scan jumps ahead
    (doubling, up to twice the highest id known) until it reads again; True as well when
    some stretch was skipped."""
    found: list[int] = []
    after, skipped = 0, False
    statement = "SELECT seq FROM outbox NOT INDEXED WHERE seq > ? ORDER BY seq"
    while True:
        rows, failed = reader.rows(statement, (after,))
        found += [int(seq) for (seq,) in rows]
        after = found[-1] if found else after
        if not failed:
            return found, skipped
        skipped = True
        for power in range(_MAX_SKIPS):
            probe = after + 2 ** power
            if probe > max(highest_known, after) * 2 + 1:
                return found, True
            if not reader.rows(statement + " LIMIT 1", (probe,))[1]:
                after = probe
                break
        else:
            return found, True


def _row(reader: _Reader, seq: int) -> dict[str, Any] | None:
    """One outbox row, read alone and checked; None when it cannot be read or trusted."""
    row = reader.one(f"SELECT {', '.join(OUTBOX_COLUMNS)} FROM outbox WHERE seq = ?",
                     OUTBOX_COLUMNS, (seq,))
    if row is None:
        return None
    try:
        row["data"] = json.loads(row["data"]) if isinstance(row["data"], str) else None
        Stamp.parse(row["hlc"])
    except (ValueError, TypeError):
        return None
    sound = (isinstance(row["data"], dict) and row["type"] in CLIENT_WRITABLE_TYPES
             and isinstance(row["mutation_id"], str) and len(row["mutation_id"]) == 36
             and isinstance(row["record_id"], str) and row["op"] in ("upsert", "delete"))
    return row if sound else None
