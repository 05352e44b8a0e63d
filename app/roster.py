"""Who is on an event's register: a snapshot of the group's roster, fixed on first open.

The first time a register is opened (or marked) the group's enrolments are copied into
``roster_snapshot``. While the register is open for taking (not submitted, and the event is
today, in the future or not dated yet) the snapshot follows the roster: a newly enrolled
candidate is added, a withdrawal shows, a corrected name is taken. Nobody ever leaves a
snapshot, so a candidate moved to another group stays on the registers they were on; once
the register is submitted or its day has passed, the snapshot does not change at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.marks import utc_now_iso
from app.store import Store
from app.store.models import Candidate, Enrolment, Event, RegisterSubmission, RosterSnapshot

_FIELDS = ("given_name", "family_name", "school", "role", "enrolled_on", "register_order",
           "withdrawn")


@dataclass(frozen=True)
class RosterEntry:
    candidate_id: str
    given_name: str
    family_name: str
    school: str
    role: str
    enrolled_on: str
    register_order: int
    withdrawn: bool
    moved: bool  # no longer enrolled in this group
    not_applicable: bool  # enrolled after the event's date


def ensure_snapshot(store: Store, event_id: str, today: dt.date) -> None:
    """Take or bring up to date the event's snapshot; writes only when something changed."""
    with store.read() as session:
        event = session.get(Event, event_id)
        if event is None or not _changes(session, event, today):
            return
    with store.write() as session:
        event = session.get(Event, event_id)
        if event is not None:
            update_snapshot(session, event, today)


def update_snapshot(session: Session, event: Event, today: dt.date) -> None:
    """Inside a write transaction: apply what ``_changes`` finds."""
    for candidate_id, values in _changes(session, event, today).items():
        row = session.get(RosterSnapshot, (event.id, candidate_id))
        if row is None:
            row = RosterSnapshot(event_id=event.id, candidate_id=candidate_id,
                                 taken_at=utc_now_iso())
            session.add(row)
        for name, value in values.items():
            setattr(row, name, value)
    session.flush()


def roster(session: Session, event: Event) -> list[RosterEntry]:
    """The event's register as snapshotted (or, before any snapshot, the live roster)."""
    live = {e.candidate_id: e for e in _enrolments(session, event.group_id)}
    saved = session.scalars(select(RosterSnapshot)
                            .where(RosterSnapshot.event_id == event.id)).all()
    if saved:
        values = {s.candidate_id: {f: getattr(s, f) for f in _FIELDS} for s in saved}
    else:
        values = _live_values(session, live)
    return [_entry(event, cid, v, moved=cid not in live) for cid, v in values.items()]


def marked_entry(session: Session, event: Event, candidate_id: str, today: dt.date
                 ) -> RosterEntry | None:
    """The person's line on the register as a mark needs it, with their snapshot row brought
    up to date first while the register is open (one person's share of
    ``update_snapshot`` and ``roster_entry``, in one pass: this runs on every mark)."""
    if not _taken(session, event):
        update_snapshot(session, event, today)  # the first mark takes the whole snapshot
        return roster_entry(session, event, candidate_id)
    live = {e.candidate_id: e for e in _enrolments(session, event.group_id, candidate_id)}
    saved = session.get(RosterSnapshot, (event.id, candidate_id))
    values = _live_values(session, live).get(candidate_id)
    if values is not None and is_open(session, event, today) and (
            saved is None or any(getattr(saved, f) != v for f, v in values.items())):
        if saved is None:
            saved = RosterSnapshot(event_id=event.id, candidate_id=candidate_id,
                                   taken_at=utc_now_iso())
            session.add(saved)
        for name, value in values.items():
            setattr(saved, name, value)
        session.flush()
    if saved is None:
        return None  # the register is fixed and this person is not on it
    return _entry(event, candidate_id, {f: getattr(saved, f) for f in _FIELDS},
                  moved=candidate_id not in live)


def roster_entry(session: Session, event: Event, candidate_id: str) -> RosterEntry | None:
    """One line of ``roster(session, event)`` without reading the whole roster (every mark
    checks the person against the register)."""
    live = {e.candidate_id: e for e in _enrolments(session, event.group_id, candidate_id)}
    saved = session.get(RosterSnapshot, (event.id, candidate_id))
    if saved is not None:
        values: dict[str, Any] | None = {f: getattr(saved, f) for f in _FIELDS}
    elif _taken(session, event):
        return None  # the register is fixed and this person is not on it
    else:
        values = _live_values(session, live).get(candidate_id)
    if values is None:
        return None
    return _entry(event, candidate_id, values, moved=candidate_id not in live)


def _taken(session: Session, event: Event) -> bool:
    return session.scalar(select(RosterSnapshot.candidate_id)
                          .where(RosterSnapshot.event_id == event.id).limit(1)) is not None


def _entry(event: Event, candidate_id: str, v: dict[str, Any], *, moved: bool) -> RosterEntry:
    late = bool(event.chosen_date and v["enrolled_on"] and v["enrolled_on"] > event.chosen_date)
    return RosterEntry(candidate_id=candidate_id, moved=moved, not_applicable=late,
                       **{f: v[f] for f in _FIELDS})


def is_open(session: Session, event: Event, today: dt.date) -> bool:
    """Whether the roster may still change the register (see the module's docstring)."""
    if event.chosen_date and dt.date.fromisoformat(event.chosen_date) < today:
        return False
    submitted = session.scalar(select(RegisterSubmission.id)
                               .where(RegisterSubmission.event_id == event.id).limit(1))
    return submitted is None


def _changes(session: Session, event: Event, today: dt.date) -> dict[str, dict[str, Any]]:
    saved = {s.candidate_id: s for s in session.scalars(
        select(RosterSnapshot).where(RosterSnapshot.event_id == event.id))}
    if saved and not is_open(session, event, today):
        return {}
    live = _live_values(session, {e.candidate_id: e
                                  for e in _enrolments(session, event.group_id)})
    changes = {}
    for candidate_id, values in live.items():
        old = saved.get(candidate_id)
        if old is None or any(getattr(old, f) != v for f, v in values.items()):
            changes[candidate_id] = values
    return changes


def _enrolments(session: Session, group_id: str, only: str | None = None) -> list[Enrolment]:
    query = select(Enrolment).where(Enrolment.group_id == group_id)
    if only is not None:
        query = query.where(Enrolment.candidate_id == only)
    return list(session.scalars(query))


def _live_values(session: Session, live: dict[str, Enrolment]) -> dict[str, dict[str, Any]]:
    # One query for the whole roster: this runs on every mark (the register is checked
    # against the roster as it is now), so a look-up per candidate would cost ~30 queries.
    candidates = {c.id: c for c in session.scalars(
        select(Candidate).where(Candidate.id.in_(list(live))))} if live else {}
    values = {}
    for candidate_id, enrolment in live.items():
        candidate = candidates.get(candidate_id)
        if candidate is None:
            continue  # roster data not complete yet; it arrives with the next pull
        values[candidate_id] = {
            "given_name": candidate.given_name, "family_name": candidate.family_name,
            "school": candidate.school, "role": candidate.role or "",
            "enrolled_on": enrolment.enrolled_on or "",
            "register_order": enrolment.register_order or 0,
            "withdrawn": enrolment.status == "withdrawn",
        }
    return values
