"""A lived-in QA history for the demo: most facilitators whose first session has passed
went through their cycle, some with gaps, so a QA lead's workspace shows a believable mix
(done, a draft, something overdue) rather than a wall of red.

Which pattern a facilitator gets depends only on their place in the list, and every id is
derived from names: no random numbers are drawn, so the rest of the demo data is unchanged.
"""

from __future__ import annotations

import datetime as dt

from protocol.records import (
    CoachingConversationData,
    FormTemplateData,
    QaVisitData,
    SelfAssessmentData,
)
from server.models import User
from server.seed.groups import GroupPlan, weekday_on_or_near
from server.seed.qa_care import first_session
from server.seed.qa_forms import VISIT_RATINGS, add_form, at, form, form_id, visit_answers
from server.seed.reference import PARTNERS
from server.seed.staff import Staff
from server.seed.writer import SeedWriter

# What each facilitator has done, by their place in the list (cycled).
PATTERNS: tuple[frozenset[str], ...] = (
    frozenset({"pre", "visit", "post", "self"}),
    frozenset({"pre", "visit", "post"}),
    frozenset({"pre", "visit", "post_draft"}),
    frozenset({"pre", "visit", "post", "self"}),
    frozenset({"pre"}),  # the visit was missed: it shows overdue
    frozenset({"pre", "visit", "self"}),
)
FOCUS = (
    "Keeping the morning to time while leaving room for the group's own questions.",
    "Drawing out what experienced leaders already know before introducing the evidence.",
    "Managing a large group with very different school contexts.",
)
POST_NOTES = (
    "Reflected on the visit together. The agreed actions feel manageable; the timer worked.",
    "Talked through the overall judgement and the evidence; agreed to revisit questioning "
    "at the next session.",
)
REFLECTIONS = {
    "drawing_out_knowledge": "I start from the group's own examples more than last year.",
    "pace_and_timing": "I still overrun in the afternoon when discussion is good.",
    "questioning_and_challenge": "I want to push harder on 'how do you know?'.",
}


def _self_answers(shift: int) -> dict[str, object]:
    answers: dict[str, object] = {}
    for index, competency in enumerate(VISIT_RATINGS):
        answers[f"{competency}_rating"] = 2 + (index + shift) % 3
        if competency in REFLECTIONS:
            answers[f"{competency}_reflection"] = REFLECTIONS[competency]
    return answers | {
        "strengths": "Building a safe, open climate; linking the content to school priorities.",
        "development_priorities": "Less talking from the front; sharper questioning.",
    }


def seed_history(w: SeedWriter, staff: Staff, plans: list[GroupPlan], today: dt.date,
                 care: dict[str, User], templates: dict[str, FormTemplateData], *,
                 skip: set[str]) -> None:
    people = [f for p in PARTNERS for f in staff.facilitators_by_partner[p.slug]
              if f.id not in skip]
    for index, facilitator in enumerate(people):
        first = first_session(plans, facilitator)
        if first is None or first[1] >= today:
            continue
        _cycle(w, templates, facilitator, care[facilitator.id], first, today,
               PATTERNS[index % len(PATTERNS)], index)


def _cycle(w: SeedWriter, templates: dict[str, FormTemplateData], facilitator: User,
           lead: User, first: tuple[str, dt.date], today: dt.date, done: frozenset[str],
           shift: int) -> None:
    event_id, day = first
    visit_id = form_id(f"qa_visit:{facilitator.id}")
    talk = templates["coaching_conversation"]
    if "pre" in done:
        before = weekday_on_or_near(day - dt.timedelta(days=6))
        held = at(before, 16, 0)
        data = CoachingConversationData.model_validate(form(
            talk, facilitator, lead, status="submitted", answers={
                "focus": FOCUS[shift % len(FOCUS)],
                "notes": "Went through the session plan together; agreed what the visit "
                         "will look at.",
                "agreed_actions": "Share the session plan two days before; mark where the "
                                  "group does the talking."},
            created=held, saved=held, submitted=held[0])
            | {"stage": "pre_visit", "held_on": before.isoformat(),
               "visit_id": visit_id if "visit" in done else None})
        add_form(w, "coaching_conversation", form_id(f"pre_visit:{facilitator.id}"), data,
                 talk, event_id)
    if "visit" in done:
        signed = at(day, 16, 30)
        visit = QaVisitData.model_validate(form(
            templates["qa_visit"], facilitator, lead, status="submitted",
            answers=visit_answers(shift) | {"overall_judgement": 2 + shift % 3},
            created=at(day, 9, 10), saved=signed, submitted=signed[0])
            | {"event_id": event_id, "mode": ("observed", "co_facilitated")[shift % 2]})
        add_form(w, "qa_visit", visit_id, visit, templates["qa_visit"], event_id)
    after = weekday_on_or_near(day + dt.timedelta(days=12))
    if after < today and ({"post", "post_draft"} & done):
        held = at(after, 17, 0)
        submitted = "post" in done
        data = CoachingConversationData.model_validate(form(
            talk, facilitator, lead, status="submitted" if submitted else "draft",
            answers={"notes": POST_NOTES[shift % len(POST_NOTES)]} | (
                {"agreed_actions": "Try the agreed changes at the next session; "
                                   "short check-in by phone afterwards."}
                if submitted else {}),
            created=held, saved=held, submitted=held[0] if submitted else None)
            | {"stage": "post_visit", "held_on": after.isoformat(), "visit_id": visit_id})
        add_form(w, "coaching_conversation", form_id(f"post_visit:{facilitator.id}"), data,
                 talk, event_id)
    if "self" in done:
        written = at(min(today - dt.timedelta(days=2), day + dt.timedelta(days=20)), 19, 30)
        year = day.year if day.month >= 9 else day.year - 1
        assessment = SelfAssessmentData.model_validate(form(
            templates["self_assessment"], facilitator, facilitator, status="submitted",
            answers=_self_answers(shift), created=written, saved=written,
            submitted=written[0]) | {"academic_year": f"{year}/{(year + 1) % 100:02d}"})
        add_form(w, "self_assessment", form_id(f"self_assessment:{facilitator.id}:{year}"),
                 assessment, templates["self_assessment"], None)
