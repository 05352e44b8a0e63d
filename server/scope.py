"""Who may see what (DESIGN §5 Authorisation), computed per caller on every request.

- facilitator: the groups they are assigned to as facilitator and everything in them (group,
  events, enrolments, enrolled candidates, attendance, register submissions, walk-ins,
  evaluation summaries, shared notes of the group plus their own private notes), the users
  assigned to those groups and the partner leads of their partners, those partners, and all
  reference data (qualifications, intakes, form templates).
- partner lead: every group of their partner, with the same contents, except notes (notes
  are facilitators' working notes: shared ones go to the group's facilitators only).
- QA lead: the groups of the facilitators assigned to them (``qa_assignments``) with their
  events and assignments, and those facilitators' colleagues as users. Data minimisation:
  no candidates, enrolments, attendance, walk-ins, submissions, evaluations or notes.
- private notes are only ever visible to their author, and only while they facilitate the
  note's group (a facilitator who leaves a group keeps nothing of it, their notes included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from server.models import QaAssignment, Record, User

GLOBAL_TYPES = frozenset({"qualification", "intake", "form_template"})
GROUP_CONTENT_TYPES = frozenset({
    "group", "event", "candidate", "enrolment", "assignment", "attendance",
    "register_submission", "walk_in", "evaluation_summary", "event_date_choice",
})
QA_TYPES = frozenset({"group", "event", "assignment"})
OWNED_TYPES = frozenset({"qa_visit", "coaching_conversation", "self_assessment"})


@dataclass(frozen=True)
class Scope:
    user_id: str
    facilitator_groups: frozenset[str] = frozenset()
    lead_groups: frozenset[str] = frozenset()
    qa_groups: frozenset[str] = frozenset()
    partner_ids: frozenset[str] = frozenset()
    user_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def content_groups(self) -> frozenset[str]:
        """Groups whose full contents the caller may read."""
        return self.facilitator_groups | self.lead_groups

    def can_read_group(self, group_id: str | None, type_: str) -> bool:
        if group_id is None:
            return False
        if type_ in GROUP_CONTENT_TYPES and group_id in self.content_groups:
            return True
        return type_ in QA_TYPES and group_id in self.qa_groups

    def visible(self) -> ColumnElement[bool]:
        """A SQL condition on ``records`` selecting exactly what the caller may read."""
        content, qa = sorted(self.content_groups), sorted(self.qa_groups)
        clauses: list[ColumnElement[bool]] = [
            Record.type.in_(GLOBAL_TYPES),
            and_(Record.type == "partner", Record.id.in_(sorted(self.partner_ids))),
            and_(Record.type == "user", Record.id.in_(sorted(self.user_ids))),
            and_(Record.type.in_(OWNED_TYPES), Record.owner_id == self.user_id),
        ]
        if content:
            clauses.append(and_(Record.type.in_(GROUP_CONTENT_TYPES),
                                Record.group_id.in_(content)))
        if self.facilitator_groups:
            clauses.append(and_(Record.type == "note",
                                Record.group_id.in_(sorted(self.facilitator_groups)),
                                or_(Record.private == false(),
                                    Record.owner_id == self.user_id)))
        if qa:
            clauses.append(and_(Record.type.in_(QA_TYPES), Record.group_id.in_(qa)))
        return or_(*clauses)


def _assigned_groups(session: Session, user_ids: set[str], role: str) -> set[str]:
    if not user_ids:
        return set()
    rows = session.execute(select(Record.group_id, Record.data).where(
        Record.type == "assignment", Record.deleted == false(),
        Record.ref_id.in_(sorted(user_ids)))).all()
    return {row.group_id for row in rows if row.data and row.data.get("role") == role}


class Principal(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def roles(self) -> list[str]: ...
    @property
    def partner_id(self) -> str | None: ...


def _own_groups(session: Session, user: Principal) -> tuple[set[str], set[str]]:
    """The groups the user facilitates, and those whose contents they read as a partner
    lead (assigned, or every group of their partner)."""
    rows = session.execute(select(Record.group_id, Record.data["role"].as_string()).where(
        Record.type == "assignment", Record.deleted == false(),
        Record.ref_id == user.id)).all()
    facilitator = {group for group, role in rows if group and role == "facilitator"}
    lead = {group for group, role in rows if group and role == "partner_lead"}
    if "partner_lead" in user.roles and user.partner_id:
        lead |= set(session.scalars(select(Record.id).where(
            Record.type == "group", Record.deleted == false(),
            Record.ref_id == user.partner_id)))
    return facilitator, lead


def write_scope_for(session: Session, user: Principal) -> Scope:
    """The part of the caller's scope that decides what they may write (the groups whose
    contents they may read, and those they facilitate), in one or two queries. Writes check
    nothing else; ``scope_for`` gives the whole scope."""
    facilitator, lead = _own_groups(session, user)
    return Scope(user_id=user.id, facilitator_groups=frozenset(facilitator),
                 lead_groups=frozenset(lead))


def scope_for(session: Session, user: Principal) -> Scope:
    roles = set(user.roles)
    facilitator, lead = _own_groups(session, user)
    qa: set[str] = set()
    if "qa_lead" in roles:
        facilitators = set(session.scalars(select(QaAssignment.facilitator_id).where(
            QaAssignment.qa_lead_id == user.id)))
        qa = _assigned_groups(session, facilitators, "facilitator")
    visible_groups = facilitator | lead | qa
    partners = set(session.scalars(select(Record.ref_id).where(
        Record.type == "group", Record.id.in_(sorted(visible_groups))))) - {None}
    if user.partner_id:
        partners.add(user.partner_id)
    users = {user.id} | set(session.scalars(select(Record.ref_id).where(
        Record.type == "assignment", Record.deleted == false(),
        Record.group_id.in_(sorted(visible_groups)))))
    leads = session.execute(select(User.id, User.roles).where(
        User.partner_id.in_(sorted(partners)))).all()
    users |= {row.id for row in leads if "partner_lead" in row.roles}
    users |= set(session.scalars(select(QaAssignment.qa_lead_id).where(
        QaAssignment.facilitator_id == user.id)))
    return Scope(user_id=user.id, facilitator_groups=frozenset(facilitator),
                 lead_groups=frozenset(lead), qa_groups=frozenset(qa),
                 partner_ids=frozenset(p for p in partners if p),
                 user_ids=frozenset(u for u in users if u))
