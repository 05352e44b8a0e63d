"""Reading one record, in the caller's scope (404 otherwise: no existence leak)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from server.deps import CurrentCaller, Db
from server.errors import not_found
from server.models import Record
from server.schemas import RecordOut
from server.scope import scope_for

router = APIRouter(prefix="/records", tags=["records"])


@router.get("/{record_type}/{record_id}")
def read_record(record_type: str, record_id: str, caller: CurrentCaller, db: Db) -> RecordOut:
    with db.read() as session:
        scope = scope_for(session, caller)
        record = session.scalar(select(Record).where(
            Record.type == record_type, Record.id == record_id, scope.visible()))
        if record is None:
            raise not_found()
        return RecordOut(type=record.type, id=record.id, seq=record.seq,
                         deleted=record.deleted, data=record.data)
