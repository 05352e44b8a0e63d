"""Read an encrypted database the hard way: every page of the file (free pages too) and
every frame of its WAL, decrypted with the key outside SQLite.

A SELECT shows only live rows, which proves nothing about what a purge left behind in free
space or in the WAL. The sqlcipher3 wheel is built without ``sqlite_dbpage``, so the pages
are decrypted here with SQLCipher 4's documented format (defaults, raw key): 4,096-byte
pages, each ending in 80 reserved bytes (a 16-byte IV, then the HMAC); AES-256-CBC over the
rest of the page under the raw key; page 1 starts with the 16-byte salt in clear. WAL
frames are a 24-byte header and a page encrypted the same way. ``damage_page`` writes
random bytes into one page, as a failing disk might.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
IV = 16
SALT = 16
WAL_HEADER = 32
FRAME_HEADER = 24


def decrypt_page(raw: bytes, key: bytes, first: bool) -> bytes:
    """The plaintext of one encrypted page (page 1's salt is given back as it is)."""
    start = SALT if first else 0
    iv = raw[PAGE - RESERVE:PAGE - RESERVE + IV]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    body = decryptor.update(raw[start:PAGE - RESERVE]) + decryptor.finalize()
    return raw[:start] + body


def pages(path: Path, key: bytes) -> Iterator[tuple[int, bytes]]:
    """(page number, plaintext) for every page in the database file."""
    data = path.read_bytes()
    for index in range(len(data) // PAGE):
        raw = data[index * PAGE:(index + 1) * PAGE]
        yield index + 1, decrypt_page(raw, key, first=index == 0)


def wal_frames(path: Path, key: bytes) -> Iterator[tuple[int, bytes]]:
    """(page number, plaintext) for every frame in the WAL at ``path`` (none if absent)."""
    data = path.read_bytes() if path.exists() else b""
    offset = WAL_HEADER
    while offset + FRAME_HEADER + PAGE <= len(data):
        number = int.from_bytes(data[offset:offset + 4], "big")
        raw = data[offset + FRAME_HEADER:offset + FRAME_HEADER + PAGE]
        yield number, decrypt_page(raw, key, first=number == 1)
        offset += FRAME_HEADER + PAGE


def looks_like_sqlite(path: Path, key: bytes) -> bool:
    """Page 1 decrypts to a SQLite header (page size 4096 at offset 16): the key and the
    format above are right, so a name not found is not found because it is not there."""
    first = next(pages(path, key))[1]
    return first[16:18] == PAGE.to_bytes(2, "big") and first[21:24] == b"\x40\x20\x20"


def find(path: Path, key: bytes, words: list[str]) -> dict[str, list[str]]:
    """Which of ``words`` appear (UTF-8) in the file's pages and its WAL's frames."""
    wal = path.with_name(path.name + "-wal")
    found: dict[str, list[str]] = {}
    for where, numbered in (("page", pages(path, key)), ("wal frame", wal_frames(wal, key))):
        for number, plain in numbered:
            for word in words:
                if word.encode() in plain:
                    found.setdefault(word, []).append(f"{where} {number}")
    return found


def damage_page(path: Path, number: int, *, length: int = 512) -> None:
    """Write random bytes into page ``number`` (1-based) of the file, in the middle."""
    with open(path, "r+b") as handle:
        handle.seek((number - 1) * PAGE + PAGE // 4)
        handle.write(os.urandom(length))
        handle.flush()
        os.fsync(handle.fileno())
