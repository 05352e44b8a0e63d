"""Who may see what, computed per caller on every request; out of scope reads as absent.

- facilitator: the groups they are assigned to as facilitator and everything in them (group,
  events, enrolments, enrolled candidates, attendance, register submissions, walk-ins,
  evaluation summaries, deferrals and withdrawals, what the service reports of each
  candidate's year (participant progress, declarations, the group's impact report), shared
  notes of the group plus their own private notes), the users
  assigned to those groups and the partner leads of their partners, those partners, and all
  reference data (qualifications, intakes, form templates, every local authority's school
  term dates).
- partner lead: every group of their partner, with the same contents, except notes (notes
  are facilitators' working notes: shared ones go to the group's facilitators only).
- QA lead: the groups of the facilitators assigned to them (``qa_assignments``) with their
  events and assignments, and of the people in them only those facilitators (and partner
  leads) as users: a facilitator not in their care is 404 even when they share a group.
  Data minimisation: no candidates, enrolments, attendance, walk-ins, submissions,
  evaluations, progress, declarations, impact reports or notes.
- QA forms (``FORM_TYPES``: placed with ``owner_id`` = author, ``ref_id`` = the facilitator
  the form is about, ``private`` while a draft): a form is visible to whoever it is about or
  whose QA lead is in charge of them (``qa_facilitators``), provided it is submitted or they
  wrote it. So the author sees their drafts; the facilitator sees a visit once signed off;
  a QA lead sees every submitted form about their facilitators, self-assessments included,
  and loses all of it (their own forms too) when the facilitator leaves their care.
  Partner leads see none. ``qa_assignment`` records: their QA lead (owner) and facilitator
  (ref).
- private notes are only ever visible to their author, and only while they facilitate the
  note's group (a facilitator who leaves a group keeps nothing of it, their notes included).
- recruitment (issue 16): applications and partner-profile requests (``PARTNER_LEAD_TYPES``,
  placed with ``ref_id`` = the partner) go to that partner's partner leads only
  (``led_partners``), never to facilitators, QA leads or another partner's lead. Viability
  decisions and their requests are group content (QA leads none); a merge's decision is
  placed in the decided group with ``ref_id`` = the group it merged into, and the receiving
  group's people read it too (``MERGE_TYPES``). Registration windows and the recruitment
  rules are reference data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from protocol.records import FORM_TYPES
from server.models import QaAssignment, Record, User

GLOBAL_TYPES = frozenset({"qualification", "intake", "form_template", "term_dates",
                          "training_status_reasons", "registration_window",
                          "recruitment_rules"})
GROUP_CONTENT_TYPES = frozenset({
    "group", "event", "candidate", "enrolment", "assignment", "attendance",
    "register_submission", "walk_in", "evaluation_summary", "event_date_choice",
    "training_status_request", "training_status",
    # what the service reports of each candidate's year (issue 15): personal data, so QA
    # leads (``QA_TYPES``) see none of it
    "participant_progress", "declaration", "impact_report",
    # a partner lead's decision for a group below its minimum, and the service's (issue 16)
    "viability_decision_request", "viability_decision",
})
# Placed with ``ref_id`` = a partner: read by that partner's partner leads only (issue 16).
PARTNER_LEAD_TYPES = frozenset({"application", "partner_profile_request"})
# Also read by the people of the group named by ``ref_id`` (a merge's receiving group).
MERGE_TYPES = frozenset({"viability_decision"})
QA_TYPES = frozenset({"group", "event", "assignment"})
OWNED_TYPES = FORM_TYPES


@dataclass(frozen=True)
class Scope:
    user_id: str
    facilitator_groups: frozenset[str] = frozenset()
    lead_groups: frozenset[str] = frozenset()
    qa_groups: frozenset[str] = frozenset()
    partner_ids: frozenset[str] = frozenset()
    user_ids: frozenset[str] = field(default_factory=frozenset)
    qa_facilitators: frozenset[str] = frozenset()  # in the caller's care as QA lead
    roles: frozenset[str] = frozenset()
    # the partners whose partner lead the caller is (``partner_ids`` also holds the
    # partners of the groups they facilitate)
    led_partners: frozenset[str] = frozenset()

    @property
    def form_subjects(self) -> frozenset[str]:
        """The facilitators whose QA forms the caller may read: themselves, and those in
        their care as QA lead."""
        return self.qa_facilitators | {self.user_id}

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
            and_(Record.type.in_(OWNED_TYPES), Record.ref_id.in_(sorted(self.form_subjects)),
                 or_(Record.private == false(), Record.owner_id == self.user_id)),
            and_(Record.type == "qa_assignment",
                 or_(Record.owner_id == self.user_id, Record.ref_id == self.user_id)),
        ]
        if self.led_partners:
            clauses.append(and_(Record.type.in_(PARTNER_LEAD_TYPES),
                                Record.ref_id.in_(sorted(self.led_partners))))
        if content:
            clauses.append(and_(Record.type.in_(GROUP_CONTENT_TYPES),
                                Record.group_id.in_(content)))
            clauses.append(and_(Record.type.in_(MERGE_TYPES), Record.ref_id.in_(content)))
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


def led_partners_of(user: Principal) -> frozenset[str]:
    """The partner whose partner lead ``user`` is (none for anyone else)."""
    if "partner_lead" in user.roles and user.partner_id:
        return frozenset({user.partner_id})
    return frozenset()


def qa_facilitators_of(session: Session, user: Principal) -> set[str]:
    """The facilitators in the care of ``user`` as QA lead (none for anyone else)."""
    if "qa_lead" not in user.roles:
        return set()
    return set(session.scalars(select(QaAssignment.facilitator_id).where(
        QaAssignment.qa_lead_id == user.id)))


def write_scope_for(session: Session, user: Principal) -> Scope:
    """The part of the caller's scope that decides what they may write (the groups whose
    contents they may read, those they facilitate, the facilitators in their care as QA
    lead, their roles), in a few queries. Writes check nothing else; ``scope_for`` gives
    the whole scope."""
    facilitator, lead = _own_groups(session, user)
    return Scope(user_id=user.id, facilitator_groups=frozenset(facilitator),
                 lead_groups=frozenset(lead),
                 qa_facilitators=frozenset(qa_facilitators_of(session, user)),
                 roles=frozenset(user.roles), led_partners=led_partners_of(user))


def scope_for(session: Session, user: Principal) -> Scope:
    facilitator, lead = _own_groups(session, user)
    in_care = qa_facilitators_of(session, user)
    qa = _assigned_groups(session, in_care, "facilitator")
    visible_groups = facilitator | lead | qa
    partners = set(session.scalars(select(Record.ref_id).where(
        Record.type == "group", Record.id.in_(sorted(visible_groups))))) - {None}
    if user.partner_id:
        partners.add(user.partner_id)
    # Colleagues: everyone assigned to a group the caller works in; of the groups seen only
    # as QA lead, just the facilitators in their care (and partner leads, below).
    users = {user.id} | in_care | set(session.scalars(select(Record.ref_id).where(
        Record.type == "assignment", Record.deleted == false(),
        Record.group_id.in_(sorted(facilitator | lead)))))
    leads = session.execute(select(User.id, User.roles).where(
        User.partner_id.in_(sorted(partners)))).all()
    users |= {row.id for row in leads if "partner_lead" in row.roles}
    users |= set(session.scalars(select(QaAssignment.qa_lead_id).where(
        QaAssignment.facilitator_id == user.id)))
    return Scope(user_id=user.id, facilitator_groups=frozenset(facilitator),
                 lead_groups=frozenset(lead), qa_groups=frozenset(qa),
                 partner_ids=frozenset(p for p in partners if p),
                 user_ids=frozenset(u for u in users if u),
                 qa_facilitators=frozenset(in_care), roles=frozenset(user.roles),
                 led_partners=led_partners_of(user))
