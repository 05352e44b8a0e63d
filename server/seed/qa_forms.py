"""Building blocks for the demo's QA forms: ids from names, stamps from times of day,
form payloads checked against their template before they are written."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

from protocol.hlc import Stamp
from protocol.records import NPQ_NAMESPACE, FormData, FormTemplateData, form_template_id
from server.form_answers import answer_problems
from server.models import User
from server.seed.writer import SeedWriter
from server.store import Placement

SEED_DEVICE = "seed"


def form_id(name: str) -> str:
    return str(uuid.uuid5(NPQ_NAMESPACE, f"demo:{name}"))


def at(day: dt.date, hour: int, minute: int) -> tuple[str, str]:
    """(ISO instant, hlc stamp) for a time of day, UTC."""
    moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)
    stamp = Stamp(int(moment.timestamp() * 1000), 0, SEED_DEVICE)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), str(stamp)


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


def visit_answers(shift: int = 0) -> dict[str, object]:
    """The answers of a signed-off visit; ``shift`` varies the ratings (1..4) by facilitator."""
    answers: dict[str, object] = {}
    for index, (competency, (rating, evidence)) in enumerate(VISIT_RATINGS.items()):
        varied = 1 + (rating - 1 + shift * (index % 2)) % 4
        answers[f"{competency}_rating"] = varied if shift else rating
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


def form(template: FormTemplateData, facilitator: User, author: User, *, status: str,
          answers: Mapping[str, object], created: tuple[str, str], saved: tuple[str, str],
          submitted: str | None = None) -> dict[str, object]:
    return {
        "template_id": form_template_id(template.key, template.version),
        "template_version": template.version, "facilitator_id": facilitator.id,
        "author_id": author.id, "status": status, "answers": answers,
        "created_at": created[0], "updated_at": saved[0], "submitted_at": submitted,
        "hlc": saved[1]}


def add_form(w: SeedWriter, kind: str, id_: str, form: FormData,
         template: FormTemplateData, event_id: str | None) -> None:
    problems = answer_problems(template, form.answers)
    assert not problems, problems  # the demo data fits its own templates
    w.add(kind, id_, form, Placement(event_id=event_id, owner_id=form.author_id,
                                     ref_id=form.facilitator_id,
                                     private=form.status == "draft"))
