"""Applying a pulled page in bulk: the common changes (new or updated records, attendance
with new observations) as a few multi-row statements instead of an ORM round trip each.

Only changes that need no decision go here: not deleted, no unsent local change for the
record, and (attendance) no copy of one of this laptop's own marks with a stamp it does not
know. Everything else takes the one-by-one path in ``app.store.apply``, in page order (the
batches are written before it, so a later change always lands after an earlier one).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, inspect, select
from sqlalchemy.dialects.sqlite import insert as upsert
from sqlalchemy.orm import Session

from app.marks import MARK_FIELDS, recompute_current, utc_now_iso
from app.store.models import Attendance, AttendanceHistory, Base, OtherRecord
from sync.hlc import HybridClock, Stamp

CHUNK = 500  # ids per IN (...) query


def chunks(items: list[str], size: int = CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _columns(table: type[Base]) -> set[str]:
    return {c.key for c in inspect(table).column_attrs}


@dataclass
class RecordBatch:
    """Upserts of records kept in their own table, or in ``other_record``."""

    rows: dict[tuple[type[Base], tuple[str, ...]], list[dict[str, Any]]] = field(
        default_factory=dict)

    def add(self, table: type[Base], record_id: str, data: dict[str, Any]) -> None:
        columns = _columns(table)
        row = {k: v for k, v in data.items() if k in columns and k != "id"}
        row["id"] = record_id
        self.rows.setdefault((table, tuple(sorted(row))), []).append(row)

    def add_other(self, type_: str, record_id: str, data: dict[str, Any]) -> None:
        self.rows.setdefault((OtherRecord, ("data", "id", "type")), []).append(
            {"type": type_, "id": record_id, "data": data})

    def write(self, session: Session) -> None:
        for (table, keys), rows in self.rows.items():
            primary = ["type", "id"] if table is OtherRecord else ["id"]
            statement = upsert(table.__table__)
            statement = statement.on_conflict_do_update(
                index_elements=primary,
                set_={k: statement.excluded[k] for k in keys if k not in primary})
            session.connection().execute(statement, rows)
        self.rows = {}


@dataclass
class MarkBatch:
    """Pulled attendance records: their observations join the history (once each by stamp
    and device), and the latest stamp becomes current."""

    items: list[tuple[str, list[dict[str, Any]], dict[str, Any]]] = field(default_factory=list)

    def add(self, record_id: str, observed: list[dict[str, Any]], data: dict[str, Any]) -> None:
        self.items.append((record_id, observed, data))

    def write(self, session: Session, clock: HybridClock) -> list[str]:
        """Write the batch; returns the ids it could not decide (for the one-by-one path)."""
        items, self.items = self.items, []
        if not items:
            return []
        known = _known(session, [record_id for record_id, _, _ in items])
        history: list[dict[str, Any]] = []
        current: list[dict[str, Any]] = []
        undecided: list[str] = []
        recompute: list[str] = []
        now = utc_now_iso()
        for record_id, observed, data in items:
            seen = known.setdefault(record_id, set())
            if any(m.get("device_id") == clock.device_id
                   and (m["hlc"], clock.device_id) not in seen for m in observed):
                undecided.append(record_id)
                continue
            if not observed:
                current.append(_mark_row(record_id, data))
                continue
            latest_before = max(seen, default=None)
            fresh = []
            for mark in observed:
                clock.observe(Stamp.parse(mark["hlc"]))
                key = (mark["hlc"], mark.get("device_id") or "")
                if key not in seen:
                    seen.add(key)
                    fresh.append((key, mark))
                    history.append(_mark_row(record_id, mark) | {
                        "attendance_id": record_id, "source": "pulled", "recorded_at": now})
                    del history[-1]["id"]
            if not fresh:
                continue
            newest_key, newest = max(fresh, key=lambda pair: pair[0])
            if latest_before is None or newest_key > latest_before:
                current.append(_mark_row(record_id, newest))
            else:
                recompute.append(record_id)
        connection = session.connection()  # Core executemany: no ORM bookkeeping
        if history:
            connection.execute(insert(AttendanceHistory.__table__), history)
        if current:
            statement = upsert(Attendance.__table__)
            connection.execute(statement.on_conflict_do_update(
                index_elements=["id"],
                set_={k: statement.excluded[k] for k in MARK_FIELDS}), current)
        for record_id in recompute:
            recompute_current(session, record_id)
        return undecided


def _known(session: Session, record_ids: list[str]) -> dict[str, set[tuple[str, str]]]:
    known: dict[str, set[tuple[str, str]]] = {}
    for chunk in chunks(record_ids):
        for record_id, hlc, device in session.execute(
                select(AttendanceHistory.attendance_id, AttendanceHistory.hlc,
                       AttendanceHistory.device_id)
                .where(AttendanceHistory.attendance_id.in_(chunk))):
            known.setdefault(record_id, set()).add((hlc, device or ""))
    return known


def _mark_row(record_id: str, mark: dict[str, Any]) -> dict[str, Any]:
    row = {f: mark.get(f) for f in MARK_FIELDS}
    row["note"] = mark.get("note") or ""
    row["device_id"] = mark.get("device_id") or ""
    row["id"] = record_id
    return row
