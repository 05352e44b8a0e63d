"""What stops a form being submitted, as pure functions of its template, header and answers.

The same rules the central service applies to a pushed form (a required question answered,
an answer that fits its question, the header a kind needs), checked here first so the user
is told at once, offline, and taken to the field. Problems come in form order: the header
(at the top of the form), then the questions section by section. Each message names its
field ("Overall judgement is required.").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from app.forms.views import FieldProblem, TemplateView
from app.validation import problem_message
from protocol import fields
from protocol.records import TemplateQuestion
from protocol.text import N_, _

MAX_TEXT = fields.ANSWER.max_length
MIN_DURATION, MAX_DURATION = 5, 240
MODES = {"co_facilitated": "Co-facilitated", "observed": "Observed"}

# Header fields by form kind: (field, label). Their FieldProblem.question_id is the field.
# Labels and section titles are marked only (N_): header_problems translates them.
HEADER_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "qa_visit": (("event_id", N_("Session visited")), ("mode", N_("Co-facilitated or observed"))),
    "coaching_conversation": (("held_on", N_("Date of the conversation")),
                              ("duration_minutes", N_("Duration"))),
    "self_assessment": (),
}
HEADER_SECTION = {"qa_visit": N_("About this visit"),
                  "coaching_conversation": N_("About this conversation"),
                  "self_assessment": N_("About this self-assessment")}


def problems(template: TemplateView, header: Mapping[str, Any],
             answers: Mapping[str, Any]) -> list[FieldProblem]:
    """Everything that stops ``answers`` (question id -> value) and ``header`` (the kind's
    header fields) being submitted on ``template``, in form order; empty when complete."""
    found = header_problems(template.kind, header)
    for section in template.sections:
        for question in section.questions:
            value = answers.get(question.id)
            if is_empty(value):
                message = (_("{name} is required.").format(name=_name(question.label))
                           if question.required else None)
            else:
                message = answer_problem(question, value)
            if message:
                found.append(FieldProblem(question.id, section.title, question.label, message))
    return found


def header_problems(kind: str, header: Mapping[str, Any]) -> list[FieldProblem]:
    section = _(HEADER_SECTION[kind]) if kind in HEADER_SECTION else ""
    found: list[FieldProblem] = []
    for field, source in HEADER_FIELDS.get(kind, ()):
        label = _(source)
        message = _header_message(field, label, header.get(field))
        if message:
            found.append(FieldProblem(field, section, label, message))
    return found


def _header_message(field: str, label: str, value: Any) -> str | None:
    if field == "duration_minutes":
        if (isinstance(value, bool) or not isinstance(value, int)
                or not MIN_DURATION <= value <= MAX_DURATION):
            return _("{name} must be between {low} and {high} minutes.").format(
                name=label, low=MIN_DURATION, high=MAX_DURATION)
        return None
    if is_empty(value):
        return _("{name} is required.").format(name=label)
    if field == "mode" and value not in MODES:
        return _("{name}: choose co-facilitated or observed.").format(name=label)
    if field == "held_on" and parse_date(value) is None:
        return _("{name} is not a valid date.").format(name=label)
    return None


def answer_problem(question: TemplateQuestion, value: Any) -> str | None:
    """Why ``value`` (not empty) does not fit ``question``; None when it fits."""
    name = _name(question.label)
    if question.kind == "rating":
        levels = [level.value for level in question.levels]
        if isinstance(value, bool) or not isinstance(value, int) or value not in levels:
            return _("{name}: choose one of the levels {levels}.").format(
                name=name, levels=_either(levels))
    elif question.kind == "yes_no":
        if not isinstance(value, bool):
            return _("{name}: answer yes or no.").format(name=name)
    elif question.kind == "date":
        if parse_date(value) is None:
            return _("{name} is not a valid date.").format(name=name)
    elif not isinstance(value, str):
        return _("{name}: this answer should be text.").format(name=name)
    elif (problem := fields.ANSWER.problem(value)) is not None:
        return problem_message(problem, name)
    return None


def fits(question: TemplateQuestion, value: Any) -> bool:
    return is_empty(value) or answer_problem(question, value) is None


def is_empty(value: Any) -> bool:
    """Unanswered: absent, None, or text with nothing but spaces (False is an answer)."""
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _name(label: str) -> str:
    """A label as the subject of a sentence ("Discussed with the facilitator?" -> without
    the question mark)."""
    return label.strip().rstrip("?:. ") or _("This question")


def _either(values: list[int]) -> str:
    text = [str(v) for v in sorted(values)]
    if len(text) == 1:
        return text[0]
    return _("{values} or {last}").format(values=", ".join(text[:-1]), last=text[-1])
