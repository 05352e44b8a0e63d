"""Pushed deferral and withdrawal requests (issue 15): the central service decides.

A facilitator of the candidate's group, or a partner lead of its partner, may ask; anyone
else is ``not_found`` (the candidate is personal data they cannot see). The request is
refused, and nothing written, when:

- its reason is not one of the national codes for its kind (``unknown_reason``);
- it is dated more than ``max_days_ahead`` days after the service's today
  (``date_not_allowed``);
- the candidate is already withdrawn from the group (``already_withdrawn``);
- no attendance was recorded for the candidate in the group on or before its date
  (``no_engagement``: a candidate who never started is removed from the group, not
  deferred or withdrawn).

An accepted request is kept (``training_status_request``, group content) and writes the
candidate's ``training_status`` in the group (one record per group and candidate,
``training_status_id``), which every laptop of the group's facilitators and partner lead
pulls.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import false, select

from protocol.event_dates import long_date
from protocol.records import (
    ATTENDED_STATUSES,
    TrainingStatusData,
    TrainingStatusReasonsData,
    TrainingStatusRequestData,
    national_reasons,
    training_status_id,
    training_status_reasons_id,
)
from protocol.wire import Mutation
from server.models import Record, utcnow
from server.services.writes import Context, Rejected, Row, candidate_in_group
from server.store import Placement

LONDON = ZoneInfo("Europe/London")


def admit_requester(ctx: Context, m: Mutation, data: TrainingStatusRequestData) -> Row:
    """The candidate's group, when the caller facilitates it or leads its partner."""
    group_id = data.group_id
    scope = ctx.scope
    if group_id not in scope.facilitator_groups and not (
            group_id in scope.lead_groups and "partner_lead" in scope.roles):
        raise Rejected("not_found", "No such candidate, or not in one of your groups.")
    group = ctx.live("group", group_id)
    if group is None:
        raise Rejected("not_found", "No such candidate, or not in one of your groups.")
    candidate_in_group(ctx, data.candidate_id, group_id)
    return group


def reasons(ctx: Context) -> TrainingStatusReasonsData:
    """The reference lists as the service holds them (the national ones when none are)."""
    held = ctx.record("training_status_reasons", training_status_reasons_id())
    if held is None or held.deleted or held.data is None:
        return national_reasons()
    return TrainingStatusReasonsData.model_validate(held.data)


def first_attended(ctx: Context, group_id: str, candidate_id: str) -> dt.date | None:
    """The date of the first event of the group the candidate attended, if any."""
    ctx.flush()
    events: dict[str, str | None] = dict(ctx.session.execute(select(
        Record.id, Record.data["chosen_date"].as_string()).where(
        Record.type == "event", Record.group_id == group_id, Record.deleted == false())).all())
    marks = ctx.session.scalars(select(Record.data).where(
        Record.type == "attendance", Record.group_id == group_id, Record.deleted == false(),
        Record.data["candidate_id"].as_string() == candidate_id))
    days = [events.get(str(mark.get("event_id"))) for mark in marks
            if mark and mark.get("status") in ATTENDED_STATUSES]
    found = [dt.date.fromisoformat(d) for d in days if d]
    return min(found, default=None)


def apply_request(ctx: Context, m: Mutation, data: TrainingStatusRequestData,
                  group: Row) -> int:
    if m.op == "delete":
        raise Rejected("invalid", "A deferral or withdrawal cannot be taken back by deleting "
                                  "it: ask the central team.")
    lists = reasons(ctx)
    if data.reason not in {r.code for r in lists.reasons(data.kind)}:
        what = "a deferral" if data.kind == "deferred" else "a withdrawal"
        raise Rejected("unknown_reason", f"{data.reason!r} is not a national reason for "
                                         f"{what}.")
    day = dt.date.fromisoformat(data.effective_date)
    today = dt.datetime.fromtimestamp(ctx.now_ms / 1000, LONDON).date()
    if day > today + dt.timedelta(days=lists.max_days_ahead):
        raise Rejected("date_not_allowed",
                       f"The date may be at most {lists.max_days_ahead} days ahead "
                       f"(until {long_date(today + dt.timedelta(days=lists.max_days_ahead))}).")
    status_id = training_status_id(group.id, data.candidate_id)
    current = ctx.live("training_status", status_id)
    if current is not None and (current.data or {}).get("status") == "withdrawn":
        raise Rejected("already_withdrawn", "This candidate is already withdrawn from the "
                                            "group.")
    started = first_attended(ctx, group.id, data.candidate_id)
    if started is None or day < started:
        raise Rejected("no_engagement", "No engagement recorded: the candidate attended no "
                                        f"event of the group on or before {long_date(day)}. "
                                        "Ask the central team to remove them from the group "
                                        "instead.")
    caller = ctx.scope.user_id
    placement = Placement(group_id=group.id, ref_id=data.candidate_id, owner_id=caller)
    request = ctx.put("training_status_request", m.id,
                      data.model_dump() | {"requested_by": caller}, placement)
    decided = TrainingStatusData(
        candidate_id=data.candidate_id, group_id=group.id, status=data.kind,
        reason=data.reason, effective_date=day.isoformat(),
        decided_at=utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), request_id=m.id)
    ctx.put("training_status", status_id, decided.model_dump(),
            Placement(group_id=group.id, ref_id=data.candidate_id))
    return request.seq
