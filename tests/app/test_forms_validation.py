"""The pure checks behind submit, on the shipped templates (resources/forms, built as the
server builds them): problems in form order, header first, with messages naming the field."""

from __future__ import annotations

import pytest

from app.forms.validation import answer_problem, problems
from app.forms.views import TemplateView
from server.forms_catalogue import shipped_templates


@pytest.fixture(scope="module")
def shipped() -> dict[str, TemplateView]:
    return {t.kind: TemplateView(id=i, key=t.key, kind=t.kind, version=t.version,
                                 title=t.title, sections=tuple(t.sections))
            for i, t in shipped_templates(published_at="2026-08-01T09:00:00Z")}


def _required(template: TemplateView) -> list[str]:
    return [q.id for s in template.sections for q in s.questions if q.required]


def test_an_empty_visit_lists_the_header_then_every_required_question_in_order(
        shipped: dict[str, TemplateView]) -> None:
    visit = shipped["qa_visit"]
    found = problems(visit, {}, {})
    assert [p.question_id for p in found] == ["event_id", "mode", *_required(visit)]
    by_id = {p.question_id: p for p in found}
    assert by_id["overall_judgement"].message == "Overall judgement is required."
    assert by_id["agreed_actions"].message == "Agreed actions is required."
    assert by_id["mode"].message == "Co-facilitated or observed is required."
    assert all(p.message.startswith(p.label.rstrip("?")) for p in found)


def test_a_complete_visit_has_no_problems_and_wrong_answers_are_named(
        shipped: dict[str, TemplateView]) -> None:
    visit = shipped["qa_visit"]
    questions = {q.id: q for s in visit.sections for q in s.questions}
    answers = {qid: (3 if questions[qid].kind == "rating" else "Seen.")
               for qid in _required(visit)}
    header = {"event_id": "e-1", "mode": "observed"}
    assert problems(visit, header, answers) == []
    wrong = answers | {"overall_judgement": 5, "discussed_with_facilitator": "yes"}
    assert [(p.question_id, p.message) for p in problems(visit, header, wrong)] == [
        ("overall_judgement", "Overall judgement: choose one of the levels 1, 2, 3 or 4."),
        ("discussed_with_facilitator", "Discussed with the facilitator: answer yes or no."),
    ]
    assert problems(visit, header | {"mode": "watched"}, answers)[0].message == (
        "Co-facilitated or observed: choose co-facilitated or observed.")


def test_a_conversation_needs_its_date_and_a_duration_of_5_to_240_minutes(
        shipped: dict[str, TemplateView]) -> None:
    talk = shipped["coaching_conversation"]
    answers = {qid: "Talked." for qid in _required(talk)}
    for header, message in (
            ({"duration_minutes": 30}, "Date of the conversation is required."),
            ({"held_on": "2026-13-01", "duration_minutes": 30},
             "Date of the conversation is not a valid date."),
            ({"held_on": "2026-11-20", "duration_minutes": 4},
             "Duration must be between 5 and 240 minutes."),
            ({"held_on": "2026-11-20", "duration_minutes": 241},
             "Duration must be between 5 and 240 minutes.")):
        assert [p.message for p in problems(talk, header, answers)] == [message]
    assert problems(talk, {"held_on": "2026-11-20", "duration_minutes": 240}, answers) == []
    dates = [q for s in talk.sections for q in s.questions if q.kind == "date"]
    for question in dates:
        assert answer_problem(question, "2026-02-30") == f"{question.label} is not a valid date."
        assert answer_problem(question, "2026-02-28") is None


def test_text_over_20000_characters_does_not_fit(shipped: dict[str, TemplateView]) -> None:
    [question] = [q for s in shipped["self_assessment"].sections for q in s.questions
                  if q.kind == "text"][:1]
    assert answer_problem(question, "x" * 20_000) is None
    assert "too long" in (answer_problem(question, "x" * 20_001) or "")
