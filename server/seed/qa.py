"""QA forms in the demo: the templates (version 1 of each family) and a little history.

The demo QA lead Ciarán Ó Briain (``qa``) has, for the demo facilitator Siân Hughes, a
submitted pre-visit coaching conversation and a QA visit of her first (past) session that
he signed off, and no post-visit conversation yet (so his workspace shows it due); for one
other facilitator in his care he has a visit started as a draft on the server. The other
facilitators whose first session has passed have a history of their own
(``server.seed.qa_history``). Ids are derived from names (no random numbers drawn), so the rest of
the demo data is the same with or without these records.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from protocol.records import CoachingConversationData, QaVisitData
from server.forms_catalogue import SHIPPED_AT, shipped_templates
from server.models import Record, User
from server.seed.groups import GroupPlan, weekday_on_or_near
from server.seed.qa_care import first_session
from server.seed.qa_forms import add_form, at, form, form_id, visit_answers
from server.seed.qa_history import seed_history
from server.seed.staff import Staff
from server.seed.writer import SeedWriter


def seed_qa(w: SeedWriter, staff: Staff, plans: list[GroupPlan], today: dt.date,
            care: dict[str, User]) -> None:
    templates = dict(shipped_templates(published_at=SHIPPED_AT))
    shipped = set(w.session.scalars(select(Record.id).where(Record.type == "form_template")))
    for template_id, template in templates.items():
        if template_id not in shipped:  # a migrated database has them (migration 0004)
            w.add("form_template", template_id, template)
    by_key = {t.key: t for t in templates.values()}
    visit_template = by_key["qa_visit"]
    qa, siân = staff.qa_leads[0], staff.facilitators_by_partner["pennine"][0]
    first = first_session(plans, siân)
    if first is not None and first[1] < today:
        event_id, day = first
        visit_id, talk_id = form_id(f"qa_visit:{siân.id}"), form_id(f"pre_visit:{siân.id}")
        before = weekday_on_or_near(day - dt.timedelta(days=7))
        signed = at(day, 16, 45)
        visit = QaVisitData.model_validate(form(
            visit_template, siân, qa, status="submitted", answers=visit_answers(),
            created=at(day, 9, 5), saved=signed, submitted=signed[0])
            | {"event_id": event_id, "mode": "observed"})
        add_form(w, "qa_visit", visit_id, visit, visit_template, event_id)
        held = at(before, 15, 30)
        talk = CoachingConversationData.model_validate(form(
            by_key["coaching_conversation"], siân, qa, status="submitted", answers={
                "focus": "Siân would like feedback on her questioning and on keeping the "
                         "morning to time.",
                "notes": "Talked through the session plan and the case study. Siân is "
                         "confident with the content and anxious about managing a large "
                         "group of experienced middle leaders.",
                "agreed_actions": "Siân to mark two points in the plan where the group "
                                  "answers its own questions; Ciarán to observe, not "
                                  "co-facilitate.",
                "next_conversation_on": (day + dt.timedelta(days=7)).isoformat()},
            created=held, saved=held, submitted=held[0])
            | {"stage": "pre_visit", "visit_id": visit_id, "held_on": before.isoformat()})
        add_form(w, "coaching_conversation", talk_id, talk, by_key["coaching_conversation"],
             event_id)
    other = staff.facilitators_by_partner["severnvale"][0]
    session = first_session(plans, other)
    if session is not None:
        event_id, day = session
        started = at(min(day, today - dt.timedelta(days=1)), 10, 20)
        draft = QaVisitData.model_validate(form(
            visit_template, other, qa, status="draft", answers={
                "drawing_out_knowledge_rating": 2,
                "drawing_out_knowledge_evidence": "Asked for examples but moved on "
                                                  "before using them.",
                "pace_and_timing_rating": 3},
            created=started, saved=started) | {"event_id": event_id, "mode": "co_facilitated"})
        add_form(w, "qa_visit", form_id(f"qa_visit:{other.id}"), draft, visit_template, event_id)
    # The demo co-facilitator (Oluwaseun Adeyemi) keeps a clean slate: a QA lead trying the
    # demo starts their cycle from nothing.
    colleague = staff.facilitators_by_partner["pennine"][1]
    seed_history(w, staff, plans, today, care, by_key, skip={siân.id, other.id, colleague.id})
