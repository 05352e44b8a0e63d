"""Hybrid logical clock stamps: ``<wall ms>-<counter>-<device_id>``.

Ordering by (wall ms, counter, device id) survives a laptop whose clock is wrong: a device
that has seen a later stamp never issues an earlier one. Wall and counter are zero-padded so
that the string order equals the stamp order for any wall time up to the year 5138.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

WALL_DIGITS = 15
COUNTER_DIGITS = 6


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    device_id: str

    def __str__(self) -> str:
        return f"{self.wall_ms:0{WALL_DIGITS}d}-{self.counter:0{COUNTER_DIGITS}d}-{self.device_id}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        """Parse a stamp; raises ValueError with a clear message when malformed."""
        parts = text.split("-", 2)
        if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or not parts[2]:
            raise ValueError(f"not a hybrid logical clock stamp: {text[:80]!r}")
        return cls(int(parts[0]), int(parts[1]), parts[2])

    def clamped(self, max_wall_ms: int) -> Stamp:
        """This stamp with its wall time no later than ``max_wall_ms`` (server-side clamp)."""
        if self.wall_ms <= max_wall_ms:
            return self
        return Stamp(max_wall_ms, self.counter, self.device_id)


class HybridClock:
    """Issues monotonically increasing stamps for one device; thread-safe."""

    def __init__(self, device_id: str, wall_ms: Callable[[], int] | None = None,
                 last: Stamp | None = None) -> None:
        if "-" in device_id and not device_id.replace("-", "").isalnum():
            raise ValueError("device id must be alphanumeric (dashes allowed)")
        self.device_id = device_id
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._wall = last.wall_ms if last else 0
        self._counter = last.counter if last else 0
        self._lock = threading.Lock()

    def now(self) -> Stamp:
        with self._lock:
            wall = self._wall_ms()
            if wall > self._wall:
                self._wall, self._counter = wall, 0
            else:
                self._counter += 1
            return Stamp(self._wall, self._counter, self.device_id)

    def observe(self, remote: Stamp | str) -> None:
        """Move past a stamp seen from another device, so our next stamp orders after it."""
        stamp = Stamp.parse(remote) if isinstance(remote, str) else remote
        with self._lock:
            if (stamp.wall_ms, stamp.counter) > (self._wall, self._counter):
                self._wall, self._counter = stamp.wall_ms, stamp.counter
