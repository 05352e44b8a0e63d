"""The national lists of deferral and withdrawal reasons (reference data), and the demo's
deferred and withdrawn candidates.

The codes are the Department for Education's, as its NPQ registration service validates
them (``Participants::Defer::DEFERRAL_REASONS`` and ``Participants::Withdraw::
WITHDRAWAL_REASONS`` in DFE-Digital/npq-registration); the labels are ours. One code there
ends in a full stop ("quality-of-programme-structure-not-suitable."), a slip we do not copy
(docs/assumptions.md).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocol.records import (
    ATTENDED_STATUSES,
    MAX_STATUS_DAYS_AHEAD,
    StatusReason,
    TrainingStatusData,
    TrainingStatusReasonsData,
    training_status_id,
    training_status_reasons_id,
)
from server.models import Record
from server.seed.writer import SeedWriter
from server.store import Placement

DEFERRAL_REASONS: tuple[tuple[str, str], ...] = (
    ("bereavement", "Bereavement"),
    ("long-term-sickness", "Long-term sickness"),
    ("parental-leave", "Parental leave"),
    ("career-break", "Career break"),
    ("other", "Other"),
)
WITHDRAWAL_REASONS: tuple[tuple[str, str], ...] = (
    ("insufficient-capacity-to-undertake-programme",
     "Insufficient capacity to undertake the programme"),
    ("personal-reason-health-or-pregnancy-related", "Personal reason: health or pregnancy"),
    ("personal-reason-moving-school", "Personal reason: moving school"),
    ("personal-reason-other", "Personal reason: other"),
    ("insufficient-capacity", "Insufficient capacity"),
    ("change-in-developmental-or-personal-priorities",
     "Change in developmental or personal priorities"),
    ("change-in-school-circumstances", "Change in school circumstances"),
    ("change-in-school-leadership", "Change in school leadership"),
    ("quality-of-programme-structure-not-suitable", "Programme structure not suitable"),
    ("quality-of-programme-content-not-suitable", "Programme content not suitable"),
    ("quality-of-programme-facilitation-not-effective", "Facilitation not effective"),
    ("quality-of-programme-accessibility", "Programme accessibility"),
    ("quality-of-programme-other", "Programme quality: other"),
    ("programme-not-appropriate-for-role-and-cpd-needs",
     "Programme not appropriate for role and CPD needs"),
    ("started-in-error", "Started in error"),
    ("expected-commitment-unclear", "Expected commitment unclear"),
    ("assessment-requirements-not-met", "Assessment requirements not met"),
    ("change-in-career", "Change in career"),
    ("disengaged-and-unresponsive", "Disengaged and unresponsive"),
    ("non-payment-of-invoice", "Non-payment of invoice"),
    ("other", "Other"),
)


def national_reasons() -> TrainingStatusReasonsData:
    return TrainingStatusReasonsData(
        deferral=[StatusReason(code=c, label=label) for c, label in DEFERRAL_REASONS],
        withdrawal=[StatusReason(code=c, label=label) for c, label in WITHDRAWAL_REASONS],
        max_days_ahead=MAX_STATUS_DAYS_AHEAD)


def seed_reasons(w: SeedWriter) -> str:
    return w.add("training_status_reasons", training_status_reasons_id(), national_reasons())


def seed_demo_statuses(session: Session, w: SeedWriter, demo_group_id: str) -> None:
    """One deferred and one withdrawn candidate in the largest other group of the demo
    partner (the demo facilitator's own register stays whole), from the day after the
    first event they attended."""
    partner = session.scalar(select(Record.ref_id).where(Record.type == "group",
                                                         Record.id == demo_group_id))
    groups = session.scalars(select(Record.id).where(
        Record.type == "group", Record.ref_id == partner, Record.id != demo_group_id)
        .order_by(Record.id)).all()
    sizes = {g: session.scalar(select(func.count()).where(
        Record.type == "candidate", Record.group_id == g)) or 0 for g in groups}
    for group_id in sorted(groups, key=lambda g: (-sizes[g], g)):
        events = {e.id: (e.data or {}).get("chosen_date") for e in session.scalars(
            select(Record).where(Record.type == "event", Record.group_id == group_id))}
        first: dict[str, str] = {}
        for mark in session.scalars(select(Record.data).where(
                Record.type == "attendance", Record.group_id == group_id)):
            day = events.get(str((mark or {}).get("event_id")))
            if day and mark.get("status") in ATTENDED_STATUSES:
                candidate = str(mark["candidate_id"])
                first[candidate] = min(first.get(candidate, day), day)
        if len(first) >= 2:
            chosen = sorted(first)[-2:]
            _write_statuses(w, group_id, chosen[0], chosen[1],
                            dt.date.fromisoformat(max(first[c] for c in chosen)))
            return


def _write_statuses(w: SeedWriter, group_id: str, deferred: str, withdrawn: str,
                    after: dt.date) -> None:
    day = (after + dt.timedelta(days=1)).isoformat()
    decided_at = f"{day}T10:00:00Z"
    for candidate, status, reason in ((deferred, "deferred", "parental-leave"),
                                      (withdrawn, "withdrawn", "change-in-career")):
        w.add("training_status", training_status_id(group_id, candidate), TrainingStatusData(
            candidate_id=candidate, group_id=group_id, status=status,  # type: ignore[arg-type]
            reason=reason, effective_date=day, decided_at=decided_at),
            Placement(group_id=group_id, ref_id=candidate))
