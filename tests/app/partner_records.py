"""A partner lead's laptop for the partner page and decision tests: a real store filled the
way pulled data lands (``apply_page``), with a partner, its intakes and groups, the
registration windows and the recruitment rules."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from app.clock import shared_clock
from app.domain import Identity
from app.identity import set_identity
from app.store import Store
from app.store.apply import PulledChange, apply_page
from protocol.records import recruitment_rules_id, registration_window_id, viability_decision_id

TODAY = dt.date(2026, 11, 23)
LEAD = "22222222-2222-4222-8222-222222222222"
URL = "https://apply.example.org/npq"


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Laptop:
    store: Store
    partner_id: str = field(default_factory=new_id)
    other_partner_id: str = field(default_factory=new_id)
    intakes: dict[str, str] = field(default_factory=dict)  # "autumn26" -> id
    groups: dict[str, str] = field(default_factory=dict)  # code -> id
    cursor: int = 0

    def pull(self, type_: str, id_: str, deleted: bool = False, **data: Any) -> None:
        self.cursor += 1
        apply_page(self.store, [PulledChange(type=type_, id=id_, deleted=deleted, data=data)],
                   f"cursor-{self.cursor}", shared_clock(self.store))

    def group(self, code: str, qualification: str, intake: str, enrolled: int, *,
              partner: str | None = None, **extra: Any) -> str:
        group_id = self.groups.setdefault(code, new_id())
        self.pull("group", group_id, code=code, qualification_code=qualification,
                  partner_id=partner or self.partner_id, intake_id=self.intakes[intake],
                  venue_name="Leeds Hub", **extra)
        for n in range(enrolled):
            candidate = new_id()
            self.pull("candidate", candidate, given_name=f"Person{n}", family_name=code,
                      school="Some School")
            self.pull("enrolment", new_id(), group_id=group_id, candidate_id=candidate,
                      enrolled_on="2026-09-01", register_order=n)
        return group_id

    def decision(self, group_code: str, kind: str, **data: Any) -> None:
        group_id = self.groups[group_code]
        self.pull("viability_decision", viability_decision_id(group_id), group_id=group_id,
                  kind=kind, decided_at="2026-11-24T10:00:00Z", **data)


def lead_laptop(store: Store, *, roles: tuple[str, ...] = ("partner_lead",),
                rules: bool = True) -> Laptop:
    laptop = Laptop(store)
    set_identity(store, Identity(LEAD, "Priya Shah", roles, "partner", "http://x", "dev"))
    laptop.pull("user", LEAD, name="Priya Shah", roles=list(roles), partner_id=laptop.partner_id)
    laptop.pull("partner", laptop.partner_id, name="Oakfield Learning Partnership",
                kind="trust", allocation_code="OLP-YH-0142", region="Yorkshire",
                overview="We are a trust of 14 schools.",
                contacts=[{"name": "Priya Shah", "role": "NPQ lead",
                           "email": "priya@oakfield.example", "phone": "0113 496 0000"}],
                venues=[{"name": "Leeds Hub", "address": "1 Park Row\nLeeds"}],
                mou_signed_on="2024-09-03", mou_renewal_due="2027-01-03")
    laptop.pull("partner", laptop.other_partner_id, name="Elsewhere Trust", kind="trust",
                allocation_code="ET-0001", region="London")
    for key, term, year, deadline, opens in (
            ("autumn26", "autumn", 2026, "2026-09-12", "2026-05-01"),
            ("spring27", "spring", 2027, "2027-01-16", "2026-09-13"),
            ("autumn27", "autumn", 2027, "2027-09-10", "2027-01-17")):
        intake_id = laptop.intakes.setdefault(key, new_id())
        laptop.pull("intake", intake_id, term=term, year=year, registration_deadline=deadline,
                    label=f"{term.title()} {year}")
        laptop.pull("registration_window", registration_window_id(intake_id),
                    intake_id=intake_id, opens_on=opens, closes_on=deadline)
    for code, title in (("NPQSL", "NPQ for Senior Leadership"),
                        ("NPQML", "NPQ for Middle Leadership"), ("NPQH", "NPQ for Headship")):
        laptop.pull("qualification", new_id(), code=code, title=title,
                    course_fee_pence=100_000, coaching_included=False)
    if rules:
        laptop.pull("recruitment_rules", recruitment_rules_id(), min_group_size=12,
                    application_url=URL)
    return laptop
