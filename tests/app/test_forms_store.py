"""QA forms in the store: migration 0003 moves records parked by older versions into their
tables; pulled forms never overwrite an unsent local change; tombstones remove them; one
outbox entry per form however many saves, with a new mutation id each time so a push in
flight with an older state cannot settle the newer one; another user signing in wipes them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text

from app.clock import shared_clock
from app.forms.service import FormService
from app.outbox import Outcome, pending_batch, settle
from app.store import Store
from app.store.apply import PulledChange, apply_page, reconcile
from app.store.engine import make_engine
from app.store.migrate import script_heads, upgrade
from app.store.models import Form, FormTemplate, OtherRecord, OutboxEntry, QaAssignment
from app.store.purge import purge_group, wipe_synced_data
from protocol.records import form_template_id
from tests.app.conftest import ME, Roster
from tests.app.forms_data import ASSIGNMENT, QA_LEAD, seed_forms, visit_template


def _visit_payload(**changes: object) -> dict[str, object]:
    return {"template_id": form_template_id("qa_visit", 1), "template_version": 1,
            "facilitator_id": ME, "author_id": QA_LEAD, "status": "submitted",
            "answers": {"strengths": "Calm"}, "created_at": "2026-10-24T09:00:00Z",
            "updated_at": "2026-10-24T12:00:00Z", "submitted_at": "2026-10-24T12:00:00Z",
            "event_id": None, "mode": "observed"} | changes


def test_migration_0003_moves_parked_form_records_out_of_other_record(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    upgrade(engine, "0002")  # the schema an older version left
    visit_id, bad_id, choice_id = (str(uuid.uuid4()) for _ in range(3))
    template = visit_template()
    parked = [("form_template", form_template_id("qa_visit", 1), template),
              ("qa_visit", visit_id, _visit_payload()),
              ("qa_assignment", ASSIGNMENT, {"qa_lead_id": QA_LEAD, "facilitator_id": ME}),
              ("qa_visit", bad_id, {"answers": {}}),  # unusable: stays parked
              ("event_date_choice", choice_id, {"event_id": "e"})]  # not ours: stays
    with engine.begin() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "0002"
        connection.execute(insert(OtherRecord.__table__), [
            {"type": t, "id": i, "data": d} for t, i, d in parked])
    engine.dispose()

    with Store.open(path) as store, store.read() as session:
        assert session.scalar(text("SELECT version_num FROM alembic_version")) in \
            script_heads()
        visit = session.get(Form, visit_id)
        assert visit is not None
        assert (visit.kind, visit.author_id, visit.facilitator_id, visit.status,
                visit.revision, visit.data["mode"]) == (
            "qa_visit", QA_LEAD, ME, "submitted", 1, "observed")
        row = session.get(FormTemplate, form_template_id("qa_visit", 1))
        assert row is not None and (row.key, row.version) == ("qa_visit", 1)
        assert row.data["sections"][1]["questions"][-1]["id"] == "overall_judgement"
        assignment = session.get(QaAssignment, ASSIGNMENT)
        assert assignment is not None and assignment.qa_lead_id == QA_LEAD
        left = {(r.type, r.id) for r in session.scalars(select(OtherRecord))}
        assert left == {("qa_visit", bad_id), ("event_date_choice", choice_id)}
        # The moved records are read like pulled ones.
        shown = FormService(store, shared_clock(store), ME).form(visit_id)
        assert shown.answers == {"strengths": "Calm"} and shown.status == "submitted"
        assert json.loads(json.dumps(visit.data))["answers"] == {"strengths": "Calm"}


@pytest.fixture
def lead(store: Store, roster: Roster) -> FormService:
    seed_forms(store)
    return FormService(store, shared_clock(store), QA_LEAD)


def test_a_pulled_form_never_overwrites_an_unsent_local_change(
        store: Store, lead: FormService) -> None:
    draft = lead.start_visit(ME)
    lead.save_answer(draft.id, "strengths", "typed here")
    older = _visit_payload(status="draft", submitted_at=None,
                           answers={"strengths": "server copy"})
    result = apply_page(store, [PulledChange("qa_visit", draft.id, False, older)], "c2",
                        shared_clock(store))
    assert result.kept_local == 1
    assert lead.form(draft.id).answers == {"strengths": "typed here"}
    _settle_all(store)
    apply_page(store, [PulledChange("qa_visit", draft.id, False, older)], "c3",
               shared_clock(store))
    assert lead.form(draft.id).answers == {"strengths": "server copy"}


def test_tombstones_remove_forms_and_assignments_and_a_full_pull_reconciles(
        store: Store, roster: Roster, lead: FormService) -> None:
    pulled = str(uuid.uuid4())
    apply_page(store, [PulledChange("qa_visit", pulled, False, _visit_payload())], "c2",
               shared_clock(store))
    unsent = lead.start_visit(ME)
    apply_page(store, [PulledChange("qa_visit", pulled, True, None),
                       PulledChange("qa_assignment", ASSIGNMENT, True, None),
                       PulledChange("qa_visit", unsent.id, True, None)], "c3",
               shared_clock(store))
    with store.read() as session:
        assert session.get(Form, pulled) is None
        assert session.get(QaAssignment, ASSIGNMENT) is None
        assert session.get(Form, unsent.id) is not None  # unsent local change: kept
    # A pull from the start that no longer lists the templates drops them; the unsent
    # draft stays.
    reconcile(store, seen=set())
    with store.read() as session:
        assert session.scalars(select(FormTemplate)).all() == []
        assert [f.id for f in session.scalars(select(Form))] == [unsent.id]


def test_a_group_leaving_scope_is_not_held_up_by_a_form_and_leaves_forms_alone(
        store: Store, roster: Roster, lead: FormService) -> None:
    draft = lead.start_visit(ME, roster.event_ids["last month"])
    with store.write() as session:
        assert purge_group(session, roster.group_id)  # not deferred by the visit draft
    with store.read() as session:
        assert session.get(Form, draft.id) is not None


def test_another_user_signing_in_wipes_forms_templates_and_assignments(
        store: Store, lead: FormService) -> None:
    draft = lead.start_visit(ME)
    _settle_all(store)
    with store.write() as session:
        wipe_synced_data(session)
    with store.read() as session:
        assert session.get(Form, draft.id) is None
        assert session.scalars(select(FormTemplate)).all() == []
        assert session.scalars(select(QaAssignment)).all() == []


def test_saves_keep_one_outbox_entry_per_form_with_a_new_mutation_id_each_time(
        store: Store, lead: FormService) -> None:
    draft = lead.start_visit(ME)
    other = lead.start_visit(ME)
    ids = []
    for n in range(50):
        lead.save_answer(draft.id, "strengths", "x" * (n + 1))
        [entry] = _entries(store, draft.id)
        ids.append(entry.mutation_id)
    assert len(set(ids)) == 50
    entries = _entries(store)
    assert [e.record_id for e in entries] == [draft.id, other.id]  # order kept
    assert entries[0].data["answers"]["strengths"] == "x" * 50


def test_a_save_while_the_previous_state_is_being_pushed_is_not_settled_away(
        store: Store, lead: FormService) -> None:
    draft = lead.start_visit(ME)
    lead.save_answer(draft.id, "strengths", "first")
    in_flight = pending_batch(store, 500, 1_000_000)  # what a push is carrying now
    assert [i.data["answers"] for i in in_flight] == [{"strengths": "first"}]
    lead.save_answer(draft.id, "strengths", "first and second")  # typed meanwhile
    settle(store, [Outcome(i.mutation_id, "applied") for i in in_flight])  # the answer
    [left] = _entries(store, draft.id)
    assert left.state == "pending" and left.data["answers"] == {"strengths": "first and second"}
    assert left.mutation_id != in_flight[0].mutation_id
    assert lead.form(draft.id).sync_state == "saved"


def test_a_rejected_entry_is_kept_and_a_new_save_queues_behind_it(
        store: Store, lead: FormService) -> None:
    draft = lead.start_visit(ME)
    [sent] = pending_batch(store, 500, 1_000_000)
    settle(store, [Outcome(sent.mutation_id, "rejected", "invalid", "No.")])
    assert lead.form(draft.id).sync_state == "needs_attention"
    lead.save_answer(draft.id, "strengths", "again")
    states = [(e.state, e.mutation_id == sent.mutation_id) for e in _entries(store, draft.id)]
    assert states == [("needs_attention", True), ("pending", False)]


def _entries(store: Store, record_id: str | None = None) -> list[OutboxEntry]:
    with store.read() as session:
        query = select(OutboxEntry).order_by(OutboxEntry.seq)
        if record_id:
            query = query.where(OutboxEntry.record_id == record_id)
        return list(session.scalars(query))


def _settle_all(store: Store) -> None:
    settle(store, [Outcome(i.mutation_id, "applied")
                   for i in pending_batch(store, 500, 10_000_000)])


def test_a_save_after_a_pulled_state_orders_after_it_even_after_a_restart(
        store: Store, store_path: Path, lead: FormService) -> None:
    """The author's other laptop, its clock an hour ahead, saved the draft last: the next
    save here must carry a later stamp, or the server would keep the other laptop's state."""
    from protocol.hlc import HybridClock, Stamp

    draft = lead.start_visit(ME)
    _settle_all(store)
    ahead = Stamp(Stamp.parse(_stamp(store, draft.id)).wall_ms + 3_600_000, 0, "other")
    pulled = _visit_payload(status="draft", submitted_at=None, author_id=QA_LEAD,
                            hlc=str(ahead))
    apply_page(store, [PulledChange("qa_visit", draft.id, False, pulled)], "c2",
               shared_clock(store))
    lead.save_answer(draft.id, "strengths", "typed here after")
    assert Stamp.parse(_stamp(store, draft.id)) > ahead
    _settle_all(store)
    store.close()
    with Store.open(store_path) as reopened:
        fresh = shared_clock(reopened)
        assert isinstance(fresh, HybridClock) and fresh.now() > ahead


def _stamp(store: Store, form_id: str) -> str:
    with store.read() as session:
        row = session.get(Form, form_id)
        assert row is not None
        return str(row.data["hlc"])
