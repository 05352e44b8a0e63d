"""Evaluation reports for facilitators and partner leads of the event's group.

The answer is the event's ``evaluation_summary`` as the pull feed carries it, built fresh:
the same n >= 3 rule applies (no distribution, mean or comment below it)."""

from __future__ import annotations

from fastapi import APIRouter

from protocol.records import EvaluationSummaryData
from server import store
from server.deps import CurrentCaller, Db
from server.errors import not_found
from server.openapi import problems
from server.scope import scope_for
from server.services import evaluations

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/events/{event_id}/evaluation", responses=problems(401, 404))
def event_evaluation(event_id: str, caller: CurrentCaller, db: Db) -> EvaluationSummaryData:
    with db.read() as session:
        scope = scope_for(session, caller)
        event = store.live(session, "event", event_id)
        if event is None or not scope.can_read_group(event.group_id, "evaluation_summary"):
            raise not_found("No such event, or it is not one of your groups.")
        return evaluations.summary(session, event)
