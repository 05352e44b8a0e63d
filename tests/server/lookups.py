"""Facts about the seeded demo data, read straight from the server's database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import false, select

from protocol.records import ATTENDED_STATUSES
from server.db import Database
from server.models import Record, User


@dataclass(frozen=True)
class EventFacts:
    event_id: str
    group_id: str
    candidate_ids: list[str]


def user_id(database: Database, username: str) -> str:
    with database.read() as session:
        return str(session.scalar(select(User.id).where(User.username == username)))


def assigned_groups(database: Database, username: str) -> set[str]:
    uid = user_id(database, username)
    with database.read() as session:
        rows = session.scalars(select(Record).where(
            Record.type == "assignment", Record.deleted == false(), Record.ref_id == uid))
        return {r.group_id for r in rows if r.data and r.data["role"] == "facilitator"}


def partner_groups(database: Database, partner_id: str) -> set[str]:
    with database.read() as session:
        return set(session.scalars(select(Record.id).where(
            Record.type == "group", Record.ref_id == partner_id)))


def all_groups(database: Database) -> set[str]:
    with database.read() as session:
        return set(session.scalars(select(Record.id).where(Record.type == "group")))


def group_candidates(database: Database, group_id: str) -> list[str]:
    with database.read() as session:
        return sorted(session.scalars(select(Record.id).where(
            Record.type == "candidate", Record.group_id == group_id)))


def event_on(database: Database, group_ids: set[str], day: dt.date,
             before: bool = False) -> EventFacts:
    """An event of one of these groups on ``day`` (or, with ``before``, the latest before)."""
    with database.read() as session:
        events = [r for r in session.scalars(select(Record).where(
            Record.type == "event", Record.group_id.in_(sorted(group_ids))))
            if r.data and r.data["chosen_date"]]
    if before:
        past = [e for e in events if e.data and e.data["chosen_date"] < day.isoformat()]
        event = max(past, key=lambda e: e.data["chosen_date"] if e.data else "")
    else:
        event = next(e for e in events if e.data and e.data["chosen_date"] == day.isoformat())
    assert event.group_id is not None
    return EventFacts(event.id, event.group_id, group_candidates(database, event.group_id))


def other_partner_group(database: Database, username: str) -> str:
    """A group that has nothing to do with this user's partner."""
    with database.read() as session:
        partner = session.scalar(select(User.partner_id).where(User.username == username))
        return str(session.scalars(select(Record.id).where(
            Record.type == "group", Record.ref_id != partner).order_by(Record.id)).first())


def group_facilitators(database: Database, group_id: str) -> set[str]:
    with database.read() as session:
        rows = session.scalars(select(Record).where(
            Record.type == "assignment", Record.deleted == false(),
            Record.group_id == group_id))
        return {str(r.ref_id) for r in rows if r.data and r.data["role"] == "facilitator"}


def qa_group(database: Database, qa_username: str, exclude_partner: str) -> str:
    """A group of another partner whose facilitators are in this QA lead's care."""
    from server.models import QaAssignment

    qa = user_id(database, qa_username)
    with database.read() as session:
        mine = set(session.scalars(select(QaAssignment.facilitator_id).where(
            QaAssignment.qa_lead_id == qa)))
        groups = session.scalars(select(Record).where(
            Record.type == "group", Record.ref_id != exclude_partner).order_by(Record.id))
        return next(g.id for g in groups
                    if set((g.data or {}).get("facilitator_ids", [])) <= mine
                    and (g.data or {}).get("facilitator_ids"))


def user_partner(database: Database, username: str) -> str:
    with database.read() as session:
        return str(session.scalar(select(User.partner_id).where(User.username == username)))


def attended(database: Database, username: str) -> list[tuple[str, str, str]]:
    """(group id, candidate id, date) of every attended mark in the user's groups, by
    date: a deferral or withdrawal dated then follows engagement."""
    groups = assigned_groups(database, username)
    with database.read() as session:
        dates = {e.id: (e.data or {}).get("chosen_date") for e in session.scalars(
            select(Record).where(Record.type == "event", Record.group_id.in_(sorted(groups))))}
        marks = session.scalars(select(Record).where(
            Record.type == "attendance", Record.group_id.in_(sorted(groups)))).all()
    found = [(str(m.group_id), str(m.data["candidate_id"]), str(dates[m.event_id]))
             for m in marks if m.data and m.data.get("status") in ATTENDED_STATUSES
             and dates.get(m.event_id)]
    return sorted(found, key=lambda f: (f[2], f[0], f[1]))
