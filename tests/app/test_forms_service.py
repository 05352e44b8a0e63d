"""FormService on a real store file: saves commit with their outbox entry, submit checks
the form in form order with messages naming the fields, submitted forms are read-only,
revisions, and what a QA lead or a facilitator may start."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.clock import shared_clock
from app.errors import NotFoundError, ValidationError
from app.forms.errors import FormIncomplete, FormNotEditable
from app.forms.service import FormService
from app.forms.views import FormView
from app.store import Store, keys
from app.store.models import Form, OutboxEntry
from protocol.records import form_template_id
from tests.app.conftest import ME, TODAY, Roster
from tests.app.forms_data import QA_LEAD, seed_forms


@pytest.fixture
def lead(store: Store, roster: Roster) -> FormService:
    seed_forms(store)
    return FormService(store, shared_clock(store), QA_LEAD)


@pytest.fixture
def facilitator(store: Store, lead: FormService) -> FormService:
    return FormService(store, shared_clock(store), ME)


def test_a_visit_starts_as_a_draft_on_the_current_template_and_each_save_is_on_disk(
        store: Store, store_path: Path, roster: Roster, lead: FormService) -> None:
    event_id = roster.event_ids["last month"]
    view = lead.start_visit(ME, event_id)
    assert (view.status, view.editable, view.template.version) == ("draft", True, 1)
    assert view.template.id == form_template_id("qa_visit", 1)
    assert (view.facilitator_name, view.author_name) == ("Siân Hughes", "Ciarán Ó Briain")
    assert view.event_label is not None and view.event_label.startswith(
        "NPQSL-AUT26-LEEDS-1 · Session 3 · ")
    lead.save_answer(view.id, "strengths", "Warm, clear openings")
    lead.save_answer(view.id, "listening_rating", 3)
    lead.save_header(view.id, mode="observed")
    # Another reader (another process, in effect) sees every save already committed.
    with keys.connected(store_path) as raw:
        [(data,)] = raw.execute("SELECT data FROM form WHERE id = ?", (view.id,)).fetchall()
        outbox = raw.execute("SELECT type, record_id, op FROM outbox").fetchall()
    assert '"strengths": "Warm, clear openings"' in data and '"mode": "observed"' in data
    assert outbox == [("qa_visit", view.id, "upsert")]  # one entry, however many saves
    again = lead.form(view.id)
    assert again.answers == {"strengths": "Warm, clear openings", "listening_rating": 3}
    assert (again.mode, again.sync_state) == ("observed", "saved")


def test_submit_lists_every_problem_in_form_order_with_the_field_named(
        lead: FormService) -> None:
    view = lead.start_visit(ME)
    lead.save_answer(view.id, "strengths", "Good pace")
    with pytest.raises(FormIncomplete) as refused:
        lead.submit(view.id)
    assert [(p.question_id, p.message) for p in refused.value.problems] == [
        ("event_id", "Session visited is required."),
        ("mode", "Co-facilitated or observed is required."),
        ("listening_rating", "Listening is required."),
        ("overall_judgement", "Overall judgement is required."),
    ]
    assert refused.value.problems[3].section_title == "Overall"
    assert str(refused.value) == ("4 things to complete: Session visited, Co-facilitated or "
                                  "observed, Listening, Overall judgement.")
    assert lead.problems(view.id) == refused.value.problems
    assert lead.form(view.id).status == "draft"


def test_answers_that_do_not_fit_are_refused_when_saved(lead: FormService) -> None:
    view = lead.start_visit(ME)
    with pytest.raises(ValidationError, match=r"Overall judgement: choose one of the levels "
                                              r"1, 2, 3 or 4\."):
        lead.save_answer(view.id, "overall_judgement", 7)
    with pytest.raises(ValidationError, match="Follow-up date is not a valid date"):
        lead.save_answer(view.id, "follow_up_on", "31/02/2026")
    with pytest.raises(ValidationError, match="answer yes or no"):
        lead.save_answer(view.id, "discussed", "yes")
    with pytest.raises(ValidationError, match="not on this form"):
        lead.save_answer(view.id, "nonsense", "x")
    lead.save_answer(view.id, "discussed", False)  # "no" is an answer
    lead.save_answer(view.id, "follow_up_on", TODAY)  # a date is stored as ISO text
    assert lead.form(view.id).answers == {"discussed": False, "follow_up_on": "2026-11-23"}
    lead.save_answer(view.id, "follow_up_on", None)  # clearing removes the answer
    assert lead.form(view.id).answers == {"discussed": False}


def test_a_submitted_form_is_read_only_and_a_revision_copies_it(
        store: Store, roster: Roster, lead: FormService) -> None:
    view = _complete_visit(lead, roster)
    submitted = lead.submit(view.id)
    assert (submitted.status, submitted.editable) == ("submitted", False)
    assert submitted.submitted_at is not None
    for attempt in (lambda: lead.save_answer(view.id, "strengths", "changed"),
                    lambda: lead.save_header(view.id, mode="co_facilitated"),
                    lambda: lead.submit(view.id), lambda: lead.discard_draft(view.id)):
        with pytest.raises(FormNotEditable, match="read-only; start a revision"):
            attempt()
    revision = lead.revise(view.id)
    assert (revision.status, revision.revision, revision.supersedes) == ("draft", 2, view.id)
    assert revision.answers == submitted.answers
    assert (revision.event_id, revision.mode) == (submitted.event_id, submitted.mode)
    assert revision.supersedes_submitted_at == submitted.submitted_at
    assert lead.revise(view.id).id == revision.id  # one draft revision, not two
    listed = {s.id: s for s in lead.forms(ME)}
    assert not listed[view.id].superseded  # a draft revision replaces nothing yet
    lead.save_answer(revision.id, "strengths", "Warm openings; strong plenary")
    lead.submit(revision.id)
    listed = {s.id: s for s in lead.forms(ME)}
    assert listed[view.id].superseded and not listed[revision.id].superseded
    assert [s.id for s in lead.forms(ME)] == [revision.id, view.id]  # newest first
    with pytest.raises(FormNotEditable, match="later revision"):
        lead.revise(view.id)


def test_only_the_author_changes_a_form_and_drafts_are_private(
        roster: Roster, lead: FormService, facilitator: FormService) -> None:
    draft = lead.start_visit(ME)
    with pytest.raises(NotFoundError):
        facilitator.form(draft.id)  # another's draft is not shown
    assert facilitator.forms() == []
    done = _complete_visit(lead, roster)
    lead.submit(done.id)
    seen = facilitator.form(done.id)
    assert (seen.editable, seen.newer_template) == (False, None)
    assert [s.id for s in facilitator.forms()] == [done.id]
    with pytest.raises(FormNotEditable, match="Only the author"):
        facilitator.revise(done.id)


def test_a_qa_lead_starts_forms_only_for_facilitators_assigned_to_them(
        store: Store, roster: Roster, lead: FormService) -> None:
    stranger = "55555555-5555-4555-8555-555555555555"
    with pytest.raises(FormNotEditable, match="not assigned to you"):
        lead.start_visit(stranger)
    with pytest.raises(FormNotEditable, match="not assigned to you"):
        FormService(store, shared_clock(store), stranger).start_conversation(ME, "pre_visit")
    visit = lead.start_visit(ME)
    conversation = lead.start_conversation(ME, "post_visit", visit_id=visit.id)
    assert (conversation.stage, conversation.duration_minutes, conversation.visit_id) == (
        "post_visit", 30, visit.id)
    with pytest.raises(ValidationError, match="between 5 and 240"):
        lead.save_header(conversation.id, duration_minutes=300)
    with pytest.raises(ValidationError, match="no field"):
        lead.save_header(conversation.id, mode="observed")


def test_conversation_header_is_checked_before_submit(lead: FormService) -> None:
    view = lead.start_conversation(ME, "pre_visit")
    lead.save_answer(view.id, "notes", "Talked about the plan for session 1")
    lead.save_answer(view.id, "agreed_actions", "Share the slides")
    with pytest.raises(FormIncomplete) as refused:
        lead.submit(view.id)
    assert [p.message for p in refused.value.problems] == [
        "Date of the conversation is required."]
    lead.save_header(view.id, held_on="2026-11-20", duration_minutes=45)
    done = lead.submit(view.id)
    assert (done.held_on.isoformat() if done.held_on else None, done.duration_minutes) == (
        "2026-11-20", 45)
    assert done.stage == "pre_visit"


def test_my_self_assessment_for_the_year_is_one_draft(facilitator: FormService) -> None:
    first = facilitator.start_self_assessment("2026/27")
    assert (first.facilitator_id, first.author_id, first.academic_year) == (ME, ME, "2026/27")
    assert facilitator.start_self_assessment("2026/27").id == first.id
    assert facilitator.forms(kind="self_assessment")[0].title == "Self-assessment 2026/27"
    with pytest.raises(ValidationError, match="2026/27"):
        facilitator.start_self_assessment("2026")


def test_discarding_a_draft_removes_it_and_queues_the_delete(
        store: Store, lead: FormService) -> None:
    view = lead.start_visit(ME)
    lead.save_answer(view.id, "strengths", "x")
    lead.discard_draft(view.id)
    with store.read() as session:
        assert session.get(Form, view.id) is None
        entries = session.scalars(select(OutboxEntry)).all()
    assert [(e.type, e.record_id, e.op) for e in entries] == [("qa_visit", view.id, "delete")]
    assert entries[0].data["author_id"] == QA_LEAD  # the server checks who deletes
    with pytest.raises(NotFoundError):
        lead.form(view.id)


def _complete_visit(lead: FormService, roster: Roster) -> FormView:
    view = lead.start_visit(ME, roster.event_ids["last month"])
    lead.save_header(view.id, mode="co_facilitated")
    for question_id, value in (("listening_rating", 3), ("strengths", "Warm openings"),
                               ("overall_judgement", 3), ("discussed", True)):
        lead.save_answer(view.id, question_id, value)
    return lead.form(view.id)


def test_a_batch_of_edits_is_one_transaction_and_a_bad_value_does_not_lose_the_rest(
        store: Store, roster: Roster, lead: FormService) -> None:
    view = lead.start_conversation(ME, "pre_visit")
    with pytest.raises(ValidationError, match="between 5 and 240"):
        lead.save_changes(view.id, answers={"notes": "Typed", "agreed_actions": "Also"},
                          header={"duration_minutes": 500, "held_on": TODAY})
    saved = lead.form(view.id)
    assert saved.answers == {"notes": "Typed", "agreed_actions": "Also"}
    assert (saved.held_on, saved.duration_minutes) == (TODAY, 30)
    with store.read() as session:
        [entry] = session.scalars(select(OutboxEntry)).all()
    before = entry.mutation_id
    lead.save_changes(view.id, answers={"notes": "Typed"})  # nothing new: nothing queued
    with store.read() as session:
        [entry] = session.scalars(select(OutboxEntry)).all()
    assert entry.mutation_id == before
