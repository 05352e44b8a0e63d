"""QA forms on this laptop: QA visits, coaching conversations, facilitator self-assessments.

The API the UI calls (all on the runner, never on the GUI thread; every method opens its own
short transaction):

``FormService(store, clock: HybridClock, user_id)`` (``app.forms.service``)
    ``latest_template(kind) -> TemplateView``
    ``start_visit(facilitator_id, event_id=None) -> FormView`` (QA lead; the facilitator
    must be assigned to me)
    ``start_conversation(facilitator_id, stage, visit_id=None) -> FormView`` (stage
    "pre_visit" | "post_visit"; duration 30 by default)
    ``start_self_assessment(academic_year=None) -> FormView`` (facilitator; default the
    current academic year; returns my existing draft for that year if there is one)
    ``form(form_id) -> FormView``; ``forms(facilitator_id=None, kind=None) ->
    list[FormSummary]`` (what I may see, newest first, ``superseded`` flagged)
    ``save_answer(form_id, question_id, value) -> FormView`` (None/blank clears; a value
    that does not fit its question raises ``ValidationError``)
    ``save_header(form_id, **fields) -> FormView`` (visit: event_id, mode; conversation:
    held_on (date or ISO text), duration_minutes, visit_id)
    ``save_changes(form_id, answers=None, header=None) -> FormView`` (an editor's batch in
    ONE transaction; every change that fits is saved, then ``ValidationError`` names the
    first that did not; unchanged values are not queued again)
    ``problems(form_id) -> list[FieldProblem]`` (form order: header, then questions)
    ``submit(form_id) -> FormView`` (raises ``FormIncomplete`` with ``.problems``)
    ``revise(form_id) -> FormView`` (new draft, supersedes the submitted form)
    ``preview_move(form_id) -> TemplateMove | None``; ``move_to_template(form_id,
    template_id) -> FormView``
    ``discard_draft(form_id) -> None``
    Saves commit the form and its outbox entry in one transaction before returning. A
    submitted form, or someone else's, raises ``FormNotEditable`` on any change.

``qa_workspace(store, user_id, today) -> QaWorkspace`` and ``own_cycle(store, user_id,
today) -> FacilitatorQa`` (``app.forms.workspace``): what is due in QA cycles.

Errors (``app.forms.errors``): ``FormIncomplete`` (a ``ValidationError``, with
``problems``), ``FormNotEditable``; plus ``app.errors.NotFoundError`` / ``ValidationError``.
Views (``app.forms.views``): plain frozen dataclasses; pure checks in
``app.forms.validation``.
"""
