"""Reading one record, in the caller's scope (404 otherwise: no existence leak)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from server.deps import CurrentCaller, Db
from server.errors import not_found
from server.models import AttendanceHistory, Record
from server.openapi import problems
from server.schemas import MarkOut, RecordOut
from server.scope import scope_for

router = APIRouter(prefix="/records", tags=["records"])


@router.get("/attendance/{record_id}/history", responses=problems(401, 404))
def attendance_history(record_id: str, caller: CurrentCaller, db: Db) -> list[MarkOut]:
    """Every mark pushed for one attendance record, oldest stamp first, winning or not."""
    with db.read() as session:
        scope = scope_for(session, caller)
        visible = session.scalar(select(Record.id).where(
            Record.type == "attendance", Record.id == record_id, scope.visible()))
        if visible is None:
            raise not_found()
        rows = session.scalars(select(AttendanceHistory).where(
            AttendanceHistory.attendance_id == record_id).order_by(AttendanceHistory.hlc))
        return [MarkOut(status=r.status, hlc=r.hlc, marked_by=r.marked_by,
                        device_id=r.device_id, won=r.won, data=r.data,
                        received_at=r.received_at.isoformat()) for r in rows]


@router.get("/{record_type}/{record_id}", responses=problems(401, 404))
def read_record(record_type: str, record_id: str, caller: CurrentCaller, db: Db) -> RecordOut:
    with db.read() as session:
        scope = scope_for(session, caller)
        record = session.scalar(select(Record).where(
            Record.type == record_type, Record.id == record_id, scope.visible()))
        if record is None:
            raise not_found()
        return RecordOut(type=record.type, id=record.id, seq=record.seq,
                         deleted=record.deleted, data=record.data)
