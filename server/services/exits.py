"""Scope exit: when access is removed, tombstones for what each user can no longer see.

A record leaving one user's scope has not changed for anyone else, so its tombstone goes to
that user's feed only (``scope_exits``). The caller takes a ``Snapshot`` of what the users
who may lose sight of something can see, removes the access in the same transaction, then
calls ``record_exits``: each record visible before and not after gets a tombstone with a
fresh number from the change sequence, so it sits in commit order with the rest of the feed.

Only the records around the groups concerned are compared (their contents, their partners,
the users assigned to them and the people named), so the cost does not grow with the
database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from protocol.records import FORM_TYPES
from server import sequence
from server.models import QaAssignment, Record, ScopeExit, User
from server.scope import MERGE_TYPES, scope_for

Key = tuple[str, str]
PERSONAL_TYPES = FORM_TYPES | {"qa_assignment"}  # placed by the person they are about


def group_users(session: Session, group_ids: Iterable[str]) -> set[str]:
    """Users with a live assignment (any role) to one of these groups."""
    return {uid for uid in session.scalars(select(Record.ref_id).where(
        Record.type == "assignment", Record.deleted == false(),
        Record.group_id.in_(sorted(set(group_ids))))) if uid}


def _neighbourhood(session: Session, group_ids: set[str],
                   user_ids: set[str]) -> ColumnElement[bool]:
    partners = {p for p in session.scalars(select(Record.ref_id).where(
        Record.type == "group", Record.id.in_(sorted(group_ids)))) if p}
    users = user_ids | group_users(session, group_ids)
    return or_(Record.group_id.in_(sorted(group_ids)),
               # a merge's decision, read by the receiving group's people too
               and_(Record.type.in_(sorted(MERGE_TYPES)),
                    Record.ref_id.in_(sorted(group_ids))),
               and_(Record.type == "partner", Record.id.in_(sorted(partners))),
               and_(Record.type == "user", Record.id.in_(sorted(users))),
               # QA forms and QA assignments about the people named (a QA unassignment)
               and_(Record.type.in_(sorted(PERSONAL_TYPES)),
                    Record.ref_id.in_(sorted(user_ids))))


@dataclass
class Snapshot:
    """What each of ``users`` could see around ``group_ids`` before a change of access."""

    group_ids: set[str]
    named: set[str]
    seen: dict[str, set[Key]]


def _visible(session: Session, user: User, near: ColumnElement[bool], *,
             live_only: bool) -> set[Key]:
    scope = scope_for(session, user)
    query = select(Record.type, Record.id).where(near, scope.visible())
    if live_only:  # a record already deleted was tombstoned for everyone who saw it
        query = query.where(Record.deleted == false())
    return {(row.type, row.id) for row in session.execute(query)}


def snapshot(session: Session, group_ids: Iterable[str], user_ids: Iterable[str]) -> Snapshot:
    """Take before removing access. ``user_ids``: whoever may lose sight of something."""
    groups, named = set(group_ids), set(user_ids)
    near = _neighbourhood(session, groups, named)
    users = session.scalars(select(User).where(User.id.in_(sorted(named))))
    seen = {u.id: _visible(session, u, near, live_only=True) for u in users}
    return Snapshot(groups, named, seen)


def record_exits(session: Session, before: Snapshot) -> int:
    """Tombstone, per user, what they saw in ``before`` and no longer see. Returns the count."""
    session.flush()
    near = _neighbourhood(session, before.group_ids, before.named)
    seq_of = {(r.type, r.id): r.seq for r in session.execute(
        select(Record.type, Record.id, Record.seq).where(near))}
    total = 0
    for user in session.scalars(select(User).where(User.id.in_(sorted(before.seen)))):
        gone = before.seen[user.id] - _visible(session, user, near, live_only=False)
        ordered = sorted(gone, key=lambda key: (seq_of.get(key, 0), key))
        for key, seq in zip(ordered, sequence.allocate(session, len(ordered)), strict=True):
            session.add(ScopeExit(seq=seq, user_id=user.id, type=key[0], record_id=key[1]))
        total += len(ordered)
    session.flush()
    return total


def qa_leads_of(session: Session, facilitator_ids: Iterable[str]) -> set[str]:
    return set(session.scalars(select(QaAssignment.qa_lead_id).where(
        QaAssignment.facilitator_id.in_(sorted(set(facilitator_ids))))))


def partner_leads_of(session: Session, group_ids: Iterable[str]) -> set[str]:
    partners = {p for p in session.scalars(select(Record.ref_id).where(
        Record.type == "group", Record.id.in_(sorted(set(group_ids))))) if p}
    rows = session.execute(select(User.id, User.roles).where(
        User.partner_id.in_(sorted(partners)))).all()
    return {row.id for row in rows if "partner_lead" in row.roles}
