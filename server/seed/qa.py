"""QA forms in the demo: the templates (version 1 of each family) and a little history.

The demo QA lead Ciarán Ó Briain (``qa``) has, for the demo facilitator Siân Hughes, a
submitted pre-visit coaching conversation and a QA visit of her first (past) session that
he signed off, and no post-visit conversation yet (so his workspace shows it due); for one
other facilitator in his care he has a visit started as a draft on the server. Everyone
else has nothing yet. Ids are derived from names (no random numbers drawn), so the rest of
the demo data is the same with or without these records.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from server.form_answers import answer_problems
from server.forms_catalogue import SHIPPED_AT, shipped_templates
from server.models import Record, User
from server.seed.groups import GroupPlan, weekday_on_or_near
from server.seed.staff import Staff
from server.seed.writer import SeedWriter
from server.store import Placement
from sync.hlc import Stamp
from sync.records import (
    NPQ_NAMESPACE,
    CoachingConversationData,
    FormData,
    FormTemplateData,
    QaVisitData,
    form_template_id,
)

SEED_DEVICE = "seed"


def _id(name: str) -> str:
    return str(uuid.uuid5(NPQ_NAMESPACE, f"demo:{name}"))


def _at(day: dt.date, hour: int, minute: int) -> tuple[str, str]:
    """(ISO instant, hlc stamp) for a time of day, UTC."""
    moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)
    stamp = Stamp(int(moment.timestamp() * 1000), 0, SEED_DEVICE)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), str(stamp)


def _first_session(plans: list[GroupPlan], facilitator: User) -> tuple[str, dt.date] | None:
    dated = [(event.date, event.id) for plan in plans if facilitator in plan.facilitators
             for event in plan.events if event.date is not None]
    if not dated:
        return None
    day, event_id = min(dated)
    return event_id, day


VISIT_RATINGS = {
    "drawing_out_knowledge": (3, "Opened the case study by asking each table what they had "
                                 "tried in their own schools; built the model from their "
                                 "examples."),
    "listening_more_than_telling": (2, "Talked for most of the first hour; after the break "
                                       "handed questions back to the group far more."),
    "group_dynamics": (3, "Moved two candidates so the Year 6 leads were not all together; "
                          "drew in the quieter table with named roles."),
    "pace_and_timing": (2, "The morning overran by 20 minutes and the final reflection was "
                           "rushed."),
    "questioning_and_challenge": (3, "Good follow-up questions (\"what would that look like "
                                     "on a Monday morning?\")."),
    "linking_to_practice": (3, "Every activity ended with a link to the candidates' own "
                               "improvement priority."),
    "safe_learning_environment": (4, "Ground rules agreed and revisited; candidates were "
                                     "candid about a difficult staffing situation."),
}


def _visit_answers() -> dict[str, object]:
    answers: dict[str, object] = {}
    for competency, (rating, evidence) in VISIT_RATINGS.items():
        answers[f"{competency}_rating"] = rating
        answers[f"{competency}_evidence"] = evidence
    return answers | {
        "strengths": "A warm, safe climate from the first minute; candidates' own school "
                     "examples are used well to build the content.",
        "areas_for_development": "Less facilitator talk in the first hour; protect the time "
                                 "for the closing reflection.",
        "agreed_actions": "Plan two points in the morning where the group answers its own "
                          "questions; set a visible timer for the case study.",
        "overall_judgement": 3,
        "discussed_with_facilitator": True,
    }


def _form(template: FormTemplateData, facilitator: User, author: User, *, status: str,
          answers: dict[str, object], created: tuple[str, str], saved: tuple[str, str],
          submitted: str | None = None) -> dict[str, object]:
    return {
        "template_id": form_template_id(template.key, template.version),
        "template_version": template.version, "facilitator_id": facilitator.id,
        "author_id": author.id, "status": status, "answers": answers,
        "created_at": created[0], "updated_at": saved[0], "submitted_at": submitted,
        "hlc": saved[1]}


def _add(w: SeedWriter, kind: str, id_: str, form: FormData,
         template: FormTemplateData, event_id: str | None) -> None:
    problems = answer_problems(template, form.answers)
    assert not problems, problems  # the demo data fits its own templates
    w.add(kind, id_, form, Placement(event_id=event_id, owner_id=form.author_id,
                                     ref_id=form.facilitator_id,
                                     private=form.status == "draft"))


def seed_qa(w: SeedWriter, staff: Staff, plans: list[GroupPlan], today: dt.date) -> None:
    templates = dict(shipped_templates(published_at=SHIPPED_AT))
    held = set(w.session.scalars(select(Record.id).where(Record.type == "form_template")))
    for template_id, template in templates.items():
        if template_id not in held:  # a migrated database has them (migration 0004)
            w.add("form_template", template_id, template)
    by_key = {t.key: t for t in templates.values()}
    visit_template = by_key["qa_visit"]
    qa, siân = staff.qa_leads[0], staff.facilitators_by_partner["pennine"][0]
    first = _first_session(plans, siân)
    if first is not None and first[1] < today:
        event_id, day = first
        visit_id, talk_id = _id(f"qa_visit:{siân.id}"), _id(f"pre_visit:{siân.id}")
        before = weekday_on_or_near(day - dt.timedelta(days=7))
        signed = _at(day, 16, 45)
        visit = QaVisitData.model_validate(_form(
            visit_template, siân, qa, status="submitted", answers=_visit_answers(),
            created=_at(day, 9, 5), saved=signed, submitted=signed[0])
            | {"event_id": event_id, "mode": "observed"})
        _add(w, "qa_visit", visit_id, visit, visit_template, event_id)
        held = _at(before, 15, 30)
        talk = CoachingConversationData.model_validate(_form(
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
        _add(w, "coaching_conversation", talk_id, talk, by_key["coaching_conversation"],
             event_id)
    other = staff.facilitators_by_partner["severnvale"][0]
    session = _first_session(plans, other)
    if session is not None:
        event_id, day = session
        started = _at(min(day, today - dt.timedelta(days=1)), 10, 20)
        draft = QaVisitData.model_validate(_form(
            visit_template, other, qa, status="draft", answers={
                "drawing_out_knowledge_rating": 2,
                "drawing_out_knowledge_evidence": "Asked for examples but moved on "
                                                  "before using them.",
                "pace_and_timing_rating": 3},
            created=started, saved=started) | {"event_id": event_id, "mode": "co_facilitated"})
        _add(w, "qa_visit", _id(f"qa_visit:{other.id}"), draft, visit_template, event_id)
