"""Simulated candidates answering their evaluation invitations (demo and tests).

With ``over`` > 0 the answers trickle in one at a time, each in its own transaction, spread
evenly over that many seconds: a client that syncs meanwhile sees the report grow. With a
``seed`` the same invitations get the same answers every time.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import sequence
from server.db import Database
from server.errors import ProblemError
from server.models import Invitation
from server.seed.evaluation_answers import Tone, draw_comment, draw_ratings, event_tone
from server.services import evaluations

log = logging.getLogger(__name__)


def open_invitations(database: Database, event_id: str | None,
                     count: int) -> list[tuple[str, str]]:
    """Up to ``count`` unanswered invitations (token hash, event id), oldest first. The
    simulated candidates answer by the hash: the service never holds their tokens."""
    with database.read() as session:
        query = select(Invitation.token_hash, Invitation.event_id).where(
            Invitation.responded_at.is_(None))
        if event_id:
            query = query.where(Invitation.event_id == event_id)
        rows = session.execute(query.order_by(Invitation.sent_at, Invitation.token_hash)
                               .limit(max(0, count)))
        return [(hashed, event) for hashed, event in rows]


def simulate_evaluations(database: Database, *, event_id: str | None = None, count: int = 5,
                         seed: int | None = None, over: float = 0.0,
                         sleep: Callable[[float], None] = time.sleep,
                         on_answer: Callable[[int], None] | None = None) -> int:
    """Answer up to ``count`` open invitations (oldest first); returns how many.

    ``over``: seconds to spread the answers across (0: all at once, in one transaction).
    ``on_answer(n)`` is called after the n-th answer is committed."""
    rng = random.Random(seed)
    invitations = open_invitations(database, event_id, count)
    tones: dict[str, Tone] = {}
    pause = over / max(1, len(invitations) - 1) if over > 0 else 0.0
    answers = []
    for hashed, event in invitations:
        tone = tones.setdefault(event, event_tone(rng))
        ratings = draw_ratings(rng, tone)
        answers.append((hashed, ratings, draw_comment(rng, ratings)))
    batches = [[a] for a in answers] if over > 0 else [answers]
    done = 0
    for index, batch in enumerate(batches):
        if index and pause:
            sleep(pause)
        with database.write() as session:
            sequence.lock(session)
            done += sum(_answer(session, *answer) for answer in batch)
        if on_answer is not None:
            on_answer(done)
    log.info("simulated %d evaluation responses", done)
    return done


def _answer(session: Session, hashed: str, ratings: dict[str, int], comment: str) -> bool:
    """Record one answer; False when the invitation was answered meanwhile (by someone
    else, while the simulation waited)."""
    try:
        evaluations.answer_invitation(session, hashed=hashed, ratings=ratings,
                                      comment=comment)
    except ProblemError as problem:
        if problem.status != 409:
            raise
        return False
    return True
