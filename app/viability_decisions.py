"""The not-viable decision: a partner lead's choice for a group at risk or not viable.

"If we are unable to reach viable numbers, with the agreement of the partner, we will
invite candidates to join an alternate group locally or undertake a distance learning
pathway." For a group of their partner that is at risk or not viable (``app.viability``),
a partner lead records one decision with a note (``request``):

- run it below the minimum, with the central team's agreement;
- merge it into a named local group: an open group of the same partner, qualification and
  intake (``choices`` offers only those);
- offer its candidates the distance-learning pathway (the group closes);
- move it to the next intake (offered only when the laptop holds a later intake).

The decision is committed with its outbox entry in one transaction as a
``viability_decision_request`` and waits, shown on the group, until the central service
answers: it refuses with a reason (shown in Needs attention, ``app.attention``), or carries
it out and writes the group's ``viability_decision`` (candidates moved with their history,
the group closed or re-dated), which every laptop of the groups concerned pulls. The
registers already taken stay as they were.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import DomainError, NotFoundError
from app.marks import utc_now_iso
from app.outbox import NEEDS_ATTENTION, PENDING, enqueue
from app.store import Store
from app.store.models import Enrolment, Group, IdentityRow, Intake, OtherRecord, OutboxEntry
from app.training_status import group_statuses
from app.validation import check_text
from app.viability import GroupRecruitment, Viability, assess
from protocol import fields
from protocol.event_dates import long_date
from protocol.fields import READING
from protocol.hlc import HybridClock
from protocol.records import (
    VIABILITY_DECISION_KINDS,
    ViabilityDecisionData,
    ViabilityDecisionRequestData,
    viability_decision_id,
)
from protocol.text import N_, _

log = logging.getLogger(__name__)

REQUEST = "viability_decision_request"
DECISION = "viability_decision"
# What each decision is called where it is chosen (marked only: translated when shown).
KIND_LABELS = {
    "run_below_minimum": N_("Run it below the minimum (with the central team's agreement)"),
    "merge": N_("Merge it with another local group"),
    "distance_learning": N_("Offer its candidates the distance-learning pathway"),
    "next_intake": N_("Move it to the next intake"),
}


# The same, short, where a decision is named in a sentence ("… (merge into X), waiting").
SHORT_LABELS = {
    "run_below_minimum": N_("run below the minimum"),
    "merge": N_("merge into {code}"),
    "distance_learning": N_("offer the distance-learning pathway"),
    "next_intake": N_("move to the next intake"),
}


def short_words(kind: str, target_code: str) -> str:
    """'merge into NPQSL-SPR27-LEEDS-2', 'run below the minimum'."""
    if kind not in SHORT_LABELS:
        return kind
    return _(SHORT_LABELS[kind]).format(code=target_code)


class DecisionError(DomainError):
    """A decision that cannot be sent as it is (nothing is saved)."""


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


@dataclass(frozen=True)
class MergeTarget:
    group_id: str
    code: str
    venue_name: str
    enrolled: int


@dataclass(frozen=True)
class DecisionChoices:
    """What may be decided for a group now: the kinds offered (none when no decision can
    be made, with ``why_not`` in words), and for a merge the groups it may join."""

    group_id: str
    code: str
    viability: str  # "9 of 12 enrolled: 3 more needed by …"
    kinds: tuple[str, ...]
    merge_targets: tuple[MergeTarget, ...]
    next_intake: str | None  # the next intake's label, when there is one
    why_not: str = ""


@dataclass(frozen=True)
class DecisionState:
    """A group's decision as this laptop knows it."""

    group_id: str
    words: str  # "" when there is nothing to say
    waiting: bool = False  # sent or to send, not yet carried out
    refused: str | None = None  # the service's reason
    decided: bool = False
    closed: bool = False
    may_decide: bool = False  # the "Record a decision…" button


def _day(instant: str) -> str:
    try:
        return long_date(dt.date.fromisoformat(instant[:10]))
    except ValueError:
        return instant


def _enrolled(session: Session, group_id: str) -> int:
    return session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.group_id == group_id, Enrolment.status == "active")) or 0


def _viability(session: Session, group: Group, today: dt.date) -> tuple[Viability, str] | None:
    intake = session.get(Intake, group.intake_id)
    if intake is None:
        return None
    paused = [s for s in group_statuses(session, group.id).values()
              if s.effective_date <= today]
    recruitment = GroupRecruitment(
        group_id=group.id, code=group.code, qualification_code=group.qualification_code,
        partner_name="", intake_label=intake.label, enrolled=_enrolled(session, group.id),
        registration_deadline=dt.date.fromisoformat(intake.registration_deadline),
        min_size=group.min_size, deferred=sum(s.status == "deferred" for s in paused),
        withdrawn=sum(s.status == "withdrawn" for s in paused))
    judged = assess(recruitment, today)
    return judged.status, judged.describe()


def _next_intake(session: Session, group: Group) -> Intake | None:
    current = session.get(Intake, group.intake_id)
    if current is None:
        return None
    later = [i for i in session.scalars(select(Intake))
             if i.registration_deadline > current.registration_deadline]
    return min(later, key=lambda i: i.registration_deadline, default=None)


def merge_targets(session: Session, group: Group) -> tuple[MergeTarget, ...]:
    """Open groups of the same partner, qualification and intake, other than ``group``."""
    found = session.scalars(select(Group).where(
        Group.partner_id == group.partner_id,
        Group.qualification_code == group.qualification_code,
        Group.intake_id == group.intake_id, Group.id != group.id)).all()
    return tuple(sorted((MergeTarget(g.id, g.code, g.venue_name, _enrolled(session, g.id))
                         for g in found if g.status != "closed"), key=lambda t: t.code))


def _is_partner_lead(session: Session) -> bool:
    me = session.get(IdentityRow, 1)
    return me is not None and "partner_lead" in (me.roles or [])


def _decision(session: Session, group_id: str) -> ViabilityDecisionData | None:
    row = session.get(OtherRecord, (DECISION, viability_decision_id(group_id)))
    if row is None:
        return None
    try:
        return ViabilityDecisionData.model_validate(row.data or {}, context=READING)
    except ValueError:
        return None


def _waiting_entry(session: Session, group_id: str) -> OutboxEntry | None:
    entries = session.scalars(select(OutboxEntry).where(
        OutboxEntry.type == REQUEST, OutboxEntry.state.in_((PENDING, NEEDS_ATTENTION)))
        .order_by(OutboxEntry.seq.desc()))
    return next((e for e in entries if e.data.get("group_id") == group_id), None)


def _held_request(session: Session, group_id: str) -> dict[str, Any] | None:
    """The latest request of the group the service holds (sent, not yet carried out)."""
    held = [d for d in session.scalars(select(OtherRecord.data).where(
        OtherRecord.type == REQUEST)) if (d or {}).get("group_id") == group_id]
    return max(held, key=lambda d: str(d.get("requested_at") or ""), default=None)


def _code(session: Session, group_id: str | None) -> str:
    group = session.get(Group, group_id or "")
    return group.code if group is not None else _("another group")


def decided_words(session: Session, decision: ViabilityDecisionData) -> str:
    """The outcome on the group: 'Merged into NPQSL-AUT26-LEEDS-2 on …', 'Runs below the
    minimum, agreed on …', …, with the service's own account after it."""
    day = _day(decision.decided_at) if decision.decided_at else ""
    if decision.kind == "merge":
        head = _("Merged into {code} on {day}").format(
            code=_code(session, decision.merge_into_group_id), day=day)
    elif decision.kind == "run_below_minimum":
        head = _("Runs below the minimum, agreed on {day}").format(day=day)
    elif decision.kind == "distance_learning":
        head = _("Candidates offered the distance-learning pathway on {day}").format(day=day)
    else:
        intake = session.get(Intake, decision.target_intake_id or "")
        head = _("Moved to {intake} on {day}").format(
            intake=intake.label if intake is not None else _("the next intake"), day=day)
    return f"{head}: {decision.outcome}" if decision.outcome else head


def _waiting_words(session: Session, data: dict[str, Any]) -> str:
    what = short_words(str(data.get("kind") or ""),
                       _code(session, data.get("merge_into_group_id")))
    return _("Decision recorded on {day} ({what}), waiting for the central service.").format(
        day=_day(str(data.get("requested_at") or "")), what=what)


def decision_state(session: Session, group_id: str, today: dt.date) -> DecisionState:
    group = session.get(Group, group_id)
    if group is None:
        raise NotFoundError(_("This group is no longer on this laptop."))
    closed = group.status == "closed"
    decision = _decision(session, group_id)
    if decision is not None:
        return DecisionState(group_id, decided_words(session, decision), decided=True,
                             closed=closed)
    joined = [d for d in session.scalars(select(OtherRecord.data).where(
        OtherRecord.type == DECISION)) if (d or {}).get("merge_into_group_id") == group_id]
    entry = _waiting_entry(session, group_id)
    if entry is not None and entry.state == NEEDS_ATTENTION:
        reason = entry.error_message or _("The central service refused it.")
        return DecisionState(group_id, _("The decision was refused: {reason} (see Needs "
                                         "attention).").format(reason=reason),
                             refused=reason, closed=closed)
    data = entry.data if entry is not None else _held_request(session, group_id)
    if data is not None:
        return DecisionState(group_id, _waiting_words(session, data), waiting=True,
                             closed=closed)
    words = "; ".join(_("{code} merged into this group on {day}").format(
        code=_code(session, str(d.get("group_id"))), day=_day(str(d.get("decided_at") or "")))
        for d in joined)
    if closed and not words:
        words = group.closed_reason or _("This group is closed.")
    judged = _viability(session, group, today)
    may = (not closed and _is_partner_lead(session) and judged is not None
           and judged[0] is not Viability.VIABLE and not group.runs_below_minimum)
    return DecisionState(group_id, words, closed=closed, may_decide=may)


class ViabilityDecisionService:
    def __init__(self, store: Store, clock: HybridClock, user_id: str, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store, self.clock, self.user_id, self.today = store, clock, user_id, today

    def state(self, group_id: str) -> DecisionState:
        with self.store.read() as session:
            return decision_state(session, group_id, self.today())

    def choices(self, group_id: str) -> DecisionChoices:
        with self.store.read() as session:
            return self._choices(session, group_id)

    def _choices(self, session: Session, group_id: str) -> DecisionChoices:
        group = session.get(Group, group_id)
        if group is None:
            raise NotFoundError(_("This group is no longer on this laptop."))
        judged = _viability(session, group, self.today())
        words = judged[1] if judged is not None else ""

        def none(why: str) -> DecisionChoices:
            return DecisionChoices(group_id, group.code, words, (), (), None, why)

        state = decision_state(session, group_id, self.today())
        if not _is_partner_lead(session):
            return none(_("Only the partner's leads record a decision for a group."))
        if state.closed:
            return none(_("This group is closed."))
        if state.decided or state.waiting:
            return none(state.words)
        if group.runs_below_minimum:
            return none(_("The central team has agreed this group runs below the minimum."))
        if judged is None or judged[0] is Viability.VIABLE:
            return none(_("This group is viable: there is nothing to decide."))
        targets = merge_targets(session, group)
        later = _next_intake(session, group)
        kinds = tuple(k for k in VIABILITY_DECISION_KINDS
                      if (k != "merge" or targets) and (k != "next_intake" or later))
        return DecisionChoices(group_id, group.code, words, kinds, targets,
                               later.label if later is not None else None)

    def request(self, group_id: str, kind: str, note: str = "",
                merge_into_group_id: str | None = None) -> str:
        """Commit the decision and its outbox entry; the request's id. ``DecisionError``
        (nothing saved) when it cannot be made as it is."""
        note_text = check_text(fields.STATUS_NOTE, note, _("The note"))
        with self.store.write() as session:
            choices = self._choices(session, group_id)
            if not choices.kinds:
                raise DecisionError(choices.why_not)
            if kind not in choices.kinds:
                raise DecisionError(_("Choose one of the decisions offered."))
            if kind == "merge":
                if merge_into_group_id not in {t.group_id for t in choices.merge_targets}:
                    raise DecisionError(_("Choose the group to merge with: an open group of "
                                          "the same partner, qualification and intake."))
            else:
                merge_into_group_id = None
            request_id = str(uuid.uuid4())
            data = ViabilityDecisionRequestData(
                group_id=group_id, kind=kind,  # type: ignore[arg-type]
                merge_into_group_id=merge_into_group_id, note=note_text,
                requested_by=self.user_id, requested_at=utc_now_iso())
            enqueue(session, type_=REQUEST, record_id=request_id, data=data.model_dump(),
                    hlc=str(self.clock.now()))
        log.info("viability decision request saved: %s", request_id)
        return request_id
