"""One hybrid logical clock per store, seeded from the latest stamp the store has seen.

Marks made here and stamps pulled from the server go through the same clock, so a mark
made after a pull orders after everything pulled, even on a laptop whose clock is slow.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.identity import device_id
from app.store import Store
from app.store.models import AttendanceHistory, Form, OutboxEntry
from protocol.hlc import HybridClock, Stamp

_KEY = "hybrid_clock"


def shared_clock(store: Store) -> HybridClock:
    """The store's clock (made on first use; the same object for every caller)."""
    with store.extras_lock:
        clock = store.extras.get(_KEY)
        if clock is None:
            clock = HybridClock(device_id(store))
            latest = latest_stamp(store)
            if latest is not None:
                clock.observe(latest)
            store.extras[_KEY] = clock
        return clock


def latest_stamp(store: Store) -> Stamp | None:
    """The greatest stamp in the history, the outbox or the QA forms (string order is
    stamp order)."""
    with store.read() as session:
        candidates = [
            session.scalar(select(func.max(AttendanceHistory.hlc))),
            session.scalar(select(func.max(OutboxEntry.hlc))),
            session.scalar(select(func.max(func.json_extract(Form.data, "$.hlc")))),
        ]
    stamps = []
    for text in candidates:
        if text:
            try:
                stamps.append(Stamp.parse(text))
            except ValueError:
                continue
    return max(stamps) if stamps else None
