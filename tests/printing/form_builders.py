"""FormViews built by hand for the PDF tests: a template shaped like the real ones (seven
competencies rated on four levels with evidence notes, then free text, yes/no and date
questions) and answers that are easy to find again in the extracted text."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from app.forms.views import FormView, TemplateView
from protocol.records import Answer, FormKind, RatingLevel, TemplateQuestion, TemplateSection

UPDATED = "2026-11-12T16:40:00Z"
FACILITATOR = "Siân Hughes"
QA_LEAD = "Ciarán Ó Briain"
SIGNED_OFF_AT = dt.datetime(2026, 11, 12, 15, 5, tzinfo=dt.UTC)  # Thursday 12 November 2026
EVENT_LABEL = "NPQSL-AUT26-LEEDS-1 · Session 1 · Thu 12 Nov 2026"
LEVELS = ("Emerging", "Developing", "Secure", "Exemplary")

COMPETENCIES: list[tuple[str, str, tuple[str, str, str, str]]] = [
    ("drawing_out", "Drawing out existing knowledge and moving candidates on", (
        "Presents content as new; candidates' experience is seldom asked for.",
        "Asks about candidates' experience, but the session then runs on regardless.",
        "Elicits candidates' experience and connects it to the evidence, so they can say "
        "how their thinking has moved.",
        "Adapts the route through the material to where each candidate starts, and "
        "candidates name the shift in their own practice.")),
    ("listening", "Listening far more than telling", (
        "Facilitator talk dominates; questions are answered by the facilitator.",
        "Talk is reduced in places, but explanation fills most silences.",
        "Talk is brief and purposeful; summarises what is said and hands questions back "
        "to the group.",
        "Candidates do most of the talking and thinking; the facilitator's interventions "
        "are few, well timed and sharpen the discussion.")),
    ("group_dynamics", "Managing group dynamics", (
        "A few voices dominate; quieter candidates are not drawn in.",
        "Notices imbalances in participation but responds inconsistently.",
        "Uses groupings, roles and turn-taking so all contribute; handles dominant voices "
        "tactfully.",
        "Reads the room continuously and shapes the group so candidates learn from one "
        "another across phases and contexts.")),
    ("pace", "Pace and timing", (
        "Activities overrun or are rushed; key content is missed.",
        "Mostly keeps to the plan, at the cost of cutting productive discussion.",
        "Keeps to time while adapting sensibly, so all key content is covered.",
        "Pace is varied deliberately to the group's needs; transitions are seamless.")),
    ("questioning", "Questioning and challenge", (
        "Questions are mainly closed or rhetorical.",
        "Some open questions; follow-up is limited and assumptions go unchallenged.",
        "Asks probing follow-up questions and challenges assumptions respectfully, "
        "drawing on the evidence base.",
        "Builds a culture of challenge in which candidates question each other and the "
        "evidence confidently.")),
    ("practice", "Linking to school leadership practice", (
        "Ideas stay abstract; links to candidates' schools are rare.",
        "Links are made by the facilitator rather than by candidates.",
        "Regularly asks candidates to apply ideas to a real priority in their school.",
        "Candidates leave with specific, evidence-informed next steps for their school "
        "that they have tested with peers.")),
    ("safe_environment", "Creating a safe learning environment", (
        "Ground rules are absent; candidates are guarded.",
        "Ground rules are set but not modelled or revisited.",
        "Establishes and models ground rules and confidentiality; candidates share real "
        "challenges and disagree respectfully.",
        "Candidates take risks, admit uncertainty and support each other's learning; "
        "trust is evident throughout.")),
]


def _question(qid: str, kind: str, label: str, **extra: Any) -> TemplateQuestion:
    return TemplateQuestion(updated_at=UPDATED, id=qid, kind=kind, label=label, **extra)


def competency_section(*, evidence_label: str = "Evidence") -> TemplateSection:
    questions: list[TemplateQuestion] = []
    for key, title, descriptors in COMPETENCIES:
        levels = [RatingLevel(updated_at=UPDATED, value=value, label=label,
                              descriptor=descriptor)
                  for value, (label, descriptor) in enumerate(zip(LEVELS, descriptors,
                                                                  strict=True), start=1)]
        questions.append(_question(f"rating_{key}", "rating", title, levels=levels,
                                   required=True, competency=key))
        questions.append(_question(f"evidence_{key}", "text", f"{evidence_label}: {title}",
                                   competency=key))
    return TemplateSection(updated_at=UPDATED, id="competencies",
                           title="Facilitator competencies",
                           intro="Each competency rated on the four-level scale, with the "
                                 "evidence seen.", questions=questions)


def template(kind: FormKind = "qa_visit", *, version: int = 2) -> TemplateView:
    """A template of ``kind`` shaped like the real ones."""
    if kind == "coaching_conversation":
        sections = [TemplateSection(updated_at=UPDATED, id="conversation", title="Conversation",
                                    questions=[
                                        _question("notes", "text", "Notes", required=True),
                                        _question("agreed_actions", "text", "Agreed actions"),
                                        _question("follow_up_on", "date", "Follow-up date")])]
        return TemplateView(id=f"tpl-{kind}", key=kind, kind=kind, version=version,
                            title="Coaching conversation", sections=tuple(sections))
    evidence = "Reflection" if kind == "self_assessment" else "Evidence"
    sections = [competency_section(evidence_label=evidence),
                TemplateSection(updated_at=UPDATED, id="development",
                                title="Strengths and development", questions=[
                                    _question("strengths", "text", "Strengths"),
                                    _question("areas", "text", "Areas for development"),
                                    _question("agreed_actions", "text", "Agreed actions")]),
                TemplateSection(updated_at=UPDATED, id="overall", title="Overall", questions=[
                    _question("delivered_as_planned", "yes_no",
                              "Was the session delivered as planned?"),
                    _question("overall", "text", "Overall judgement", required=True),
                    _question("next_visit_on", "date", "Next visit agreed for")])]
    title = {"qa_visit": "QA visit record", "self_assessment": "Facilitator self-assessment"}
    return TemplateView(id=f"tpl-{kind}", key=kind, kind=kind, version=version,
                        title=title[kind], sections=tuple(sections))


def every_answer(view_template: TemplateView) -> dict[str, Answer]:
    """An answer to every question: ratings cycling 1-4, texts naming their question."""
    answers: dict[str, Answer] = {}
    for section in view_template.sections:
        for index, question in enumerate(section.questions):
            if question.kind == "rating":
                answers[question.id] = 1 + (index // 2) % 4
            elif question.kind == "yes_no":
                answers[question.id] = False
            elif question.kind == "date":
                answers[question.id] = "2027-01-14"
            else:
                answers[question.id] = (f"Answer for {question.id}: the group talked about "
                                        f"curriculum sequencing in their own schools.")
    return answers


def form_view(kind: FormKind = "qa_visit", *, status: str = "submitted",
              answers: dict[str, Answer] | None = None, **changes: Any) -> FormView:
    """A form of ``kind`` about Siân Hughes by Ciarán Ó Briain, every question answered
    unless ``answers`` says otherwise; ``changes`` override any FormView field."""
    tpl = template(kind)
    submitted = status == "submitted"
    view = FormView(
        id=f"form-{kind}", kind=kind, template=tpl, facilitator_id="u-sian",
        facilitator_name=FACILITATOR, author_id="u-ciaran", author_name=QA_LEAD,
        status=status, answers=every_answer(tpl) if answers is None else answers,
        revision=1, supersedes=None,
        created_at=dt.datetime(2026, 11, 12, 9, 30, tzinfo=dt.UTC),
        updated_at=dt.datetime(2026, 11, 12, 15, 4, tzinfo=dt.UTC),
        submitted_at=SIGNED_OFF_AT if submitted else None, editable=not submitted,
        newer_template=None, sync_state="synced")
    if kind == "qa_visit":
        view = dataclasses.replace(view, event_id="ev-1", event_label=EVENT_LABEL,
                                   mode="co_facilitated")
    elif kind == "coaching_conversation":
        view = dataclasses.replace(view, stage="pre_visit", visit_id="form-qa_visit",
                                   held_on=dt.date(2026, 11, 5), duration_minutes=30)
    else:
        view = dataclasses.replace(view, author_id="u-sian", author_name=FACILITATOR,
                                   academic_year="2026/27")
    return dataclasses.replace(view, **changes)


def all_questions(view: FormView) -> list[TemplateQuestion]:
    return [q for section in view.template.sections for q in section.questions]


def sample_answers() -> dict[str, Answer]:
    """What a QA lead might really write after a first session (for the sample page and
    for text that needs escaping: apostrophes, ampersands, angle brackets, line breaks)."""
    evidence = {
        "drawing_out": "Opened with \"What does a good curriculum conversation sound like "
                       "in your school?\" and built the sequencing activity from the answers.",
        "listening": "Facilitator talk was about a quarter of the morning; handed most "
                     "questions back to the group (\"What would you say to that, Amara?\").",
        "group_dynamics": "Mixed primary & secondary trios worked well; two quieter "
                          "candidates were drawn in during the case study.",
        "pace": "Ran ten minutes over before lunch; the final activity was shortened "
                "rather than the plenary.",
        "questioning": "Good follow-ups, e.g. \"How do you know?\" — challenge to the "
                       "<attainment gap> claim could have gone further.",
        "practice": "Every candidate named one curriculum priority for their own school "
                    "and left with a next step.",
        "safe_environment": "Ground rules agreed and revisited after lunch; candidates "
                            "shared real difficulties with middle leaders.",
    }
    ratings = {"drawing_out": 3, "listening": 3, "group_dynamics": 4, "pace": 2,
               "questioning": 3, "practice": 3, "safe_environment": 4}
    answers: dict[str, Answer] = {}
    for key, _title, _descriptors in COMPETENCIES:
        answers[f"rating_{key}"] = ratings[key]
        answers[f"evidence_{key}"] = evidence[key]
    answers |= {
        "strengths": "A calm, warm start that set the tone for the day.\n\nThe case study "
                     "discussion was the strongest part: candidates did the thinking.",
        "areas": "Protect time for the final activity: plan where to cut if a discussion "
                 "runs long.\nPush one step further when a candidate makes a claim about data.",
        "agreed_actions": "1. Mark two optional activities in the plan for session 2.\n"
                          "2. Observe Róisín Ní Bhriain's session 2 in Halifax.",
        "delivered_as_planned": True,
        "overall": "Secure, with exemplary practice in creating a safe environment.",
        "next_visit_on": "2027-01-14",
    }
    return answers
