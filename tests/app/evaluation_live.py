"""Helpers for tests of live evaluation reports: a laptop submits today's register, and
candidates answer on the real server through the link in their invitation."""

from __future__ import annotations

from typing import Any

import requests
from sqlalchemy import select

from app.catalogue import CatalogueService
from app.clock import shared_clock
from app.registers import RegisterService
from app.store import Store
from server.models import Invitation
from server.security import token_hash
from sync.service import SyncService
from tests.conftest import TEST_TODAY

QUESTION_IDS = ("content", "facilitation", "application", "venue", "overall")


def submit_today(store: Store, sync: SyncService, user_id: str) -> str:
    """Everyone on today's register present, the register submitted and synced (the server
    then invites them to evaluate the day); returns the event id."""
    [event] = [e for e in CatalogueService(store).events(TEST_TODAY) if e.is_on(TEST_TODAY)]
    registers = RegisterService(store, shared_clock(store), user_id)
    registers.mark_rest_present(event.id)
    registers.submit(event.id)
    sync.sync_once()
    return event.id


def answer(server: Any, event_id: str, ratings: dict[str, int] | int,
           comment: str = "") -> None:
    """One candidate answers their invitation (all questions alike when ``ratings`` is an
    int), as through the link in their email."""
    if isinstance(ratings, int):
        ratings = dict.fromkeys(QUESTION_IDS, ratings)
    with server.database.read() as session:
        open_ = set(session.scalars(select(Invitation.token_hash).where(
            Invitation.event_id == event_id, Invitation.responded_at.is_(None))))
    token = next(t for t in server.postbox.tokens(event_id) if token_hash(t) in open_)
    reply = requests.post(f"{server.base_url}/api/v1/evaluations/{token}",
                          json={"ratings": ratings, "comment": comment}, timeout=10)
    assert reply.status_code == 201, reply.text
