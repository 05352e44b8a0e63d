"""Whether a QA form's answers fit the questions of its template version.

Plain functions over ``FormTemplateData`` (no database), used by the push handlers
(``server.services.forms``) and the seed. An answer is absent or ``None`` when the question
is unanswered; otherwise, by question kind: rating -> an ``int`` among the question's level
values, yes_no -> ``bool``, date -> ``"YYYY-MM-DD"``, text -> ``str`` of at most
``MAX_TEXT`` characters (blank text counts as unanswered for a required question).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from protocol import fields
from protocol.records import FormTemplateData, TemplateQuestion

MAX_TEXT = fields.ANSWER.max_length  # the shared rule; the payload model checks it first
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def questions(template: FormTemplateData) -> dict[str, TemplateQuestion]:
    return {q.id: q for section in template.sections for q in section.questions}


def is_date(value: object) -> bool:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def answer_problem(question: TemplateQuestion, value: Any) -> str | None:
    """Why ``value`` does not fit ``question`` (None: it fits, or it is unanswered)."""
    if value is None:
        return None
    if question.kind == "rating":
        levels = [level.value for level in question.levels]
        if isinstance(value, bool) or not isinstance(value, int) or value not in levels:
            return f"must be one of the levels {', '.join(str(v) for v in levels)}"
    elif question.kind == "yes_no":
        if not isinstance(value, bool):
            return "must be yes (true) or no (false)"
    elif question.kind == "date":
        if not is_date(value):
            return "must be a date (YYYY-MM-DD)"
    elif not isinstance(value, str):
        return "must be text"
    elif len(value) > MAX_TEXT:
        return f"must be at most {MAX_TEXT:,} characters"
    return None


def answer_problems(template: FormTemplateData, answers: Mapping[str, Any]) -> list[str]:
    """Every answer that does not fit, and every answer to no question of the template."""
    by_id = questions(template)
    problems = []
    for question_id, value in answers.items():
        question = by_id.get(question_id)
        if question is None:
            problems.append(f"{question_id!r} is not a question of this template version")
        elif (why := answer_problem(question, value)) is not None:
            problems.append(f"{question.label} ({question_id}) {why}")
    return problems


def is_answered(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def missing_required(template: FormTemplateData,
                     answers: Mapping[str, Any]) -> list[TemplateQuestion]:
    """The required questions left unanswered, in the template's order."""
    return [q for q in questions(template).values()
            if q.required and not is_answered(answers.get(q.id))]
