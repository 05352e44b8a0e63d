"""An in-memory register service for widget tests that need no store (not for integration)."""

from __future__ import annotations

import dataclasses
import threading

from app.domain import MarkStatus, RecordSyncState, Register, RegisterRow
from tests.ui.factories import register


class MemoryRegisters:
    def __init__(self, initial: Register | None = None) -> None:
        self._register = initial or register()
        self._lock = threading.Lock()
        self.threads: set[str] = set()

    def load(self, event_id: str) -> Register:
        self.threads.add(threading.current_thread().name)
        with self._lock:
            return self._register

    def mark(self, event_id: str, candidate_id: str, status: MarkStatus,
             arrival_time: str | None = None, departure_time: str | None = None,
             note: str | None = None) -> RegisterRow:
        self.threads.add(threading.current_thread().name)
        with self._lock:
            rows = list(self._register.rows)
            i = next(i for i, r in enumerate(rows) if r.candidate_id == candidate_id)
            rows[i] = dataclasses.replace(rows[i], status=status, arrival_time=arrival_time,
                                          departure_time=departure_time,
                                          sync_state=RecordSyncState.SAVED)
            self._register = dataclasses.replace(self._register, rows=tuple(rows))
            return rows[i]
