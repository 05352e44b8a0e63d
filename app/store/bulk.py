"""Applying a pulled page in bulk: the common changes (new or updated records, attendance
with new observations) as a few multi-row statements instead of an ORM round trip each.

Only changes that need no decision go here: not deleted, no unsent local change for the
record, and (attendance) no copy of one of this laptop's own marks with a stamp it does not
know. Everything else takes the one-by-one path in ``app.store.apply``, in page order (the
batches are written before it, so a later change always lands after an earlier one).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Table, bindparam, delete, func, inspect, select
from sqlalchemy.dialects.sqlite import insert as upsert
from sqlalchemy.orm import Session

from app.marks import MARK_FIELDS, utc_now_iso
from app.store.models import Attendance, AttendanceHistory, Base, OtherRecord
from protocol.hlc import HybridClock, Stamp

CHUNK = 500  # ids per IN (...) query


def table_of(model: type[Base]) -> Table:
    """The Core table a model class maps (typed as a ``Table``, which ``__table__`` is
    not: it may be any selectable for other mappings)."""
    return model.metadata.tables[model.__tablename__]


def chunks(items: list[str], size: int = CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass(frozen=True)
class _Shape:
    """A table as the bulk writer sees it: attribute key → (column name, JSON-typed)."""

    name: str
    columns: dict[str, tuple[str, bool]]


_SHAPES: dict[type[Base], _Shape] = {}


def _shape(table: type[Base]) -> _Shape:
    shape = _SHAPES.get(table)
    if shape is None:
        columns = {attr.key: (attr.columns[0].name, isinstance(attr.columns[0].type, JSON))
                   for attr in inspect(table).column_attrs}
        shape = _SHAPES[table] = _Shape(table_of(table).name, columns)
    return shape


def _columns(table: type[Base]) -> set[str]:
    return set(_shape(table).columns)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _upsert_sql(table: type[Base], keys: tuple[str, ...], primary: tuple[str, ...]) -> str:
    """``INSERT … ON CONFLICT (primary) DO UPDATE`` for ``keys``, with ``?`` parameters in
    the order of ``keys``: run through the driver's ``executemany`` as plain tuples (no
    per-row parameter processing; JSON columns are serialised by the caller)."""
    shape = _shape(table)
    names = [_quote(shape.columns[k][0]) for k in keys]
    updates = ", ".join(f"{n} = excluded.{n}" for k, n in zip(keys, names, strict=True)
                        if k not in primary)
    conflict = ", ".join(_quote(shape.columns[k][0]) for k in primary)
    return (f"INSERT INTO {_quote(shape.name)} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' * len(names))}) ON CONFLICT ({conflict}) "
            + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING"))


def _insert_sql(table: type[Base], keys: tuple[str, ...]) -> str:
    shape = _shape(table)
    names = [_quote(shape.columns[k][0]) for k in keys]
    return (f"INSERT INTO {_quote(shape.name)} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' * len(names))})")


def _json_keys(table: type[Base], keys: tuple[str, ...]) -> list[int]:
    shape = _shape(table)
    return [i for i, k in enumerate(keys) if shape.columns[k][1]]


def _executemany(session: Session, sql: str, rows: list[tuple[Any, ...]],
                 json_at: list[int]) -> None:
    session.flush()  # what the one-by-one path left pending lands first, in page order
    if json_at:
        dumps = json.dumps
        rows = [tuple(dumps(v) if i in json_at else v for i, v in enumerate(row))
                for row in rows]
    session.connection().exec_driver_sql(sql, rows)


_KEYS: dict[tuple[type[Base], tuple[str, ...]], tuple[str, ...]] = {}


def _keys(table: type[Base], fields: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of ``table`` a payload with these fields fills, sorted, then ``id``
    (payloads of one type share their fields, so this is worked out once per shape)."""
    keys = _KEYS.get((table, fields))
    if keys is None:
        columns = _shape(table).columns
        keys = _KEYS[(table, fields)] = (
            *sorted(k for k in fields if k in columns and k != "id"), "id")
    return keys


@dataclass
class RecordBatch:
    """Upserts of records kept in their own table, or in ``other_record``."""

    rows: dict[tuple[type[Base], tuple[str, ...]], list[tuple[Any, ...]]] = field(
        default_factory=dict)

    def add(self, table: type[Base], record_id: str, data: dict[str, Any]) -> None:
        keys = _keys(table, tuple(data))
        self.rows.setdefault((table, keys), []).append(
            (*(data[k] for k in keys[:-1]), record_id))

    def add_other(self, type_: str, record_id: str, data: dict[str, Any]) -> None:
        self.rows.setdefault((OtherRecord, ("data", "id", "type")), []).append(
            (data, record_id, type_))

    def write(self, session: Session) -> None:
        for (table, keys), rows in self.rows.items():
            primary = ("type", "id") if table is OtherRecord else ("id",)
            _executemany(session, _upsert_sql(table, keys, primary), rows,
                         _json_keys(table, keys))
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
        history: list[tuple[Any, ...]] = []
        current: list[tuple[Any, ...]] = []
        undecided: list[str] = []
        recompute: list[str] = []
        now = utc_now_iso()
        me = clock.device_id
        latest_seen: Stamp | None = None
        for record_id, observed, data in items:
            seen = known.setdefault(record_id, set())
            if any(m.get("device_id") == me and (m["hlc"], me) not in seen for m in observed):
                undecided.append(record_id)
                continue
            if not observed:
                current.append((*_mark_values(data), record_id))
                continue
            latest_before = max(seen, default=None)
            newest: tuple[tuple[str, str], dict[str, Any]] | None = None
            for mark in observed:
                stamp = Stamp.parse(mark["hlc"])  # a malformed stamp rejects the page
                if latest_seen is None or stamp > latest_seen:
                    latest_seen = stamp
                key = (mark["hlc"], mark.get("device_id") or "")
                if key not in seen:
                    seen.add(key)
                    history.append((*_mark_values(mark), record_id, "pulled", now))
                    if newest is None or key > newest[0]:
                        newest = (key, mark)
            if newest is None:
                continue
            if latest_before is None or newest[0] > latest_before:
                current.append((*_mark_values(newest[1]), record_id))
            else:
                recompute.append(record_id)
        if latest_seen is not None:
            clock.observe(latest_seen)  # the clock only moves forward: the page's latest
        if history:  # the driver's executemany: no ORM or per-row parameter processing
            _executemany(session, _insert_sql(AttendanceHistory, _HISTORY_KEYS), history, [])
        if current:
            _executemany(session, _upsert_sql(Attendance, _CURRENT_KEYS, ("id",)), current,
                         [])
        if recompute:
            recompute_marks(session, recompute)
        return undecided


_HISTORY_KEYS = (*MARK_FIELDS, "attendance_id", "source", "recorded_at")
_CURRENT_KEYS = (*MARK_FIELDS, "id")


def _known(session: Session, record_ids: list[str]) -> dict[str, set[tuple[str, str]]]:
    known: dict[str, set[tuple[str, str]]] = {}
    for chunk in chunks(record_ids):
        for record_id, hlc, device in session.execute(
                select(AttendanceHistory.attendance_id, AttendanceHistory.hlc,
                       AttendanceHistory.device_id)
                .where(AttendanceHistory.attendance_id.in_(chunk))):
            known.setdefault(record_id, set()).add((hlc, device or ""))
    return known


def _mark_values(mark: dict[str, Any]) -> tuple[Any, ...]:
    """A mark's ``MARK_FIELDS`` in order (no note and no device are stored as "")."""
    get = mark.get
    return (get("event_id"), get("candidate_id"), get("status"), get("arrival_time"),
            get("departure_time"), get("note") or "", get("marked_by"),
            get("device_id") or "", get("hlc"), get("amendment_reason"))


assert MARK_FIELDS == ("event_id", "candidate_id", "status", "arrival_time",
                       "departure_time", "note", "marked_by", "device_id", "hlc",
                       "amendment_reason"), "keep _mark_values in step with MARK_FIELDS"


def recompute_marks(session: Session, record_ids: list[str]) -> int:
    """``recompute_current`` for many marks in a few set-based statements: each mark
    becomes its history's latest observation (greatest stamp, then device), or goes if it
    has none. Only marks whose current row differs are written; returns how many were."""
    session.flush()  # Core statements below: the ORM's pending changes go first
    history, current = table_of(AttendanceHistory), table_of(Attendance)
    connection = session.connection()
    wanted: dict[str, dict[str, Any]] = {}
    existing: dict[str, tuple[Any, ...]] = {}
    for chunk in chunks(sorted(set(record_ids))):
        rank = func.row_number().over(
            partition_by=history.c.attendance_id,
            order_by=(history.c.hlc.desc(), history.c.device_id.desc())).label("rank")
        ranked = (select(history.c.attendance_id, *(history.c[f] for f in MARK_FIELDS), rank)
                  .where(history.c.attendance_id.in_(chunk)).subquery())
        for row in connection.execute(
                select(ranked.c.attendance_id, *(ranked.c[f] for f in MARK_FIELDS))
                .where(ranked.c.rank == 1)):
            mark = {f: getattr(row, f) for f in MARK_FIELDS}
            mark["note"] = mark["note"] or ""
            mark["device_id"] = mark["device_id"] or ""
            mark["id"] = row.attendance_id
            wanted[row.attendance_id] = mark
        for row in connection.execute(
                select(current.c.id, *(current.c[f] for f in MARK_FIELDS))
                .where(current.c.id.in_(chunk))):
            existing[row.id] = tuple(row)[1:]
    changed = [mark for record_id, mark in wanted.items()
               if existing.get(record_id) != tuple(mark[f] for f in MARK_FIELDS)]
    gone = [{"id": record_id} for record_id in existing if record_id not in wanted]
    if changed:
        statement = upsert(current)
        connection.execute(statement.on_conflict_do_update(
            index_elements=["id"], set_={k: statement.excluded[k] for k in MARK_FIELDS}),
            changed)
    if gone:
        connection.execute(delete(current).where(current.c.id == bindparam("gone_id")),
                           [{"gone_id": g["id"]} for g in gone])
    if changed or gone:
        session.expire_all()  # ORM objects loaded earlier in this session may be stale
    return len(changed) + len(gone)
