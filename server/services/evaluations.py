"""Event evaluations: invitations on register submission, responses, and the live summary.

Submitting a register invites every candidate marked as attended (one invitation per event
and candidate, never twice). Each response updates the event's ``evaluation_summary``
record, which reaches facilitators and partner leads through the pull feed.

An invitation's token is the candidate's only credential: the database keeps its SHA-256
hash (as for access and refresh tokens), and the token itself exists only in the
``SentInvitation`` handed, once the transaction that made it has committed, to the
service's ``Postbox`` (its stand-in for email: ``SimulatedPostbox`` in demo mode and
tests; none for ``npq-server serve``, which has no mail transport). A candidate's answer
finds its invitation by the hash of the token presented.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import deque
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from protocol.records import (
    ATTENDED_STATUSES,
    MIN_EVALUATION_RESPONSES,
    EvaluationSummaryData,
    QuestionSummary,
)
from server import store
from server.errors import ProblemError
from server.models import EvaluationResponse, Invitation, Record, utcnow
from server.security import token_hash
from server.store import Placement

log = logging.getLogger(__name__)

QUESTIONS: list[tuple[str, str]] = [
    ("content", "The content of the day was relevant to my leadership role"),
    ("facilitation", "The facilitation helped me to learn"),
    ("application", "I can apply what I learned in my school"),
    ("venue", "The venue and arrangements supported the day"),
    ("overall", "Overall, I would rate this event"),
]
RATING_SCALE = (1, 2, 3, 4, 5)
MAX_COMMENTS = 50
MIN_RESPONSES = MIN_EVALUATION_RESPONSES  # fewer could identify who said what


def attended_candidates(session: Session, event_id: str) -> list[str]:
    # Two fields of each mark, extracted by the database: no record objects, and none of
    # the marks' observation lists decoded.
    rows = session.execute(select(Record.data["candidate_id"].as_string(),
                                  Record.data["status"].as_string()).where(
        Record.type == "attendance", Record.event_id == event_id, Record.deleted == false()))
    return sorted(candidate for candidate, status in rows
                  if candidate is not None and status in ATTENDED_STATUSES)


class EventRef(Protocol):
    """What invitations need of an event record: an ORM ``Record`` or a push ``Row``."""

    @property
    def id(self) -> str: ...

    @property
    def group_id(self) -> str | None: ...


@dataclass(frozen=True)
class SentInvitation:
    """An invitation as the candidate receives it: the one place its token is in clear."""

    event_id: str
    candidate_id: str
    token: str


class Postbox(Protocol):
    """Where invitations go once the transaction that made them has committed."""

    def deliver(self, invitations: list[SentInvitation]) -> None: ...


class SimulatedPostbox:
    """The invitations a real service would email, kept in this process's memory only
    (the newest ``keep``), for the demo and tests to follow a candidate's link."""

    def __init__(self, keep: int = 10_000) -> None:
        self._sent: deque[SentInvitation] = deque(maxlen=keep)
        self._lock = threading.Lock()

    def deliver(self, invitations: list[SentInvitation]) -> None:
        with self._lock:
            self._sent.extend(invitations)

    def sent(self, event_id: str | None = None) -> list[SentInvitation]:
        """What was delivered (for one event), oldest first."""
        with self._lock:
            return [i for i in self._sent if event_id is None or i.event_id == event_id]

    def tokens(self, event_id: str) -> list[str]:
        return [i.token for i in self.sent(event_id)]


def send_invitations(session: Session, event: EventRef, sent: list[SentInvitation]) -> int:
    """Invite attended candidates not yet invited, adding the new invitations to ``sent``
    (to be delivered after commit); returns the event's invitation total."""
    invited = set(session.scalars(select(Invitation.candidate_id).where(
        Invitation.event_id == event.id)))
    new = [c for c in attended_candidates(session, event.id) if c not in invited]
    for candidate_id in new:
        letter = SentInvitation(event.id, candidate_id, secrets.token_urlsafe(24))
        session.add(Invitation(token_hash=token_hash(letter.token), event_id=event.id,
                               candidate_id=candidate_id))
        sent.append(letter)
    session.flush()
    if new:
        log.info("sent %d evaluation invitations for event %s", len(new), event.id)
        write_summary(session, event)
    return len(invited) + len(new)


def summary(session: Session, event: EventRef) -> EvaluationSummaryData:
    """The event's results as facilitators and partner leads may see them: with fewer than
    ``MIN_RESPONSES`` responses only the counts (no distribution, mean or comment), and a
    question rated by fewer than ``MIN_RESPONSES`` people without its distribution."""
    invitations = session.scalar(select(func.count()).where(Invitation.event_id == event.id))
    sent = session.scalar(select(func.max(Invitation.sent_at)).where(
        Invitation.event_id == event.id))
    responses = list(session.scalars(select(EvaluationResponse).where(
        EvaluationResponse.event_id == event.id).order_by(EvaluationResponse.id)))
    hidden = len(responses) < MIN_RESPONSES
    questions = [_question(key, label, [] if hidden else responses) for key, label in QUESTIONS]
    comments = [] if hidden else [r.comment.strip() for r in responses
                                  if r.comment.strip()][-MAX_COMMENTS:]
    latest = max((r.submitted_at for r in responses), default=sent)
    return EvaluationSummaryData(
        event_id=event.id, group_id=event.group_id,
        attended=len(attended_candidates(session, event.id)), invitations=invitations or 0,
        responses=len(responses), questions=questions, comments=comments, hidden=hidden,
        updated_at=latest.strftime("%Y-%m-%dT%H:%M:%SZ") if latest else "")


def _question(key: str, label: str, responses: list[EvaluationResponse]) -> QuestionSummary:
    values = [r.ratings[key] for r in responses if key in r.ratings]
    if len(values) < MIN_RESPONSES:
        return QuestionSummary(id=key, label=label)
    return QuestionSummary(id=key, label=label,
                           distribution={str(v): values.count(v) for v in RATING_SCALE},
                           mean=round(sum(values) / len(values), 2))


def write_summary(session: Session, event: EventRef) -> None:
    store.put(session, "evaluation_summary", event.id, summary(session, event).model_dump(),
              Placement(group_id=event.group_id, event_id=event.id))


def record_response(session: Session, *, token: str, ratings: dict[str, int],
                    comment: str) -> None:
    """A candidate's answer through their link: the invitation is the one whose hash the
    token has (any other token: 404, as for one never sent)."""
    answer_invitation(session, hashed=token_hash(token), ratings=ratings, comment=comment)


def answer_invitation(session: Session, *, hashed: str, ratings: dict[str, int],
                      comment: str) -> None:
    """Record the answer to the invitation with this token hash (the simulated candidates
    of ``server.simulate`` answer this way: the service never holds their tokens)."""
    invitation = session.get(Invitation, hashed)
    if invitation is None:
        raise ProblemError(404, "not_found", "Not found", "No such evaluation invitation.")
    if invitation.responded_at is not None:
        raise ProblemError(409, "already_answered", "Already answered",
                           "This evaluation has already been completed. Thank you.")
    unknown = set(ratings) - {key for key, _ in QUESTIONS}
    bad = [k for k, v in ratings.items() if v not in RATING_SCALE]
    if unknown or bad:
        raise ProblemError(422, "invalid", "The request is not valid",
                           f"unknown questions {sorted(unknown)}; ratings must be 1-5")
    invitation.responded_at = utcnow()
    session.add(EvaluationResponse(invitation_token_hash=hashed, event_id=invitation.event_id,
                                   ratings=ratings, comment=comment))
    session.flush()
    event = store.get(session, "event", invitation.event_id)
    if event is not None:
        write_summary(session, event)
    log.info("evaluation response recorded for event %s", invitation.event_id)
