"""Applying pulled changes to the store.

A page of changes and the cursor that follows it commit in one transaction. A pulled
change never overwrites a record that still has an unsent local change. Pulled attendance
marks, and every observation the server lists with them, join the history (deduplicated by
stamp and device) and the latest stamp is current.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import BaseModel
from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import Session

from app.marks import (
    CONTENT_FIELDS,
    append_history,
    has_unsent,
    recompute_current,
    set_current,
)
from app.store.bulk import MarkBatch, RecordBatch, chunks
from app.store.form_rows import FORM_TABLES, row_values
from app.store.models import (
    Assignment,
    Attendance,
    AttendanceHistory,
    Base,
    Candidate,
    Colleague,
    Enrolment,
    Event,
    Form,
    FormTemplate,
    Group,
    Intake,
    Note,
    OtherRecord,
    OutboxEntry,
    Partner,
    QaAssignment,
    Qualification,
    RegisterSubmission,
    SyncState,
    TermDates,
    WalkIn,
)
from app.store.purge import defer_delete, groups_of, groups_with_unsent, purge_group
from app.store.store import Store
from protocol.fields import READING
from protocol.hlc import HybridClock, Stamp
from protocol.records import CLIENT_WRITABLE_TYPES, RECORD_MODELS

log = logging.getLogger(__name__)

TABLES: dict[str, type[Base]] = {
    "qualification": Qualification, "partner": Partner, "intake": Intake, "user": Colleague,
    "group": Group, "event": Event, "candidate": Candidate, "enrolment": Enrolment,
    "assignment": Assignment, "walk_in": WalkIn, "note": Note,
    "register_submission": RegisterSubmission, "term_dates": TermDates,
}
# Types a full re-pull is authoritative for: anything not seen again has left the scope.
RECONCILED_TYPES = ("qualification", "partner", "intake", "user", "event", "candidate",
                    "enrolment", "assignment", "term_dates")


@dataclass
class PulledChange:
    type: str
    id: str
    deleted: bool
    data: dict[str, Any] | None


@dataclass
class ApplyResult:
    applied: int = 0
    kept_local: int = 0  # skipped: an unsent local change wins for now
    purged: int = 0
    seen: set[tuple[str, str]] = field(default_factory=set)


def apply_page(store: Store, changes: Iterable[PulledChange], cursor: str,
               clock: HybridClock) -> ApplyResult:
    """Apply one page and save ``cursor``, all in one transaction. Payloads are validated
    first (pydantic ``ValidationError`` on a malformed one: nothing of the page is kept)."""
    result = ApplyResult()
    with store.write() as session:
        unsent = {(t, i) for t, i in session.execute(
            select(OutboxEntry.type, OutboxEntry.record_id))}
        records, marks = RecordBatch(), MarkBatch()
        by_id: dict[str, PulledChange] = {}
        for change in changes:
            result.seen.add((change.type, change.id))
            if change.deleted or (change.type, change.id) in unsent:
                records.write(session)  # keep page order around the one-by-one path
                _write_marks(session, marks, by_id, clock, result)
                _apply_one(session, change, clock, result)
                continue
            data = _validated(change)
            if change.type == "attendance":
                marks.add(change.id, _observations(data), data)
                by_id[change.id] = change
            elif change.type in TABLES:
                records.add(TABLES[change.type], change.id, data)
            elif change.type in FORM_TABLES:
                _observe_form_stamp(clock, data)
                records.add(FORM_TABLES[change.type], change.id,
                            row_values(change.type, data))
            else:
                records.add_other(change.type, change.id, data)
            result.applied += 1
        records.write(session)
        _write_marks(session, marks, by_id, clock, result)
        state = session.get(SyncState, 1) or SyncState(id=1)
        state.cursor = cursor
        session.add(state)
    return result


def _write_marks(session: Session, marks: MarkBatch, by_id: dict[str, PulledChange],
                 clock: HybridClock, result: ApplyResult) -> None:
    for record_id in marks.write(session, clock):
        result.applied -= 1  # counted again by the one-by-one path
        _apply_attendance(session, by_id[record_id], clock, result)
    by_id.clear()


def reset_cursor(store: Store) -> None:
    with store.write() as session:
        state = session.get(SyncState, 1) or SyncState(id=1)
        state.cursor = None
        session.add(state)


def reconcile(store: Store, seen: set[tuple[str, str]]) -> int:
    """After a pull from the start: drop what the server no longer lets us see. Ids are
    read as plain rows and only the unseen ones are deleted (a few statements, however
    big the pull)."""
    removed = 0
    with store.write() as session:
        connection = session.connection()
        for group_id in list(connection.execute(select(Group.__table__.c.id)).scalars()):
            if ("group", group_id) not in seen:
                removed += purge_group(session, group_id)
        session.flush()
        for type_ in RECONCILED_TYPES:
            table = TABLES[type_].__table__
            gone = [record_id for record_id in connection.execute(select(table.c.id)).scalars()
                    if (type_, record_id) not in seen]
            for chunk in chunks(gone):
                connection.execute(delete(table).where(table.c.id.in_(chunk)))
            removed += len(gone)
        other = OtherRecord.__table__
        gone_other = [(type_, record_id) for type_, record_id in connection.execute(
            select(other.c.type, other.c.id)) if (type_, record_id) not in seen]
        for type_, record_id in gone_other:
            connection.execute(delete(other).where(other.c.type == type_,
                                                   other.c.id == record_id))
        removed += len(gone_other)
        removed += _reconcile_forms(session, seen)
        if removed:
            session.expire_all()
    return removed


def _reconcile_forms(session: Session, seen: set[tuple[str, str]]) -> int:
    """Templates, QA assignments and forms the server no longer lists are gone, except a
    form with a change still waiting in the outbox (a draft not sent yet is not "seen")."""
    connection = session.connection()
    outbox = OutboxEntry.__table__.c
    keep = seen | {(t, i) for t, i in connection.execute(select(outbox.type, outbox.record_id))}
    removed = 0
    for type_column, table in ((None, FormTemplate.__table__), (None, QaAssignment.__table__),
                               ("kind", Form.__table__)):
        listed = connection.execute(select(
            table.c.id, table.c[type_column] if type_column else table.c.id))
        gone = [record_id for record_id, kind in listed
                if ((kind if type_column else table.name), record_id) not in keep]
        for chunk in chunks(gone):
            connection.execute(delete(table).where(table.c.id.in_(chunk)))
        removed += len(gone)
    return removed


def _apply_one(session: Session, change: PulledChange, clock: HybridClock,
               result: ApplyResult) -> None:
    if change.type == "attendance":
        _apply_attendance(session, change, clock, result)
        return
    if change.type in CLIENT_WRITABLE_TYPES and has_unsent(session, change.type, change.id):
        result.kept_local += 1
        return
    if change.deleted:
        waiting = groups_of(session, change.type, change.id) & groups_with_unsent(session)
        if waiting:  # the group's unsent changes first: its data stays until they are
            defer_delete(session, change.type, change.id, sorted(waiting)[0])
            result.kept_local += 1
            return
        if change.type == "group":
            result.purged += purge_group(session, change.id)
        elif change.type in TABLES or change.type in FORM_TABLES:
            table = TABLES.get(change.type) or FORM_TABLES[change.type]
            session.execute(delete(table).where(table.id == change.id))  # type: ignore[attr-defined]  # every synced model has id; Base does not
        else:
            session.execute(delete(OtherRecord).where(
                OtherRecord.type == change.type, OtherRecord.id == change.id))
        result.applied += 1
        return
    data = _validated(change)
    if change.type in TABLES:
        _upsert(session, TABLES[change.type], change.id, data)
    elif change.type in FORM_TABLES:
        _observe_form_stamp(clock, data)
        _upsert(session, FORM_TABLES[change.type], change.id, row_values(change.type, data))
    else:
        session.merge(OtherRecord(type=change.type, id=change.id, data=data))
    result.applied += 1


def _observe_form_stamp(clock: HybridClock, data: dict[str, Any]) -> None:
    """A draft's later stamp wins on the server: the next save here, after this pulled state
    (perhaps from the author's other laptop, whose clock runs ahead), must order after it."""
    try:
        clock.observe(Stamp.parse(data["hlc"]))
    except (KeyError, TypeError, ValueError):
        return


def _apply_attendance(session: Session, change: PulledChange, clock: HybridClock,
                      result: ApplyResult) -> None:
    pending = has_unsent(session, "attendance", change.id)
    if change.deleted:
        if pending:
            result.kept_local += 1
            return
        session.execute(delete(Attendance).where(Attendance.id == change.id))
        session.execute(delete(AttendanceHistory)
                        .where(AttendanceHistory.attendance_id == change.id))
        result.applied += 1
        return
    data = _validated(change)
    observed = _observations(data)
    if observed:
        for mark in observed:
            clock.observe(Stamp.parse(mark["hlc"]))
            _adopt_server_stamp(session, change.id, mark, clock.device_id)
            append_history(session, change.id, mark, source="pulled")
        if pending:
            result.kept_local += 1
        else:
            recompute_current(session, change.id)
    elif pending:
        result.kept_local += 1
    else:
        set_current(session, change.id, data)
    result.applied += 1


def _adopt_server_stamp(session: Session, record_id: str, mark: dict[str, Any],
                       my_device: str) -> None:
    """A pulled mark from this laptop with a stamp unknown here is our own mark, restamped
    by the server (a stamp too far ahead of its clock is clamped, and placed after the
    device's previous mark, so even its counter may differ). The oldest local mark it can
    be gets the server's stamp, so this laptop orders it as the server and the others do
    instead of keeping a second, future-stamped copy that would win here alone."""
    if mark.get("device_id") != my_device:
        return
    try:
        echo = Stamp.parse(mark["hlc"])
    except ValueError:
        return
    rows = list(session.scalars(
        select(AttendanceHistory)
        .where(AttendanceHistory.attendance_id == record_id,
               AttendanceHistory.device_id == my_device)
        .order_by(AttendanceHistory.hlc)))
    if any(row.hlc == mark["hlc"] for row in rows):
        return
    for row in rows:
        if row.source != "local" or not _stamp_after(row.hlc, echo):
            continue
        if all((getattr(row, f) or None) == (mark.get(f) or None) for f in CONTENT_FIELDS):
            row.hlc = mark["hlc"]
            session.flush()
            return


def _stamp_after(text: str, echo: Stamp) -> bool:
    try:
        return Stamp.parse(text).wall_ms > echo.wall_ms
    except ValueError:
        return False


def _observations(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The stamped marks a pulled attendance record tells of, oldest first: every listed
    observation (servers that list them) and the current mark itself."""
    where = {"event_id": data["event_id"], "candidate_id": data["candidate_id"]}
    marks = [where | o for o in data.get("observations") or [] if o.get("hlc")]
    if data.get("hlc"):
        marks.append({k: v for k, v in data.items() if k != "observations"})
    return sorted(marks, key=lambda m: m["hlc"])


def _validated(change: PulledChange) -> dict[str, Any]:
    """The payload checked against its record model, as plain values (unknown fields
    dropped, defaults filled): what ``model_validate(data).model_dump()`` gives, read off
    the validated fields instead of serialising them again (a fifth of a page's cost).
    Read with ``fields.READING``: the field rules judge what is pushed or typed, and a
    record stored before a rule existed must still arrive."""
    data = change.data or {}
    model = RECORD_MODELS.get(change.type)
    return _plain(model.model_validate(data, context=READING)) if model else dict(data)


def _plain(model: BaseModel) -> dict[str, Any]:
    """``model.model_dump()`` for the record models (plain fields, nested models and lists
    of them), without a second pass through the serialiser."""
    out = dict(model.__dict__)
    for key in _nested_fields(type(model)):
        value = out[key]
        if isinstance(value, BaseModel):
            out[key] = _plain(value)
        elif isinstance(value, list):
            out[key] = [_plain(v) if isinstance(v, BaseModel) else v for v in value]
    return out


_NESTED: dict[type[BaseModel], tuple[str, ...]] = {}


def _nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` whose type mentions another model (checked once a class)."""
    found = _NESTED.get(model)
    if found is None:
        found = _NESTED[model] = tuple(
            name for name, info in model.model_fields.items() if _mentions_model(info.annotation))
    return found


def _mentions_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_mentions_model(a) for a in get_args(annotation))


def _upsert(session: Session, table: type[Base], record_id: str, data: dict[str, Any]) -> None:
    columns = {c.key for c in inspect(table).column_attrs}
    row = session.get(table, record_id) or table(id=record_id)
    for key, value in data.items():
        if key in columns and key != "id":
            setattr(row, key, value)
    session.add(row)
