"""Administration by name (the command line): assignments looked up by username and code."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from server import sequence
from server.db import Database
from server.models import Record, User
from server.services import people


def _user(session: Session, username: str) -> User:
    found = session.scalar(select(User).where(
        func.lower(User.username) == username.strip().lower()))
    if found is None:
        raise LookupError(f"no user {username!r}")
    return found


def change_assignment(database: Database, *, adding: bool, username: str,
                      group: str | None = None, qa_lead: str | None = None,
                      role: Literal["facilitator", "partner_lead", "qa_lead"] = "facilitator",
                      ) -> str:
    """Assign or unassign; returns a one-line summary. ``LookupError`` for unknown names."""
    with database.write() as session:
        sequence.lock(session)
        user = _user(session, username)
        if qa_lead is not None:
            lead = _user(session, qa_lead)
            if adding:
                people.assign_qa(session, facilitator_id=user.id, qa_lead_id=lead.id)
                return f"{user.username} is now in the care of QA lead {lead.username}."
            count = people.unassign_qa(session, facilitator_id=user.id, qa_lead_id=lead.id)
            return f"{user.username} left QA lead {lead.username} ({count} tombstones)."
        record = session.scalars(select(Record).where(
            Record.type == "group", Record.deleted.is_(False),
            or_(Record.id == group, Record.data["code"].as_string() == group))).first()
        if record is None:
            raise LookupError(f"no group {group!r}")
        code = (record.data or {}).get("code", record.id)
        if adding:
            people.assign(session, user_id=user.id, group_id=record.id, role=role)
            return f"{user.username} now works with group {code} as {role}."
        count = people.unassign(session, user_id=user.id, group_id=record.id, role=role)
        return f"{user.username} left group {code} ({count} tombstones)."


def change_qa_care(database: Database, *, adding: bool, qa: str, facilitator: str) -> str:
    """``qa-assign``/``qa-unassign``: a facilitator into or out of a QA lead's care, by
    username. ``LookupError`` for unknown names or users without the role."""
    with database.write() as session:
        sequence.lock(session)
        lead, person = _user(session, qa), _user(session, facilitator)
        if "qa_lead" not in lead.roles:
            raise LookupError(f"{lead.username} is not a QA lead")
        if "facilitator" not in person.roles:
            raise LookupError(f"{person.username} is not a facilitator")
        if adding:
            people.assign_qa(session, facilitator_id=person.id, qa_lead_id=lead.id)
            return f"{person.username} is now in the care of QA lead {lead.username}."
        count = people.unassign_qa(session, facilitator_id=person.id, qa_lead_id=lead.id)
        return f"{person.username} left QA lead {lead.username} ({count} tombstones)."
