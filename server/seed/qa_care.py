"""Which facilitators each demo QA lead looks after.

The first half of the partners go to Ciarán Ó Briain (``qa``), the rest to Thanh Nguyễn
(``qa2``), except that a facilitator whose first session is still to come (new with the
spring intake) goes to Ciarán, so the demo QA lead has a first session to plan for.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from server.models import QaAssignment, User
from server.seed.groups import GroupPlan
from server.seed.reference import PARTNERS
from server.seed.staff import Staff
from server.seed.writer import SeedWriter
from server.services import qa_care


def first_session(plans: list[GroupPlan], facilitator: User) -> tuple[str, dt.date] | None:
    """(event id, date) of the facilitator's earliest dated event, if any."""
    dated = [(event.date, event.id) for plan in plans if facilitator in plan.facilitators
             for event in plan.events if event.date is not None]
    if not dated:
        return None
    day, event_id = min(dated)
    return event_id, day


def assign_qa_leads(session: Session, w: SeedWriter, staff: Staff, plans: list[GroupPlan],
                    today: dt.date) -> dict[str, User]:
    """Facilitator id -> their QA lead; the ``qa_assignments`` rows and their records."""
    half = len(PARTNERS) // 2
    care: dict[str, User] = {}
    for index, partner in enumerate(PARTNERS):
        for facilitator in staff.facilitators_by_partner[partner.slug]:
            first = first_session(plans, facilitator)
            new = first is not None and first[1] > today
            lead = staff.qa_leads[0 if index < half or new else 1]
            care[facilitator.id] = lead
            session.add(QaAssignment(facilitator_id=facilitator.id, qa_lead_id=lead.id))
            w.add("qa_assignment", qa_care.record_id(lead.id, facilitator.id),
                  qa_care.data(lead.id, facilitator.id),
                  qa_care.placement(lead.id, facilitator.id))
    session.flush()
    return care
