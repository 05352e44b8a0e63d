"""Where candidates answer an evaluation; the invitation token is the only credential."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from server import sequence
from server.deps import Db, State
from server.openapi import problems
from server.schemas import EvaluationAccepted, EvaluationAnswer
from server.services import evaluations

router = APIRouter(prefix="/evaluations", tags=["evaluations"])


@router.post("/{invitation_token}", status_code=status.HTTP_201_CREATED,
             responses=problems(404, 409, 413))
def answer(invitation_token: Annotated[str, Path(max_length=64)], body: EvaluationAnswer,
           db: Db, state: State) -> EvaluationAccepted:
    with db.write() as session:
        sequence.lock(session)
        evaluations.record_response(session, token=invitation_token, ratings=body.ratings,
                                    comment=body.comment)
    state.feed.kick()  # the event's summary changed: wake its facilitators' waits
    return EvaluationAccepted()
