"""Simulated candidates answering their evaluation invitations (demo and tests)."""

from __future__ import annotations

import random

from sqlalchemy import select

from server import sequence
from server.db import Database
from server.models import Invitation
from server.seed.names import EVALUATION_COMMENTS
from server.services import evaluations


def simulate_evaluations(database: Database, *, event_id: str | None = None, count: int = 5,
                         seed: int | None = None) -> int:
    """Answer up to ``count`` open invitations (oldest first); returns how many."""
    rng = random.Random(seed)
    with database.write() as session:
        sequence.lock(session)
        query = select(Invitation.token).where(Invitation.responded_at.is_(None))
        if event_id:
            query = query.where(Invitation.event_id == event_id)
        tokens = list(session.scalars(query.order_by(Invitation.sent_at, Invitation.token)
                                      .limit(max(0, count))))
        for token in tokens:
            ratings = {key: rng.choices((2, 3, 4, 5), (1, 3, 8, 7))[0]
                       for key, _ in evaluations.QUESTIONS}
            comment = rng.choice(EVALUATION_COMMENTS) if rng.random() < 0.3 else ""
            evaluations.record_response(session, token=token, ratings=ratings,
                                        comment=comment)
    return len(tokens)
