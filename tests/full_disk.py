"""A real small disk for the app's home: a tmpfs mounted for one test and filled on demand.

``small_disk(folder)`` mounts it (root, or CAP_SYS_ADMIN, on Linux; the test is skipped
with the reason elsewhere) and always unmounts it, even when the test fails.
``fill(disk, leave)`` writes a filler file until only ``leave`` bytes are free;
``make_room(filler)`` deletes it.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

DISK_MB = 48
CHUNK = 1024 * 1024


@contextlib.contextmanager
def small_disk(folder: Path, size_mb: int = DISK_MB) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    if not sys.platform.startswith("linux"):
        pytest.skip("the full-disk tests mount a tmpfs: Linux only")
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0700", "tmpfs",
                        str(folder)], check=True, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.CalledProcessError) as exc:
        reason = getattr(exc, "stderr", "") or str(exc)
        pytest.skip(f"cannot mount a small tmpfs to fill ({reason.strip()}): the full-disk "
                    "tests need root or CAP_SYS_ADMIN")
    try:
        yield folder
    finally:
        unmounted = subprocess.run(["umount", str(folder)], capture_output=True, timeout=30)
        if unmounted.returncode != 0:  # something still open in it: detach it anyway
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


def free(disk: Path) -> int:
    return shutil.disk_usage(disk).free


def fill(disk: Path, leave: int, name: str = "filler") -> Path:
    """Write a file on ``disk`` until ``leave`` bytes (or fewer, a page at most) are free."""
    filler = disk / name
    with open(filler, "ab") as out:
        while (room := free(disk) - leave) > 0:
            try:
                out.write(b"\0" * min(room, CHUNK))
                out.flush()
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                break
    return filler


def make_room(filler: Path) -> None:
    filler.unlink(missing_ok=True)


def files_under(folder: Path) -> set[str]:
    """Every file below ``folder``, as paths relative to it."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
