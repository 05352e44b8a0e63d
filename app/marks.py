"""Attendance marks inside a transaction: history rows and which mark is current.

The current mark of (event, candidate) is the observation with the greatest HLC stamp,
except while a local change to it is still unsent: then the local mark stays current until
the server has it (a pulled change never overwrites an unsent local one).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from app.store.models import Attendance, AttendanceHistory, OutboxEntry
from protocol.hlc import Stamp
from protocol.records import UNMARKED

MARK_FIELDS = (
    "event_id", "candidate_id", "status", "arrival_time", "departure_time", "note",
    "marked_by", "device_id", "hlc", "amendment_reason",
)
# What a mark says, as opposed to where and when it was made.
CONTENT_FIELDS = ("status", "arrival_time", "departure_time", "note", "marked_by",
                  "amendment_reason")
# The current marks that mark someone: a mark taken back (status "unmarked") stays as a
# record, since attendance is never deleted, but counts nowhere. Every query that counts or
# lists marks filters with this.
MARKED = Attendance.status != UNMARKED


def utc_now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def has_unsent(session: Session, type_: str, record_id: str) -> bool:
    """Whether an outbox entry (pending or needing attention) exists for this record."""
    query = select(
        exists().where(OutboxEntry.type == type_, OutboxEntry.record_id == record_id)
    )
    return bool(session.scalar(query))


def append_history(session: Session, attendance_id: str, data: dict[str, Any],
                   source: str) -> bool:
    """Record one observed mark; False when this observation (stamp + device) is known.

    A pulled observation may be the server's copy of a mark made here with a clamped stamp
    (the server clamps a stamp too far ahead of its own clock to that clock, keeping the
    counter and device). Then the row made here takes the server's stamp instead of a second
    row being added, so this laptop orders its marks exactly as the server and the others do.
    """
    device = data.get("device_id") or ""
    known = session.scalar(
        select(AttendanceHistory.pk).where(
            AttendanceHistory.attendance_id == attendance_id,
            AttendanceHistory.hlc == data["hlc"],
            AttendanceHistory.device_id == device,
        )
    )
    if known is not None:
        return False
    if source == "pulled":
        original = _clamped_original(session, attendance_id, data, device)
        if original is not None:
            original.hlc = data["hlc"]
            session.flush()
            return False
    row = AttendanceHistory(attendance_id=attendance_id, source=source,
                            recorded_at=utc_now_iso(),
                            **{f: data.get(f) for f in MARK_FIELDS})
    row.device_id = device
    row.note = data.get("note") or ""
    session.add(row)
    session.flush()
    return True


def _clamped_original(session: Session, attendance_id: str, data: dict[str, Any],
                      device: str) -> AttendanceHistory | None:
    """The oldest mark made here that ``data`` is a clamped copy of: same device, counter
    and content, and a later wall time than the server kept."""
    try:
        echo = Stamp.parse(data["hlc"])
    except ValueError:
        return None
    rows = session.scalars(
        select(AttendanceHistory)
        .where(AttendanceHistory.attendance_id == attendance_id,
               AttendanceHistory.device_id == device,
               AttendanceHistory.source == "local")
        .order_by(AttendanceHistory.hlc)
    )
    for row in rows:
        try:
            stamp = Stamp.parse(row.hlc)
        except ValueError:
            continue
        if ((stamp.counter, stamp.device_id) == (echo.counter, echo.device_id)
                and stamp.wall_ms > echo.wall_ms and _same_content(row, data)):
            return row
    return None


def _same_content(row: AttendanceHistory, data: dict[str, Any]) -> bool:
    return all((getattr(row, f) or None) == (data.get(f) or None) for f in CONTENT_FIELDS)


def set_current(session: Session, attendance_id: str, data: dict[str, Any]) -> Attendance:
    row = session.get(Attendance, attendance_id) or Attendance(id=attendance_id)
    for field in MARK_FIELDS:
        setattr(row, field, data.get(field))
    row.note = data.get("note") or ""
    row.device_id = data.get("device_id") or ""
    session.add(row)
    session.flush()
    return row


def recompute_current(session: Session, attendance_id: str) -> None:
    """Make the history's latest observation current (or remove the mark if none)."""
    latest = session.scalar(
        select(AttendanceHistory)
        .where(AttendanceHistory.attendance_id == attendance_id)
        .order_by(AttendanceHistory.hlc.desc(), AttendanceHistory.device_id.desc())
        .limit(1)
    )
    if latest is None:
        session.execute(delete(Attendance).where(Attendance.id == attendance_id))
        return
    set_current(session, attendance_id, {f: getattr(latest, f) for f in MARK_FIELDS})


def mark_payload(row: Attendance | AttendanceHistory) -> dict[str, Any]:
    return {f: getattr(row, f) for f in MARK_FIELDS}
