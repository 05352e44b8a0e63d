"""A partner lead's decision for a group below its minimum (issue 16): the service decides.

Only a partner lead of the group's partner may decide (the group's facilitators, who see
it: ``forbidden_role``; anyone else, QA leads included: ``not_found``). The request is
refused (``invalid``, nothing written) with the reason in words when:

- the group is closed already;
- the group is viable: it has at least its minimum of candidates (active enrolments less
  those deferred or withdrawn as at today, counted as the app counts them);
- a merge names no group, the group itself, a closed group, or a group of another
  partner, qualification or intake;
- a move to the next intake finds no later intake;
- running below the minimum with fewer than ``MIN_TO_RUN_BELOW_MINIMUM`` candidates.

An accepted request is kept (``viability_decision_request``, in the group), carried out,
and described by the group's ``viability_decision`` (one per group, a later decision
replacing it), every change an ordinary record write that every affected laptop pulls:

- ``merge``: every active enrolment moves to the receiving group
  (``server.services.roster.move_candidates``: the candidates leave the old group's scope
  and enter the new one's; their marks stay with the old group's events; a deferral or
  withdrawal goes with them); the group is closed, ``merged_into`` the receiving group.
  The decision is placed in the decided group with ``ref_id`` = the receiving group, so the
  receiving group's people read it too (``server.scope.MERGE_TYPES``);
- ``distance_learning``: the group is closed; enrolments and registers stay;
- ``next_intake``: the group moves to the next intake by registration deadline (whatever
  its term: the candidates wait the least); its events with no marks are re-dated, their
  windows shifted by the days between the two deadlines and their chosen dates cleared
  for the partner lead to choose again; events with marks, or a submitted register, stay;
- ``run_below_minimum``: the group's ``runs_below_minimum`` is set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import false, select

from protocol.records import (
    GroupData,
    IntakeData,
    ViabilityDecisionData,
    ViabilityDecisionRequestData,
    training_status_id,
    viability_decision_id,
)
from protocol.wire import Mutation
from server.models import Record, utcnow
from server.services import roster
from server.services.writes import Context, Rejected, Row
from server.store import Placement

LONDON = ZoneInfo("Europe/London")
# Fewer candidates than this cannot run even with the central team's agreement.
MIN_TO_RUN_BELOW_MINIMUM = 6
NOT_FOUND = "No such group, or it is not one of your partner's."


def admit_lead(ctx: Context, m: Mutation, data: ViabilityDecisionRequestData) -> Row:
    """The group, when the caller is a partner lead of its partner."""
    scope = ctx.scope
    group = ctx.live("group", data.group_id)
    if group is None or data.group_id not in scope.content_groups:
        raise Rejected("not_found", NOT_FOUND)
    if data.group_id in scope.lead_groups and "partner_lead" in scope.roles:
        return group
    if data.group_id in scope.facilitator_groups:
        raise Rejected("forbidden_role", "Only the partner lead decides what happens to a "
                                         "group below its minimum.")
    raise Rejected("not_found", NOT_FOUND)


@dataclass(frozen=True)
class Facts:
    """What the decision reads of the group, as at the service's today."""

    group: Row
    data: GroupData
    today: dt.date
    candidates: list[str]  # with an active enrolment, in register order
    apart: set[str]  # of those, deferred or withdrawn as at today

    @property
    def counted(self) -> int:
        return len(self.candidates) - len(self.apart)


def _facts(ctx: Context, group: Row) -> Facts:
    current = ctx.live("group", group.id) or group  # as this push may have changed it
    data = GroupData.model_validate(current.data or {})
    ctx.flush()
    today = dt.datetime.fromtimestamp(ctx.now_ms / 1000, LONDON).date()
    enrolments = ctx.session.scalars(select(Record.data).where(
        Record.type == "enrolment", Record.group_id == group.id, Record.deleted == false()))
    active = sorted((int(e.get("register_order") or 0), str(e["candidate_id"]))
                    for e in enrolments if e and e.get("status") == "active")
    candidates = list(dict.fromkeys(c for _, c in active))
    statuses = ctx.session.scalars(select(Record.data).where(
        Record.type == "training_status", Record.group_id == group.id,
        Record.deleted == false()))
    apart = {str(s["candidate_id"]) for s in statuses
             if s and s.get("status") in ("deferred", "withdrawn")
             and (s.get("effective_date") or "") <= today.isoformat()}
    return Facts(group, data, today, candidates, apart & set(candidates))


def _intake(ctx: Context, intake_id: str) -> IntakeData | None:
    row = ctx.live("intake", intake_id)
    if row is None or row.data is None:
        return None
    return IntakeData.model_validate(row.data)


def _check(facts: Facts) -> None:
    data = facts.data
    if data.status == "closed":
        why = f" ({data.closed_reason})" if data.closed_reason else ""
        raise Rejected("invalid", f"{data.code} is closed already{why}: there is nothing "
                                  "left to decide.")
    if facts.counted >= data.min_size:
        raise Rejected("invalid", f"{data.code} has {facts.counted} candidates: it is "
                                  "viable, no decision is needed.")


def _merge_target(ctx: Context, facts: Facts, target_id: str | None) -> tuple[Row, GroupData]:
    code = facts.data.code
    if not target_id:
        raise Rejected("invalid", f"Name the group {code} should merge into.")
    if target_id == facts.group.id:
        raise Rejected("invalid", f"{code} cannot be merged into itself.")
    target = ctx.live("group", target_id)
    if target is None or target.data is None or target.ref_id != facts.group.ref_id:
        raise Rejected("invalid", f"{code} can only merge into another group of your "
                                  "partner.")
    other = GroupData.model_validate(target.data)
    if other.status == "closed":
        raise Rejected("invalid", f"{other.code} is closed: choose an open group to merge "
                                  f"{code} into.")
    if other.qualification_code != facts.data.qualification_code:
        raise Rejected("invalid", f"{other.code} is an {other.qualification_code} group: "
                                  f"{code}'s candidates can only join an "
                                  f"{facts.data.qualification_code} group.")
    if other.intake_id != facts.data.intake_id:
        raise Rejected("invalid", f"{other.code} is in another intake: {code}'s candidates "
                                  "can only join a group of their own intake.")
    return target, other


def _next_intake(ctx: Context, facts: Facts) -> tuple[str, IntakeData, IntakeData]:
    """The intake with the earliest registration deadline after the group's own."""
    current = _intake(ctx, facts.data.intake_id)
    if current is None:
        raise Rejected("invalid", f"{facts.data.code}'s intake is not known to the service.")
    ctx.flush()
    later = []
    for row in ctx.session.scalars(select(Record).where(Record.type == "intake",
                                                        Record.deleted == false())):
        intake = IntakeData.model_validate(row.data or {})
        if intake.registration_deadline > current.registration_deadline:
            later.append((intake.registration_deadline, row.id, intake))
    if not later:
        raise Rejected("invalid", f"There is no intake after {current.label} to move "
                                  f"{facts.data.code} to.")
    _, intake_id, intake = min(later)
    return intake_id, current, intake


def apply_decision(ctx: Context, m: Mutation, data: ViabilityDecisionRequestData,
                   group: Row) -> int:
    if m.op == "delete":
        raise Rejected("invalid", "A viability decision cannot be taken back by deleting "
                                  "it: ask the central team.")
    facts = _facts(ctx, group)
    _check(facts)
    decision = ViabilityDecisionData(
        group_id=group.id, kind=data.kind, note=data.note, request_id=m.id,
        decided_at=utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"))
    placement = Placement(group_id=group.id)
    if data.kind == "merge":
        target, other = _merge_target(ctx, facts, data.merge_into_group_id)
        decision.merge_into_group_id = target.id
        decision.outcome = _merge(ctx, facts, target, other)
        placement = Placement(group_id=group.id, ref_id=target.id)
    elif data.kind == "next_intake":
        intake_id, current, intake = _next_intake(ctx, facts)
        decision.target_intake_id = intake_id
        decision.outcome = _to_next_intake(ctx, facts, intake_id, current, intake)
    elif data.kind == "run_below_minimum":
        if facts.counted < MIN_TO_RUN_BELOW_MINIMUM:
            raise Rejected("invalid", f"{facts.data.code} has {facts.counted} candidates: "
                                      "too few to run even with the central team's "
                                      f"agreement (at least {MIN_TO_RUN_BELOW_MINIMUM}).")
        _write_group(ctx, facts, runs_below_minimum=True)
        decision.outcome = (f"Runs with {facts.counted} candidates, below the minimum of "
                            f"{facts.data.min_size}, with the central team's agreement.")
    else:  # distance_learning
        _write_group(ctx, facts, status="closed",
                     closed_reason="Candidates offered the distance-learning pathway")
        decision.outcome = (f"Closed: its {facts.counted} candidates are offered the "
                            "distance-learning pathway.")
    caller = ctx.scope.user_id
    request = ctx.put("viability_decision_request", m.id,
                      data.model_dump() | {"requested_by": caller},
                      Placement(group_id=group.id, owner_id=caller))
    ctx.put("viability_decision", viability_decision_id(group.id), decision.model_dump(),
            placement)
    return request.seq


def _write_group(ctx: Context, facts: Facts, **changes: object) -> None:
    data = facts.data.model_copy(update=changes)
    ctx.put("group", facts.group.id, data.model_dump(),
            Placement(group_id=facts.group.id, ref_id=facts.group.ref_id))


def _merge(ctx: Context, facts: Facts, target: Row, other: GroupData) -> str:
    """Every active enrolment moved to the receiving group (with any deferral or
    withdrawal), then the group closed."""
    ctx.flush()
    ctx.session.expire_all()  # the push writes with Core statements: read afresh
    moved = facts.candidates
    if moved:
        roster.move_candidates(ctx.session, candidate_ids=moved, to_group_id=target.id,
                               on=facts.today)
        ctx.session.flush()
    statuses = ctx.session.scalars(select(Record).where(
        Record.type == "training_status", Record.group_id == facts.group.id,
        Record.deleted == false()))
    carried = [(s.ref_id, dict(s.data or {})) for s in statuses
               if s.data and s.ref_id in set(moved)]
    # what the push had loaded of these records is stale now
    for key in [k for k in ctx.known if k[0] in ("candidate", "enrolment", "group")]:
        del ctx.known[key]
    for candidate_id, status in carried:
        ctx.put("training_status", training_status_id(target.id, str(candidate_id)),
                status | {"group_id": target.id},
                Placement(group_id=target.id, ref_id=candidate_id))
    _write_group(ctx, facts, status="closed", merged_into=target.id,
                 closed_reason=f"Merged into {other.code}")
    word = "candidate" if len(moved) == 1 else "candidates"
    return f"{len(moved)} {word} moved to {other.code}."


def _marked_events(ctx: Context, group_id: str) -> set[str]:
    """Events of the group with a mark that counts (not 'unmarked') or a submitted register."""
    ctx.flush()
    marks = ctx.session.execute(select(Record.event_id, Record.data["status"].as_string())
                                .where(Record.type == "attendance",
                                       Record.group_id == group_id,
                                       Record.deleted == false())).all()
    submitted = ctx.session.scalars(select(Record.event_id).where(
        Record.type == "register_submission", Record.group_id == group_id,
        Record.deleted == false()))
    return ({str(e) for e, status in marks if status != "unmarked"}
            | {str(e) for e in submitted})


def _to_next_intake(ctx: Context, facts: Facts, intake_id: str, current: IntakeData,
                    intake: IntakeData) -> str:
    gap = (dt.date.fromisoformat(intake.registration_deadline)
           - dt.date.fromisoformat(current.registration_deadline))
    kept = _marked_events(ctx, facts.group.id)
    events = list(ctx.session.scalars(select(Record).where(
        Record.type == "event", Record.group_id == facts.group.id, Record.deleted == false())))
    redated = 0
    for event in events:
        if event.id in kept or event.data is None:
            continue
        data = dict(event.data)
        for key in ("window_start", "window_end"):
            data[key] = (dt.date.fromisoformat(str(data[key])) + gap).isoformat()
        data["chosen_date"] = None
        data["briefing_at"] = None
        ctx.put("event", event.id, data, Placement(group_id=event.group_id,
                                                   event_id=event.event_id,
                                                   owner_id=event.owner_id,
                                                   ref_id=event.ref_id))
        redated += 1
    _write_group(ctx, facts, intake_id=intake_id)
    moved = f"Moved to {intake.label}: {redated} event"
    moved += "" if redated == 1 else "s"
    moved += f" re-dated {gap.days} days later, their dates to choose again"
    if kept:
        moved += f"; {len(kept)} with marks kept as they were"
    return moved + "."
