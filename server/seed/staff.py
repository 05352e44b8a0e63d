"""Demo staff: facilitators (the two demo facilitators first), partner leads, QA leads.

Which facilitators each QA lead looks after is decided once the groups are planned
(``server.seed.qa_care.assign_qa_leads``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from protocol.records import UserData
from server.models import User
from server.seed.names import FAMILY_NAMES, GIVEN_NAMES
from server.seed.reference import PARTNERS
from server.seed.writer import SeedWriter, ascii_slug
from server.store import Placement

FACILITATORS_PER_PARTNER = 3


@dataclass
class Staff:
    facilitators_by_partner: dict[str, list[User]] = field(default_factory=dict)
    leads: dict[str, User] = field(default_factory=dict)
    qa_leads: list[User] = field(default_factory=list)


def _user(session: Session, writer: SeedWriter, *, username: str, name: str, roles: list[str],
          partner_id: str | None, password_hash: str) -> User:
    user = User(id=writer.uid(), username=username, name=name, password_hash=password_hash,
                roles=roles, partner_id=partner_id, active=True)
    session.add(user)
    writer.add("user", user.id, UserData(name=name, roles=roles, partner_id=partner_id),
               Placement(ref_id=partner_id))
    return user


def _unique_name(writer: SeedWriter, taken: set[str]) -> str:
    while True:
        name = f"{writer.rng.choice(GIVEN_NAMES)} {writer.rng.choice(FAMILY_NAMES)}"
        if name not in taken:
            taken.add(name)
            return name


def make_staff(session: Session, writer: SeedWriter, partner_ids: dict[str, str],
               password_hash: str) -> Staff:
    staff = Staff()
    taken = {"Siân Hughes", "Oluwaseun Adeyemi"} | {p.lead_name for p in PARTNERS}
    for index, partner in enumerate(PARTNERS):
        partner_id = partner_ids[partner.slug]
        people: list[User] = []
        if index == 0:
            people.append(_user(session, writer, username="facilitator", name="Siân Hughes",
                                roles=["facilitator"], partner_id=partner_id,
                                password_hash=password_hash))
            people.append(_user(session, writer, username="cofacilitator",
                                name="Oluwaseun Adeyemi", roles=["facilitator"],
                                partner_id=partner_id, password_hash=password_hash))
        while len(people) < FACILITATORS_PER_PARTNER:
            name = _unique_name(writer, taken)
            username = ".".join(ascii_slug(part) for part in name.split(" ", 1))
            people.append(_user(session, writer, username=username, name=name,
                                roles=["facilitator"], partner_id=partner_id,
                                password_hash=password_hash))
        staff.facilitators_by_partner[partner.slug] = people
        username = "partner" if index == 0 else f"lead.{partner.slug}"
        staff.leads[partner.slug] = _user(session, writer, username=username,
                                          name=partner.lead_name, roles=["partner_lead"],
                                          partner_id=partner_id, password_hash=password_hash)
    staff.qa_leads = [
        _user(session, writer, username="qa", name="Ciarán Ó Briain", roles=["qa_lead"],
              partner_id=None, password_hash=password_hash),
        _user(session, writer, username="qa2", name="Thanh Nguyễn", roles=["qa_lead"],
              partner_id=None, password_hash=password_hash),
    ]
    session.flush()
    return staff
