"""Walk-ins: people attending who are not on the roster, and the register's submission.

Both are records this laptop writes and the central service resolves: each change commits
with its outbox entry in one transaction (``app.outbox.enqueue``).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalogue import display_name
from app.domain import MarkStatus, RecordSyncState, Submission, WalkInRow
from app.errors import NotFoundError, ValidationError
from app.outbox import NEEDS_ATTENTION, enqueue
from app.store.models import OutboxEntry, RegisterSubmission, WalkIn
from app.validation import check_text
from protocol import fields
from protocol.records import WalkInData
from protocol.text import _


def check_walk_in(name: str, school: str, email: str,
                  qualification_code: str = "") -> tuple[str, str, str, str]:
    """The walk-in's fields as stored and pushed, checked with the rules the central
    service applies (``protocol.fields``), or a ``ValidationError`` naming the field."""
    if not (name or "").strip():
        raise ValidationError(_("A walk-in needs a name."))
    return (check_text(fields.PERSON_NAME, name, _("Name")),
            check_text(fields.SCHOOL, school, _("School")),
            check_text(fields.EMAIL, email, _("Email")),
            check_text(fields.CODE, qualification_code, _("Qualification")))


def add_walk_in(session: Session, *, event_id: str, name: str, school: str, email: str,
                qualification_code: str, status: MarkStatus, recorded_by: str,
                hlc: str, amendment_reason: str | None = None) -> str:
    """A new walk-in and its outbox entry; ``amendment_reason`` goes with it on a submitted
    register (the caller checks that one is given)."""
    name, school, email, qualification_code = check_walk_in(name, school, email,
                                                            qualification_code)
    record_id = str(uuid.uuid4())
    data = WalkInData(event_id=event_id, name=name, school=school, email=email,
                      qualification_code=qualification_code, status=status.value,
                      recorded_by=recorded_by, amendment_reason=amendment_reason).model_dump()
    session.add(WalkIn(id=record_id, **{k: v for k, v in data.items()
                                        if k != "amendment_reason"}))
    enqueue(session, type_="walk_in", record_id=record_id, data=data, hlc=hlc)
    return record_id


def remove_walk_in(session: Session, walk_in_id: str, hlc: str,
                   amendment_reason: str | None = None) -> None:
    """Remove a walk-in recorded by mistake: a synced delete of the record, carrying the
    amendment reason on a submitted register (the caller checks that one is given)."""
    walk_in = session.get(WalkIn, walk_in_id)
    if walk_in is None:
        raise NotFoundError(_("That walk-in is no longer on this register."))
    data = WalkInData(event_id=walk_in.event_id, name=walk_in.name, school=walk_in.school,
                      email=walk_in.email, qualification_code=walk_in.qualification_code,
                      status=MarkStatus(walk_in.status).value, recorded_by=walk_in.recorded_by,
                      amendment_reason=amendment_reason).model_dump()
    session.delete(walk_in)
    enqueue(session, type_="walk_in", record_id=walk_in_id, data=data, hlc=hlc, op="delete")


def walk_in_rows(session: Session, event_id: str) -> tuple[WalkInRow, ...]:
    rows = session.scalars(select(WalkIn).where(WalkIn.event_id == event_id)
                           .order_by(WalkIn.name)).all()
    states = _states(session, "walk_in", [r.id for r in rows])
    return tuple(WalkInRow(id=r.id, name=r.name, school=r.school, email=r.email,
                           qualification_code=r.qualification_code,
                           status=MarkStatus(r.status), recorded_by=r.recorded_by,
                           sync_state=states.get(r.id, RecordSyncState.CONFIRMED))
                 for r in rows)


def submission(session: Session, event_id: str) -> Submission | None:
    """The first submission of the register, whether the server confirmed it, and how many
    invitations it sent (from the pulled record)."""
    rows = session.scalars(select(RegisterSubmission)
                           .where(RegisterSubmission.event_id == event_id)
                           .order_by(RegisterSubmission.submitted_at)).all()
    if not rows:
        return None
    first = rows[0]
    states = _states(session, "register_submission", [first.id])
    sent = [r.invitations_sent for r in rows if r.invitations_sent is not None]
    return Submission(
        submitted_at=_instant(first.submitted_at),
        submitted_by=display_name(session, first.submitted_by),
        confirmed=first.id not in states,
        invitations_sent=sum(sent) if sent else None,
        amendments=sum(1 for r in rows[1:] if r.amendment_reason),
    )


def _states(session: Session, type_: str, ids: list[str]) -> dict[str, RecordSyncState]:
    states: dict[str, RecordSyncState] = {}
    for record_id, state, attempts in session.execute(
            select(OutboxEntry.record_id, OutboxEntry.state, OutboxEntry.attempts)
            .where(OutboxEntry.type == type_, OutboxEntry.record_id.in_(ids))):
        if state == NEEDS_ATTENTION:
            states[record_id] = RecordSyncState.NEEDS_ATTENTION
        elif record_id not in states:
            states[record_id] = RecordSyncState.SENT if attempts else RecordSyncState.SAVED
    return states


def _instant(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.now(dt.UTC)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
