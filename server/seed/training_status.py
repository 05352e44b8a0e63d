"""The national lists of deferral and withdrawal reasons as reference data (the lists
themselves are ``protocol.records.national_reasons``), and the demo's deferred and
withdrawn candidates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocol.records import (
    ATTENDED_STATUSES,
    TrainingStatusData,
    national_reasons,
    training_status_id,
    training_status_reasons_id,
)
from server.models import Record
from server.seed.writer import SeedWriter
from server.store import Placement


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
