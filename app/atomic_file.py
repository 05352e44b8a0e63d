"""Write a file so that a reader, a crash or a full disk never leaves half of it behind,
and flush what must survive a power cut."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.disk_space import no_room_is_disk_full


def write_atomically(path: Path, write: Callable[[io.BufferedWriter], object]) -> None:
    """Call ``write`` with a temporary file beside ``path`` and move it into place only
    once it is complete; on any failure the temporary file goes and ``path`` is untouched.
    A disk with no room for it raises ``DiskFull`` naming the folder.
    """
    path = Path(path)
    with no_room_is_disk_full(path.parent):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".npq-desk-", suffix=path.suffix,
                                             dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                write(out)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def fsync_path(path: Path) -> None:
    """Flush a file (or, where the platform allows, a folder's entries) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
