"""Users, group assignments and QA assignments, with scope entry.

When someone is given access to a group (an assignment, or a facilitator assigned to a QA
lead), every record that becomes visible to them is re-stamped with a fresh sequence number,
so it appears in their pull feed even though their cursor had passed its old number. Other
callers see those records again too; clients apply them idempotently.

Scope exit (an assignment removed, ``unassign`` and ``unassign_qa``) puts a ``deleted``
tombstone in the pull feed of each user for every record that left their scope
(``server.services.exits``); nobody else's feed changes except through the records that did
change (the assignment, the group's facilitator list).
"""

from __future__ import annotations

import logging
import uuid
from typing import Literal

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from protocol.records import FORM_TYPES, AssignmentData, UserData
from server import store
from server.models import QaAssignment, Record, User
from server.security import hash_password
from server.services import exits, qa_care
from server.store import Placement

log = logging.getLogger(__name__)

AssignmentRole = Literal["facilitator", "partner_lead", "qa_lead"]


def user_record(session: Session, user: User) -> None:
    data = UserData(name=user.name, roles=list(user.roles), partner_id=user.partner_id)
    store.put(session, "user", user.id, data.model_dump(), Placement(ref_id=user.partner_id))


def create_user(session: Session, *, username: str, name: str, roles: list[str],
                password: str | None = None, password_hash: str | None = None,
                partner_id: str | None = None, user_id: str | None = None) -> User:
    """A new account and its public ``user`` record. Give a password or a ready hash."""
    if password_hash is None:
        if not password:
            raise ValueError("a password is required")
        password_hash = hash_password(password)
    user = User(id=user_id or str(uuid.uuid4()), username=username, name=name,
                password_hash=password_hash, roles=list(roles), partner_id=partner_id,
                active=True)
    session.add(user)
    session.flush()
    user_record(session, user)
    log.info("created user %s with roles %s", user.id, ",".join(roles))
    return user


def _entry_keys(session: Session, group_ids: set[str], user_ids: set[str]) -> set[tuple[str, str]]:
    keys = set(store.group_keys(session, group_ids))
    partners = {p for p in session.scalars(select(Record.ref_id).where(
        Record.type == "group", Record.id.in_(sorted(group_ids)))) if p}
    keys |= {("partner", p) for p in partners}
    keys |= {("user", u) for u in user_ids | exits.group_users(session, group_ids)}
    return keys


def assign(session: Session, *, user_id: str, group_id: str, role: AssignmentRole,
           assignment_id: str | None = None) -> Record:
    """Assign a user to a group; the group's records enter their scope (re-stamped)."""
    group = store.live(session, "group", group_id)
    if group is None:
        raise ValueError(f"no group {group_id}")
    existing = _assignment(session, user_id, group_id, role)
    if existing is not None:  # already assigned: nothing enters the scope
        return existing
    data = AssignmentData(user_id=user_id, group_id=group_id, role=role)
    record = store.put(session, "assignment", assignment_id or str(uuid.uuid4()),
                       data.model_dump(), Placement(group_id=group_id, ref_id=user_id))
    _sync_group_facilitators(session, group_id)
    store.restamp(session, _entry_keys(session, {group_id}, {user_id}))
    log.info("assigned user %s to group %s as %s", user_id, group_id, role)
    return record


def _assignment(session: Session, user_id: str, group_id: str,
                role: AssignmentRole) -> Record | None:
    return next((r for r in session.scalars(select(Record).where(
        Record.type == "assignment", Record.deleted == false(), Record.group_id == group_id,
        Record.ref_id == user_id)) if r.data and r.data.get("role") == role), None)


def unassign(session: Session, *, user_id: str, group_id: str,
             role: AssignmentRole = "facilitator") -> int:
    """Remove a user from a group. Whatever leaves anyone's scope (the user's, their QA
    leads', colleagues who no longer share a group with them) is tombstoned in that person's
    feed. Returns the number of tombstones; 0 when the user was not assigned."""
    existing = _assignment(session, user_id, group_id, role)
    if existing is None:
        return 0
    affected = ({user_id} | exits.group_users(session, {group_id})
                | exits.qa_leads_of(session, {user_id})
                | exits.partner_leads_of(session, {group_id}))
    before = exits.snapshot(session, {group_id}, affected)
    store.put(session, "assignment", existing.id, None,
              Placement(group_id=group_id, ref_id=user_id), deleted=True)
    _sync_group_facilitators(session, group_id)
    count = exits.record_exits(session, before)
    log.info("removed user %s from group %s as %s (%d tombstones)", user_id, group_id, role,
             count)
    return count


def _sync_group_facilitators(session: Session, group_id: str) -> None:
    group = store.get(session, "group", group_id)
    if group is None or group.data is None:
        return
    facilitators = sorted(
        r.ref_id for r in session.scalars(select(Record).where(
            Record.type == "assignment", Record.deleted == false(),
            Record.group_id == group_id))
        if r.data and r.data.get("role") == "facilitator" and r.ref_id)
    if facilitators != sorted(group.data.get("facilitator_ids", [])):
        data = dict(group.data, facilitator_ids=facilitators)
        store.put(session, "group", group_id, data, Placement(group_id=group_id,
                                                             ref_id=group.ref_id))


def _form_keys(session: Session, facilitator_id: str) -> set[tuple[str, str]]:
    """The QA forms about a facilitator (what enters a new QA lead's scope with them)."""
    return {(r.type, r.id) for r in session.execute(select(Record.type, Record.id).where(
        Record.type.in_(sorted(FORM_TYPES)), Record.ref_id == facilitator_id))}


def assign_qa(session: Session, *, facilitator_id: str, qa_lead_id: str) -> None:
    """Put a facilitator in a QA lead's care; their groups, and the submitted QA forms about
    them, enter the lead's scope (re-stamped); both get the ``qa_assignment`` record."""
    if session.get(QaAssignment, (facilitator_id, qa_lead_id)) is None:
        session.add(QaAssignment(facilitator_id=facilitator_id, qa_lead_id=qa_lead_id))
        session.flush()
    record_id = qa_care.record_id(qa_lead_id, facilitator_id)
    link = store.get(session, "qa_assignment", record_id)
    if link is None or link.deleted:
        store.put(session, "qa_assignment", record_id,
                  qa_care.data(qa_lead_id, facilitator_id).model_dump(),
                  qa_care.placement(qa_lead_id, facilitator_id), current=link)
    groups = {r.group_id for r in session.scalars(select(Record).where(
        Record.type == "assignment", Record.deleted == false(),
        Record.ref_id == facilitator_id)) if r.group_id}
    keys = _entry_keys(session, groups, {facilitator_id, qa_lead_id})
    store.restamp(session, keys | _form_keys(session, facilitator_id))
    log.info("assigned facilitator %s to QA lead %s", facilitator_id, qa_lead_id)


def unassign_qa(session: Session, *, facilitator_id: str, qa_lead_id: str) -> int:
    """Take a facilitator out of a QA lead's care; what the lead (or the facilitator, who
    saw the lead as a colleague) no longer sees is tombstoned in their feed: the
    facilitator's groups and user record, and every QA form about them, the lead's own
    included. The ``qa_assignment`` record is tombstoned for both."""
    link = session.get(QaAssignment, (facilitator_id, qa_lead_id))
    if link is None:
        return 0
    groups = {r.group_id for r in session.scalars(select(Record).where(
        Record.type == "assignment", Record.deleted == false(),
        Record.ref_id == facilitator_id)) if r.group_id}
    before = exits.snapshot(session, groups, {facilitator_id, qa_lead_id})
    session.delete(link)
    record_id = qa_care.record_id(qa_lead_id, facilitator_id)
    mirror = store.live(session, "qa_assignment", record_id)
    if mirror is not None:
        store.put(session, "qa_assignment", record_id, None,
                  qa_care.placement(qa_lead_id, facilitator_id), deleted=True,
                  current=mirror)
    count = exits.record_exits(session, before)
    log.info("removed facilitator %s from QA lead %s (%d tombstones)", facilitator_id,
             qa_lead_id, count)
    return count
