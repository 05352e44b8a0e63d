"""How a pulled record lands in the store, by the kind of place it is kept.

Each record type is one ``ClientRecordType`` (declared in ``app.store.record_types``): its
payload model, where it is kept, and how a pulled change of it lands. The kinds here:

- ``RowType``: a table of its own, one row a record, the payload's fields as columns;
- ``GroupType``: the group's row; a deleted group purges its personal data;
- ``FormType``: a table of its own with a few columns to look records up by and the
  whole payload in ``data`` (QA form templates and assignments); ``StampedFormType``
  also moves the clock past the stamp of a pulled form;
- ``WholeType``: kept whole in ``other_record``, by type and id;
- ``MarkType``: attendance marks, whose observations join the history.

Handlers are typed by the payload model (a ``RowType[NoteData]`` receives ``NoteData``).
A change that needs no decision is ``stage``d for the page's bulk write; a deletion, or a
record with an unsent local change, ``land``s on its own, in page order.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import Session

from app.marks import CONTENT_FIELDS, append_history, has_unsent, recompute_current, set_current
from app.store.bulk import MarkBatch, RecordBatch
from app.store.models import Attendance, AttendanceHistory, Base, OtherRecord
from app.store.pulled import ApplyResult, PulledChange, plain
from app.store.purge import defer_delete, groups_of, groups_with_unsent, purge_group
from protocol.fields import READING
from protocol.hlc import HybridClock, Stamp
from protocol.records import CLIENT_WRITABLE_TYPES, AttendanceData, FormData, RecordData

P = TypeVar("P", bound=RecordData)
F = TypeVar("F", bound=FormData)
# The column values of one record: its validated payload, and the same as plain values.
Columns = Callable[[P, dict[str, Any]], dict[str, Any]]


class Page:
    """A page's changes waiting for the bulk write. Written before each change that lands
    on its own, and at the end, so a later change always lands after an earlier one."""

    def __init__(self) -> None:
        self.records = RecordBatch()
        self.marks = MarkBatch()
        self.undecided: dict[str, tuple[MarkType, PulledChange]] = {}

    def write(self, session: Session, clock: HybridClock, result: ApplyResult) -> None:
        self.records.write(session)
        for record_id in self.marks.write(session, clock):
            result.applied -= 1  # counted again when it lands on its own
            mark_type, change = self.undecided[record_id]
            mark_type.land(session, change, clock, result)
        self.undecided.clear()


class ClientRecordType(ABC, Generic[P]):
    """One record type as this laptop keeps it: its payload model and its apply rule."""

    table: type[Base] | None = None  # the table of its own, if it has one

    def __init__(self, name: str, model: type[P]) -> None:
        self.name = name
        self.model = model

    def read(self, data: dict[str, Any] | None) -> tuple[P, dict[str, Any]]:
        """The payload checked against its model, and as plain values (unknown fields
        dropped, defaults filled): what ``model_dump()`` gives, read off the validated
        fields instead of serialising them again (a fifth of a page's cost). Read with
        ``fields.READING``: the field rules judge what is pushed or typed, and a record
        stored before a rule existed must still arrive. Raises pydantic's
        ``ValidationError`` for a malformed payload."""
        payload = self.model.model_validate(data or {}, context=READING)
        return payload, plain(payload)

    def observe(self, payload: P, clock: HybridClock) -> None:
        """Let the clock see a stamp the payload carries (most carry none)."""

    @abstractmethod
    def stage(self, page: Page, change: PulledChange, payload: P,
              data: dict[str, Any]) -> None:
        """Queue a change that needs no decision for the page's bulk write."""

    @abstractmethod
    def land(self, session: Session, change: PulledChange, clock: HybridClock,
             result: ApplyResult) -> None:
        """Apply one change on its own: a deletion, or a record with an unsent change."""


class _KeptType(ClientRecordType[P]):
    """A record kept as one row: an unsent local change wins for now, and a deletion of a
    record of a group with unsent changes waits for them."""

    @abstractmethod
    def put(self, session: Session, record_id: str, payload: P, data: dict[str, Any]) -> None:
        """Insert or update the record's row."""

    @abstractmethod
    def remove(self, session: Session, record_id: str) -> int:
        """Delete the record; returns how many groups' personal data this purged."""

    def land(self, session: Session, change: PulledChange, clock: HybridClock,
             result: ApplyResult) -> None:
        if self.name in CLIENT_WRITABLE_TYPES and has_unsent(session, self.name, change.id):
            result.kept_local += 1
            return
        if change.deleted:
            waiting = groups_of(session, change.type, change.id) & groups_with_unsent(session)
            if waiting:  # the group's unsent changes first: its data stays until they are
                defer_delete(session, change.type, change.id, sorted(waiting)[0])
                result.kept_local += 1
                return
            result.purged += self.remove(session, change.id)
            result.applied += 1
            return
        payload, data = self.read(change.data)
        self.observe(payload, clock)
        self.put(session, change.id, payload, data)
        result.applied += 1


class RowType(_KeptType[P]):
    """A table of its own whose columns are the payload's fields. ``reconciled``: a pull
    from the start is authoritative for the type (a record not seen again has left the
    user's scope)."""

    table: type[Base]

    def __init__(self, name: str, model: type[P], table: type[Base], *,
                 reconciled: bool = False) -> None:
        super().__init__(name, model)
        self.table = table
        self.reconciled = reconciled

    def columns(self, payload: P, data: dict[str, Any]) -> dict[str, Any]:
        """The row's column values (fields the table has no column for are left out)."""
        return data

    def stage(self, page: Page, change: PulledChange, payload: P,
              data: dict[str, Any]) -> None:
        page.records.add(self.table, change.id, self.columns(payload, data))

    def put(self, session: Session, record_id: str, payload: P, data: dict[str, Any]) -> None:
        _upsert(session, self.table, record_id, self.columns(payload, data))

    def remove(self, session: Session, record_id: str) -> int:
        table = self.table
        session.execute(delete(table).where(getattr(table, "id") == record_id))  # noqa: B009
        return 0


class GroupType(RowType[P]):
    """The group: a deleted group takes its personal data with it (``purge_group``)."""

    def remove(self, session: Session, record_id: str) -> int:
        return int(purge_group(session, record_id))


class FormType(RowType[P]):
    """A table of its own with a few look-up columns (``columns`` picks them from the
    payload). A pull from the start removes those not seen again, except one with a change
    still waiting in the outbox; ``kind_column`` names the column telling the types that
    share a table apart."""

    def __init__(self, name: str, model: type[P], table: type[Base], columns: Columns[P], *,
                 kind_column: str | None = None) -> None:
        super().__init__(name, model, table)
        self._columns = columns
        self.kind_column = kind_column

    def columns(self, payload: P, data: dict[str, Any]) -> dict[str, Any]:
        return self._columns(payload, data)


class StampedFormType(FormType[F]):
    """A QA form: a draft's later stamp wins on the server, so the next save here, after
    this pulled state (perhaps from the author's other laptop, whose clock runs ahead),
    must order after it."""

    def observe(self, payload: F, clock: HybridClock) -> None:
        try:
            clock.observe(Stamp.parse(payload.hlc))
        except ValueError:
            return


class WholeType(_KeptType[P]):
    """Kept whole in ``other_record``, by type and id (no table of its own)."""

    def stage(self, page: Page, change: PulledChange, payload: P,
              data: dict[str, Any]) -> None:
        page.records.add_other(self.name, change.id, data)

    def put(self, session: Session, record_id: str, payload: P, data: dict[str, Any]) -> None:
        session.merge(OtherRecord(type=self.name, id=record_id, data=data))

    def remove(self, session: Session, record_id: str) -> int:
        session.execute(delete(OtherRecord).where(OtherRecord.type == self.name,
                                                  OtherRecord.id == record_id))
        return 0


class UnknownType(WholeType[RecordData]):
    """A type this version does not know (a newer server's): kept whole, as it came."""

    def __init__(self, name: str) -> None:
        super().__init__(name, RecordData)

    def read(self, data: dict[str, Any] | None) -> tuple[RecordData, dict[str, Any]]:
        return RecordData(), dict(data or {})


class MarkType(ClientRecordType[AttendanceData]):
    """Attendance: pulled marks, and every observation the server lists with them, join
    the history (deduplicated by stamp and device) and the latest stamp is current."""

    def stage(self, page: Page, change: PulledChange, payload: AttendanceData,
              data: dict[str, Any]) -> None:
        page.marks.add(change.id, observations(data), data)
        page.undecided[change.id] = (self, change)

    def land(self, session: Session, change: PulledChange, clock: HybridClock,
             result: ApplyResult) -> None:
        pending = has_unsent(session, self.name, change.id)
        if change.deleted:
            if pending:
                result.kept_local += 1
                return
            session.execute(delete(Attendance).where(Attendance.id == change.id))
            session.execute(delete(AttendanceHistory)
                            .where(AttendanceHistory.attendance_id == change.id))
            result.applied += 1
            return
        _payload, data = self.read(change.data)
        observed = observations(data)
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


def observations(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The stamped marks a pulled attendance record tells of, oldest first: every listed
    observation (servers that list them) and the current mark itself."""
    where = {"event_id": data["event_id"], "candidate_id": data["candidate_id"]}
    marks = [where | o for o in data.get("observations") or [] if o.get("hlc")]
    if data.get("hlc"):
        marks.append({k: v for k, v in data.items() if k != "observations"})
    return sorted(marks, key=lambda m: m["hlc"])


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


def _upsert(session: Session, table: type[Base], record_id: str, data: dict[str, Any]) -> None:
    columns = {c.key for c in inspect(table).column_attrs}
    row = session.get(table, record_id) or table(id=record_id)
    for key, value in data.items():
        if key in columns and key != "id":
            setattr(row, key, value)
    session.add(row)
