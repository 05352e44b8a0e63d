"""Deferral and withdrawal: a request through the outbox, the central service's decision.

A facilitator of a group, or a partner lead of its partner, asks for a candidate to be
deferred or withdrawn from a date with a national reason (``request``): the request is
committed with its outbox entry in one transaction and reaches the central service with
the next sync. The service accepts it and writes the candidate's ``training_status`` (which
every laptop of the group pulls), or refuses it with a reason, which shows in Needs
attention (``app.attention``).

Once a deferral or withdrawal has arrived, the candidate is not markable on the group's
registers for events on or after its date (``blocks``; ``app.registers`` refuses the mark)
and the register row says so ("Deferred from 12 Jan"). Viability counts them apart.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import DomainError, NotFoundError
from app.marks import utc_now_iso
from app.outbox import NEEDS_ATTENTION, PENDING, enqueue
from app.store import Store
from app.store.models import Candidate, Group, IdentityRow, OtherRecord, OutboxEntry
from app.validation import check_text
from protocol import fields
from protocol.fields import READING
from protocol.hlc import HybridClock
from protocol.records import (
    StatusReason,
    TrainingStatusData,
    TrainingStatusReasonsData,
    TrainingStatusRequestData,
    national_reasons,
    training_status_reasons_id,
)
from protocol.text import _

log = logging.getLogger(__name__)

STATUS = "training_status"
REQUEST = "training_status_request"
REASONS = "training_status_reasons"
KINDS = ("deferred", "withdrawn")


class StatusRequestError(DomainError):
    """A deferral or withdrawal that cannot be asked for as it is (nothing is saved)."""


@dataclass(frozen=True)
class CandidateStatus:
    """A candidate's deferral or withdrawal in a group, as the central service decided it."""

    candidate_id: str
    group_id: str
    status: str  # "deferred" | "withdrawn" ("active" records are not kept here)
    reason: str
    effective_date: dt.date

    def blocks(self, day: dt.date | None) -> bool:
        """Whether the candidate may not be marked for an event on ``day`` (an undated
        event counts as after the date)."""
        return day is None or day >= self.effective_date

    @property
    def words(self) -> str:
        """"Deferred from 12 Jan", for the register row."""
        day = f"{self.effective_date.day} {self.effective_date.strftime('%b')}"
        if self.status == "withdrawn":
            return _("Withdrawn from {day}").format(day=day)
        return _("Deferred from {day}").format(day=day)


@dataclass(frozen=True)
class PendingRequest:
    mutation_id: str
    candidate_id: str
    kind: str
    effective_date: str
    refused: str | None  # the central service's reason, when it refused


def _status_of(data: dict[str, object]) -> CandidateStatus | None:
    try:
        status = TrainingStatusData.model_validate(data, context=READING)
        if status.status == "active" or not status.effective_date:
            return None
        return CandidateStatus(status.candidate_id, status.group_id, status.status,
                               status.reason, dt.date.fromisoformat(status.effective_date))
    except ValueError:
        return None


def group_statuses(session: Session, group_id: str) -> dict[str, CandidateStatus]:
    """The deferred and withdrawn candidates of a group, by candidate id."""
    found: dict[str, CandidateStatus] = {}
    for data in session.scalars(select(OtherRecord.data).where(OtherRecord.type == STATUS)):
        status = _status_of(data or {})
        if status is not None and status.group_id == group_id:
            found[status.candidate_id] = status
    return found


def all_statuses(session: Session) -> dict[tuple[str, str], CandidateStatus]:
    """Every deferred or withdrawn candidate, by (group id, candidate id)."""
    found: dict[tuple[str, str], CandidateStatus] = {}
    for data in session.scalars(select(OtherRecord.data).where(OtherRecord.type == STATUS)):
        status = _status_of(data or {})
        if status is not None:
            found[(status.group_id, status.candidate_id)] = status
    return found


def held_reasons(session: Session) -> TrainingStatusReasonsData:
    """The reasons the central service sent; the national lists until they have arrived."""
    row = session.get(OtherRecord, (REASONS, training_status_reasons_id()))
    if row is None:
        return national_reasons()
    return TrainingStatusReasonsData.model_validate(row.data or {}, context=READING)


def may_request(session: Session, group: Group) -> bool:
    """Facilitators of the group and partner leads ask; QA leads do not."""
    me = session.get(IdentityRow, 1)
    if me is None:
        return False
    return "partner_lead" in (me.roles or []) or me.user_id in (group.facilitator_ids or [])


class TrainingStatusService:
    def __init__(self, store: Store, clock: HybridClock, user_id: str, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store, self.clock, self.user_id, self.today = store, clock, user_id, today

    def reasons(self, kind: str) -> list[StatusReason]:
        """The national reasons for a deferral or a withdrawal, as the service sent them."""
        with self.store.read() as session:
            return list(held_reasons(session).reasons(kind))

    def can_request(self, group_id: str) -> bool:
        with self.store.read() as session:
            group = session.get(Group, group_id)
            return group is not None and may_request(session, group)

    def status(self, group_id: str, candidate_id: str) -> CandidateStatus | None:
        with self.store.read() as session:
            return group_statuses(session, group_id).get(candidate_id)

    def request(self, candidate_id: str, group_id: str, kind: str, reason: str,
                effective_date: dt.date, note: str = "") -> str:
        """Commit a deferral or withdrawal request and its outbox entry; returns the
        request's id. Raises ``StatusRequestError`` (nothing saved) when it cannot be
        asked for as it is."""
        if kind not in KINDS:
            raise StatusRequestError(_("Choose deferral or withdrawal."))
        note_text = check_text(fields.STATUS_NOTE, note, _("The note")) or ""
        with self.store.write() as session:
            group = session.get(Group, group_id)
            candidate = session.get(Candidate, candidate_id)
            if group is None or candidate is None:
                raise NotFoundError(_("This candidate is no longer in your groups."))
            if not may_request(session, group):
                raise StatusRequestError(_("Only the group's facilitators and partner lead "
                                           "can defer or withdraw a candidate."))
            lists = held_reasons(session)
            if reason not in {r.code for r in lists.reasons(kind)}:
                raise StatusRequestError(_("Choose a reason from the list."))
            if effective_date > self.today() + dt.timedelta(days=lists.max_days_ahead):
                raise StatusRequestError(_("The date can be at most {days} days ahead.")
                                         .format(days=lists.max_days_ahead))
            current = group_statuses(session, group_id).get(candidate_id)
            if current is not None and current.status == "withdrawn":
                raise StatusRequestError(_("This candidate is already withdrawn."))
            request_id = str(uuid.uuid4())
            data = TrainingStatusRequestData(
                candidate_id=candidate_id, group_id=group_id, kind=kind,  # type: ignore[arg-type]
                reason=reason, effective_date=effective_date.isoformat(), note=note_text,
                requested_by=self.user_id, requested_at=utc_now_iso())
            enqueue(session, type_=REQUEST, record_id=request_id, data=data.model_dump(),
                    hlc=str(self.clock.now()))
        log.info("training status request saved: %s", request_id)
        return request_id

    def pending(self, group_id: str) -> list[PendingRequest]:
        """Requests of this group not yet accepted: waiting to be sent, or refused."""
        with self.store.read() as session:
            rows = session.scalars(select(OutboxEntry).where(
                OutboxEntry.type == REQUEST,
                OutboxEntry.state.in_((PENDING, NEEDS_ATTENTION))).order_by(OutboxEntry.seq))
            return [PendingRequest(r.mutation_id, str(r.data.get("candidate_id")),
                                   str(r.data.get("kind")), str(r.data.get("effective_date")),
                                   r.error_message if r.state == NEEDS_ATTENTION else None)
                    for r in rows if r.data.get("group_id") == group_id]
