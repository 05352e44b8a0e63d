"""Which key opens the database, and encrypting a database made before encryption.

The rule (issue 7): key present -> open with it; database present but key missing or wrong
-> ``StoreLocked``, the file left exactly as it is (never a new empty database hiding the
old one); no database and no key -> create both. A plaintext database (made by a version
before encryption) is encrypted on first open: ``sqlcipher_export`` into a new file next to
it, fsync, atomic rename over the old one, the old content overwritten before its last
handle closes, and its ``-wal``/``-shm`` removed, so no plaintext copy stays behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import BinaryIO

from app.atomic_file import fsync_path
from app.store import keys
from app.store.keys import InsecureKeyring

log = logging.getLogger(__name__)

ENCRYPTING_SUFFIX = ".encrypting"


def database_key(path: Path, *, allow_unencrypted: bool) -> bytes | None:
    """The key to open ``path`` with, creating it (and encrypting a plaintext database) when
    needed; None means plaintext, only when no secure keyring exists and the user accepted
    it. Raises ``InsecureKeyring`` or ``StoreLocked``."""
    if not keys.keyring_is_secure():
        if not allow_unencrypted:
            raise InsecureKeyring()
        if keys.has_content(path) and not keys.is_plaintext(path):
            raise keys.locked_error(path)
        log.warning("no secure keyring: database kept unencrypted, as the user accepted")
        return None
    key = keys.load_key(path)
    if keys.is_plaintext(path):
        encrypt_plaintext(path, key if key is not None else keys.create_key(path))
        return keys.load_key(path)
    if key is None:
        if keys.has_content(path):
            raise keys.locked_error(path)
        return keys.create_key(path)
    return key


def encrypt_plaintext(path: Path, key: bytes) -> None:
    """Replace the plaintext database at ``path`` by an encrypted copy under ``key``."""
    target = path.with_name(path.name + ENCRYPTING_SUFFIX)
    target.unlink(missing_ok=True)  # a crash during an earlier try (encrypted: harmless)
    source = keys.connect(path, None, isolation_level=None)
    try:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = source.execute("PRAGMA user_version").fetchone()[0]
        source.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()
    check = keys.connect(target, key)
    try:
        check.execute("PRAGMA journal_mode=WAL")
    finally:
        check.close()
    fsync_path(target)
    if os.name == "nt":  # Windows cannot rename over a file that is still open
        os.replace(target, path)
        _fsync_folder(path.parent)
    else:
        with open(path, "r+b") as old:  # a handle on the plaintext inode past the rename
            os.replace(target, path)
            _fsync_folder(path.parent)
            _overwrite(old)
    # No connection is open now: a sidecar left is the plaintext database's.
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()
    log.info("plaintext database encrypted")


def _overwrite(old: BinaryIO) -> None:
    """Zero the old plaintext content (best effort: an SSD may keep copies of blocks)."""
    size = os.fstat(old.fileno()).st_size
    old.seek(0)
    chunk = b"\x00" * 65536
    for start in range(0, size, len(chunk)):
        old.write(chunk[: min(len(chunk), size - start)])
    old.flush()
    os.fsync(old.fileno())


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder (Windows)
        fsync_path(folder)
