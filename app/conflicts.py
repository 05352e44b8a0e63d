"""Where two laptops (or two people) disagreed about a mark, and settling it.

The current mark is always the observation with the latest hybrid-clock stamp, so both laptops
agree on *what* is shown; this module finds where the marks behind it *disagree*: since the
last settlement, the latest mark of each (device, person) differ in status or times. A mark
taken back ("not marked", by Undo) withdraws that laptop's mark rather than saying the
person was not there: it counts in a disagreement only while it is the mark the register
shows (then another laptop's mark is hidden by it, and settling can bring that one back).

A settlement is itself an ordinary, synced mark whose note starts with ``SETTLED_NOTE``: it
repeats the mark the facilitator chose, and every mark before it counts as settled. So once
it has synced, every laptop stops showing the disagreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import Session

from app.domain import MarkObservation, MarkStatus
from app.store.models import AttendanceHistory, Colleague, IdentityRow
from protocol.fields import MARK_NOTE
from protocol.hlc import Stamp
from protocol.records import UNMARKED

SETTLED_NOTE = "Settled after two laptops disagreed"
SETTLED_REASON = "Settling a disagreement between two laptops"


def is_settlement(note: str | None) -> bool:
    return (note or "").startswith(SETTLED_NOTE)


def settlement_note(kept_note: str) -> str:
    """The note of a settling mark: the marker, then the kept mark's own note."""
    if is_settlement(kept_note):
        return kept_note
    extra = kept_note.strip()
    return f"{SETTLED_NOTE}. {extra}"[:MARK_NOTE.max_length] if extra else SETTLED_NOTE


def find_conflicts(session: Session, current: dict[str, str], my_device: str
                   ) -> dict[str, tuple[MarkObservation, ...]]:
    """For each attendance id in ``current`` (id → the current mark's stamp), the marks
    that disagree since the last settlement; ids without a disagreement are left out."""
    # Only a record marked from two laptops or by two people can disagree: find those with
    # one aggregate first, so an ordinary mark does not read its whole history.
    spread = list(session.scalars(
        select(AttendanceHistory.attendance_id)
        .where(AttendanceHistory.attendance_id.in_(list(current)))
        .group_by(AttendanceHistory.attendance_id)
        .having(or_(func.count(distinct(AttendanceHistory.device_id)) > 1,
                    func.count(distinct(AttendanceHistory.marked_by)) > 1))
    )) if current else []
    if not spread:
        return {}
    rows = session.scalars(
        select(AttendanceHistory)
        .where(AttendanceHistory.attendance_id.in_(spread))
        .order_by(AttendanceHistory.attendance_id, AttendanceHistory.hlc)
    ).all()
    by_record: dict[str, list[AttendanceHistory]] = {}
    for row in rows:
        by_record.setdefault(row.attendance_id, []).append(row)
    names = _names(session)
    found = {}
    for record_id, history in by_record.items():
        disagreeing = _disagreeing(history, current[record_id])
        if disagreeing:
            found[record_id] = tuple(
                _observation(r, names, my_device, current[record_id]) for r in disagreeing)
    return found


def _disagreeing(history: Sequence[AttendanceHistory], current_hlc: str
                 ) -> list[AttendanceHistory]:
    """The latest mark of each (device, person) from the last settlement on, if they differ;
    a mark taken back only while it is the current one."""
    start = max((i for i, r in enumerate(history) if is_settlement(r.note)), default=0)
    latest: dict[tuple[str, str], AttendanceHistory] = {}
    for row in history[start:]:
        latest[(row.device_id, row.marked_by)] = row
    latest = {who: r for who, r in latest.items()
              if r.status != UNMARKED or r.hlc == current_hlc}
    if len(latest) < 2:
        return []
    says = {(r.status, r.arrival_time or None, r.departure_time or None) for r in latest.values()}
    if len(says) < 2:
        return []
    return sorted(latest.values(), key=lambda r: r.hlc)


def _names(session: Session) -> dict[str, str]:
    names = {c.id: c.name for c in session.scalars(select(Colleague))}
    me = session.get(IdentityRow, 1)
    if me is not None:
        names[me.user_id] = me.name
    return names


def _observation(row: AttendanceHistory, names: dict[str, str], my_device: str,
                 current_hlc: str) -> MarkObservation:
    return MarkObservation(
        who=names.get(row.marked_by, "Another colleague"), marked_by=row.marked_by,
        device_id=row.device_id, this_laptop=row.device_id == my_device,
        status=MarkStatus(row.status), arrival_time=row.arrival_time,
        departure_time=row.departure_time, note=row.note or "", hlc=row.hlc,
        when=stamp_time(row.hlc), current=row.hlc == current_hlc)


def stamp_time(hlc: str) -> dt.datetime:
    """The local time a stamp's wall clock says (the laptop's clock, so approximate)."""
    try:
        wall_ms = Stamp.parse(hlc).wall_ms
    except ValueError:
        wall_ms = 0
    return dt.datetime.fromtimestamp(wall_ms / 1000, dt.UTC).astimezone()


def chosen(conflict: Iterable[MarkObservation], hlc: str) -> MarkObservation | None:
    return next((o for o in conflict if o.hlc == hlc), None)
