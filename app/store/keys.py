"""The database key: a random 256-bit key per database, kept in the OS keyring.

The local database holds names, emails and special requirements (which can be health
information) of school staff, on laptops that get lost at venues. SQLCipher encrypts every
page of it, its WAL and its journal; this module looks after the key. It is applied as a
raw key (``PRAGMA key = "x'<64 hex>'"``), so no key derivation runs: opening a connection
costs ~0.1 ms instead of ~130 ms with a passphrase.

Keyring entry: service ``npq-partner-desk`` (the refresh token's service), user
``db-key:<absolute database path>``. A database copied elsewhere needs its key copied too;
moving the data folder is not something the app does.

A keyring that is not secure (keyring's ``fail`` backend when no password store runs, or a
plaintext file backend such as ``keyrings.alt``'s) is refused: a key written next to the
database in plain text protects nothing. See ``app.settings`` for the user's explicit
acceptance of an unencrypted database in that case.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import sqlcipher3.dbapi2 as sqlcipher
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

from app.disk_space import disk_full, is_no_room
from app.errors import LocalProblem
from app.store import integrity
from protocol.text import N_, _

log = logging.getLogger(__name__)

SERVICE = "npq-partner-desk"
KEY_BYTES = 32
PAGE_SIZE = 4096  # SQLCipher 4's default, which the app never changes
SQLITE_HEADER = b"SQLite format 3\x00"

# Marked only (N_): raised through _().
_LOCKED = N_("This laptop's database is locked and its key is not in the keyring, so it "
             "cannot be opened. Nothing has been deleted: the database is still in {path}. "
             "If you moved the data folder or changed the laptop's password store, put it "
             "back; otherwise ask the central team (signing in again gets your groups back "
             "from the server, but not work that was never synced).")
_WRONG_KEY = N_("This laptop's database cannot be opened with the key in the keyring (the "
                "key does not match). Nothing has been deleted: the database is still in "
                "{path}. Ask the central team before doing anything with it.")
_INSECURE = N_("This laptop has no secure password store (keyring), so NPQ Partner Desk "
               "cannot encrypt the personal data it keeps. It will not store names and "
               "special requirements unencrypted unless you accept that in Settings "
               "(\"Allow an unencrypted database\"). Ask your IT team to enable the "
               "system's password store, or accept the risk in Settings.")

_KEYRING_UNAVAILABLE = N_("The system's password store (keyring) did not open: it may be "
                          "locked, or its unlock prompt was dismissed. Unlock it (signing in "
                          "to the computer again usually does) and start NPQ Partner Desk "
                          "again. Nothing has been changed.")


class StoreLocked(LocalProblem):
    """The database exists but its key is missing from the keyring or does not fit it.

    Never answered by creating a new empty database: the old file stays as it is."""


class InsecureKeyring(LocalProblem):
    """No secure keyring, and the user has not accepted an unencrypted database."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message if message is not None else _(_INSECURE))


def locked_error(path: Path, *, wrong_key: bool = False) -> StoreLocked:
    return StoreLocked(_(_WRONG_KEY if wrong_key else _LOCKED).format(path=path.parent))


def key_user(path: Path) -> str:
    """The keyring user name under which the key of the database at ``path`` is kept."""
    return f"db-key:{Path(path).resolve()}"


def keyring_is_secure(backend: KeyringBackend | None = None) -> bool:
    """True when secrets set in ``backend`` (default: the active one) are stored safely:
    not the ``fail`` backend, not a plaintext or obfuscated file (``keyrings.alt``)."""
    backend = backend if backend is not None else keyring.get_keyring()
    children = getattr(backend, "backends", None)
    if children is not None:  # keyring's ChainerBackend: the first one that works is used
        return bool(children) and all(keyring_is_secure(b) for b in children)
    module = type(backend).__module__
    if module.startswith("keyrings.alt") or module == "keyring.backends.fail":
        return False
    return module != "keyring.backends.null"


def _keyring_failed(exc: KeyringError) -> LocalProblem:
    """A secure keyring that did not answer (locked, prompt dismissed) is not the same as
    having none: the first is a locked store to retry, only the second offers to go
    unencrypted."""
    if keyring_is_secure():
        log.warning("the keyring did not answer: %s", type(exc).__name__)
        return StoreLocked(_(_KEYRING_UNAVAILABLE))
    return InsecureKeyring()


def load_key(path: Path) -> bytes | None:
    """The key of the database at ``path``, or None when the keyring has none."""
    try:
        value = keyring.get_password(SERVICE, key_user(path))
    except KeyringError as exc:
        raise _keyring_failed(exc) from exc
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def create_key(path: Path) -> bytes:
    """A new random key for the database at ``path``, saved in the keyring."""
    key = secrets.token_bytes(KEY_BYTES)
    try:
        keyring.set_password(SERVICE, key_user(path), key.hex())
    except KeyringError as exc:
        raise _keyring_failed(exc) from exc
    if load_key(path) != key:  # a backend that drops what it is given would lose the data
        raise InsecureKeyring()
    log.info("database key created")
    return key


def delete_key(path: Path) -> None:
    """Forget the key (sign-out): the database, and every backup of it, is then unreadable."""
    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(SERVICE, key_user(path))


def pragma_key(key: bytes) -> str:
    """The statement that applies ``key`` as a raw key (no key derivation)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def is_plaintext(path: Path) -> bool:
    """True when ``path`` is an ordinary (unencrypted) SQLite database."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def has_content(path: Path) -> bool:
    """True when a database file exists and is not empty (SQLite treats an empty file as a
    new database; anything else may hold someone's data)."""
    return path.exists() and path.stat().st_size > 0


def connect(path: Path, key: bytes | None, **kwargs: Any) -> sqlcipher.Connection:
    """A DB-API connection to ``path`` with ``key`` applied before anything else and
    checked (a wrong key raises ``StoreLocked``); ``key=None`` opens a plaintext file."""
    connection = sqlcipher.connect(str(path), **kwargs)
    try:
        # SQLCipher would print a line per damaged page on stderr (under a headless
        # command's own message); app.store.integrity logs what it finds instead.
        connection.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            connection.execute(pragma_key(key))
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        try:
            no_room = is_no_room(exc, Path(path).parent)  # not a wrong key: no room for -shm
            damaged = not no_room and _damaged_not_locked(connection, Path(path), key, exc)
        finally:
            connection.close()
        if no_room:
            raise disk_full(Path(path).parent) from exc
        if damaged:
            raise integrity.damaged_error() from exc
        raise locked_error(Path(path), wrong_key=key is not None) from exc
    return connection


def _damaged_not_locked(connection: sqlcipher.Connection, path: Path, key: bytes | None,
                        exc: sqlcipher.DatabaseError) -> bool:
    """A schema page that fails (SQLITE_CORRUPT) is damage; "not a database" is a wrong
    key unless some page still verifies with this key (then page 1 is what is damaged)."""
    if not integrity.is_damage(exc):
        return False
    if getattr(exc, "sqlite_errorcode", 0) & 0xFF == integrity.SQLITE_CORRUPT:
        return True
    if key is None:
        return False
    pages = path.stat().st_size // PAGE_SIZE if path.exists() else 0
    return integrity.key_opens_some_page(connection, pages)


@contextlib.contextmanager
def connected(path: Path, key_of: Path | None = None) -> Iterator[sqlcipher.Connection]:
    """A connection to the database at ``path`` with the key from the keyring of the
    database at ``key_of`` (default: ``path``; a backup has its database's key), closed at
    the end of the block (for support scripts and tests that read the file directly)."""
    owner = key_of if key_of is not None else path
    connection = connect(path, load_key(owner) if keyring_is_secure() else None)
    try:
        yield connection
    finally:
        connection.close()
