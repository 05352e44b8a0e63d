"""Groups below their minimum for the recruitment tests (issue 16): the seed's own small
groups, and groups added beside a seeded one (same partner, qualification, intake and
venue) with candidates of their own, written straight into the server's database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import false, select

from protocol.records import AssignmentData, CandidateData, EnrolmentData, GroupData
from server import sequence, store
from server.db import Database
from server.models import Record, User
from server.store import Placement
from tests.server.conftest import TODAY


@dataclass(frozen=True)
class SmallGroup:
    group_id: str
    code: str
    partner_id: str
    lead: str  # the username of a partner lead of its partner
    candidates: list[str]  # with an active enrolment


def active_candidates(database: Database, group_id: str) -> list[str]:
    with database.read() as session:
        rows = session.scalars(select(Record.data).where(
            Record.type == "enrolment", Record.group_id == group_id,
            Record.deleted == false()))
        return sorted(str(r["candidate_id"]) for r in rows if r and r["status"] == "active")


def lead_of(database: Database, partner_id: str) -> str:
    with database.read() as session:
        rows = session.execute(select(User.username, User.roles).where(
            User.partner_id == partner_id).order_by(User.username)).all()
    return next(str(name) for name, roles in rows if "partner_lead" in roles)


def group_data(database: Database, group_id: str) -> GroupData:
    with database.read() as session:
        row = session.get(Record, ("group", group_id))
        assert row is not None and row.data is not None
        return GroupData.model_validate(row.data)


def small(database: Database, group_id: str) -> SmallGroup:
    data = group_data(database, group_id)
    return SmallGroup(group_id, data.code, data.partner_id, lead_of(database, data.partner_id),
                      active_candidates(database, group_id))


def seeded_small_groups(database: Database) -> list[SmallGroup]:
    """The seed's groups below their minimum that hold past registers, by code."""
    with database.read() as session:
        groups = list(session.scalars(select(Record).where(
            Record.type == "group", Record.deleted == false()).order_by(Record.id)))
        marked = set(session.scalars(select(Record.group_id).where(
            Record.type == "attendance")))
    found = [small(database, g.id) for g in groups if g.id in marked]
    return sorted((s for s in found
                   if len(s.candidates) < group_data(database, s.group_id).min_size),
                  key=lambda s: s.code)


def add_group(database: Database, like: str, *, size: int, facilitators: list[str],
              suffix: str, **changes: object) -> str:
    """A new group beside ``like`` (its partner, qualification, intake and venue), code
    ``<like's code>-<suffix>``, with these facilitators assigned and ``size`` invented
    candidates enrolled; no events; ``changes`` to the group's fields. Returns its id."""
    base = group_data(database, like)
    group_id = str(uuid.uuid4())
    with database.write() as session:
        sequence.lock(session)
        fields = {"code": f"{base.code}-{suffix}", "facilitator_ids": facilitators} | changes
        store.put(session, "group", group_id, base.model_copy(update=fields).model_dump(),
                  Placement(group_id=group_id, ref_id=base.partner_id))
        for user in facilitators:
            store.put(session, "assignment", str(uuid.uuid4()), AssignmentData(
                user_id=user, group_id=group_id, role="facilitator").model_dump(),
                Placement(group_id=group_id, ref_id=user))
        for order in range(1, size + 1):
            candidate = str(uuid.uuid4())
            store.put(session, "candidate", candidate, CandidateData(
                given_name=f"Added{order}", family_name=suffix.title(),
                school="Invented Primary School").model_dump(), Placement(group_id=group_id))
            store.put(session, "enrolment", str(uuid.uuid4()), EnrolmentData(
                group_id=group_id, candidate_id=candidate, enrolled_on=TODAY.isoformat(),
                register_order=order).model_dump(), Placement(group_id=group_id))
    return group_id
