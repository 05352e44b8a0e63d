"""Is the database whole? The checks run when it opens and before a backup is taken.

Two checks, of different cost (``docs/benchmarks.md``, a partner lead's year, 13 MB):

- ``PRAGMA cipher_integrity_check`` (encrypted databases): reads every page of the file and
  verifies its HMAC, without decrypting into the B-trees. Any byte changed on the disk (a
  bad sector, a stray write, random bytes) fails it. ~40 ms; run at every open.
- ``PRAGMA quick_check``: walks every B-tree (structure, not index contents); catches damage
  a HMAC cannot see (an unencrypted database, or a page written wrongly by SQLite itself).
  ~70 ms; run before every backup, and at open for an unencrypted database (which has no
  HMAC to check).

A damaged database raises ``app.errors.DatabaseDamaged`` with a message for the user; the
same error replaces SQLite's own "database disk image is malformed" / "file is not a
database" (SQLITE_CORRUPT, SQLITE_NOTADB) wherever a statement meets a damaged page
(``app.store.engine`` translates them at the engine). ``app.store.recovery`` puts back the
latest good backup.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from app.errors import DatabaseDamaged
from protocol.text import N_, _

log = logging.getLogger(__name__)

SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26
_DAMAGE_CODES = {SQLITE_CORRUPT, SQLITE_NOTADB}
_DAMAGE_WORDS = ("database disk image is malformed", "file is not a database")

# Marked only (N_): raised through _().
_DAMAGED = N_("The database on this laptop is damaged: part of it can no longer be read (a "
              "disk fault, or the computer stopping suddenly, can do this). Nothing more "
              "has been written to it. Start NPQ Partner Desk (close it first if it is "
              "open): it offers to put back the latest good backup and fetch the rest from "
              "the central service, keeping the changes not sent yet.")


class Connection(Protocol):
    def execute(self, sql: str, /) -> Any: ...


def damaged_error() -> DatabaseDamaged:
    return DatabaseDamaged(_(_DAMAGED))


def is_damage(exc: BaseException | None) -> bool:
    """True when ``exc`` (a DB-API error, sqlite3 or SQLCipher) says the file is damaged."""
    if exc is None:
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _DAMAGE_CODES  # extended codes keep the primary in the low byte
    text = str(exc).lower()
    return any(words in text for words in _DAMAGE_WORDS)


def problems(connection: Connection, *, encrypted: bool, structure: bool) -> list[str]:
    """What is wrong with the database ``connection`` is open on (empty when whole):
    every page's HMAC when ``encrypted``, and the B-trees when ``structure`` (or when there
    is no HMAC to check). Never raises for damage: a check that cannot even run is a
    problem found."""
    found: list[str] = []
    try:
        if encrypted:
            found += [str(row[0]) for row in
                      connection.execute("PRAGMA cipher_integrity_check").fetchall()]
        if structure or not encrypted:
            rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check").fetchall()]
            found += [row for row in rows if row != "ok"]
    except Exception as exc:
        if not is_damage(exc):
            raise
        found.append(str(exc))
    return found


def check(connection: Connection, *, encrypted: bool, structure: bool, what: str) -> None:
    """Raise ``DatabaseDamaged`` when ``problems`` finds any (logged, without content:
    SQLite's messages name pages and tables, never rows)."""
    found = problems(connection, encrypted=encrypted, structure=structure)
    if found:
        log.error("%s failed its integrity check: %d problem(s), first: %s", what,
                  len(found), found[0])
        raise damaged_error()


def key_opens_some_page(connection: Connection, pages: int) -> bool:
    """After "file is not a database" with a key: True when some page still verifies with
    it, so the key is right and page 1 is damaged (a wrong key fails every page)."""
    try:
        failed = connection.execute("PRAGMA cipher_integrity_check").fetchall()
    except Exception:
        return False
    return pages > 1 and len(failed) < pages
