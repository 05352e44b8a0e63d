"""Evaluation reports for facilitators and partner leads of the event's group."""

from __future__ import annotations

from fastapi import APIRouter

from server import store
from server.deps import CurrentCaller, Db
from server.errors import not_found
from server.openapi import problems
from server.schemas import EvaluationReport
from server.scope import scope_for
from server.services import evaluations

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/events/{event_id}/evaluation", responses=problems(401, 404))
def event_evaluation(event_id: str, caller: CurrentCaller, db: Db) -> EvaluationReport:
    with db.read() as session:
        scope = scope_for(session, caller)
        event = store.live(session, "event", event_id)
        if event is None or not scope.can_read_group(event.group_id, "evaluation_summary"):
            raise not_found("No such event, or it is not one of your groups.")
        return EvaluationReport.from_summary(evaluations.summary(session, event_id))
