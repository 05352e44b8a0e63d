"""A template version change with a draft in progress: the draft stays on its version, a
newer one is offered, and moving (only on request) keeps answers whose question exists with
the same kind and still fits, listing the ones it drops. Submitted forms never move."""

from __future__ import annotations

import pytest

from app.clock import shared_clock
from app.errors import ValidationError
from app.forms.errors import FormNotEditable
from app.forms.service import FormService
from app.store import Store
from app.store.apply import apply_page
from protocol.records import form_template_id
from tests.app.conftest import ME, Roster
from tests.app.forms_data import LEVELS, QA_LEAD, seed_forms, template_change, visit_template


@pytest.fixture
def lead(store: Store, roster: Roster) -> FormService:
    seed_forms(store)
    return FormService(store, shared_clock(store), QA_LEAD)


def _publish_version_2(store: Store) -> str:
    """Version 2: "Listening" now rated on three levels, evidence became a yes/no, the
    follow-up date was removed and a "Next steps" question added."""
    v1 = visit_template()
    competencies, overall = v1["sections"]
    listening, evidence = competencies["questions"]
    listening = listening | {"levels": LEVELS[:3]}
    evidence = evidence | {"kind": "yes_no", "label": "Evidence seen?"}
    overall_questions = [q for q in overall["questions"] if q["id"] != "follow_up_on"]
    overall_questions.append({"id": "next_steps", "kind": "text", "label": "Next steps"})
    v2 = visit_template(2, sections=[competencies | {"questions": [listening, evidence]},
                                     overall | {"questions": overall_questions}])
    apply_page(store, [template_change(v2)], "forms-v2", shared_clock(store))
    return form_template_id("qa_visit", 2)


def test_a_draft_stays_on_its_version_and_moves_only_on_request(
        store: Store, lead: FormService) -> None:
    draft = lead.start_visit(ME)
    for question_id, value in (("listening_rating", 4), ("listening_evidence", "Waited"),
                               ("strengths", "Calm"), ("follow_up_on", "2026-12-01"),
                               ("overall_judgement", 3)):
        lead.save_answer(draft.id, question_id, value)
    assert lead.form(draft.id).newer_template is None
    assert lead.preview_move(draft.id) is None
    v2 = _publish_version_2(store)

    still = lead.form(draft.id)
    assert still.template.version == 1 and len(still.answers) == 5  # nothing automatic
    assert still.newer_template is not None and still.newer_template.id == v2
    assert lead.latest_template("qa_visit").version == 2
    preview = lead.preview_move(draft.id)
    assert preview is not None and preview.to_template.id == v2
    assert preview.kept == ("Strengths", "Overall judgement")
    # 4 is no longer a level; evidence is now yes/no; the date question is gone.
    assert preview.dropped == ("Listening", "Evidence", "Follow-up date")

    moved = lead.move_to_template(draft.id, v2)
    assert (moved.template.version, moved.newer_template) == (2, None)
    assert moved.answers == {"strengths": "Calm", "overall_judgement": 3}
    assert lead.form(draft.id).template.id == v2
    assert lead.preview_move(draft.id) is None
    lead.save_answer(draft.id, "listening_rating", 3)
    lead.save_answer(draft.id, "next_steps", "Plan the plenary")


def test_a_new_form_starts_on_the_newest_version_and_no_move_goes_backwards(
        store: Store, roster: Roster, lead: FormService) -> None:
    old = lead.start_visit(ME, roster.event_ids["last month"])
    v2 = _publish_version_2(store)
    assert lead.start_visit(ME).template.id == v2
    moved = lead.move_to_template(old.id, v2)
    with pytest.raises(ValidationError, match="newer version"):
        lead.move_to_template(moved.id, form_template_id("qa_visit", 1))


def test_a_submitted_form_keeps_its_version(store: Store, roster: Roster,
                                            lead: FormService) -> None:
    view = lead.start_visit(ME, roster.event_ids["last month"])
    lead.save_header(view.id, mode="observed")
    for question_id, value in (("listening_rating", 4), ("strengths", "Calm"),
                               ("overall_judgement", 4)):
        lead.save_answer(view.id, question_id, value)
    lead.submit(view.id)
    v2 = _publish_version_2(store)
    assert lead.form(view.id).newer_template is None
    assert lead.preview_move(view.id) is None
    with pytest.raises(FormNotEditable):
        lead.move_to_template(view.id, v2)
    # A revision starts on the submitted form's version and is offered the newer one.
    revision = lead.revise(view.id)
    assert revision.template.version == 1
    assert revision.newer_template is not None and revision.newer_template.id == v2
