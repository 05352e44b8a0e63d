"""The QA lead's workspace and a facilitator's own cycle, on chosen dates: first sessions,
due dates (pre-visit the day before, visit on the day, post-visit 14 days after,
self-assessment 18 December), DONE / IN_PROGRESS / OVERDUE / DUE / NOT_YET, urgency order."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from app.clock import shared_clock
from app.forms.service import FormService
from app.forms.views import DueState, FacilitatorQa
from app.forms.workspace import own_cycle, qa_workspace
from app.store import Store
from app.store.apply import PulledChange, apply_page
from protocol.records import form_template_id
from tests.app.conftest import ME, Roster
from tests.app.forms_data import QA_LEAD, seed_forms

NEW_FACILITATOR = "66666666-6666-4666-8666-666666666666"  # first session in January
NO_GROUP = "77777777-7777-4777-8777-777777777777"  # no session known yet
D = dt.date


@pytest.fixture
def lead(store: Store, roster: Roster) -> FormService:
    seed_forms(store)
    group_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())

    def change(type_: str, id_: str, **data: object) -> PulledChange:
        return PulledChange(type_, id_, False, dict(data))

    apply_page(store, [
        change("user", NEW_FACILITATOR, name="Aled Jones", roles=["facilitator"]),
        change("user", NO_GROUP, name="Beth Ward", roles=["facilitator"]),
        change("qa_assignment", str(uuid.uuid4()), qa_lead_id=QA_LEAD,
               facilitator_id=NEW_FACILITATOR),
        change("qa_assignment", str(uuid.uuid4()), qa_lead_id=QA_LEAD, facilitator_id=NO_GROUP),
        change("group", group_id, code="NPQH-SPR27-YORK-1", qualification_code="NPQH",
               partner_id=str(uuid.uuid4()), intake_id=str(uuid.uuid4()), venue_name="York",
               facilitator_ids=[NEW_FACILITATOR]),
        change("event", event_id, group_id=group_id, number=1, title="Session 1",
               window_start="2027-01-14", window_end="2027-01-29", venue_name="York Minster "
               "School"),
        # Last academic year's first session: not this year's.
        change("event", str(uuid.uuid4()), group_id=group_id, number=0, title="Old",
               window_start="2026-03-01", window_end="2026-03-05", chosen_date="2026-03-02",
               venue_name="York"),
        _self_assessment(NO_GROUP, "submitted"),
        _self_assessment(NEW_FACILITATOR, "submitted", year="2025/26"),  # last year's
    ], "forms-2", shared_clock(store))
    return FormService(store, shared_clock(store), QA_LEAD)


def _self_assessment(who: str, status: str, year: str = "2026/27") -> PulledChange:
    return PulledChange("self_assessment", str(uuid.uuid4()), False, {
        "template_id": form_template_id("self_assessment", 1), "template_version": 1,
        "facilitator_id": who, "author_id": who, "status": status,
        "answers": {"listening_rating": 3}, "created_at": "2026-11-02T10:00:00Z",
        "updated_at": "2026-11-02T10:00:00Z", "academic_year": year,
        "submitted_at": "2026-11-02T10:00:00Z" if status == "submitted" else None})


def _states(row: FacilitatorQa) -> list[tuple[str, DueState, dt.date | None]]:
    return [(i.label, i.state, i.due_on) for i in row.items]


def test_before_anything_is_done_every_item_is_due_on_its_date(
        store: Store, roster: Roster, lead: FormService) -> None:
    workspace = qa_workspace(store, QA_LEAD, D(2026, 10, 20))
    assert workspace.academic_year == "2026/27"
    by_name = {f.name: f for f in workspace.facilitators}
    sian = by_name["Siân Hughes"]
    assert sian.first_session is not None
    assert (sian.first_session.event_id, sian.first_session.date,
            sian.first_session.date_chosen, sian.first_session.group_code) == (
        roster.event_ids["last month"], D(2026, 10, 24), True, "NPQSL-AUT26-LEEDS-1")
    assert _states(sian) == [
        ("Pre-visit conversation", DueState.DUE, D(2026, 10, 23)),
        ("QA visit", DueState.DUE, D(2026, 10, 24)),
        ("Post-visit conversation", DueState.DUE, D(2026, 11, 7)),
        ("Self-assessment 2026/27", DueState.DUE, D(2026, 12, 18)),
    ]
    assert sian.next_due == D(2026, 10, 23) and sian.outstanding == 4
    aled = by_name["Aled Jones"]
    assert aled.first_session is not None
    assert (aled.first_session.date, aled.first_session.date_chosen,
            aled.first_session.venue_name) == (D(2027, 1, 14), False, "York Minster School")
    beth = by_name["Beth Ward"]
    assert beth.first_session is None
    assert [s for _, s, _ in _states(beth)] == [DueState.NOT_YET] * 3 + [DueState.DONE]
    assert beth.next_due is None
    # Most urgent first: Siân (23 Oct), Aled (self-assessment 18 Dec), Beth (nothing open).
    assert [f.name for f in workspace.facilitators] == ["Siân Hughes", "Aled Jones",
                                                        "Beth Ward"]
    assert [s.date for s in workspace.upcoming_first_sessions] == [D(2026, 10, 24),
                                                                   D(2027, 1, 14)]


def test_forms_move_items_to_done_in_progress_and_overdue(
        store: Store, roster: Roster, lead: FormService) -> None:
    pre = lead.start_conversation(ME, "pre_visit")
    lead.save_header(pre.id, held_on="2026-10-22")
    lead.save_answer(pre.id, "notes", "Plan for session 1")
    lead.save_answer(pre.id, "agreed_actions", "Send the slides")
    lead.submit(pre.id)
    visit = lead.start_visit(ME, roster.event_ids["last month"])
    post = lead.start_conversation(ME, "post_visit", visit_id=visit.id)
    lead.save_header(post.id, held_on="2026-11-06")

    early = {f.facilitator_id: f for f in qa_workspace(store, QA_LEAD, D(2026, 10, 24))
             .facilitators}[ME]
    assert [(i.state, i.form_id) for i in early.items] == [
        (DueState.DONE, pre.id), (DueState.IN_PROGRESS, visit.id),
        (DueState.IN_PROGRESS, post.id), (DueState.DUE, None)]
    assert early.next_due == D(2026, 10, 24)  # the day itself is not overdue

    later = {f.facilitator_id: f for f in qa_workspace(store, QA_LEAD, D(2026, 11, 23))
             .facilitators}[ME]
    assert [i.state for i in later.items] == [DueState.DONE, DueState.OVERDUE,
                                              DueState.OVERDUE, DueState.DUE]
    assert later.next_due == D(2026, 10, 24)
    assert [s.date for s in qa_workspace(store, QA_LEAD, D(2026, 11, 23))
            .upcoming_first_sessions] == [D(2027, 1, 14)]
    after_december = {f.facilitator_id: f for f in qa_workspace(
        store, QA_LEAD, D(2026, 12, 19)).facilitators}[ME]
    assert after_december.items[3].state is DueState.OVERDUE


def test_a_facilitator_sees_their_own_cycle_with_only_what_they_may_see(
        store: Store, roster: Roster, lead: FormService) -> None:
    lead.start_visit(ME, roster.event_ids["last month"])  # the QA lead's draft: private
    me = FormService(store, shared_clock(store), ME)
    mine = me.start_self_assessment("2026/27")
    cycle = own_cycle(store, ME, D(2026, 11, 23))
    assert cycle.name == "Siân Hughes"
    assert [(i.state, i.form_id) for i in cycle.items] == [
        (DueState.OVERDUE, None), (DueState.OVERDUE, None), (DueState.OVERDUE, None),
        (DueState.IN_PROGRESS, mine.id)]
    me.save_answer(mine.id, "listening_rating", 2)
    me.submit(mine.id)
    assert own_cycle(store, ME, D(2026, 11, 23)).items[3].state is DueState.DONE
    # The QA lead sees the submitted self-assessment too.
    sian = {f.facilitator_id: f for f in qa_workspace(store, QA_LEAD, D(2026, 11, 23))
            .facilitators}[ME]
    assert (sian.items[3].state, sian.items[3].form_id) == (DueState.DONE, mine.id)


def test_a_pre_visit_talk_held_before_september_counts_for_the_visit_it_prepares(
        store: Store, roster: Roster, lead: FormService) -> None:
    """A first session early in September is prepared for in late August (the previous
    academic year): linked to the visit, the talk counts for the visit's year."""
    visit = lead.start_visit(ME, roster.event_ids["last month"])
    linked = lead.start_conversation(ME, "pre_visit", visit_id=visit.id)
    lead.save_header(linked.id, held_on="2026-08-27")
    lead.save_answer(linked.id, "notes", "Plan for session 1")
    lead.save_answer(linked.id, "agreed_actions", "Send the slides")
    lead.submit(linked.id)
    sian = {f.facilitator_id: f for f in qa_workspace(store, QA_LEAD, D(2026, 11, 23))
            .facilitators}[ME]
    assert (sian.items[0].state, sian.items[0].form_id) == (DueState.DONE, linked.id)


def test_an_unlinked_pre_visit_talk_in_late_august_counts_for_the_new_year(
        store: Store, roster: Roster, lead: FormService) -> None:
    talk = lead.start_conversation(ME, "pre_visit")
    lead.save_header(talk.id, held_on="2026-08-27")
    lead.save_answer(talk.id, "notes", "Plan for session 1")
    lead.save_answer(talk.id, "agreed_actions", "Send the slides")
    lead.submit(talk.id)
    sian = {f.facilitator_id: f for f in qa_workspace(store, QA_LEAD, D(2026, 11, 23))
            .facilitators}[ME]
    assert sian.items[0].state is DueState.DONE
    # A year on, it is last year's.
    sian = {f.facilitator_id: f for f in qa_workspace(store, QA_LEAD, D(2027, 11, 23))
            .facilitators}[ME]
    assert sian.items[0].state is not DueState.DONE
